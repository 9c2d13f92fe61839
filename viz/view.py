"""What a picture shows: filters, scores, colours and positions shared by the page and the PNG.

:func:`prepare_view` takes the store's MultiDiGraph (see :mod:`freelance_kg.graph.projection`),
applies the researcher's filters (focus + hops, types, community, minimum degree, top N) and
decides each node's colour, size and (for large graphs) a seeded precomputed position.
:func:`draw` writes the interactive page and/or the static overview from one view.

Communities are computed on the *whole* graph, so ``--community N`` means the same community
the analytics commands report. ``--min-degree`` and ``--top`` are computed on the shown
subgraph (after focus, types and community): a node kept for its degree has that many
neighbours in the picture, and the top N are ranked by a score computed on what is shown, never
padded with entities that score 0. The whole-graph view hides entities with no link in the
picture (``show_isolates`` keeps them) and says how many it hid.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema

COLOR_MODES = ("type", "community")
SIZE_MEASURES = ("pagerank", "degree", "betweenness")
LAYOUT_MODES = ("auto", "precomputed", "physics")

#: Graphs with more nodes than this get a layout precomputed in Python (``layout="auto"``).
PRECOMPUTE_ABOVE = 300

UNKNOWN_TYPE = "Unknown"
TYPE_COLORS = {
    schema.PERSON: "#4e79a7",
    schema.PLATFORM: "#f28e2b",
    schema.ORGANIZATION: "#59a14f",
    schema.FUNDER: "#e15759",
    schema.PLACE: "#76b7b2",
    schema.EVENT: "#b07aa1",
    UNKNOWN_TYPE: "#9d9d9d",
}
PREDICATE_COLORS = {
    "FOUNDED": "#d62728",
    "LEADS": "#9467bd",
    "WORKS_FOR": "#1f77b4",
    "FUNDS": "#2ca02c",
    "MEMBER_OF": "#8c564b",
    "PARTNERS_WITH": "#e377c2",
    "AFFILIATED_WITH": "#7f7f7f",
    "ACQUIRED": "#bcbd22",
    "PARTICIPATED_IN": "#17becf",
    "LOCATED_IN": "#ff7f0e",
}
#: Community colours (matplotlib tab20 order); communities beyond 20 reuse them.
COMMUNITY_PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#393b79",
    "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94",
    "#f7b6d2", "#637939", "#dbdb8d", "#9edae5",
)
MIN_NODE_SIZE, MAX_NODE_SIZE = 10.0, 42.0
#: Typical distance between neighbouring nodes in a precomputed layout, in page pixels.
NODE_SPACING = 60.0


@dataclass
class View:
    """The subgraph to draw and how to draw it."""

    graph: nx.MultiDiGraph                  # the filtered subgraph (node/edge data as projected)
    color_by: str
    size_by: str
    scores: dict[str, float]                # size measure, for every drawn node (whole-graph value)
    degrees: dict[str, int]                 # distinct neighbours in the whole graph
    communities: dict[str, int]             # community of every drawn node (whole-graph partition)
    colors: dict[str, str]                  # node id -> colour
    sizes: dict[str, float]                 # node id -> size in pixels
    legend: list[tuple[str, str]]           # (label, colour) for node colours, in display order
    positions: dict[str, tuple[float, float]] | None = None   # None: the browser lays it out
    focus: str | None = None                # focus node id
    description: list[str] = field(default_factory=list)      # the filters, for headings
    hidden_isolates: int = 0                # entities without a link in the picture, not drawn

    @property
    def predicates(self) -> list[str]:
        """Predicates present in the drawn graph, in schema order."""
        present = {d.get("predicate") for _, _, d in self.graph.edges(data=True)}
        return [p for p in schema.PREDICATE_NAMES if p in present] + sorted(
            p for p in present if p and p not in schema.PREDICATES)


# --- option parsing ----------------------------------------------------------------------------
def parse_types(types) -> list[str] | None:
    """``"Person,Platform"`` (or a list) -> canonical type names; None when no filter."""
    if types is None or types == "" or types == ():
        return None
    if isinstance(types, str):
        types = types.split(",")
    by_fold = {t.casefold(): t for t in schema.ENTITY_TYPES}
    chosen = []
    for raw in types:
        name = raw.strip()
        if not name:
            continue
        if name.casefold() not in by_fold:
            raise BadInput(f"unknown entity type {name!r} in --type; use a comma-separated list of "
                           f"{', '.join(schema.ENTITY_TYPES)}")
        chosen.append(by_fold[name.casefold()])
    return chosen or None


def _check_choice(value: str, choices: tuple[str, ...], flag: str) -> str:
    if value not in choices:
        raise BadInput(f"unknown {flag} value {value!r}; choose one of {', '.join(choices)}")
    return value


# --- names --------------------------------------------------------------------------------------
def resolve_focus(graph: nx.MultiDiGraph, name: str) -> str:
    """Node id for ``name`` (an id, a canonical name or alias, or a clearly closest spelling),
    through the analytics name resolver so ``fkg viz --focus`` and ``fkg who-knows`` agree.
    Raises EntityNotFound / AmbiguousName with the closest candidates."""
    from freelance_kg.queries.names import resolve_entity
    return resolve_entity(graph, name)


# --- scores -------------------------------------------------------------------------------------
def _distinct_degrees(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Distinct neighbours, either direction, self-loops not counted."""
    return {n: len((set(graph.predecessors(n)) | set(graph.successors(n))) - {n}) for n in graph}


