"""Is the freelance world a small town? Coverage, clustering, path lengths, sigma/omega, inner
circle, reach.

The "town" is the social view of the graph *without Place nodes*: sharing a city does not make
two people acquainted, and a city node would otherwise shortcut every path.

Graphs built from news are mostly islands, so every report starts with its coverage (members,
isolated members, components, the share in the largest one). Path lengths, sigma and omega are
measured on the largest component only, and only when it can support them: at least
:data:`MIN_COMPONENT` members and at least one cycle (on a tree clustering is 0 and both
coefficients are undefined). When they are not given the report says why; undefined is never 0.

sigma and omega are networkx's (:func:`networkx.sigma`, :func:`networkx.omega`; Humphries &
Gurney 2008, Telesford et al. 2011), computed with networkx's own references on components of up
to :data:`REFERENCE_MAX` members: ``n_random`` random references
(:func:`networkx.random_reference`, Maslov-Sneppen swaps keeping degrees and connectivity) and
as many lattice references (:func:`networkx.lattice_reference`), each rewiring every edge about
``niter`` times from its own seeded generator.

* sigma = (C / C_random) / (L / L_random); > 1 means small-world.
* omega = L_random / L - C / C_lattice, with C_lattice the highest clustering of the lattice
  references and of the graph itself, so C / C_lattice <= 1; near 0 small-world, near -1
  lattice-like, near +1 random.

Above :data:`REFERENCE_MAX` members the lattice references are too costly: sigma is then computed
against degree-preserving random rewirings (at most ``max_swaps`` swaps each) and omega is not
given. ``seed`` fixes every random number: nodes and edges are put in sorted order first, so
the answer is the same in every process whatever PYTHONHASHSEED is.
"""

from __future__ import annotations

import math
import random

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema
from freelance_kg.queries._graphs import (
    _build_ordered, coverage, coverage_text, igraph_seed, node_name, ordered, resolve_engine,
    social_view, social_view_without_places, sorted_components, to_igraph)

#: Average path length and diameter are exact up to this many nodes in the largest component.
EXACT_PATHS_MAX = 3000
#: BFS sources sampled above that size.
DEFAULT_SAMPLE = 200
#: The largest component needs at least this many members for small-world measures.
MIN_COMPONENT = 20
#: networkx's lattice and random references are built up to this many members.
REFERENCE_MAX = 500


def town_graph(graph) -> nx.Graph:
    """The social view without Place nodes."""
    return social_view_without_places(graph)


VIEWS = ("entities", "people")


