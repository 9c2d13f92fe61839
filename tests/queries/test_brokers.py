"""Brokers: betweenness with Burt's constraint."""

from __future__ import annotations

import networkx as nx
import pytest

from freelance_kg.errors import BadInput
from freelance_kg.queries.brokers import broker_report, broker_scores, burt_constraint


def test_florentine_medici_broker():
    rows = broker_scores(nx.florentine_families_graph(), top=3)
    assert [r["name"] for r in rows] == ["Medici", "Guadagni", "Albizzi"]
    medici = rows[0]
    assert medici["neighbours"] == 6
    # the Medici's contacts are mutually unconnected: the lowest constraint of all families
    constraint = burt_constraint(nx.florentine_families_graph())
    assert min(constraint, key=constraint.get) == "Medici"


@pytest.mark.parametrize("make", [nx.florentine_families_graph, nx.karate_club_graph])
def test_constraint_engines_agree(make):
    G = make()
    G.add_node("loner")
    a = burt_constraint(G, engine="networkx")
    b = burt_constraint(G, engine="igraph")
    assert a["loner"] is None and b["loner"] is None
    for node in G:
        if a[node] is not None:
            assert a[node] == pytest.approx(b[node], abs=1e-9)


def test_star_centre_is_unconstrained_broker():
    G = nx.star_graph(4)                     # four contacts who do not know each other
    rows = broker_scores(G, top=1)
    assert rows[0]["id"] == "0" and rows[0]["betweenness"] == 1.0
    assert rows[0]["constraint"] == pytest.approx(4 * (1 / 4) ** 2)


def test_ecosystem_person_broker(eco_graph):
    rows = broker_scores(eco_graph, entity_type="Person", top=3)
    assert rows[0]["name"] == "Ben Okafor"
    assert all(r["type"] == "Person" for r in rows)
    everyone = {r["name"]: r for r in broker_scores(eco_graph, top=None)}
    # Ben spans three groups; Chloe has one tie (fully constrained)
    assert everyone["Ben Okafor"]["constraint"] < everyone["Chloe Martin"]["constraint"] == 1.0


def test_places_left_out_like_paths(eco_graph):
    # Berlin joins TalentLoop, the RWA and the summit: a broker only if places count
    names = [r["name"] for r in broker_scores(eco_graph, top=None)]
    assert "Berlin" not in names and "Lisbon" not in names
    with_places = [r["name"] for r in broker_scores(eco_graph, top=None, include_places=True)]
    assert "Berlin" in with_places[:8] and len(with_places) == len(names) + 2
    report = broker_report(eco_graph, top=3)
    assert report["coverage"]["nodes"] == 19 and report["coverage"]["components"] == 2
    assert report["scope"].startswith("Scope: every entity except places (2 left out")
    with pytest.raises(BadInput, match="--include-places"):
        broker_scores(eco_graph, entity_type="Place")