def _scores(graph, measure: str, seed: int) -> dict[str, float]:
    from freelance_kg.queries.centrality import centrality_scores
    return centrality_scores(graph, measure, seed=seed)


def _shown_degrees(graph, nodes) -> dict[str, int]:
    """Distinct neighbours of each of ``nodes`` among ``nodes`` (either direction, no self-loops)."""
    inside = set(nodes)
    return {n: len(((set(graph.predecessors(n)) | set(graph.successors(n))) & inside) - {n})
            for n in inside}


def _communities(graph, seed: int) -> dict[str, int]:
    from freelance_kg.queries.communities import detect_communities
    return detect_communities(graph, seed=seed)


def _scale_sizes(scores: dict[str, float]) -> dict[str, float]:
    """Map scores to pixel sizes by square root (area follows the score), min-max scaled."""
    if not scores:
        return {}
    roots = {n: math.sqrt(max(0.0, s)) for n, s in scores.items()}
    lo, hi = min(roots.values()), max(roots.values())
    span = hi - lo
    return {n: round(MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * ((r - lo) / span if span else 0.5), 2)
            for n, r in roots.items()}


# --- layout -------------------------------------------------------------------------------------
def precompute_layout(graph: nx.MultiDiGraph, seed: int = 0) -> dict[str, tuple[float, float]]:
    """Seeded layout in page pixels: Fruchterman-Reingold (igraph, in C: 2,000 nodes in well
    under a second) for each connected component, nodes about 60 px apart, and the components
    packed in rows, largest first. (One layout of the whole graph would push isolated entities
    to a far ring and shrink the main component to a dot.)"""
    import igraph as ig
    nodes = sorted(graph.nodes)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    pairs = sorted({tuple(sorted((index[u], index[v]))) for u, v in graph.edges() if u != v})
    whole = ig.Graph(n=len(nodes), edges=pairs)
    components = sorted((sorted(c) for c in whole.connected_components()), key=lambda c: (-len(c), c[0]))
    placed = []            # (vertex ids, coords centred on 0, width, height)
    # igraph draws the random start from the generator set here (a private one, put back after).
    ig.set_random_number_generator(random.Random(seed))
    try:
        for component in components:
            if len(component) == 1:
                placed.append((component, [(0.0, 0.0)], 0.0, 0.0))
                continue
            coords = whole.induced_subgraph(component).layout_fruchterman_reingold(niter=500).coords
            placed.append((component, *_fit(coords, NODE_SPACING * math.sqrt(len(component)) * 1.4)))
    finally:
        ig.set_random_number_generator(random)

    gap = NODE_SPACING
    area = sum((w + gap) * (h + gap) for _, _, w, h in placed)
    row_width = max(max(w for _, _, w, _ in placed), math.sqrt(area))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for rank, (component, coords, width, height) in enumerate(placed):
        # a new row when this one is full, and after a main component holding most nodes
        main_before = rank == 1 and 2 * len(placed[0][0]) > len(nodes)
        if x > 0 and (x + width > row_width or main_before):
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for vertex, (cx, cy) in zip(component, coords):
            positions[nodes[vertex]] = (x + width / 2 + cx, y + height / 2 + cy)
        x += width + gap
        row_height = max(row_height, height)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(px - mx, 1), round(py - my, 1)) for n, (px, py) in positions.items()}


