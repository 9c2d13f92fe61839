"""Shared plumbing for the analytics: graph views, engine choice, igraph conversion, seeding.

Every public analytics function accepts either the store projection (the MultiDiGraph of
:func:`freelance_kg.graph.projection.to_multidigraph`) or any plain networkx graph (karate club,
Florentine families, a synthetic benchmark graph) and converts internally.
"""

from __future__ import annotations

import gc
import os
import random
import weakref
from contextlib import contextmanager

import networkx as nx

from freelance_kg.errors import BadInput

ENGINES = ("auto", "networkx", "igraph")

#: Above this many nodes ``engine="auto"`` runs the heavy algorithms on igraph.
IGRAPH_THRESHOLD = 5000


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def cached(graph, key, build):
    """``build()`` once per graph object and ``key``; rebuilt when the graph's node count changes.
    Analytics treat graphs as read-only, so repeated calls (a benchmark, a notebook asking
    several questions) do not convert the same graph again. (The edge count is not checked:
    networkx counts edges in O(n), which would cost more than a path query.)"""
    stamp = graph.number_of_nodes()
    entry = _CACHE.setdefault(graph, {})
    hit = entry.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = build()
    entry[key] = (stamp, value)
    return value


def import_igraph():
    """Import igraph with one OpenMP thread unless the user chose otherwise (OMP_NUM_THREADS)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import igraph
    return igraph


def resolve_engine(engine: str, n_nodes: int) -> str:
    """``auto`` -> igraph above :data:`IGRAPH_THRESHOLD` nodes, else networkx."""
    if engine not in ENGINES:
        raise BadInput(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)} (--engine)")
    if engine == "auto":
        return "igraph" if n_nodes > IGRAPH_THRESHOLD else "networkx"
    return engine


def social_view(graph) -> nx.Graph:
    """Undirected simple Graph with a ``weight`` on every edge (evidence count for the store
    projection, summed parallel weights otherwise). A simple undirected graph is returned as is."""
    if not graph.is_directed() and not graph.is_multigraph():
        return graph
    return cached(graph, "social", lambda: _build_social(graph))


def social_view_without_places(graph) -> nx.Graph:
    """:func:`social_view` without Place nodes (the town and its brokers are people and
    bodies; a city joins everyone who is based in it)."""
    from freelance_kg.graph import schema
    G = social_view(graph)
    places = [n for n, t in G.nodes(data="type") if t == schema.PLACE]
    if not places:
        return G
    H = G.copy()
    H.remove_nodes_from(places)
    return H


def _build_social(graph) -> nx.Graph:
    if graph.is_multigraph() and graph.is_directed():
        from freelance_kg.graph import projection
        return projection.to_social_graph(graph)
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        w = data.get("weight", 1)
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    return simple


def to_igraph(graph: nx.Graph, weight: str | None = "weight"):
    """(igraph.Graph, node list) built straight from the edge list; vertex i is ``nodes[i]``.
    Edge attribute ``weight`` is copied (default 1) when ``weight`` is given. Cached per graph:
    do not modify the returned igraph graph (``copy()`` it first)."""
    return cached(graph, ("igraph", weight), lambda: _build_igraph(graph, weight))


def _build_igraph(graph, weight):
    ig = import_igraph()
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    was_enabled = gc.isenabled()
    gc.disable()        # hundreds of thousands of small tuples: the collector only slows this down
    try:
        edges = []
        weights = []
        for u, v, w in graph.edges(data=weight or "weight", default=1):
            edges.append((index[u], index[v]))
            weights.append(w)
    finally:
        if was_enabled:
            gc.enable()
    attrs = {"weight": weights} if weight else {}
    return ig.Graph(n=len(nodes), edges=edges, directed=False, edge_attrs=attrs), nodes


@contextmanager
def igraph_seed(seed: int):
    """Run igraph's randomised algorithms with a private ``random.Random(seed)``, then put
    igraph's default generator (the ``random`` module) back, so callers' global state is untouched."""
    ig = import_igraph()
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield ig
    finally:
        ig.set_random_number_generator(random)


def node_name(graph, node) -> str:
    """Display name: the ``name`` attribute, else the node itself."""
    return graph.nodes[node].get("name") or str(node)


def node_type(graph, node) -> str:
    return graph.nodes[node].get("type") or ""


def nodes_of_type(graph, entity_type: str | None) -> list:
    """Nodes with ``type == entity_type`` (all nodes when ``entity_type`` is None)."""
    if entity_type is None:
        return list(graph)
    from freelance_kg.graph import schema
    if entity_type not in schema.ENTITY_TYPES:
        raise BadInput(f"unknown entity type {entity_type!r} (--type); choose one of "
                       f"{', '.join(schema.ENTITY_TYPES)}")
    return [n for n, t in graph.nodes(data="type") if t == entity_type]


def ordered(graph) -> nx.Graph:
    """A copy of a simple graph with nodes and edges in sorted order (by ``str``), so that
    seeded algorithms that walk the node or edge list (rewirings, samples, Leiden, Louvain)
    give the same answer in every process: the order of a set of strings changes with
    PYTHONHASHSEED, and component sets leak it into subgraphs. Cached per graph."""
    return cached(graph, "ordered", lambda: _build_ordered(graph))


def _build_ordered(graph) -> nx.Graph:
    H = nx.Graph()
    H.graph.update(graph.graph)
    H.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))
    edges = [(u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in graph.edges(data=True)]
    H.add_edges_from(sorted(edges, key=lambda e: (str(e[0]), str(e[1]))))
    return H


def sorted_components(G) -> list[list]:
    """Connected components, largest first (ties: smallest member), each a sorted node list."""
    parts = [sorted(c, key=str) for c in nx.connected_components(G)]
    parts.sort(key=lambda part: (-len(part), str(part[0])))
    return parts


def coverage(G, components=None) -> dict:
    """What a report stands on: nodes, links, isolated nodes, connected components and the
    share of nodes in the largest one (an undirected simple graph)."""
    n = G.number_of_nodes()
    parts = sorted_components(G) if components is None else components
    largest = len(parts[0]) if parts else 0
    return {"nodes": n, "links": G.number_of_edges(), "isolates": nx.number_of_isolates(G),
            "components": len(parts), "largest_component_nodes": largest,
            "largest_component_share": round(largest / n, 4) if n else 0.0}


#: Below this share of nodes in the largest component a report warns that the graph is islands.
FRAGMENTED_SHARE = 0.5


def coverage_text(cov: dict, noun: str = "nodes") -> str:
    """The coverage as one sentence, with a warning when the graph is mostly islands."""
    n = cov["nodes"]
    if not n:
        return f"Coverage: no {noun}: the graph is empty; ingest articles first (fkg ingest)."
    isolates = cov["isolates"]
    text = (f"Coverage: {n:,} {noun}, {cov['links']:,} links; {isolates:,} isolated "
            f"({isolates / n:.0%}); {cov['components']:,} connected components; the largest holds "
            f"{cov['largest_component_nodes']:,} {noun} ({cov['largest_component_share']:.0%}).")
    if cov["largest_component_share"] < FRAGMENTED_SHARE:
        text += (" The graph is fragmented: rankings compare nodes that no path joins, and "
                 "whole-graph figures describe islands, not one network.")
    return text
