"""Who sits at the centre: degree, betweenness, eigenvector, PageRank and harmonic closeness.

Scores are computed on the undirected social view of the graph (one edge per linked pair, weight
= evidence count). PageRank and eigenvector use the weights (more evidence, stronger tie);
betweenness and harmonic closeness count hops. Small graphs run on networkx, large ones
(> :data:`~freelance_kg.queries._graphs.IGRAPH_THRESHOLD` nodes) on igraph; both engines give
the same numbers (same normalisation, same sampled sources for a given seed).

>>> import networkx as nx
>>> scores = centrality_scores(nx.star_graph(3), "degree")
>>> scores[0], scores[1]
(1.0, 0.3333333333333333)
"""

from __future__ import annotations

import random

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.queries._graphs import (
    coverage, node_name, node_type, nodes_of_type, ordered, resolve_engine, social_view,
    sorted_components, to_igraph)

MEASURES = ("degree", "betweenness", "eigenvector", "pagerank", "harmonic")
#: Eigenvector centrality: the largest component only, or each component on its own scale.
COMPONENT_SCOPES = ("largest", "each")

#: Betweenness is exact up to this many nodes; above it, ``k`` sources are sampled.
EXACT_BETWEENNESS_MAX = 5000
#: Sources sampled for betweenness on large graphs when ``k`` is not given.
DEFAULT_K = 256


def centrality_scores(graph, measure="pagerank", *, entity_type=None, seed=0, k=None,
                      engine="auto", component="largest") -> dict[str, float]:
    """Score every node (or every node of ``entity_type``) by ``measure``.

    Parameters
    ----------
    graph : the store's MultiDiGraph or any networkx graph (converted to the social view).
    measure : degree | betweenness | eigenvector | pagerank | harmonic.
    entity_type : keep only nodes of this type in the answer (scores still use the whole graph).
    seed : seeds the source sample of approximate betweenness.
    k : betweenness sources to sample; default exact up to 5,000 nodes, else 256.
    engine : auto | networkx | igraph.
    component : eigenvector only. Eigenvector centrality is defined per connected component
        (the leading eigenvector of a disconnected graph lives on one component), so
        "largest" scores only the largest component's nodes (the others are absent from the
        answer) and "each" scores every component of two or more nodes on its own scale
        (max 1 within it; compare nodes of one component only).

    Normalisation (both engines): degree / (n-1); betweenness over (n-1)(n-2)/2 pairs;
    eigenvector scaled to max 1 within its component; PageRank sums to 1 (damping 0.85);
    harmonic / (n-1).
    """
    if measure not in MEASURES:
        raise BadInput(f"unknown centrality measure {measure!r} (--measure); choose one of "
                       f"{', '.join(MEASURES)}")
    if component not in COMPONENT_SCOPES:
        raise BadInput(f"unknown component scope {component!r} (--component); choose one of "
                       f"{', '.join(COMPONENT_SCOPES)}")
    G = ordered(social_view(graph))    # sorted: the same sums in the same order in every process
    keep = nodes_of_type(G, entity_type) if entity_type else None
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if measure == "betweenness":
        if k is None and n > EXACT_BETWEENNESS_MAX:
            k = DEFAULT_K
        if k is not None and k < 1:
            raise BadInput(f"--k must be a positive number of sampled sources, got {k}")
        if k is not None and k >= n:
            k = None                      # sampling every node is the exact answer
    engine = resolve_engine(engine, n)
    if measure == "eigenvector":
        solve = _igraph_eigenvector if engine == "igraph" else _networkx_eigenvector
        scores = _eigenvector_by_component(G, solve, largest_only=component == "largest")
    elif engine == "igraph":
        scores = _igraph_scores(G, measure, seed, k)
    else:
        scores = _networkx_scores(G, measure, seed, k)
    if keep is not None:
        return {node: scores[node] for node in keep if node in scores}
    return scores


def _sample_sources(G, k, seed):
    # Exactly the sample networkx draws for betweenness_centrality(k=k, seed=Random(seed)),
    # so both engines estimate from the same sources.
    return random.Random(seed).sample(list(G.nodes()), k)


def _networkx_scores(G, measure, seed, k):
    n = G.number_of_nodes()
    if measure == "degree":
        return nx.degree_centrality(G) if n > 1 else {v: 0.0 for v in G}
    if measure == "betweenness":
        return nx.betweenness_centrality(G, k=k, seed=random.Random(seed))
    if measure == "pagerank":
        return nx.pagerank(G, weight="weight")
    if measure == "harmonic":
        scores = nx.harmonic_centrality(G)
        return {v: (s / (n - 1) if n > 1 else 0.0) for v, s in scores.items()}
    raise BadInput(f"unknown centrality measure {measure!r}")


def _eigenvector_by_component(G, solve, largest_only=True):
    """Eigenvector centrality of the largest component (``largest_only``) or of every
    component of two or more nodes, each scaled to max 1 within its component. Nodes outside
    the scored components are left out: their eigenvector centrality is not defined."""
    scores = {}
    for component in sorted_components(G):
        if len(component) < 2:
            break
        vector, _ = solve(G.subgraph(component))
        top = max(vector.values()) or 1.0
        scores.update({v: x / top for v, x in vector.items()})
        if largest_only:
            break
    return scores


def _networkx_eigenvector(H):
    if H.number_of_nodes() < 3:     # scipy's ARPACK needs n >= 3; two linked nodes score alike
        weight = next(iter(H.edges(data="weight", default=1)))[2]
        return {v: 1.0 for v in H}, float(weight)
    vector = nx.eigenvector_centrality_numpy(H, weight="weight")
    # Rayleigh quotient x'Ax / x'x gives the eigenvalue networkx does not return
    ax = {v: sum(d.get("weight", 1) * vector[u] for u, d in H[v].items()) for v in H}
    eigenvalue = sum(vector[v] * ax[v] for v in H) / sum(x * x for x in vector.values())
    return {v: abs(x) for v, x in vector.items()}, eigenvalue


