"""Which clusters the graph falls into: Leiden and Louvain, modularity, stability, labels.

Every connected component is kept (an isolated node is its own community); communities are
numbered by size, 0 = largest. Reports hide communities below ``min_size`` members (2 by
default: single isolated nodes are not communities) and say how many nodes that leaves out. On
a fragmented graph most communities are whole components, found without any detection, and
modularity over the whole graph is high for that reason alone; so the report also gives the
modularity and seed stability within the largest component, where detection decides. Leiden runs on igraph's own ``community_leiden`` with the
modularity objective (about 20x faster than ``leidenalg`` for the same modularity) or on
networkx's ``leiden_communities``; Louvain on networkx's ``louvain_communities`` or igraph's
``community_multilevel``. Label propagation is deliberately absent: it collapses hub-heavy
graphs such as this one into a single community.

>>> import networkx as nx
>>> G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
>>> sorted(detect_communities(G).items())
[(0, 0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 1), (6, 1)]
"""

from __future__ import annotations

import itertools
import random
from collections import Counter

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.queries._graphs import (
    coverage, igraph_seed, node_name, node_type, ordered, resolve_engine, social_view,
    sorted_components, to_igraph)

METHODS = ("leiden", "louvain")

#: igraph's Leiden iterates until the partition is stable up to this many nodes.
LEIDEN_UNTIL_STABLE_MAX = 20_000


def detect_communities(graph, method="leiden", *, seed=0, engine="auto") -> dict[str, int]:
    """node -> community index (0 = largest; ties broken by the smallest member's name).

    ``method`` leiden | louvain, modularity objective on the evidence-weighted social view;
    ``seed`` makes the result repeatable; ``engine`` auto | networkx | igraph.
    """
    if method not in METHODS:
        raise BadInput(f"unknown community method {method!r} (--method); choose one of "
                       f"{', '.join(METHODS)}")
    G = ordered(social_view(graph))      # sorted, so a seed gives one answer in every process
    if G.number_of_nodes() == 0:
        return {}
    engine = resolve_engine(engine, G.number_of_nodes())
    if engine == "igraph":
        groups = _igraph_groups(G, method, seed)
    elif method == "leiden":
        groups = nx.community.leiden_communities(G, weight="weight", metric="modularity",
                                                 seed=random.Random(seed))
    else:
        groups = nx.community.louvain_communities(G, weight="weight", seed=random.Random(seed))
    return _number_by_size(G, groups)


def _igraph_groups(G, method, seed):
    g, nodes = to_igraph(G)
    with igraph_seed(seed):
        if method == "leiden":
            # iterate until stable on small graphs; on large ones two iterations (igraph's
            # default) get within 1% of the modularity at a tenth of the time
            iterations = -1 if g.vcount() <= LEIDEN_UNTIL_STABLE_MAX else 2
            clustering = g.community_leiden(objective_function="modularity", weights="weight",
                                            n_iterations=iterations)
        else:
            clustering = g.community_multilevel(weights="weight")
    groups: dict[int, list] = {}
    for vertex, label in enumerate(clustering.membership):
        groups.setdefault(label, []).append(nodes[vertex])
    return list(groups.values())


def _number_by_size(G, groups) -> dict:
    # Split any group that spans components (modularity never wants that, but a partition
    # given from outside might) and keep every component, however small.
    parts = []
    for group in groups:
        parts.extend(nx.connected_components(G.subgraph(group)))
    parts.sort(key=lambda part: (-len(part), min(str(v) for v in part)))
    return {node: index for index, part in enumerate(parts) for node in part}


def as_sets(partition: dict) -> list[set]:
    """node -> index mapping as a list of node sets (index order)."""
    groups: dict[int, set] = {}
    for node, index in partition.items():
        groups.setdefault(index, set()).add(node)
    return [groups[i] for i in sorted(groups)]


def modularity(graph, partition: dict) -> float:
    """Newman modularity (evidence-weighted) of a node -> community mapping."""
    G = social_view(graph)
    if G.number_of_edges() == 0:
        return 0.0
    return nx.community.modularity(G, as_sets(partition), weight="weight")


def adjusted_rand_index(labels_a: dict, labels_b: dict) -> float:
    """Adjusted Rand index of two partitions of the same nodes (1 = identical, ~0 = chance)."""
    nodes = list(labels_a)
    n = len(nodes)
    if n < 2:
        return 1.0
    pairs = lambda x: x * (x - 1) / 2  # noqa: E731
    table = Counter((labels_a[v], labels_b[v]) for v in nodes)
    sum_ij = sum(pairs(c) for c in table.values())
    sum_a = sum(pairs(c) for c in Counter(labels_a[v] for v in nodes).values())
    sum_b = sum(pairs(c) for c in Counter(labels_b[v] for v in nodes).values())
    expected = sum_a * sum_b / pairs(n)
    maximum = (sum_a + sum_b) / 2
    if maximum == expected:
        return 1.0
    return (sum_ij - expected) / (maximum - expected)