def _fit(coords, extent: float):
    """Centre ``coords`` on 0 and scale their larger side to ``extent``: (coords, width, height)."""
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    side = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    scale = extent / side
    fitted = [((c[0] - cx) * scale, (c[1] - cy) * scale) for c in coords]
    return fitted, (max(xs) - min(xs)) * scale, (max(ys) - min(ys)) * scale


# --- the view -----------------------------------------------------------------------------------
def prepare_view(graph: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 2,
                 types=None, community: int | None = None, min_degree: int = 0,
                 top: int | None = None, color: str = "type", size: str = "pagerank",
                 layout: str = "auto", seed: int = 0, show_isolates: bool = False) -> View:
    """Filter ``graph`` and decide colours, sizes and positions.

    Filters apply in this order: ``focus`` (the entity and everything within ``hops`` links,
    either direction), ``types``, ``community``, ``min_degree`` (at least that many distinct
    neighbours *among the entities shown*, repeated until it holds for all of them), then
    entities without a link in the picture are hidden (unless ``show_isolates`` or a focus),
    then ``top`` (the N highest by the ``size`` measure computed on the shown subgraph; only
    entities scoring above 0). Sizes follow that same shown-subgraph score. The focus entity is
    always kept.

    >>> from freelance_kg.graph.model import Entity, Relation
    >>> from freelance_kg.graph.projection import to_multidigraph
    >>> a, b = Entity.make("Ada Lovelace", "Person"), Entity.make("Acme", "Platform")
    >>> g = to_multidigraph([a, b], [Relation(a.id, "FOUNDED", b.id)])
    >>> prepare_view(g, types="Platform").graph.number_of_nodes()
    1
    """
    _check_choice(color, COLOR_MODES, "--color")
    _check_choice(size, SIZE_MEASURES, "--size")
    _check_choice(layout, LAYOUT_MODES, "--layout")
    chosen_types = parse_types(types)
    if hops is None or hops < 0:
        raise BadInput(f"--hops must be 0 or more, got {hops}")
    if min_degree is None or min_degree < 0:
        raise BadInput(f"--min-degree must be 0 or more, got {min_degree}")
    if top is not None and top < 1:
        raise BadInput(f"--top must be 1 or more, got {top}")
    if graph.number_of_nodes() == 0:
        raise BadInput("the graph is empty: nothing to draw; ingest articles first (fkg ingest PATH)")

    communities_all = _communities(graph, seed)
    degrees_all = _distinct_degrees(graph)
    keep = set(graph.nodes)
    description = []

    focus_id = None
    if focus:
        focus_id = resolve_focus(graph, focus)
        keep = set(nx.ego_graph(graph, focus_id, radius=hops, undirected=True).nodes)
        description.append(f"{hops} hops around {graph.nodes[focus_id].get('name') or focus_id}")
    if chosen_types:
        wanted = set(chosen_types)
        keep = {n for n in keep if graph.nodes[n].get("type") in wanted or n == focus_id}
        description.append("types " + ", ".join(chosen_types))
    if community is not None:
        known = sorted(set(communities_all.values()))
        if community not in known:
            raise BadInput(f"--community {community} does not exist; this graph has communities "
                           f"{known[0]}..{known[-1]}" if known else "this graph has no communities")
        keep = {n for n in keep if communities_all.get(n) == community or n == focus_id}
        description.append(f"community {community}")
    if min_degree:
        while True:         # dropping a node can leave a neighbour below the bar: repeat
            shown = _shown_degrees(graph, keep)
            drop = {n for n in keep if shown[n] < min_degree and n != focus_id}
            if not drop:
                break
            keep -= drop
        description.append(f"degree >= {min_degree} among those shown")
    hidden_isolates = 0
    if not show_isolates and focus_id is None:
        shown = _shown_degrees(graph, keep)
        lonely = {n for n in keep if shown[n] == 0}
        if lonely and lonely != keep:
            keep -= lonely
            hidden_isolates = len(lonely)
            description.append(f"{hidden_isolates} entities without a link hidden "
                               "(--show-isolates)")
    scores_shown = _scores(graph.subgraph(keep), size, seed) if keep else {}
    if top is not None and len(keep) > top:
        scored = [n for n in keep if scores_shown.get(n, 0.0) > 0 or n == focus_id]
        ranked = sorted(scored, key=lambda n: (-scores_shown.get(n, 0.0),
                                               graph.nodes[n].get("name") or n, n))
        chosen = ranked[:top]
        if focus_id is not None and focus_id not in chosen:
            chosen = [focus_id] + [n for n in ranked if n != focus_id][:top - 1]
        keep = set(chosen)
        description.append(f"top {top} by {size} among those shown"
                           + (f" (only {len(chosen)} score above 0)" if len(chosen) < top else ""))
    if not keep:
        raise BadInput("no entity is left after the filters ("
                       + "; ".join(description) + "); loosen --type / --community / --min-degree")

    sub = graph.subgraph(keep).copy()
    scores = {n: float(scores_shown.get(n, 0.0)) for n in sub}
    communities = {n: int(communities_all.get(n, -1)) for n in sub}
    if color == "type":
        present = {sub.nodes[n].get("type") or UNKNOWN_TYPE for n in sub}
        order = [t for t in (*schema.ENTITY_TYPES, UNKNOWN_TYPE) if t in present]
        order += sorted(present - set(order))
        legend = [(t, TYPE_COLORS.get(t, TYPE_COLORS[UNKNOWN_TYPE])) for t in order]
        colors = {n: TYPE_COLORS.get(sub.nodes[n].get("type") or UNKNOWN_TYPE, TYPE_COLORS[UNKNOWN_TYPE])
                  for n in sub}
    else:
        counts: dict[int, int] = {}
        for c in communities.values():
            counts[c] = counts.get(c, 0) + 1
        order = sorted(counts, key=lambda c: (-counts[c], c))
        legend = [(f"community {c} ({counts[c]})", _community_color(c))
                  for c in order if 0 <= c < len(COMMUNITY_PALETTE) - 1]
        others = sum(counts[c] for c in order if not 0 <= c < len(COMMUNITY_PALETTE) - 1)
        if others:
            legend.append((f"other communities ({others})", _community_color(-1)))
        colors = {n: _community_color(communities[n]) for n in sub}

    use_positions = layout == "precomputed" or (layout == "auto" and sub.number_of_nodes() > PRECOMPUTE_ABOVE)
    return View(graph=sub, color_by=color, size_by=size, scores=scores,
                degrees={n: degrees_all.get(n, 0) for n in sub}, communities=communities,
                colors=colors, sizes=_scale_sizes(scores), legend=legend,
                positions=precompute_layout(sub, seed) if use_positions else None,
                focus=focus_id, description=description, hidden_isolates=hidden_isolates)


