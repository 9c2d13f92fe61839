"""Small-town report: known values, reference graphs, reach, both engines."""

from __future__ import annotations

import networkx as nx
import pytest

from freelance_kg.errors import BadInput
from freelance_kg.queries.smallworld import describe, small_world, smalltown


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_karate_known_values(engine):
    r = small_world(nx.karate_club_graph(), engine=engine)
    assert r["average_clustering"] == pytest.approx(0.5706, abs=1e-4)
    assert r["average_path_length"] == pytest.approx(2.4082, abs=1e-4)
    assert r["diameter"] == 5 and r["diameter_exact"]
    assert r["inner_circle_k"] == 4 and r["inner_circle_size"] == 10
    assert r["sigma"] > 1                       # the club is a small world
    assert -0.5 < r["omega"] < 0.5


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_lattice_and_random_graphs_are_told_apart(engine):
    lattice = nx.watts_strogatz_graph(200, 6, 0.0, seed=1)
    random_graph = nx.gnm_random_graph(200, 600, seed=1)
    lat = small_world(lattice, engine=engine, n_random=2)
    rnd = small_world(random_graph, engine=engine, n_random=2)
    assert lat["lattice_clustering"] == pytest.approx(0.6)     # the ring itself: 3(k-2)/4(k-1)
    assert lat["average_clustering"] == pytest.approx(0.6)
    assert lat["omega"] < -0.5                                 # lattice-like
    assert rnd["omega"] > 0.5                                  # random-like
    assert rnd["sigma"] < 2 < lat["sigma"]


def test_reach_on_a_path():
    r = small_world(nx.path_graph(4), n_random=0)
    # ordered pairs: 12; within 2 steps: 10; within 3: all
    assert r["reach_of"] == "nodes"
    assert r["share_within_2_hops"] == pytest.approx(10 / 12)
    assert r["share_within_3_hops"] == 1.0


def test_large_graph_is_sampled_and_close_to_exact():
    G = nx.connected_watts_strogatz_graph(3200, 6, 0.2, seed=3)
    r = small_world(G, n_random=1, sample=150, engine="igraph")
    assert r["path_length_sampled"] and not r["diameter_exact"]
    from freelance_kg.queries._graphs import to_igraph
    g, _ = to_igraph(G)
    exact = g.average_path_length()
    assert r["average_path_length"] == pytest.approx(exact, rel=0.03)
    assert r["diameter"] <= g.diameter()


def test_ecosystem_town_leaves_places_out(eco_graph):
    r = small_world(eco_graph)
    assert r["places_left_out"] == 2 and r["nodes"] == eco_graph.number_of_nodes() - 2
    assert r["components"] == 2                       # the Muller studio stands apart
    # 16 members in the largest component: too few for sigma and omega, and it says so
    assert r["largest_component_nodes"] == 16 and r["sigma"] is None and r["omega"] is None
    assert r["small_world_note"] == ("the largest component has 16 members; sigma and omega "
                                     "need at least 20")
    assert r["reach_of"] == "people" and r["reach_population"] == 12
    people = small_world(eco_graph, view="people")
    assert people["nodes"] == 12 and people["average_clustering"] > r["average_clustering"]


def test_engines_agree_on_deterministic_measures(eco_graph):
    a = small_world(eco_graph, engine="networkx", view="people")
    b = small_world(eco_graph, engine="igraph", view="people")
    for key in ("average_clustering", "transitivity", "average_path_length", "diameter",
                "inner_circle_k", "inner_circle_size", "share_within_2_hops", "share_within_3_hops"):
        assert a[key] == pytest.approx(b[key]), key


def test_summary_in_words(eco_graph):
    report = smalltown(eco_graph, view="people")
    assert report["summary"][0].startswith("Coverage: 12 members, ")
    assert report["coverage"]["components"] == 2 and report["coverage"]["isolates"] == 0
    assert report["summary"][1] == report["scope"] == (
        "Scope: clustering, reach and the inner circle cover the whole town; path lengths, "
        "sigma and omega only its largest component (10 of 12 members, 83%).")
    text = " ".join(report["summary"])
    assert "within 2 steps" in text and "sigma = " not in text
    assert "sigma and omega are not given: the largest component has 10 members" in text
    assert describe({"nodes": 0}) == ["The graph is empty: ingest some articles first (fkg ingest)."]
    assert smalltown(nx.Graph())["measures"]["nodes"] == 0
    with pytest.raises(BadInput, match="--view"):
        small_world(eco_graph, view="towns")


def test_fragmented_graph_reports_coverage_and_warns():
    # a 24-node ring with chords, five separate pairs, and 30 isolated nodes
    G = nx.circulant_graph(24, [1, 2])
    G = nx.disjoint_union_all([G] + [nx.path_graph(2)] * 5 + [nx.empty_graph(30)])
    report = smalltown(G, n_random=2)
    assert report["coverage"] == {"nodes": 64, "links": 53, "isolates": 30, "components": 36,
                                  "largest_component_nodes": 24,
                                  "largest_component_share": 0.375}
    first = report["summary"][0]
    assert first.startswith("Coverage: 64 members, 53 links; 30 isolated (47%); 36 connected "
                            "components; the largest holds 24 members (38%).")
    assert "The graph is fragmented" in first
    assert "(24 of 64 members, 38%)" in report["scope"]
    assert report["measures"]["sigma"] is not None     # 24 members with cycles: measured


def test_tree_component_has_no_sigma_never_zero():
    G = nx.balanced_tree(2, 5)                          # 63 nodes, no cycle
    r = small_world(G)
    assert r["sigma"] is None and r["omega"] is None and r["random_clustering"] is None
    assert r["small_world_note"].startswith("the largest component is a tree")
    text = " ".join(smalltown(G)["summary"])
    assert "sigma = " not in text and "omega = " not in text
    assert "sigma and omega are not given: the largest component is a tree" in text


def test_connected_caveman_omega_matches_networkx():
    G = nx.connected_caveman_graph(6, 5)
    r = small_world(G, n_random=3, seed=0)
    theirs = nx.omega(G, niter=5, nrand=3, seed=0)
    assert -1 <= r["omega"] <= 1
    assert r["omega"] == pytest.approx(theirs, abs=0.1)      # same definition, other seeds
    assert r["lattice_clustering"] >= r["largest_component_clustering"]
    assert r["reference_kind"] == "networkx random_reference and lattice_reference, niter=5"
    assert r["omega"] < 0 and r["sigma"] > 1


def test_same_seed_same_numbers_and_the_seed_matters():
    G = nx.connected_watts_strogatz_graph(60, 6, 0.2, seed=4)
    keys = ("random_clustering", "random_path_length", "lattice_clustering", "sigma", "omega")
    a, b = small_world(G, seed=5), small_world(G.copy(), seed=5)
    assert [a[k] for k in keys] == [b[k] for k in keys]
    c = small_world(G, seed=6)
    assert [a[k] for k in keys] != [c[k] for k in keys]


def test_inner_circle_split_into_separate_groups():
    # two 4-cliques (3-cores) joined by a path of 2-core nodes: one k, two groups
    G = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(4))
    G.add_edges_from([(3, 10), (10, 11), (11, 4)])
    r = small_world(G, n_random=0)
    assert r["inner_circle_k"] == 3 and r["inner_circle_size"] == 8
    assert r["inner_circle_groups"] == 2 and len(r["inner_circle"]) == 4
    text = " ".join(smalltown(G, n_random=0)["summary"])
    assert "it falls into 2 separate groups that do not touch" in text
