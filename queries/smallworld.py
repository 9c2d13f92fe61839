"""Is the freelance world a small town? Clustering, path lengths, sigma/omega, inner circle, reach.

The "town" is the social view of the graph *without Place nodes*: sharing a city does not make
two people acquainted, and a city node would otherwise shortcut every path.

Small-world coefficients compare the largest component with seeded, degree-preserving random
rewirings of itself (double-edge swaps, at most ``max_swaps`` per copy, ``n_random`` copies) and
with the ring lattice of the same mean degree (whose clustering is known in closed form:
``3(k-2) / 4(k-1)``). networkx's own ``sigma``/``omega`` rebuild dozens of references and are
never practical here; this keeps the cost bounded and states what it did.

* sigma = (C / C_random) / (L / L_random); > 1 means small-world.
* omega = L_random / L - C / C_lattice; near 0 small-world, near -1 lattice-like, near 1 random.
"""

from __future__ import annotations

import math
import random

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema
from freelance_kg.queries._graphs import (
    igraph_seed, node_name, resolve_engine, social_view, to_igraph)

#: Average path length and diameter are exact up to this many nodes in the largest component.
EXACT_PATHS_MAX = 3000
#: BFS sources sampled above that size.
DEFAULT_SAMPLE = 200


def town_graph(graph) -> nx.Graph:
    """The social view without Place nodes."""
    G = social_view(graph)
    places = [n for n, t in G.nodes(data="type") if t == schema.PLACE]
    if not places:
        return G
    H = G.copy()
    H.remove_nodes_from(places)
    return H


VIEWS = ("entities", "people")


def small_world(graph, *, seed=0, n_random=3, max_swaps=200_000, sample=DEFAULT_SAMPLE,
                engine="auto", inner_circle_size=15, view="entities") -> dict:
    """The small-town report as a flat dict of measures (see the module docstring).

    ``view`` "entities" measures the town of people, organisations, platforms, funders and
    events; "people" measures the derived people-only KNOWS graph
    (:func:`~freelance_kg.queries.paths.knows_graph`), where clustering means what it means in
    a friendship network.

    ``seed`` seeds the rewirings and every sample; ``n_random`` random references of at most
    ``max_swaps`` double-edge swaps each; ``sample`` BFS sources for path lengths, diameter
    bounds and people's reach on large graphs; ``engine`` auto | networkx | igraph.
    """
    if n_random < 0 or max_swaps < 0 or sample < 1:
        raise BadInput("--random, --max-swaps must be >= 0 and --sample >= 1")
    if view not in VIEWS:
        raise BadInput(f"unknown view {view!r} (--view); choose one of {', '.join(VIEWS)}")
    if view == "people":
        from freelance_kg.queries.paths import knows_graph
        G = knows_graph(graph)
        left_out = 0
    else:
        G = town_graph(graph)
        left_out = social_view(graph).number_of_nodes() - G.number_of_nodes()
    n, m = G.number_of_nodes(), G.number_of_edges()
    report: dict = {"view": view, "nodes": n, "edges": m, "places_left_out": left_out}
    if n == 0:
        report["components"] = 0
        return report
    engine = resolve_engine(engine, n)
    components = sorted(nx.connected_components(G), key=len, reverse=True)
    lcc = G if len(components) == 1 else G.subgraph(components[0]).copy()
    report.update({
        "engine": engine,
        "components": len(components),
        "largest_component_nodes": lcc.number_of_nodes(),
        "largest_component_share": round(lcc.number_of_nodes() / n, 6),
        "mean_degree": round(2 * m / n, 6),
    })
    tools = _IgraphTools(seed) if engine == "igraph" else _NetworkxTools(seed)
    report["average_clustering"] = round(tools.average_clustering(G), 6)
    report["transitivity"] = round(nx.transitivity(G) if engine == "networkx"
                                   else tools.transitivity(G), 6)

    exact = lcc.number_of_nodes() <= EXACT_PATHS_MAX
    L, diameter = tools.paths(lcc, None if exact else sample)
    C = tools.average_clustering(lcc)
    report.update({"largest_component_clustering": round(C, 6),
                   "average_path_length": _round(L), "path_length_sampled": not exact,
                   "diameter": diameter, "diameter_exact": exact})

    report.update(_references(lcc, C, L, tools, n_random, max_swaps, sample, exact))
    report.update(_inner_circle(G, tools, inner_circle_size))
    report.update(_reach(G, tools, sample if G.number_of_nodes() > EXACT_PATHS_MAX else None))
    report["seed"] = seed
    return report


def _round(x):
    return None if x is None else round(x, 6)


