"""Centrality on graphs with known answers; networkx and igraph agree."""

from __future__ import annotations

import networkx as nx
import pytest

from freelance_kg.errors import BadInput
from freelance_kg.queries.centrality import (
    MEASURES, centrality_report, centrality_scores, top_central, top_connectors)


def test_karate_known_values():
    G = nx.karate_club_graph()
    between = centrality_scores(G, "betweenness")
    # published value (networkx docs; Zachary 1977): the instructor's betweenness
    assert between[0] == pytest.approx(0.4376, abs=1e-4)
    degree = centrality_scores(G, "degree")
    assert degree[33] == pytest.approx(17 / 33) and degree[0] == pytest.approx(16 / 33)
    pagerank = centrality_scores(G, "pagerank")
    assert sum(pagerank.values()) == pytest.approx(1.0)
    assert sorted(pagerank, key=pagerank.get)[-2:] in ([0, 33], [33, 0])


def test_florentine_medici_are_central():
    G = nx.florentine_families_graph()
    for measure in MEASURES:
        scores = centrality_scores(G, measure)
        assert max(scores, key=scores.get) == "Medici", measure
    assert centrality_scores(G, "betweenness")["Medici"] == pytest.approx(0.5220, abs=1e-4)


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("make", [nx.karate_club_graph, nx.florentine_families_graph,
                                  lambda: nx.disjoint_union(nx.krackhardt_kite_graph(), nx.path_graph(3))])
def test_engines_agree(measure, make):
    G = make()
    G.add_node("loner")
    ours = centrality_scores(G, measure, engine="networkx", component="each")
    theirs = centrality_scores(G, measure, engine="igraph", component="each")
    # eigenvector is undefined for an isolated node: left out, never scored 0
    expected = set(G) - {"loner"} if measure == "eigenvector" else set(G)
    assert set(ours) == set(theirs) == expected
    for node in expected:
        assert ours[node] == pytest.approx(theirs[node], abs=1e-4), (measure, node)


def test_sampled_betweenness_same_sources_on_both_engines():
    G = nx.connected_watts_strogatz_graph(300, 6, 0.1, seed=1)
    a = centrality_scores(G, "betweenness", k=40, seed=7, engine="networkx")
    b = centrality_scores(G, "betweenness", k=40, seed=7, engine="igraph")
    assert max(abs(a[v] - b[v]) for v in G) < 1e-9
    c = centrality_scores(G, "betweenness", k=40, seed=8, engine="networkx")
    assert a != c                                # the seed matters ...
    exact = centrality_scores(G, "betweenness")
    top_exact = set(sorted(exact, key=exact.get)[-10:])
    top_sampled = set(sorted(a, key=a.get)[-10:])
    assert len(top_exact & top_sampled) >= 5     # ... and the estimate is close to the truth


def test_multidigraph_type_filter_and_top(eco_graph, eid):
    scores = centrality_scores(eco_graph, "degree")
    assert set(scores) == set(eco_graph)         # every node gets a score
    people = centrality_scores(eco_graph, "betweenness", entity_type="Person")
    assert {eco_graph.nodes[n]["type"] for n in people} == {"Person"}
    assert max(people, key=people.get) == eid("Ben Okafor")
    rows = top_central(eco_graph, "betweenness", entity_type="Person", top=3)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["name"] == "Ben Okafor" and rows[0]["type"] == "Person"


def test_top_connectors_counts_distinct_neighbours(eco_graph):
    rows = {r["name"]: r["connections"] for r in top_connectors(eco_graph)}
    # GigHub: Ana (FOUNDED + LEADS counts once), Ben, Chloe, Northstar, Lisbon
    assert rows["GigHub"] == 5
    assert rows["Hugo Brandt"] == 1


def test_bad_input_is_explained():
    G = nx.path_graph(4)
    with pytest.raises(BadInput, match="closeness|choose one of"):
        centrality_scores(G, "closeness")
    with pytest.raises(BadInput, match="--engine"):
        centrality_scores(G, "degree", engine="spark")
    with pytest.raises(BadInput, match="--type"):
        centrality_scores(G, "degree", entity_type="Company")
    assert centrality_scores(nx.Graph(), "pagerank") == {}


def side_component_graph():
    """A 12-node hub-and-ring (the main network) and a separate, denser 4-clique whose
    eigenvector scores, taken together with the main one, would rank its members near the top."""
    G = nx.Graph()
    G.add_edges_from((f"hub{i}", f"hub{(i + 1) % 12}") for i in range(12))
    G.add_edges_from(("centre", f"hub{i}") for i in range(0, 12, 3))
    G.add_edges_from((f"side{a}", f"side{b}", {"weight": 5}) for a in range(4) for b in range(a))
    G.add_node("loner")
    return G


def test_eigenvector_ranks_the_largest_component_only():
    G = side_component_graph()
    scores = centrality_scores(G, "eigenvector")
    assert set(scores) == set(G) - {f"side{i}" for i in range(4)} - {"loner"}
    assert max(scores, key=scores.get) == "centre" and max(scores.values()) == 1.0
    report = centrality_report(G, "eigenvector", top=20)
    assert [r["name"] for r in report["rows"]][0] == "centre"
    assert not any(r["name"].startswith("side") for r in report["rows"])
    assert report["coverage"] == {"nodes": 18, "links": 22, "isolates": 1, "components": 3,
                                  "largest_component_nodes": 13,
                                  "largest_component_share": round(13 / 18, 4)}
    assert report["scope"].startswith("Scope: entities of the largest component only (13 of 18")
    assert "the other 5 are not ranked" in report["scope"]


def test_eigenvector_each_component_is_labelled():
    rows = top_central(side_component_graph(), "eigenvector", top=2, component="each")
    assert [(r["component"], r["rank"]) for r in rows] == [(0, 1), (0, 2), (1, 1), (1, 2)]
    assert rows[0]["name"] == "centre"
    assert {rows[2]["name"], rows[3]["name"]} <= {f"side{i}" for i in range(4)}
    assert rows[2]["eigenvector"] == rows[3]["eigenvector"] == 1.0   # own scale per component
    with pytest.raises(BadInput, match="--component"):
        centrality_scores(nx.path_graph(3), "eigenvector", component="all")
