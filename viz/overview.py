"""A static overview image for reports (matplotlib, Agg backend, no display needed).

Same view as the page: nodes coloured by type or community and sized by the chosen centrality,
edges coloured by predicate (with arrowheads on directed predicates up to
:data:`ARROWS_MAX` links), the most central names labelled where a label does not overlap
another (placed greedily, most central first, above the node or else below it), legends for
both. The layout is always the seeded precomputed one, so the same graph and seed give the
same picture.
"""

from __future__ import annotations

import math
from pathlib import Path

from freelance_kg.viz import view as views

#: How many of the highest-scoring nodes get a name label (when it fits without overlap).
LABELLED_NODES = 25
#: Directed links get arrowheads up to this many links (each arrow is its own artist).
ARROWS_MAX = 1500


def render_overview(view: views.View, path: str, title: str | None = None, *,
                    labelled: int = LABELLED_NODES, dpi: int = 150) -> Path:
    """Draw ``view`` to the PNG file ``path`` (its folder must exist)."""
    from freelance_kg.viz.page import check_output_path

    target = check_output_path(path, ".png", "--png")
    fig, _ = draw_figure(view, title, labelled=labelled, dpi=dpi)
    fig.savefig(target, format="png", dpi=dpi, facecolor="white")
    return target


def draw_figure(view: views.View, title: str | None = None, *, labelled: int = LABELLED_NODES,
                dpi: int = 150):
    """(matplotlib Figure, {node: label bounding box in pixels}) of the overview."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    graph = view.graph
    positions = view.positions or views.precompute_layout(graph)
    nodes = sorted(graph.nodes, key=lambda n: (view.scores.get(n, 0.0), n))   # big ones on top

    fig = Figure(figsize=(12, 9), dpi=dpi)
    FigureCanvasAgg(fig)       # the Agg canvas; no pyplot, no global state, no display
    ax = fig.add_axes((0.01, 0.01, 0.78, 0.93))
    ax.set_axis_off()

    # fainter, thinner lines as edges multiply, so a large graph is not a solid blot
    crowding = min(1.0, math.sqrt(300 / max(1, graph.number_of_edges())))
    alpha, line_width = max(0.15, 0.55 * crowding), max(0.3, 0.8 * crowding)
    arrows = graph.number_of_edges() <= ARROWS_MAX
    by_predicate: dict[str, list] = {}
    directed: list[tuple] = []
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        predicate = data.get("predicate") or ""
        if arrows and predicate not in views.schema.SYMMETRIC:
            directed.append((u, v, predicate))
        else:
            by_predicate.setdefault(predicate, []).append((positions[u], positions[v]))
    for predicate in view.predicates:
        segments = by_predicate.get(predicate)
        if segments:
            ax.add_collection(LineCollection(segments, colors=views.PREDICATE_COLORS.get(predicate, "#999999"),
                                             linewidths=line_width, alpha=alpha, zorder=1))

    xs = [positions[n][0] for n in nodes]
    ys = [positions[n][1] for n in nodes]
    # matplotlib's area is in points^2; shrink the page's pixel diameters as the graph grows so
    # that a 2,000-node overview is not one blot
    shrink = 0.9 * min(1.0, (50 / max(1, len(nodes))) ** 0.4)
    areas = [(view.sizes[n] * shrink) ** 2 for n in nodes]
    ax.scatter(xs, ys, s=areas, c=[view.colors[n] for n in nodes], edgecolors="#333333",
               linewidths=0.4, zorder=2)
    for u, v, predicate in directed:
        # the arrow stops at the edge of the target's marker (its radius in points)
        colour = views.PREDICATE_COLORS.get(predicate, "#999999")
        ax.annotate("", xy=positions[v], xytext=positions[u], zorder=1, annotation_clip=False,
                    arrowprops={"arrowstyle": "-|>", "color": colour, "alpha": alpha,
                                "linewidth": line_width, "mutation_scale": 7,
                                "shrinkA": 0, "shrinkB": view.sizes[v] * shrink / 2 + 0.5})
    ax.invert_yaxis()          # the page's y axis points down; keep the same picture
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    # fix the limits (the equal aspect is applied at draw time) before measuring labels
    fig.canvas.draw()
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    boxes = _place_labels(fig, ax, view, positions, shrink, labelled)

    colour_handles = [Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=c,
                             markeredgecolor="#333333", label=label) for label, c in view.legend[:20]]
    legend = fig.legend(handles=colour_handles, loc="upper left", bbox_to_anchor=(0.80, 0.94),
                        title="entity type" if view.color_by == "type" else "community",
                        fontsize=8, title_fontsize=9, frameon=False)
    for text in legend.get_texts():
        text.set_parse_math(False)
    predicate_handles = [Line2D([], [], color=views.PREDICATE_COLORS.get(p, "#999999"), linewidth=2,
                                label=p) for p in view.predicates]
    if predicate_handles:
        fig.legend(handles=predicate_handles, loc="lower left", bbox_to_anchor=(0.80, 0.05),
                   title="links", fontsize=8, title_fontsize=9, frameon=False)

    heading = title or "freelance-kg graph"
    sub = (f"{graph.number_of_nodes()} entities, {graph.number_of_edges()} links; size = {view.size_by}"
           + ("; " + "; ".join(view.description) if view.description else ""))
    fig.text(0.01, 0.975, heading, fontsize=13, weight="bold", va="top", parse_math=False)
    fig.text(0.01, 0.948, sub, fontsize=9, color="#555555", va="top", parse_math=False)
    return fig, boxes


def _place_labels(fig, ax, view, positions, shrink, limit) -> dict:
    """Label the most central nodes, most central first, above the node or else below it,
    skipping a label that would overlap one already placed: {node: bounding box (pixels)}."""
    renderer = fig.canvas.get_renderer()
    placed: dict = {}
    for node in _labelled_nodes(view, limit):
        x, y = positions[node]
        gap = view.sizes[node] * shrink / 2 + 3
        for offset, va in (((0, gap), "bottom"), ((0, -gap), "top")):
            # parse_math=False: a "$" in a name is text, not mathtext
            label = ax.annotate(view.graph.nodes[node].get("name") or node, (x, y), xytext=offset,
                                textcoords="offset points", ha="center", va=va, fontsize=7,
                                zorder=3, parse_math=False, annotation_clip=False,
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                      "alpha": 0.7})
            box = label.get_window_extent(renderer).expanded(1.04, 1.1)
            if not any(box.overlaps(other) for other in placed.values()):
                placed[node] = box
                break
            label.remove()
    return placed


def _labelled_nodes(view: views.View, limit: int) -> list[str]:
    """The ``limit`` highest-scoring nodes, minus any group tied at the cut-off: labelling an
    arbitrary few of many equal nodes would suggest a difference that is not there."""
    ranked = sorted(view.graph.nodes, key=lambda n: (-view.scores.get(n, 0.0), n))
    if len(ranked) <= limit:
        return ranked
    cutoff = view.scores.get(ranked[limit], 0.0)
    return [n for n in ranked[:limit] if view.scores.get(n, 0.0) > cutoff]
