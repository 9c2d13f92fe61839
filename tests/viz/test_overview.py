"""The static overview PNG."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.image import imread

from freelance_kg.errors import BadInput
from freelance_kg.viz import overview, view as views


def colour_pixels(image, hex_colour: str) -> int:
    """How many pixels have exactly this colour (marker centres are not antialiased)."""
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return int(np.all(np.abs(image[..., :3] - rgb) < 1.5 / 255, axis=-1).sum())


def test_overview_is_a_png_with_the_view_colours(small_graph, tmp_path, artifacts):
    target = tmp_path / "overview.png"
    view = views.prepare_view(small_graph, color="type")
    overview.render_overview(view, str(target), title="Small graph")
    image = imread(target)
    assert image.shape[:2] == (1350, 1800)                  # 12 x 9 inches at 150 dpi
    for entity_type in ("Person", "Platform", "Funder", "Place", "Event", "Organization"):
        assert colour_pixels(image, views.TYPE_COLORS[entity_type]) > 20, entity_type
    (artifacts / "overview-small.png").write_bytes(target.read_bytes())


def test_overview_by_community_uses_community_colours(cluster_graph, tmp_path, artifacts):
    target = tmp_path / "communities.png"
    view = views.prepare_view(cluster_graph, color="community")
    overview.render_overview(view, str(target))
    image = imread(target)
    for community in range(6):
        assert colour_pixels(image, views.COMMUNITY_PALETTE[community]) > 20, community
    assert colour_pixels(image, views.TYPE_COLORS["Person"]) < 5     # not coloured by type
    (artifacts / "overview-communities.png").write_bytes(target.read_bytes())


def test_same_view_same_picture(small_graph, tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    views.draw(small_graph, png=str(first))
    views.draw(small_graph, png=str(second))
    assert np.array_equal(imread(first), imread(second))


def test_dollar_signs_in_names_are_text(small_graph, tmp_path):
    small_graph.nodes["platform/gigly"]["name"] = "Gigly $5 $ per gig"
    views.draw(small_graph, png=str(tmp_path / "money.png"))     # mathtext would raise here
    assert (tmp_path / "money.png").stat().st_size > 0


def test_png_path_must_end_in_png(small_graph, tmp_path):
    with pytest.raises(BadInput, match="must end in .png"):
        overview.render_overview(views.prepare_view(small_graph), str(tmp_path / "x.svg"))


def test_labels_skip_ties_at_the_cut_off(cluster_graph):
    view = views.prepare_view(cluster_graph)
    labelled = overview._labelled_nodes(view, 25)
    # the six hubs score highest; the members below them come in large groups of equal scores
    assert {cluster_graph.nodes[n]["name"] for n in labelled[:6]} == {f"Hub {c}" for c in range(6)}
    assert len(labelled) <= 25
    if len(labelled) < 25:
        assert view.scores[labelled[-1]] > sorted(view.scores.values(), reverse=True)[25]


def crowded_star():
    """A platform with 60 workers whose long names cannot all fit around it."""
    from freelance_kg.graph.model import Entity, Relation
    from freelance_kg.graph.projection import to_multidigraph
    hub = Entity.make("Gigly", "Platform")
    people = [Entity.make(f"Freelancer With A Long Name {i:02d}", "Person") for i in range(60)]
    return to_multidigraph([hub, *people], [Relation(p.id, "WORKS_FOR", hub.id) for p in people])


def test_labels_never_overlap_and_directed_links_have_arrows(small_graph):
    view = views.prepare_view(crowded_star(), layout="precomputed")
    fig, boxes = overview.draw_figure(view, labelled=100)
    assert "platform/gigly" in boxes and 2 <= len(boxes) < 61   # not every name fits
    placed = list(boxes.values())
    assert not any(a.overlaps(b) for i, a in enumerate(placed) for b in placed[i + 1:])
    labels = [t for t in fig.axes[0].texts if t.get_text()]
    assert len(labels) == len(boxes)                         # skipped labels are removed
    # arrows: one per link whose predicate has a direction (PARTNERS_WITH has none)
    small = views.prepare_view(small_graph)
    fig, _ = overview.draw_figure(small)
    arrows = [t for t in fig.axes[0].texts if getattr(t, "arrow_patch", None) is not None]
    directed = [d for _, _, d in small.graph.edges(data=True)
                if d["predicate"] not in views.schema.SYMMETRIC]
    assert len(arrows) == len(directed) == small.graph.number_of_edges() - 1
