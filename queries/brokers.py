"""Brokers: who bridges otherwise separate groups.

A broker scores high on betweenness (many shortest paths run through them) and low on Burt's
constraint (their contacts are not connected to each other, so they span structural holes).
Betweenness is computed on the whole graph *without Place nodes* (as the paths of
``fkg who-knows`` skip them: two organisations in one city are not thereby connected), unless
``include_places``; Burt's constraint only for the candidates shown, so the ranking stays cheap
on large graphs.
"""

from __future__ import annotations

import math

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema
from freelance_kg.queries._graphs import (
    coverage, node_name, node_type, resolve_engine, social_view, social_view_without_places,
    sorted_components, to_igraph)
from freelance_kg.queries.centrality import centrality_scores, tie_key


def burt_constraint(graph, nodes=None, *, engine="auto") -> dict:
    """Burt's constraint (evidence-weighted) for ``nodes`` (default all); ``None`` for isolated
    nodes, where it is undefined. Low = contacts who do not know each other."""
    import networkx as nx

    G = social_view(graph)
    nodes = list(G) if nodes is None else list(nodes)
    if resolve_engine(engine, G.number_of_nodes()) == "igraph":
        g, order = to_igraph(G)
        index = {node: i for i, node in enumerate(order)}
        values = g.constraint([index[v] for v in nodes], weights="weight")
        result = dict(zip(nodes, values))
    else:
        result = nx.constraint(G, nodes=nodes, weight="weight")
    return {v: (None if G.degree(v) == 0 or c is None or math.isnan(c) else c)
            for v, c in result.items()}


def broker_graph(graph, include_places: bool = False):
    """The social view the brokers are ranked on: without Place nodes unless asked."""
    return social_view(graph) if include_places else social_view_without_places(graph)


def broker_scores(graph, *, entity_type=None, top=20, seed=0, k=None, engine="auto",
                  include_places=False) -> list[dict]:
    """The top brokers: rank, name, type, betweenness, constraint, neighbours.

    Ordered by betweenness (highest first), then constraint (lowest first), then name.
    ``entity_type`` keeps one type (e.g. Person); ``k``/``seed`` sample betweenness sources on
    large graphs (see :func:`~freelance_kg.queries.centrality.centrality_scores`); Places are
    neither ranked nor gone through unless ``include_places``.
    """
    if top is not None and top < 1:
        raise BadInput(f"--top must be at least 1, got {top}")
    G = broker_graph(graph, include_places)
    if entity_type == schema.PLACE and not include_places:
        raise BadInput("places are left out of brokers; add --include-places to rank them")
    between = centrality_scores(G, "betweenness", entity_type=entity_type, seed=seed, k=k,
                                engine=engine)
    ranked = sorted(between, key=lambda v: (-tie_key(between[v]), node_name(G, v), str(v)))
    # constraint breaks ties among the leading candidates; compute it for a margin beyond top
    pool = ranked if top is None else ranked[: max(top * 3, top + 20)]
    constraint = burt_constraint(G, pool, engine=engine)
    pool.sort(key=lambda v: (-tie_key(between[v]),
                             tie_key(constraint[v]) if constraint[v] is not None else math.inf,
                             node_name(G, v), str(v)))
    chosen = pool if top is None else pool[:top]
    return [{"rank": i + 1, "name": node_name(G, v), "type": node_type(G, v), "id": str(v),
             "betweenness": round(between[v], 6),
             "constraint": None if constraint[v] is None else round(constraint[v], 6),
             "neighbours": G.degree(v)} for i, v in enumerate(chosen)]


def broker_report(graph, *, entity_type=None, top=20, seed=0, k=None, engine="auto",
                  include_places=False) -> dict:
    """What ``fkg brokers`` prints: ``{"coverage", "scope", "rows"}``."""
    G = broker_graph(graph, include_places)
    rows = broker_scores(graph, entity_type=entity_type, top=top, seed=seed, k=k, engine=engine,
                         include_places=include_places)
    cov = coverage(G, sorted_components(G))
    left_out = social_view(graph).number_of_nodes() - G.number_of_nodes()
    scope = ("Scope: every entity, places included (--include-places)." if include_places else
             f"Scope: every entity except places ({left_out:,} left out, as paths skip them; "
             f"--include-places to keep them). Betweenness counts shortest paths within each "
             f"component.")
    return {"coverage": cov, "scope": scope, "rows": rows}
