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
    assert lat["lattice_clustering"] == pytest.approx(0.6)     # 3(k-2)/4(k-1) at k=6
    assert lat["average_clustering"] == pytest.approx(0.6)
    assert lat["omega"] < -0.5                                 # lattice-like
    assert rnd["omega"] > 0.5                                  # random-like
    assert rnd["sigma"] == pytest.approx(1.0, abs=0.6)


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
    text = " ".join(report["summary"])
    assert "12 members" in text and "within 2 steps" in text and "sigma" in text
    assert describe({"nodes": 0}) == ["The graph is empty: ingest some articles first (fkg ingest)."]
    assert smalltown(nx.Graph())["measures"]["nodes"] == 0
    with pytest.raises(BadInput, match="--view"):
        small_world(eco_graph, view="towns")