def small_world(graph, *, seed=0, n_random=3, niter=5, max_swaps=200_000, sample=DEFAULT_SAMPLE,
                engine="auto", inner_circle_size=15, view="entities",
                min_component=MIN_COMPONENT) -> dict:
    """The small-town report as a flat dict of measures (see the module docstring).

    ``view`` "entities" measures the town of people, organisations, platforms, funders and
    events; "people" measures the derived people-only KNOWS graph
    (:func:`~freelance_kg.queries.paths.knows_graph`), where clustering means what it means in
    a friendship network.

    ``seed`` seeds the references and every sample; ``n_random`` random (and lattice)
    references, each edge rewired about ``niter`` times (``max_swaps`` caps the swaps of the
    fast references above :data:`REFERENCE_MAX` members); ``sample`` BFS sources for path
    lengths, diameter bounds and people's reach on large graphs; ``engine`` auto | networkx |
    igraph; ``min_component`` the smallest largest component that gets sigma and omega.
    ``small_world_note`` says why sigma or omega is missing.
    """
    if n_random < 0 or max_swaps < 0 or sample < 1 or niter < 1:
        raise BadInput("--random, --max-swaps must be >= 0, --sample and niter >= 1")
    if view not in VIEWS:
        raise BadInput(f"unknown view {view!r} (--view); choose one of {', '.join(VIEWS)}")
    if view == "people":
        from freelance_kg.queries.paths import knows_graph
        G = knows_graph(graph)
        left_out = 0
    else:
        G = town_graph(graph)
        left_out = social_view(graph).number_of_nodes() - G.number_of_nodes()
    G = ordered(G)
    n, m = G.number_of_nodes(), G.number_of_edges()
    components = sorted_components(G)
    cov = coverage(G, components)
    report: dict = {"view": view, "nodes": n, "edges": m, "isolates": cov["isolates"],
                    "places_left_out": left_out, "components": cov["components"]}
    if n == 0:
        return report
    engine = resolve_engine(engine, n)
    lcc = G if len(components) == 1 else _build_ordered(G.subgraph(components[0]))
    report.update({
        "engine": engine,
        "largest_component_nodes": lcc.number_of_nodes(),
        "largest_component_share": cov["largest_component_share"],
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

    report.update(_references(lcc, C, L, tools, n_random, niter, max_swaps, sample, exact,
                              min_component))
    report.update(_inner_circle(G, tools, inner_circle_size))
    report.update(_reach(G, tools, sample if G.number_of_nodes() > EXACT_PATHS_MAX else None))
    report["seed"] = seed
    return report


def _round(x):
    return None if x is None else round(x, 6)


def _references(lcc, C, L, tools, n_random, niter, max_swaps, sample, exact,
                min_component) -> dict:
    nl, ml = lcc.number_of_nodes(), lcc.number_of_edges()
    out = {"random_references": 0, "reference_kind": None, "random_clustering": None,
           "random_path_length": None, "lattice_clustering": None, "sigma": None,
           "omega": None, "small_world_note": None}
    if nl < min_component:
        out["small_world_note"] = (f"the largest component has {nl} members; sigma and omega "
                                   f"need at least {min_component}")
        return out
    if ml == nl - 1:
        out["small_world_note"] = ("the largest component is a tree (no cycles): its clustering "
                                   "is 0 and sigma and omega are undefined")
        return out
    if n_random == 0 or not L:
        out["small_world_note"] = "no references were drawn (--random 0)"
        return out
    if nl <= REFERENCE_MAX:
        Cs, Ls, Cl = [], [], C
        for i in range(n_random):
            R = nx.random_reference(lcc, niter=niter, seed=random.Random(seed_for(tools.seed, i)))
            Cs.append(nx.average_clustering(R))
            Ls.append(nx.average_shortest_path_length(R))
            lattice = nx.lattice_reference(lcc, niter=niter,
                                           seed=random.Random(seed_for(tools.seed, i, 1)))
            Cl = max(Cl, nx.average_clustering(lattice))
        kind = f"networkx random_reference and lattice_reference, niter={niter}"
    else:
        swaps = min(max_swaps, 2 * ml)
        Cs, Ls, Cl = [], [], None
        for i in range(n_random):
            R = tools.rewired(lcc, swaps, i)
            Cs.append(tools.average_clustering(R))
            big = R.subgraph(max(nx.connected_components(R), key=len)) if isinstance(R, nx.Graph) else R
            Ls.append(tools.paths(big, None if exact else sample, diameter=False)[0])
        kind = f"degree-preserving rewiring, {swaps} swaps"
    Cr, Lr = sum(Cs) / len(Cs), sum(Ls) / len(Ls)
    out.update({"random_references": n_random, "reference_kind": kind,
                "random_clustering": round(Cr, 6), "random_path_length": round(Lr, 6),
                "lattice_clustering": None if Cl is None else round(Cl, 6)})
    notes = []
    if Cr > 0:
        out["sigma"] = round((C / Cr) / (L / Lr), 6)
    else:
        notes.append("the random references have no triangles, so sigma is undefined")
    if Cl is None:
        notes.append(f"omega is not computed above {REFERENCE_MAX} members (lattice references "
                     "cost too much)")
    elif Cl > 0:
        out["omega"] = round(Lr / L - C / Cl, 6)
    else:
        notes.append("neither the component nor its lattice references have triangles, so "
                     "omega is undefined")
    out["small_world_note"] = "; ".join(notes) or None
    return out


def seed_for(seed: int, i: int, kind: int = 0) -> int:
    """The seed of reference ``i`` (``kind`` 0 random, 1 lattice)."""
    return seed * 1000 + 2 * i + kind


def _inner_circle(G, tools, size) -> dict:
    """The densest k-core. Its members need not know each other: when the core falls into
    separate groups (two unrelated loops from two articles), only the largest group is named
    and ``inner_circle_groups`` says how many there are."""
    core = tools.core_numbers(G)
    if not core:
        return {}
    k = max(core.values())
    if k < 2:
        return {"inner_circle_k": k, "inner_circle_size": 0, "inner_circle_groups": 0,
                "inner_circle": [], "inner_circle_people": []}
    members = [v for v in G if core[v] == k]
    groups = sorted_components(G.subgraph(members))
    group = groups[0]
    degree = dict(G.degree(group))
    group.sort(key=lambda v: (-degree[v], node_name(G, v)))
    people = [v for v in group if G.nodes[v].get("type") == schema.PERSON]
    return {"inner_circle_k": k, "inner_circle_size": len(members),
            "inner_circle_groups": len(groups),
            "inner_circle": [node_name(G, v) for v in group[:size]],
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


def scope_text(report: dict) -> str:
    """What the path lengths and small-world coefficients are measured on."""
    return (f"Scope: clustering, reach and the inner circle cover the whole town; path lengths, "
            f"sigma and omega only its largest component ({report['largest_component_nodes']:,} "
            f"of {report['nodes']:,} members, {report['largest_component_share']:.0%}).")


def describe(report: dict) -> list[str]:
    """The report in sentences a researcher can quote, coverage and scope first."""
    if not report.get("nodes"):
        return ["The graph is empty: ingest some articles first (fkg ingest)."]
    members = ("people, linked when they share an organisation, event, funder or sentence"
               if report.get("view") == "people" else
               f"people, organisations, platforms, funders and events; "
               f"{report['places_left_out']} places left out")
    cov = {"nodes": report["nodes"], "links": report["edges"], "isolates": report["isolates"],
           "components": report["components"],
           "largest_component_nodes": report["largest_component_nodes"],
           "largest_component_share": report["largest_component_share"]}
    lines = [coverage_text(cov, "members") + f" Members: {members}.", scope_text(report)]
    clustered = report["average_clustering"] >= 0.1
    lines.append(
        f"Average clustering is {report['average_clustering']:.3f}: "
        + ("a friend of a friend is often a friend." if clustered
           else "friends of friends rarely know each other."))
    if report.get("average_path_length"):
        sampled = " (estimated from a sample of starting points)" if report["path_length_sampled"] else ""
        bound = "" if report["diameter_exact"] else "at least "
        lines.append(
            f"Within the largest component, two members are on average "
            f"{report['average_path_length']:.2f} steps apart{sampled}; the farthest pair is "
            f"{bound}{report['diameter']} steps apart.")
    if report.get("sigma") is not None:
        verdict = ("a small world" if report["sigma"] > 1
                   else "not a small world by this measure")
        lines.append(
            f"Compared with {report['random_references']} random references keeping everyone's "
            f"number of ties (clustering {report['random_clustering']:.3f}, path length "
            f"{report['random_path_length']:.2f}), the largest component has sigma = "
            f"{report['sigma']:.2f}: {verdict}.")
    if report.get("omega") is not None:
        omega = report["omega"]
        kind = ("small-world" if -0.5 <= omega <= 0.5 else "lattice-like" if omega < -0.5
                else "random-like")
        lines.append(f"omega = {omega:.2f} (0 small-world, -1 lattice, +1 random; lattice "
                     f"clustering {report['lattice_clustering']:.3f}): {kind}.")
    if report.get("small_world_note"):
        lines.append(f"sigma and omega are not given: {report['small_world_note']}.")
    if report.get("inner_circle_size"):
        names = ", ".join(report["inner_circle_people"] or report["inner_circle"])
        groups = report.get("inner_circle_groups", 1)
        where = (f"; it falls into {groups} separate groups that do not touch, the largest of "
                 f"{len(report['inner_circle'])} members" if groups > 1 else "")
        lines.append(
            f"The inner circle (the {report['inner_circle_k']}-core: everyone in it has at least "
            f"{report['inner_circle_k']} ties inside it) has {report['inner_circle_size']} members"
            + where + (f", among them {names}." if names else "."))
    if "share_within_2_hops" in report:
        who = report["reach_of"]
        lines.append(
            f"Of all pairs of {who}, {report['share_within_2_hops']:.1%} are within 2 steps of each "
            f"other and {report['share_within_3_hops']:.1%} within 3"
            + (" (from a sample)." if report.get("reach_sampled") else "."))
    return lines


def smalltown(graph, **options) -> dict:
    """``{"coverage", "scope", "summary": [sentences], "measures": report}``: what ``fkg
    smalltown`` prints."""
    report = small_world(graph, **options)
    if not report["nodes"]:
        return {"coverage": {"nodes": 0}, "scope": "", "summary": describe(report),
                "measures": report}
    cov = {"nodes": report["nodes"], "links": report["edges"], "isolates": report["isolates"],
           "components": report["components"],
           "largest_component_nodes": report["largest_component_nodes"],
           "largest_component_share": report["largest_component_share"]}
    return {"coverage": cov, "scope": scope_text(report), "summary": describe(report),
            "measures": report}
