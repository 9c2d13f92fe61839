"""Named SPARQL queries on a real Oxigraph store, each compared with its networkx twin."""

from __future__ import annotations

import pytest

from freelance_kg.errors import BadInput
from freelance_kg.graph.store import open_store
from freelance_kg.queries.centrality import top_connectors
from freelance_kg.queries.named_queries import (
    load_named_query, named_queries, named_query_names, named_query_params)
from freelance_kg.queries.paths import co_memberships, paths_within, platform_funders

EXPECTED = {"top-connectors": [], "co-membership": [], "platform-funders": ["person"],
            "path-between": ["person_a", "person_b"]}


@pytest.fixture
def store(eco_store):
    with open_store("oxigraph", eco_store, read_only=True) as st:
        yield st


def test_catalogue():
    assert set(EXPECTED) <= set(named_query_names("sparql"))
    for name, params in EXPECTED.items():
        assert named_query_params(name) == params
        assert "SELECT" in load_named_query(name)
    assert all(r["description"] for r in named_queries())
    assert load_named_query("@top-connectors") == load_named_query("top-connectors")


def test_unknown_name_lists_the_available_ones():
    with pytest.raises(BadInput) as info:
        load_named_query("top-connector")
    assert "top-connectors" in str(info.value) and "path-between" in str(info.value)
    with pytest.raises(BadInput):
        load_named_query("../../cli")                # no escaping the folder
    with pytest.raises(BadInput, match="language"):
        load_named_query("top-connectors", language="gremlin")


def test_top_connectors_twin(store):
    result = store.sparql(load_named_query("top-connectors"))
    rows = [(name, count) for _, name, count in result.rows]
    twin = [(r["name"], r["connections"]) for r in top_connectors(store.to_networkx())]
    assert rows == twin and rows[0][1] == 5


def test_co_membership_twin(store):
    result = store.sparql(load_named_query("co-membership"))
    rows = [tuple(r) for r in result.rows]
    assert rows == co_memberships(store.to_networkx())
    assert ("Ana Ruiz", "Ben Okafor", "GigHub") in rows
    assert ("Kai Muller", "Lena Muller", "Muller Studio") in rows


@pytest.mark.parametrize("person", ["Ana Ruiz", "Dev Patel", "Chloe Martin", "Grace Kim"])
def test_platform_funders_twin(store, person):
    result = store.sparql(load_named_query("platform-funders"), {"person": person})
    rows = [tuple(r) for r in result.rows]
    assert rows == platform_funders(store.to_networkx(), person)
    if person != "Grace Kim":
        assert rows and all(funder == "Northstar Ventures" for _, funder in rows)
    else:
        assert rows == []                             # she leads a guild, not a platform


@pytest.mark.parametrize("a, b", [("Ben Okafor", "Ines Costa"), ("Ana Ruiz", "Ben Okafor"),
                                  ("Ben Okafor", "Jonas Weber"), ("Grace Kim", "Ines Costa"),
                                  ("Ana Ruiz", "Hugo Brandt")])
def test_path_between_twin(store, a, b):
    result = store.sparql(load_named_query("path-between"), {"person_a": a, "person_b": b})
    rows = [tuple(r) for r in result.rows]
    assert rows == paths_within(store.to_networkx(), a, b, max_hops=3)
    if (a, b) == ("Ben Okafor", "Ines Costa"):
        assert rows == [(2, a, "Independent Work Summit", None, b),
                        (3, a, "Freelancers Guild", "Remote Workers Alliance", b)]