def _community_color(community: int) -> str:
    """Communities are numbered by size (0 = largest): the 19 largest get their own colour,
    the rest (and nodes without one) share grey, so no two legend entries share a colour."""
    if 0 <= community < len(COMMUNITY_PALETTE) - 1:
        return COMMUNITY_PALETTE[community]
    return TYPE_COLORS[UNKNOWN_TYPE]


def draw(graph: nx.MultiDiGraph, html: str | None = None, png: str | None = None, *,
         title: str | None = None, **view_options) -> dict:
    """Write the interactive page (``html``) and/or the static overview (``png``) of one view.

    ``view_options`` are those of :func:`prepare_view`. Returns a summary dict (nodes, edges,
    files written, layout used).
    """
    if not html and not png:
        raise BadInput("nothing to write: give -o PAGE.html and/or --png IMAGE.png")
    from freelance_kg.viz import overview, page
    if html:
        page.check_output_path(html, ".html", "-o")
    if png:
        page.check_output_path(png, ".png", "--png")
    view = prepare_view(graph, **view_options)
    if html:
        page.render_page(view, html, title=title)
    if png:
        overview.render_overview(view, png, title=title)
    return {
        "nodes": view.graph.number_of_nodes(),
        "edges": view.graph.number_of_edges(),
        "layout": "precomputed" if view.positions is not None else "browser physics",
        "hidden_isolates": view.hidden_isolates,
        "filters": "; ".join(view.description) or "none",
        "html": html or "",
        "png": png or "",
    }
