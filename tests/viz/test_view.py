"""Filters, colours, sizes and layout of a view (no browser)."""

from __future__ import annotations

import networkx as nx
import pytest

from freelance_kg.errors import BadInput, EntityNotFound
from freelance_kg.graph import identity
from freelance_kg.queries.centrality import centrality_scores
from freelance_kg.queries.communities import detect_communities
from freelance_kg.viz import view as views

ADA = identity.entity_id("Ada Byron", "Person")
BOB = identity.entity_id("Bob Stone", "Person")
GIG = identity.entity_id("Gigly", "Platform")
ORG = identity.entity_id("Freelancers Union of Porto", "Organization")
FUND = identity.entity_id("Harbour Ventures", "Funder")
PORTO = identity.entity_id("Porto", "Place")
SUMMIT = identity.entity_id("Indie Work Summit", "Event")


def nodes_of(view):
    return set(view.graph.nodes)


def test_no_filter_keeps_everything(small_graph):
    view = views.prepare_view(small_graph)
    assert nodes_of(view) == set(small_graph.nodes)
    assert view.graph.number_of_edges() == small_graph.number_of_edges() == 9
    assert view.positions is None            # small: the browser lays it out


@pytest.mark.parametrize("name, hops, expected", [
    ("Bob Stone", 1, {BOB, ORG, SUMMIT}),
    ("Bob Stone", 2, {BOB, ORG, SUMMIT, GIG}),
    ("FUP", 0, {ORG}),                                  # an alias
    ("porto", 1, {PORTO, GIG}),                         # case-folded name
])
def test_focus_and_hops(small_graph, name, hops, expected):
    view = views.prepare_view(small_graph, focus=name, hops=hops)
    assert nodes_of(view) == expected
    assert view.focus in expected


def test_unknown_focus_names_candidates(small_graph):
    with pytest.raises(EntityNotFound) as info:
        views.prepare_view(small_graph, focus="Ida Bryon")
    assert "Ida Bryon" in str(info.value)
    assert info.value.candidates == ["Ada Byron (Person)"]
    with pytest.raises(EntityNotFound) as info:        # nothing alike: nothing suggested
        views.prepare_view(small_graph, focus="Zelda Quartz")
    assert info.value.candidates == []


def test_types_filter_is_case_insensitive(small_graph):
    view = views.prepare_view(small_graph, types="Person, platform", show_isolates=True)
    assert {view.graph.nodes[n]["type"] for n in view.graph} == {"Person", "Platform"}
    assert len(view.graph) == 4
    # Bob Stone has no Person or Platform neighbour: without --show-isolates he is hidden, counted
    linked = views.prepare_view(small_graph, types="Person, platform")
    assert nodes_of(linked) == nodes_of(view) - {BOB} and linked.hidden_isolates == 1
    assert "1 entities without a link hidden (--show-isolates)" in linked.description


def test_unknown_type_is_bad_input(small_graph):
    with pytest.raises(BadInput, match="Robot.*Person, Platform"):
        views.prepare_view(small_graph, types="Person,Robot")


def test_min_degree_counts_distinct_neighbours(small_graph):
    # Ada has two edges (FOUNDED, LEADS) but one neighbour, Gigly. Gigly has 5 neighbours, but
    # once the entities with one link are gone only the FUP is left beside it: degree counts
    # among those shown, so Gigly goes too and what remains is the FUP-Bob-summit triangle
    view = views.prepare_view(small_graph, min_degree=2)
    assert nodes_of(view) == {ORG, SUMMIT, BOB}
    assert all(len(set(nx.all_neighbors(view.graph, n))) >= 2 for n in view.graph)
    assert "degree >= 2 among those shown" in view.description
    assert views.prepare_view(small_graph).degrees[GIG] == 5


def test_whole_graph_hides_isolates_and_counts_them(small_graph):
    graph = small_graph.copy()
    for i in range(3):
        graph.add_node(f"person/loner-{i}", type="Person", name=f"Loner {i}", aliases=[])
    view = views.prepare_view(graph)
    assert nodes_of(view) == set(small_graph) and view.hidden_isolates == 3
    assert view.description == ["3 entities without a link hidden (--show-isolates)"]
    assert nodes_of(views.prepare_view(graph, show_isolates=True)) == set(graph)


def test_top_ranks_on_the_shown_subgraph_and_skips_zero_scores(small_graph):
    # among people and platforms only Gigly lies between two others (Ada and the odd one)
    view = views.prepare_view(small_graph, types="Person,Platform", top=2, size="betweenness")
    assert nodes_of(view) == {GIG}
    assert view.scores[GIG] == 1.0                   # betweenness within the shown star
    assert "top 2 by betweenness among those shown (only 1 score above 0)" in view.description


def test_top_uses_the_size_measure(small_graph):
    scores = centrality_scores(small_graph, "degree")
    expected = sorted(scores, key=lambda n: (-scores[n], small_graph.nodes[n]["name"]))[:2]
    view = views.prepare_view(small_graph, top=2, size="degree")
    assert nodes_of(view) == set(expected)


def test_top_always_keeps_the_focus(small_graph):
    view = views.prepare_view(small_graph, focus="Porto", top=2, size="degree")
    assert nodes_of(view) == {PORTO, GIG}


