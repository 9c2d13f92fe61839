"""Named Cypher twins give the same answers as the named SPARQL queries on the embedded store."""

from __future__ import annotations

import pytest

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.neo4j_store import run_cypher
from freelance_kg.graph.rdf_store import OxigraphStore
from freelance_kg.queries.named_queries import (load_named_query, named_query_names,
                                                named_query_params)

pytestmark = pytest.mark.bolt


def town():
    """A small town: two platforms, a guild, two funders, a place, an event, six people; paths
    of one, two and three hops, one only through a place, aliases, and an undescribed end."""
    doc = Document.from_text("A small town of freelancers.", source="mem://town")
    E = Entity.make
    ada, bo, cy, dee, eli, fay = (E("Ada Quill", "Person", ["Quill"]), E("Bo Lind", "Person"),
                                  E("Cy Moreau", "Person", ["Moreau"]), E("Dee Park", "Person"),
                                  E("Eli Sauer", "Person"), E("Fay Obi", "Person"))
    gigly, workhub = E("Gigly", "Platform", ["Gigly Inc."]), E("Workhub", "Platform")
    guild = E("Freelancers Guild", "Organization", ["the Guild"])
    nordfund, seedco = E("Nordfund", "Funder"), E("Seed Partners", "Funder")
    lyon, summit = E("Lyon", "Place"), E("Indie Summit", "Event")
    hal = E("Hal Diaz", "Person")
    entities = [ada, bo, cy, dee, eli, fay, hal, gigly, workhub, guild, nordfund, seedco, lyon,
                summit]
    n = iter(range(0, 10_000, 10))

    def rel(s, p, o, role=None):
        start = next(n)
        return Relation(s.id, p, o.id, role=role, evidence=[Evidence(
            doc.id, f"{s.name} {p.lower()} {o.name}.", start, start + 9, "test.v1", 0.8, role)])
    relations = [
        rel(ada, "FOUNDED", gigly), rel(bo, "LEADS", gigly, "CEO"), rel(cy, "WORKS_FOR", gigly),
        rel(cy, "MEMBER_OF", guild), rel(dee, "MEMBER_OF", guild), rel(dee, "FOUNDED", workhub),
        rel(nordfund, "FUNDS", gigly), rel(seedco, "FUNDS", gigly), rel(seedco, "FUNDS", workhub),
        rel(gigly, "PARTNERS_WITH", workhub), rel(gigly, "LOCATED_IN", lyon),
        rel(guild, "LOCATED_IN", lyon), rel(eli, "PARTICIPATED_IN", summit),
        rel(fay, "PARTICIPATED_IN", summit), rel(eli, "WORKS_FOR", guild),
        rel(hal, "LOCATED_IN", lyon),     # off-schema on purpose: Ada-Gigly-Lyon-Hal is 3 hops
        Relation(fay.id, "WORKS_FOR", "organization/ghost-works",
                 evidence=[Evidence(doc.id, "Fay works for Ghost Works.", 900, 925, "test.v1", 0.5)]),
    ]
    return [doc], entities, relations


@pytest.fixture
def both_stores(neo4j_store):
    docs, ents, rels = town()
    rdf = OxigraphStore(None)
    rdf.add(docs, ents, rels)
    neo4j_store.add(docs, ents, rels)
    yield rdf, neo4j_store
    rdf.close()


def _plain(value):
    if isinstance(value, str) and value.startswith(schema.FKG_ENTITY):
        return value[len(schema.FKG_ENTITY):]
    return value


CASES = [
    ("top-connectors", {}),
    ("co-membership", {}),
    ("platform-funders", {"person": "ada quill"}),
    ("platform-funders", {"person": "Moreau"}),
    ("platform-funders", {"person": "Nobody Here"}),
    ("path-between", {"person_a": "Ada Quill", "person_b": "Bo Lind"}),
    ("path-between", {"person_a": "quill", "person_b": "Dee Park"}),
    ("path-between", {"person_a": "Cy Moreau", "person_b": "Eli Sauer"}),
    ("path-between", {"person_a": "Eli Sauer", "person_b": "Fay Obi"}),
    ("path-between", {"person_a": "Ada Quill", "person_b": "Fay Obi"}),
    ("path-between", {"person_a": "Ada Quill", "person_b": "Hal Diaz"}),
]


def test_every_named_sparql_query_has_a_cypher_twin_with_the_same_params():
    assert named_query_names("cypher") == named_query_names("sparql")
    for name in named_query_names("sparql"):
        assert named_query_params(name, "cypher") == named_query_params(name, "sparql")


@pytest.mark.parametrize("name,params", CASES)
def test_cypher_twin_answers_like_sparql(both_stores, name, params):
    rdf, neo = both_stores
    sparql = rdf.sparql(load_named_query(name, "sparql"), params)
    cypher = run_cypher(neo, f"@{name}", params)
    assert cypher.columns == sparql.columns
    want = [[_plain(v) for v in row] for row in sparql.rows]
    got = [list(row) for row in cypher.rows]
    assert sorted(map(repr, got)) == sorted(map(repr, want))
    if name == "top-connectors":        # ties may come in any order; the ranking may not
        assert [r[2] for r in got] == [r[2] for r in want]
    else:
        assert got == want


def test_the_town_has_answers(both_stores):
    """Guard against a vacuous parity: the cases above do find rows."""
    rdf, neo = both_stores
    found = {}
    for name, params in CASES:
        found.setdefault(name, 0)
        found[name] += len(run_cypher(neo, f"@{name}", params).rows)
    assert all(count > 0 for count in found.values()), found
    paths = run_cypher(neo, "@path-between", {"person_a": "Ada Quill", "person_b": "Dee Park"}).rows
    assert {row[0] for row in paths} >= {3}
    # never through a place: Ada-Gigly-Lyon-Hal is three hops, but through Lyon
    assert run_cypher(neo, "@path-between", {"person_a": "Ada Quill", "person_b": "Hal Diaz"}).rows == []
    assert run_cypher(neo, "MATCH p = (:Person {name: 'Ada Quill'})-[*1..3]-(:Person {name: 'Hal Diaz'}) "
                           "RETURN length(p)").rows == [[3]]