def _igraph_scores(G, measure, seed, k):
    g, nodes = to_igraph(G)
    n = len(nodes)
    if measure == "degree":
        values = [d / (n - 1) if n > 1 else 0.0 for d in g.degree()]
    elif measure == "betweenness":
        values = _igraph_betweenness(G, g, nodes, seed, k)
    elif measure == "pagerank":
        values = g.pagerank(directed=False, damping=0.85, weights="weight")
    else:
        values = g.harmonic_centrality(normalized=True) if n > 1 else [0.0] * n
    return dict(zip(nodes, values))


def _igraph_eigenvector(H):
    h, nodes = to_igraph(H)
    vector, eigenvalue = h.eigenvector_centrality(weights="weight", return_eigenvalue=True)
    return {v: abs(x) for v, x in zip(nodes, vector)}, eigenvalue


def _igraph_betweenness(G, g, nodes, seed, k):
    n = len(nodes)
    if n <= 2:
        return [0.0] * n
    if k is None:
        raw = g.betweenness(directed=False)     # each unordered pair once
        return [b * 2 / ((n - 1) * (n - 2)) for b in raw]
    index = {node: i for i, node in enumerate(nodes)}
    sources = _sample_sources(G, k, seed)
    source_ids = {index[s] for s in sources}
    raw = g.betweenness(directed=False, sources=sorted(source_ids))
    # Same rescaling as networkx's sampled estimate (endpoints excluded): a source cannot lie
    # on its own paths, so it is estimated from k-1 sources.
    scale_source = 1 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    scale_other = 1 / (k * (n - 2))
    return [b * 2 * (scale_source if i in source_ids else scale_other) for i, b in enumerate(raw)]


def tie_key(score: float) -> float:
    """A score rounded to 9 decimals for ranking: networkx sums some measures (harmonic
    closeness, betweenness) over a set of sources, so equal scores can differ in the last bits
    from one process to the next; rounding lets names break such ties the same way every time."""
    return round(score, 9)


def top_central(graph, measure="pagerank", *, entity_type=None, top=10, seed=0, k=None,
                engine="auto", component="largest") -> list[dict]:
    """The ``top`` highest-scoring nodes as records: rank, name, type, id, score (ties by name).
    Eigenvector with ``component="each"``: the top of every component, labelled by a
    ``component`` column (0 = largest) and ranked within it."""
    if top is not None and top < 1:
        raise BadInput(f"--top must be at least 1, got {top}")
    scores = centrality_scores(graph, measure, entity_type=entity_type, seed=seed, k=k,
                               engine=engine, component=component)
    if measure == "eigenvector" and component == "each":
        G = social_view(graph)
        index = {v: i for i, part in enumerate(sorted_components(G)) for v in part}
        ranked = sorted(scores.items(), key=lambda item: (index[item[0]], -tie_key(item[1]),
                                                         node_name(graph, item[0]), str(item[0])))
        rows, seen = [], {}
        for node, score in ranked:
            c = index[node]
            seen[c] = seen.get(c, 0) + 1
            if top is None or seen[c] <= top:
                rows.append({"component": c, "rank": seen[c], "name": node_name(graph, node),
                             "type": node_type(graph, node), "id": str(node),
                             measure: round(score, 6)})
        return rows
    ranked = sorted(scores.items(), key=lambda item: (-tie_key(item[1]), node_name(graph, item[0]),
                                                      str(item[0])))
    if top is not None:
        ranked = ranked[:top]
    return [{"rank": i + 1, "name": node_name(graph, node), "type": node_type(graph, node),
             "id": str(node), measure: round(score, 6)} for i, (node, score) in enumerate(ranked)]


def centrality_report(graph, measure="pagerank", *, entity_type=None, top=10, seed=0, k=None,
                      engine="auto", component="largest") -> dict:
    """What ``fkg centrality`` prints: ``{"coverage", "scope", "rows"}`` (rows as
    :func:`top_central`), the coverage of the social view first."""
    G = social_view(graph)
    parts = sorted_components(G)
    cov = coverage(G, parts)
    rows = top_central(graph, measure, entity_type=entity_type, top=top, seed=seed, k=k,
                       engine=engine, component=component)
    what = f"{entity_type} entities" if entity_type else "entities"
    if measure == "eigenvector" and component == "largest":
        inside = cov["largest_component_nodes"] if parts and len(parts[0]) > 1 else 0
        scope = (f"Scope: {what} of the largest component only ({inside:,} of {cov['nodes']:,} "
                 f"nodes); eigenvector centrality is defined per component, so the other "
                 f"{cov['nodes'] - inside:,} are not ranked (--component each scores every "
                 f"component on its own scale).")
    elif measure == "eigenvector":
        scope = (f"Scope: {what} of every component of two or more nodes, each scored on its "
                 f"own scale (max 1 within it); compare ranks within a component only.")
    else:
        scope = (f"Scope: all {what} of the graph (one link per linked pair, places "
                 f"included); scores are computed on the whole graph, "
                 f"{cov['components']:,} components.")
    return {"coverage": cov, "scope": scope, "rows": rows}


def top_connectors(graph) -> list[dict]:
    """Every entity with its number of distinct linked entities, most connected first (ties by
    name): the networkx twin of the named query ``top-connectors``."""
    G = social_view(graph)
    rows = [{"id": str(v), "name": node_name(G, v), "connections": G.degree(v)} for v in G
            if G.degree(v) > 0]
    rows.sort(key=lambda r: (-r["connections"], r["name"]))
    return rows