def _references(lcc, C, L, tools, n_random, max_swaps, sample, exact) -> dict:
    nl, ml = lcc.number_of_nodes(), lcc.number_of_edges()
    out = {"random_references": 0, "swaps_per_reference": 0, "random_clustering": None,
           "random_path_length": None, "lattice_clustering": None, "sigma": None, "omega": None}
    mean_degree = 2 * ml / nl if nl else 0
    k = max(2, 2 * round(mean_degree / 2))
    if k >= 4:
        out["lattice_clustering"] = round(3 * (k - 2) / (4 * (k - 1)), 6)
    if n_random == 0 or nl < 4 or ml < 2 or not L:
        return out
    swaps = min(max_swaps, 2 * ml)
    Cs, Ls = [], []
    for i in range(n_random):
        R = tools.rewired(lcc, swaps, i)
        Cs.append(tools.average_clustering(R))
        big = R.subgraph(max(nx.connected_components(R), key=len)) if isinstance(R, nx.Graph) else R
        Ls.append(tools.paths(big, None if exact else sample, diameter=False)[0])
    Cr, Lr = sum(Cs) / len(Cs), sum(Ls) / len(Ls)
    out.update({"random_references": n_random, "swaps_per_reference": swaps,
                "random_clustering": round(Cr, 6), "random_path_length": round(Lr, 6)})
    if Cr > 0 and Lr > 0:
        out["sigma"] = round((C / Cr) / (L / Lr), 6)
    if out["lattice_clustering"]:
        out["omega"] = round(Lr / L - C / out["lattice_clustering"], 6)
    return out


def _inner_circle(G, tools, size) -> dict:
    core = tools.core_numbers(G)
    if not core:
        return {}
    k = max(core.values())
    members = [v for v, c in core.items() if c == k]
    degree = dict(G.degree(members))
    members.sort(key=lambda v: (-degree[v], node_name(G, v)))
    people = [v for v in members if G.nodes[v].get("type") == schema.PERSON]
    return {"inner_circle_k": k, "inner_circle_size": len(members),
            "inner_circle": [node_name(G, v) for v in members[:size]],
            "inner_circle_people": [node_name(G, v) for v in people[:size]]}


def _reach(G, tools, sample) -> dict:
    people = [v for v, t in G.nodes(data="type") if t == schema.PERSON]
    who = "people"
    if not people:         # an untyped graph (karate club, a benchmark): every node is a person
        people, who = list(G), "nodes"
    if len(people) < 2:
        return {"reach_of": who, "reach_population": len(people)}
    sources = people if sample is None or len(people) <= sample else \
        random.Random(tools.seed).sample(people, sample)
    within2, within3 = tools.reach(G, sources, set(people))
    pairs = len(sources) * (len(people) - 1)
    return {"reach_of": who, "reach_population": len(people), "reach_sampled": len(sources) < len(people),
            "share_within_2_hops": round(within2 / pairs, 6),
            "share_within_3_hops": round(within3 / pairs, 6)}


class _NetworkxTools:
    def __init__(self, seed):
        self.seed = seed

    def average_clustering(self, G):
        return nx.average_clustering(G) if G.number_of_nodes() else 0.0

    def paths(self, G, sample, diameter=True):
        """(average shortest path length, diameter or its lower bound) of a connected graph."""
        n = G.number_of_nodes()
        if n < 2:
            return None, 0
        if sample is None:
            total = 0
            ecc = 0
            for _, lengths in nx.all_pairs_shortest_path_length(G):
                total += sum(lengths.values())
                ecc = max(ecc, max(lengths.values()))
            return total / (n * (n - 1)), ecc
        rng = random.Random(self.seed)
        sources = rng.sample(list(G), min(sample, n))
        total = count = ecc = 0
        for s in sources:
            lengths = nx.single_source_shortest_path_length(G, s)
            total += sum(lengths.values())
            count += len(lengths) - 1
            ecc = max(ecc, max(lengths.values()))
        return total / count, ecc

    def rewired(self, G, swaps, i):
        R = G.copy()
        try:
            nx.double_edge_swap(R, nswap=swaps, max_tries=swaps * 10 + 100,
                                seed=random.Random(self.seed * 1000 + i))
        except (nx.NetworkXAlgorithmError, nx.NetworkXError):
            pass            # a graph that allows few swaps keeps those it managed (in place)
        return R

    def core_numbers(self, G):
        return nx.core_number(G)

    def reach(self, G, sources, people):
        within2 = within3 = 0
        for s in sources:
            for v, d in nx.single_source_shortest_path_length(G, s, cutoff=3).items():
                if v != s and v in people:
                    within3 += 1
                    within2 += d <= 2
        return within2, within3