def stability(graph, method="leiden", *, seeds=range(10), engine="auto", nodes=None) -> float:
    """Mean adjusted Rand index between the partitions found with each pair of ``seeds``
    (1.0 = the same communities whatever the seed), over ``nodes`` (default all)."""
    G = social_view(graph)
    runs = [detect_communities(G, method, seed=s, engine=engine) for s in seeds]
    if nodes is not None:
        runs = [{v: run[v] for v in nodes} for run in runs]
    scores = [adjusted_rand_index(a, b) for a, b in itertools.combinations(runs, 2)]
    return sum(scores) / len(scores) if scores else 1.0


def community_report(graph, method="leiden", *, seed=0, engine="auto", label_size=3,
                     min_size=2, stability_seeds=10) -> dict:
    """Communities with their size, types, label (most central members) and members, the
    coverage of the graph, and the partition's quality where it means something.

    Returns ``{"coverage", "scope", "method", "seed", "min_size", "communities_hidden",
    "nodes_left_out", "whole_components", "modularity", "largest_component": {"nodes",
    "communities", "modularity", "stability"}, "communities": [records]}``. ``modularity`` is
    over the whole graph; ``largest_component`` gives the partition's modularity and its
    stability across ``stability_seeds`` seeds (mean adjusted Rand index) inside the largest
    component. Each record says whether the community is a ``whole_component``.
    """
    from freelance_kg.queries.centrality import centrality_scores, tie_key

    if min_size < 1:
        raise BadInput(f"--min-size must be at least 1, got {min_size}")
    G = ordered(social_view(graph))
    parts = sorted_components(G)
    cov = coverage(G, parts)
    component_size = {v: len(part) for part in parts for v in part}
    partition = detect_communities(G, method, seed=seed, engine=engine)
    scores = centrality_scores(G, "pagerank", engine=engine) if G.number_of_nodes() else {}
    records, hidden, left_out, whole = [], 0, 0, 0
    for index, members in enumerate(as_sets(partition)):
        is_whole = len(members) == component_size[next(iter(members))]
        if len(members) < min_size:
            hidden += 1
            left_out += len(members)
            continue
        whole += is_whole
        ranked = sorted(members, key=lambda v: (-tie_key(scores.get(v, 0.0)), node_name(G, v),
                                                str(v)))
        types = Counter(node_type(G, v) or "-" for v in members)
        records.append({
            "community": index,
            "size": len(members),
            "whole_component": is_whole,
            "label": ", ".join(node_name(G, v) for v in ranked[:label_size]),
            "types": ", ".join(f"{t} {c}" for t, c in sorted(types.items(),
                                                              key=lambda tc: (-tc[1], tc[0]))),
            "members": [node_name(G, v) for v in ranked],
        })
    largest = {"nodes": 0, "communities": 0, "modularity": None, "stability": None}
    if parts and len(parts[0]) > 1:
        inside = parts[0]
        H = G.subgraph(inside)
        sub = {v: partition[v] for v in inside}
        stable = (stability(G, method, seeds=range(seed, seed + stability_seeds), engine=engine,
                            nodes=inside) if stability_seeds > 1 else None)
        largest = {"nodes": len(inside), "communities": len(set(sub.values())),
                   "modularity": round(nx.community.modularity(H, as_sets(sub), weight="weight"), 6)
                   if H.number_of_edges() else 0.0,
                   "stability": None if stable is None else round(stable, 6)}
    scope = (f"Scope: communities of at least {min_size} members ({hidden:,} smaller ones hidden, "
             f"{left_out:,} nodes left out; --min-size 1 shows them); {whole:,} of the "
             f"{len(records):,} shown are whole connected components, found without any "
             f"detection. Modularity and stability are given within the largest component "
             f"({largest['nodes']:,} nodes), where detection decides.")
    scope += (f"\n{method}: {len(records)} communities shown; whole-graph modularity "
              f"{round(modularity(G, partition), 6)}; in the largest component "
              f"{largest['communities']} communities, modularity {largest['modularity']}, "
              f"stability over {stability_seeds} seeds (ARI) {largest['stability']}")
    return {"coverage": cov, "scope": scope, "method": method, "seed": seed,
            "min_size": min_size, "communities_hidden": hidden, "nodes_left_out": left_out,
            "whole_components": whole,
            "modularity": round(modularity(G, partition), 6), "largest_component": largest,
            "communities": records}
