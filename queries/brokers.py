"""Brokers: who bridges otherwise separate groups.

A broker scores high on betweenness (many shortest paths run through them) and low on Burt's
constraint (their contacts are not connected to each other, so they span structural holes).
Betweenness is computed on the whole graph; Burt's constraint only for the candidates shown,
so the ranking stays cheap on large graphs.
"""

from __future__ import annotations

import math

from freelance_kg.errors import BadInput
from freelance_kg.queries._graphs import (
    node_name, node_type, resolve_engine, social_view, to_igraph)
from freelance_kg.queries.centrality import centrality_scores


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


def broker_scores(graph, *, entity_type=None, top=20, seed=0, k=None, engine="auto") -> list[dict]:
    """The top brokers: rank, name, type, betweenness, constraint, neighbours.

    Ordered by betweenness (highest first), then constraint (lowest first), then name.
    ``entity_type`` keeps one type (e.g. Person); ``k``/``seed`` sample betweenness sources on
    large graphs (see :func:`~freelance_kg.queries.centrality.centrality_scores`).
    """
    if top is not None and top < 1:
        raise BadInput(f"--top must be at least 1, got {top}")
    G = social_view(graph)
    between = centrality_scores(G, "betweenness", entity_type=entity_type, seed=seed, k=k,
                                engine=engine)
    ranked = sorted(between, key=lambda v: (-between[v], node_name(G, v)))
    # constraint breaks ties among the leading candidates; compute it for a margin beyond top
    pool = ranked if top is None else ranked[: max(top * 3, top + 20)]
    constraint = burt_constraint(G, pool, engine=engine)
    pool.sort(key=lambda v: (-between[v], constraint[v] if constraint[v] is not None else math.inf,
                             node_name(G, v)))
    chosen = pool if top is None else pool[:top]
    return [{"rank": i + 1, "name": node_name(G, v), "type": node_type(G, v), "id": str(v),
             "betweenness": round(between[v], 6),
             "constraint": None if constraint[v] is None else round(constraint[v], 6),
             "neighbours": G.degree(v)} for i, v in enumerate(chosen)]
