"""Communities: known structure, every component kept, seeds, both engines."""

from __future__ import annotations

import networkx as nx
import pytest

from freelance_kg.errors import BadInput
from freelance_kg.queries.communities import (
    adjusted_rand_index, as_sets, community_report, detect_communities, modularity, stability)


@pytest.mark.parametrize("method", ["leiden", "louvain"])
@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_karate_partition_quality(method, engine):
    G = nx.karate_club_graph()
    partition = detect_communities(G, method, seed=0, engine=engine)
    assert set(partition) == set(G)
    # the best known weighted modularity of the karate club is about 0.445
    assert 0.40 <= modularity(G, partition) <= 0.446
    assert 3 <= len(set(partition.values())) <= 5


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_engines_reach_the_same_quality(method):
    G = nx.connected_caveman_graph(6, 5)
    a = detect_communities(G, method, engine="networkx")
    b = detect_communities(G, method, engine="igraph")
    assert modularity(G, a) == pytest.approx(modularity(G, b), abs=0.02)
    # caves are found exactly (the same partition up to numbering)
    assert adjusted_rand_index(a, b) == pytest.approx(1.0)


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_every_component_kept_and_numbered_by_size(engine):
    G = nx.disjoint_union_all([nx.complete_graph(5), nx.complete_graph(3), nx.path_graph(2)])
    G.add_node("alone")
    partition = detect_communities(G, engine=engine)
    assert set(partition) == set(G)
    groups = as_sets(partition)
    assert [len(g) for g in groups] == [5, 3, 2, 1]
    assert groups[3] == {"alone"}


def test_same_seed_same_answer_and_stability_bounds():
    G = nx.karate_club_graph()
    assert detect_communities(G, seed=3) == detect_communities(G, seed=3)
    score = stability(G, "leiden", seeds=range(10))
    assert 0.5 < score <= 1.0
    caves = nx.connected_caveman_graph(5, 6)
    assert stability(caves, "louvain", seeds=range(5)) == pytest.approx(1.0)


def test_adjusted_rand_index():
    a = {1: 0, 2: 0, 3: 1, 4: 1}
    assert adjusted_rand_index(a, {1: 5, 2: 5, 3: 7, 4: 7}) == 1.0      # renaming is no change
    assert adjusted_rand_index(a, {1: 0, 2: 1, 3: 0, 4: 1}) < 0          # worse than chance


def test_ecosystem_communities(eco_graph, eid):
    partition = detect_communities(eco_graph, seed=0)
    same = lambda *names: len({partition[eid(n)] for n in names}) == 1  # noqa: E731
    assert same("Ana Ruiz", "Chloe Martin", "GigHub")
    assert same("Dev Patel", "Eva Lind", "TalentLoop")
    assert same("Ines Costa", "Jonas Weber", "Remote Workers Alliance")
    assert same("Kai Muller", "Lena Muller", "Muller Studio")
    assert partition[eid("GigHub")] != partition[eid("TalentLoop")]
    assert partition[eid("Muller Studio")] != partition[eid("GigHub")]


def test_report_labels_by_central_members(eco_graph):
    report = community_report(eco_graph, seed=0, stability_seeds=3)
    largest = report["largest_component"]
    assert report["modularity"] > 0.3 and 0 <= largest["stability"] <= 1
    assert largest["nodes"] == 18 and largest["communities"] >= 2 and largest["modularity"] > 0.2
    muller = next(c for c in report["communities"] if "Muller Studio" in c["members"])
    assert muller["size"] == 3 and muller["label"].startswith("Muller Studio")
    assert muller["whole_component"] is True
    assert report["whole_components"] == 1 and report["nodes_left_out"] == 0
    assert [c["community"] for c in report["communities"]] == list(range(len(report["communities"])))


def test_unknown_method():
    with pytest.raises(BadInput, match="label_propagation"):
        detect_communities(nx.path_graph(3), "label_propagation")


def islands_graph():
    """Two 5-cliques joined by one edge (one component, two communities), three separate
    triangles, and 20 isolated nodes: the shape of a graph built from a few articles."""
    G = nx.barbell_graph(5, 0)
    G = nx.disjoint_union_all([G, nx.cycle_graph(3), nx.cycle_graph(3), nx.cycle_graph(3),
                               nx.empty_graph(20)])
    return G


def test_singletons_hidden_by_default_and_counted():
    report = community_report(islands_graph(), seed=0, stability_seeds=4)
    assert [c["size"] for c in report["communities"]] == [5, 5, 3, 3, 3]
    assert [c["whole_component"] for c in report["communities"]] == [False, False, True, True, True]
    assert report["communities_hidden"] == 20 and report["nodes_left_out"] == 20
    assert report["whole_components"] == 3
    assert report["coverage"]["isolates"] == 20 and report["coverage"]["components"] == 24
    assert report["largest_component"] == {"nodes": 10, "communities": 2,
                                           "modularity": pytest.approx(0.4523, abs=1e-4),
                                           "stability": 1.0}
    assert report["scope"].startswith("Scope: communities of at least 2 members (20 smaller ones "
                                      "hidden, 20 nodes left out; --min-size 1 shows them); 3 of "
                                      "the 5 shown are whole connected components")
    everything = community_report(islands_graph(), seed=0, stability_seeds=1, min_size=1)
    assert len(everything["communities"]) == 25 and everything["nodes_left_out"] == 0
    assert everything["largest_component"]["stability"] is None