def test_community_filter_matches_the_analytics_partition(cluster_graph):
    partition = detect_communities(cluster_graph, seed=0)
    view = views.prepare_view(cluster_graph, community=0)
    assert nodes_of(view) == {n for n, c in partition.items() if c == 0}
    # and it is one of the six hand-built clusters: every member's name carries the same hub number
    hubs = {cluster_graph.nodes[n]["name"].split()[1].split("-")[0] for n in view.graph}
    assert len(hubs) == 1


def test_unknown_community_is_bad_input(cluster_graph):
    with pytest.raises(BadInput, match="--community 99 does not exist"):
        views.prepare_view(cluster_graph, community=99)


def test_filters_that_leave_nothing_are_bad_input(small_graph):
    with pytest.raises(BadInput, match="no entity is left"):
        views.prepare_view(small_graph, types="Event", min_degree=3)


@pytest.mark.parametrize("options, message", [
    ({"color": "rainbow"}, "--color"),
    ({"size": "height"}, "--size"),
    ({"layout": "spiral"}, "--layout"),
    ({"hops": -1}, "--hops"),
    ({"top": 0}, "--top"),
])
def test_bad_options(small_graph, options, message):
    with pytest.raises(BadInput, match=message):
        views.prepare_view(small_graph, **options)


def test_empty_graph_is_bad_input():
    import networkx as nx
    with pytest.raises(BadInput, match="empty"):
        views.prepare_view(nx.MultiDiGraph())


def test_type_colours_and_legend(small_graph):
    view = views.prepare_view(small_graph, color="type")
    assert view.colors[ADA] == view.colors[BOB] == views.TYPE_COLORS["Person"]
    assert view.colors[GIG] == views.TYPE_COLORS["Platform"]
    assert [label for label, _ in view.legend] == ["Person", "Platform", "Organization", "Funder",
                                                  "Place", "Event"]


def test_community_colours_follow_the_partition(cluster_graph):
    partition = detect_communities(cluster_graph, seed=0)
    view = views.prepare_view(cluster_graph, color="community", layout="physics")
    for u in list(view.graph)[:40]:
        for v in list(view.graph)[:40]:
            assert (view.colors[u] == view.colors[v]) == (partition[u] == partition[v])
    assert len(view.legend) == len(set(partition.values()))


def test_sizes_grow_with_the_score(small_graph):
    for measure in views.SIZE_MEASURES:
        view = views.prepare_view(small_graph, size=measure)
        ranked = sorted(view.graph, key=lambda n: view.scores[n])
        sizes = [view.sizes[n] for n in ranked]
        assert sizes == sorted(sizes)
        assert views.MIN_NODE_SIZE <= min(sizes) and max(sizes) <= views.MAX_NODE_SIZE
        assert view.scores == pytest.approx({n: s for n, s in
                                             centrality_scores(small_graph, measure).items()})
    assert max(view.sizes, key=view.sizes.get) == GIG


def test_precomputed_layout_is_seeded(cluster_graph):
    first = views.prepare_view(cluster_graph).positions
    again = views.prepare_view(cluster_graph).positions
    other = views.prepare_view(cluster_graph, seed=7).positions
    assert first is not None and set(first) == set(cluster_graph.nodes)
    assert first == again
    assert first != other


def test_layout_choice(small_graph, cluster_graph):
    assert views.prepare_view(small_graph, layout="precomputed").positions is not None
    assert views.prepare_view(cluster_graph, layout="physics").positions is None


def test_draw_needs_an_output(small_graph):
    with pytest.raises(BadInput, match="-o PAGE.html"):
        views.draw(small_graph)


@pytest.mark.parametrize("kwargs, message", [
    ({"html": "graph.htm"}, "must end in .html"),
    ({"png": "overview.jpg"}, "must end in .png"),
    ({"html": "no/such/folder/graph.html"}, "does not exist"),
])
def test_draw_checks_paths_before_work(small_graph, tmp_path, monkeypatch, kwargs, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadInput, match=message):
        views.draw(small_graph, **kwargs)
    assert list(tmp_path.iterdir()) == []


def test_layout_packs_isolated_entities_beside_the_main_component(cluster_graph):
    graph = cluster_graph.copy()
    for i in range(40):
        graph.add_node(f"person/loner-{i}", type="Person", name=f"Loner {i}", aliases=[])
    positions = views.precompute_layout(graph)
    assert len(set(positions.values())) == len(graph)           # no two nodes on one spot
    def width(nodes):
        xs = [positions[n][0] for n in nodes]
        return max(xs) - min(xs)
    main = [n for n in graph if not n.startswith("person/loner-")]
    # one layout of everything pushes loners to a far ring and shrinks the main part to a dot
    assert width(main) >= 0.8 * width(graph)
    loners_y = min(positions[f"person/loner-{i}"][1] for i in range(40))
    assert loners_y > max(positions[n][1] for n in main)          # packed in rows below it


def test_self_loops_are_not_neighbours(small_graph):
    small_graph.add_edge(GIG, GIG, key="ACQUIRED", predicate="ACQUIRED", evidence=[], evidence_count=0)
    assert views.prepare_view(small_graph).degrees[GIG] == 5