class _IgraphTools(_NetworkxTools):
    """The same measures on igraph (graphs built straight from edge lists)."""

    def _g(self, G):
        if getattr(self, "_cache_key", None) is not G:
            self._cache_key, (self._cache_g, self._cache_nodes) = G, to_igraph(G, weight=None)
        return self._cache_g, self._cache_nodes

    def average_clustering(self, G):
        g = G if not isinstance(G, nx.Graph) else self._g(G)[0]
        if g.vcount() == 0:
            return 0.0
        return sum(g.transitivity_local_undirected(mode="zero")) / g.vcount()

    def transitivity(self, G):
        return self._g(G)[0].transitivity_undirected()

    def paths(self, G, sample, diameter=True):
        g = G if not isinstance(G, nx.Graph) else self._g(G)[0]
        n = g.vcount()
        if n < 2:
            return None, 0
        if sample is None:
            return g.average_path_length(directed=False), g.diameter(directed=False)
        rng = random.Random(self.seed)
        sources = rng.sample(range(n), min(sample, n))
        total = count = ecc = 0
        for s in sources:
            row = [d for d in g.distances(source=[s])[0] if d != math.inf]
            total += sum(row)
            count += len(row) - 1
            ecc = max(ecc, max(row))
        return total / count, ecc

    def rewired(self, G, swaps, i):
        g = self._g(G)[0].copy()
        with igraph_seed(self.seed * 1000 + i):
            g.rewire(swaps)    # degree-preserving, no loops or multi-edges (the default)
        components = g.connected_components()
        return components.giant()

    def core_numbers(self, G):
        g, nodes = self._g(G)
        return dict(zip(nodes, g.coreness()))

    def reach(self, G, sources, people):
        g, nodes = self._g(G)
        index = {v: i for i, v in enumerate(nodes)}
        is_person = [v in people for v in nodes]
        ids = [index[s] for s in sources]
        within2 = sum(sum(is_person[v] for v in hood) - 1
                      for hood in g.neighborhood(ids, order=2))
        within3 = sum(sum(is_person[v] for v in hood) - 1
                      for hood in g.neighborhood(ids, order=3))
        return within2, within3


def describe(report: dict) -> list[str]:
    """The report in sentences a researcher can quote."""
    if not report.get("nodes"):
        return ["The graph is empty: ingest some articles first (fkg ingest)."]
    lines = []
    share = report["largest_component_share"]
    members = ("people, linked when they share an organisation, event, funder or sentence"
               if report.get("view") == "people" else
               f"people, organisations, platforms, funders and events; "
               f"{report['places_left_out']} places left out")
    lines.append(
        f"The town has {report['nodes']:,} members ({members}) and {report['edges']:,} ties, in "
        f"{report['components']} connected group(s); the largest holds "
        f"{report['largest_component_nodes']:,} members ({share:.0%}).")
    clustered = report["average_clustering"] >= 0.1
    lines.append(
        f"Average clustering is {report['average_clustering']:.3f}: "
        + ("a friend of a friend is often a friend." if clustered
           else "friends of friends rarely know each other."))
    if report.get("average_path_length"):
        sampled = " (estimated from a sample of starting points)" if report["path_length_sampled"] else ""
        bound = "" if report["diameter_exact"] else "at least "
        lines.append(
            f"Within the largest group, two members are on average {report['average_path_length']:.2f} "
            f"steps apart{sampled}; the farthest pair is {bound}{report['diameter']} steps apart.")
    if report.get("sigma") is not None:
        verdict = "a small world" if report["sigma"] > 1 else "not a small world by this measure"
        lines.append(
            f"Compared with {report['random_references']} random rewirings keeping everyone's number "
            f"of ties (clustering {report['random_clustering']:.3f}, path length "
            f"{report['random_path_length']:.2f}), sigma = {report['sigma']:.2f}: {verdict}.")
    if report.get("omega") is not None:
        omega = report["omega"]
        kind = ("small-world" if -0.5 <= omega <= 0.5 else "lattice-like" if omega < -0.5 else "random-like")
        lines.append(f"omega = {omega:.2f} (0 small-world, -1 lattice, +1 random): {kind}.")
    elif report.get("average_path_length") and report.get("mean_degree", 0) < 3:
        lines.append("omega is not given: with fewer than 3 ties per member on average the "
                     "matching ring lattice has no clustering to compare with.")
    if report.get("inner_circle_k"):
        names = ", ".join(report["inner_circle_people"] or report["inner_circle"])
        lines.append(
            f"The inner circle (the {report['inner_circle_k']}-core: everyone in it has at least "
            f"{report['inner_circle_k']} ties inside it) has {report['inner_circle_size']} members"
            + (f", among them {names}." if names else "."))
    if "share_within_2_hops" in report:
        who = report["reach_of"]
        lines.append(
            f"Of all pairs of {who}, {report['share_within_2_hops']:.1%} are within 2 steps of each "
            f"other and {report['share_within_3_hops']:.1%} within 3"
            + (" (from a sample)." if report.get("reach_sampled") else "."))
    return lines


def smalltown(graph, **options) -> dict:
    """``{"summary": [sentences], "measures": report}``: what ``fkg smalltown`` prints."""
    report = small_world(graph, **options)
    return {"summary": describe(report), "measures": report}
