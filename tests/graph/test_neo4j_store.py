"""The Neo4j backend against a real Bolt server (FalkorDB test server, or FKG_NEO4J_URI)."""

from __future__ import annotations

import socket
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from freelance_kg.errors import BadInput, FkgError, QuerySyntaxError, StoreUnavailable
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.neo4j_store import Neo4jStore, readable, run_cypher, write_clause


def _doc(text, source="mem://x"):
    return Document.from_text(text, source=source, title=text[:20], date="2024-05-01")


def _ev(doc, sentence, start=0, conf=0.8, role=None):
    return Evidence(document_id=doc.id, sentence=sentence, start=start, end=start + len(sentence),
                    extractor="test.v1", confidence=conf, role=role)


def small_graph():
    """Two people, a platform, a funder, a place; four relations; one doc each."""
    d1, d2 = _doc("Ada Quill founded Gigly in Lyon."), _doc("Nordfund backed Gigly; Bo Lind runs it.")
    ada = Entity.make("Ada Quill", "Person", ["Quill"])
    bo = Entity.make("Bo Lind", "Person")
    gigly = Entity.make("Gigly", "Platform", ["Gigly Inc."])
    fund = Entity.make("Nordfund", "Funder")
    lyon = Entity.make("Lyon", "Place")
    rels = [
        Relation(ada.id, "FOUNDED", gigly.id, evidence=[_ev(d1, "Ada Quill founded Gigly in Lyon.")]),
        Relation(gigly.id, "LOCATED_IN", lyon.id, evidence=[_ev(d1, "Ada Quill founded Gigly in Lyon.", 0, 0.6)]),
        Relation(fund.id, "FUNDS", gigly.id, evidence=[_ev(d2, "Nordfund backed Gigly;", 0, 0.9)]),
        Relation(bo.id, "LEADS", gigly.id, role="CEO",
                 evidence=[_ev(d2, "Bo Lind runs it.", 23, 0.7, role="CEO")]),
    ]
    return [d1, d2], [ada, bo, gigly, fund, lyon], rels


def snapshot(store):
    """Everything readable through the Store interface, order-free."""
    docs = sorted((d.id, d.source, d.title, d.date) for d in store.documents())
    ents = sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in store.entities())
    rels = sorted((r.subject, r.predicate, r.object, r.role,
                   tuple(sorted((ev.document_id, ev.sentence, ev.start, ev.end, ev.extractor,
                                 round(ev.confidence, 6), ev.role) for ev in r.evidence)))
                  for r in store.relations())
    return docs, ents, rels


def count_nodes(store):
    rows = store.cypher("MATCH (n) RETURN count(n) AS c").rows
    rels = store.cypher("MATCH ()-[r]->() RETURN count(r) AS c").rows
    return rows[0][0], rels[0][0]


# --- no server needed -------------------------------------------------------------------------

def test_unreachable_server_names_uri_and_variable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = f"bolt://127.0.0.1:{port}"
    with pytest.raises(StoreUnavailable) as info:
        Neo4jStore(uri=uri, connection_timeout=2, max_retry_time=0)
    message = str(info.value)
    assert uri in message and "FKG_NEO4J_URI" in message
    assert "Traceback" not in message


def test_bad_uri_is_bad_input():
    with pytest.raises(BadInput, match="FKG_NEO4J_URI"):
        Neo4jStore(uri="htp://nowhere:1")


@pytest.mark.parametrize("query,clause", [
    ("MATCH (n) RETURN n", None),
    ("MATCH (n {name: 'CREATE me'}) RETURN n // DELETE nothing", None),
    ("MATCH (n) WHERE n.note = \"SET x\" RETURN n.`merge`", None),
    ("MATCH (n) SET n.x = 1", "SET"),
    ("match (n) detach delete n", "DETACH"),
    ("UNWIND [1] AS i CREATE (:X)", "CREATE"),
    ("LOAD  CSV FROM 'f' AS r RETURN r", "LOAD CSV"),
    ("CALL db.idx.fulltext.createNodeIndex('L', 'p')", "CALL DB.IDX.FULLTEXT.CREATENODEINDEX"),
    ("CALL db.labels()", None),
])
def test_write_clause_detection(query, clause):
    assert write_clause(query) == clause


# --- against the Bolt server ------------------------------------------------------------------


@pytest.mark.bolt
def test_round_trip_through_the_interface(neo4j_store):
    docs, ents, rels = small_graph()
    summary = neo4j_store.add(docs, ents, rels)
    assert (summary.documents, summary.entities, summary.relations, summary.evidence) == (2, 5, 4, 4)
    got_docs, got_ents, got_rels = snapshot(neo4j_store)
    assert got_docs == sorted((d.id, d.source, d.title, d.date) for d in docs)
    assert got_ents == sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in ents)
    assert [r[:4] for r in got_rels] == sorted((r.subject, r.predicate, r.object, r.role) for r in rels)
    leads = next(neo4j_store.relations("LEADS"))
    assert leads.role == "CEO" and leads.evidence[0].sentence == "Bo Lind runs it."
    assert leads.evidence[0].start == 23 and leads.evidence[0].confidence == pytest.approx(0.7)
    assert neo4j_store.get_entity(ents[0].id).aliases == ["Quill"]
    assert neo4j_store.get_entity("person/nobody") is None
    assert neo4j_store.get_document(docs[1].id).title == docs[1].title
    assert [e.name for e in neo4j_store.entities("Person")] == ["Ada Quill", "Bo Lind"]
    assert neo4j_store.stats()["relations_by_predicate"] == {
        "FOUNDED": 1, "FUNDS": 1, "LEADS": 1, "LOCATED_IN": 1}


@pytest.mark.bolt
def test_reloading_changes_nothing(neo4j_store):
    docs, ents, rels = small_graph()
    neo4j_store.add(docs, ents, rels)
    before, counts = snapshot(neo4j_store), count_nodes(neo4j_store)
    neo4j_store.add(docs, ents, rels)
    neo4j_store.add(docs, ents, rels)
    assert snapshot(neo4j_store) == before
    assert count_nodes(neo4j_store) == counts
    # 5 entities + 2 documents + 4 evidence nodes; 4 relationships
    assert counts == (11, 4)


@pytest.mark.bolt
def test_merging_entities_and_evidence(neo4j_store):
    doc = _doc("One text.")
    neo4j_store.add([doc], [Entity.make("Ada Quill", "Person", ["Quill"])])
    neo4j_store.add([], [Entity.make("Ada  Quill", "Person", ["A. Quill", "Quill"]),
                         Entity.make("ada quill", "Person")])
    ent = next(neo4j_store.entities("Person"))
    assert ent.name == "Ada Quill"
    assert sorted(ent.aliases) == ["A. Quill", "Quill", "ada quill"]
    gig = Entity.make("Gigly", "Platform")
    first = Relation(ent.id, "FOUNDED", gig.id, evidence=[_ev(doc, "Ada founded Gigly.", 0)])
    second = Relation(ent.id, "FOUNDED", gig.id, evidence=[_ev(doc, "She set up Gigly.", 40)])
    neo4j_store.add([], [gig], [first])
    neo4j_store.add([], [], [second, first])
    (rel,) = list(neo4j_store.relations())
    assert [ev.start for ev in rel.evidence] == [0, 40]
    assert rel.confidence == pytest.approx(1 - 0.2 * 0.2)


@pytest.mark.bolt
def test_symmetric_relations_are_one_edge(neo4j_store):
    a, b = Entity.make("Gigly", "Platform"), Entity.make("Workhub", "Platform")
    doc = _doc("Gigly partnered with Workhub.")
    neo4j_store.add([doc], [a, b], [Relation(b.id, "PARTNERS_WITH", a.id, evidence=[_ev(doc, "x")]),
                                    Relation(a.id, "PARTNERS_WITH", b.id, evidence=[_ev(doc, "x")])])
    (rel,) = list(neo4j_store.relations())
    assert (rel.subject, rel.object) == tuple(sorted((a.id, b.id)))
    assert len(rel.evidence) == 1


@pytest.mark.bolt
def test_many_batches_with_payload_cap(neo4j_store):
    """Far more rows than one batch (batch_size=7) and, on FalkorDB, a payload cap: all land."""
    doc = _doc("A long list of people.")
    org = Entity.make("Freelancers Guild", "Organization")
    people = [Entity.make(f"Member Number{i:03d}", "Person", [f"M{i}"]) for i in range(120)]
    rels = [Relation(p.id, "MEMBER_OF", org.id,
                     evidence=[_ev(doc, f"Member Number{i:03d} joined the Freelancers Guild, "
                                        "the association said in a statement. " * 3, i * 10)])
            for i, p in enumerate(people)]
    calls = []
    neo4j_store.add([doc], [org, *people], rels, progress=lambda done, total: calls.append((done, total)))
    assert len(list(neo4j_store.entities("Person"))) == 120
    got = list(neo4j_store.relations("MEMBER_OF"))
    assert len(got) == 120 and all(len(r.evidence) == 1 for r in got)
    assert len(calls) >= (1 + 121 + 120) // 7 and calls[-1][0] == calls[-1][1] == 1 + 121 + 120
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)


def test_batches_respect_row_and_byte_limits():
    store = Neo4jStore.__new__(Neo4jStore)        # only the batching logic, no connection
    store.batch_size, store.max_payload_bytes, store.flavor = 50, 1500, "falkordb"
    rows = [{"id": str(i), "text": "é" * (i % 90)} for i in range(400)]
    import json
    batches = list(store._batches("UNWIND $rows AS r RETURN r", rows))
    assert [r for b in batches for r in b] == rows
    assert all(len(b) <= 50 for b in batches)
    query_bytes = len("UNWIND $rows AS r RETURN r")
    assert all(len(json.dumps(b, ensure_ascii=False).encode()) + query_bytes <= 1500 for b in batches)
    # a quote costs two bytes in FalkorDB's parameter header: counted
    quoted = [{"id": str(i), "text": "'" * 80} for i in range(100)]
    for batch in store._batches("RETURN 1", quoted):
        text = json.dumps(batch, ensure_ascii=False).replace("'", "\\'")
        assert len(text.encode()) <= 1500
    with pytest.raises(FkgError, match="FKG_NEO4J_MAX_PAYLOAD"):
        list(store._batches("RETURN 1", [{"text": "x" * 2000}]))


@pytest.mark.bolt
def test_relation_to_an_undescribed_entity(neo4j_store):
    ada = Entity.make("Ada Quill", "Person")
    doc = _doc("Ada works for Ghost Works.")
    neo4j_store.add([doc], [ada], [Relation(ada.id, "WORKS_FOR", "organization/ghost-works",
                                            evidence=[_ev(doc, "Ada works for Ghost Works.")])])
    assert [e.id for e in neo4j_store.entities()] == [ada.id]
    (rel,) = list(neo4j_store.relations())
    assert rel.object == "organization/ghost-works"
    # described later: the bare node becomes a full entity, the edge stays
    neo4j_store.add([], [Entity.make("Ghost Works", "Organization")])
    assert neo4j_store.get_entity("organization/ghost-works").type == "Organization"
    assert len(list(neo4j_store.relations())) == 1


@pytest.mark.bolt
def test_remove_documents_drops_evidence_and_orphan_relations(neo4j_store):
    docs, ents, rels = small_graph()
    extra = Evidence(docs[1].id, "Ada Quill is Gigly's founder.", 50, 79, "test.v1", 0.5)
    rels[0].evidence.append(extra)        # FOUNDED: evidence in both documents
    neo4j_store.add(docs, ents, rels)
    neo4j_store.remove_documents([docs[1].id])
    assert [d.id for d in neo4j_store.documents()] == [docs[0].id]
    left = {(r.predicate): r for r in neo4j_store.relations()}
    assert sorted(left) == ["FOUNDED", "LOCATED_IN"]          # FUNDS and LEADS lost all evidence
    assert [ev.document_id for ev in left["FOUNDED"].evidence] == [docs[0].id]
    assert len(list(neo4j_store.entities())) == 5              # entities stay


@pytest.mark.bolt
def test_remove_entities(neo4j_store):
    docs, ents, rels = small_graph()
    neo4j_store.add(docs, ents, rels)
    gigly = ents[2]
    neo4j_store.remove_entities([gigly.id])
    assert neo4j_store.get_entity(gigly.id) is None
    assert list(neo4j_store.relations()) == []
    assert neo4j_store.cypher("MATCH (e:Evidence) RETURN count(e)").rows == [[0]]


@pytest.mark.bolt
def test_read_only_store_refuses_writes(bolt_server, neo4j_store):
    with Neo4jStore(uri=bolt_server.uri, read_only=True) as ro:
        with pytest.raises(FkgError, match="read-only"):
            ro.add([], [Entity.make("Ada", "Person")])
        with pytest.raises(BadInput, match="--write"):
            ro.cypher("CREATE (:Person {id: 'x'})")
    assert count_nodes(neo4j_store) == (0, 0)


@pytest.mark.bolt
def test_add_is_one_transaction(neo4j_store):
    """A failure after the first batches leaves nothing behind (on servers that roll back)."""
    if not neo4j_store.transactional:
        pytest.skip(f"{neo4j_store.flavor} applies each Bolt statement at once (no rollback); "
                    "atomic add is tested on real Neo4j (FKG_NEO4J_URI)")
    docs, ents, rels = small_graph()

    def fail(done, total):
        if done > 7:
            raise RuntimeError("stop here")
    with pytest.raises(RuntimeError):
        neo4j_store.add(docs, ents, rels, progress=fail)
    assert count_nodes(neo4j_store) == (0, 0)


@pytest.mark.bolt
def test_server_flavor_and_schema(bolt_server, neo4j_store):
    import os
    expected = "neo4j" if os.environ.get("FKG_NEO4J_URI") else "falkordb"
    assert neo4j_store.flavor == expected
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()          # twice: no error, nothing duplicated
    if expected == "falkordb":
        indexed = {(r[0], p) for r in neo4j_store.cypher(
            "CALL db.indexes() YIELD label, properties RETURN label, properties").rows for p in r[1]}
        assert {("Entity", "id"), ("Document", "id"), ("Evidence", "id"),
                ("Evidence", "document_id")} <= indexed
        assert neo4j_store.max_payload_bytes is not None
    else:
        names = {r[0] for r in neo4j_store.cypher("SHOW CONSTRAINTS YIELD name RETURN name").rows}
        assert {"fkg_entity_id", "fkg_document_id", "fkg_evidence_id"} <= names


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@pytest.mark.bolt
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_text.filter(lambda s: s.strip(" ,;:!?\"'()[]{}") and
                                    unicodedata.normalize("NFKC", s).strip()),   # "\xa0" alone is no name
                      min_size=2, max_size=4,
                      unique=True),
       sentence=st.text(max_size=200).filter(lambda s: "\x00" not in s))
@example(names=["O'Brien & Co", "Back\\slash \\' Ltd"], sentence="It's \\n 'quoted' \\")
@example(names=["' RETURN 1 //", "x\" AS y"], sentence="' }) DETACH DELETE (n) //")
def test_unicode_round_trip(neo4j_store, names, sentence):
    """Any names and sentences (quotes, backslashes, emoji, RTL...) survive as values; values
    that look like Cypher stay values."""
    neo4j_store.clear()
    ents = {}
    for n in names:
        e = Entity.make(n, "Organization")
        ents.setdefault(e.id, e)
    ents = list(ents.values())
    doc = _doc(sentence or "empty")
    rels = [Relation(ents[0].id, "PARTNERS_WITH", e.id, evidence=[_ev(doc, sentence, 3)])
            for e in ents[1:]]
    neo4j_store.add([doc], ents, rels)
    got = {e.id: e for e in neo4j_store.entities()}
    assert {i: (e.name, sorted(e.aliases)) for i, e in got.items()} == \
        {e.id: (e.name, sorted(e.aliases)) for e in ents}
    assert sorted(r.key for r in neo4j_store.relations()) == sorted(r.key for r in rels)
    assert all(r.evidence[0].sentence == sentence for r in neo4j_store.relations())


# --- Cypher -----------------------------------------------------------------------------------

@pytest.mark.bolt
def test_cypher_parameters_and_readable_values(neo4j_store):
    docs, ents, rels = small_graph()
    neo4j_store.add(docs, ents, rels)
    result = run_cypher(neo4j_store, "MATCH (p:Person {name: $name})-[r:LEADS]->(o) RETURN p, r, o.name AS org",
                        ["name=Bo Lind"])
    assert result.columns == ["p", "r", "org"]
    (row,) = result.rows
    assert row[0].startswith("(:Person {id: \"person/bo-lind\", name: \"Bo Lind\"")
    assert ":LEADS" in row[1] and "CEO" in row[1]
    assert row[2] == "Gigly"
    structured = run_cypher(neo4j_store, "MATCH (p:Person {name: $name}) RETURN p", {"name": "Bo Lind"},
                            structured=True)
    assert structured.rows[0][0]["properties"]["id"] == "person/bo-lind"
    assert "Person" in structured.rows[0][0]["labels"]


@pytest.mark.bolt
def test_cypher_paths_render_with_directions(neo4j_store):
    docs, ents, rels = small_graph()
    neo4j_store.add(docs, ents, rels)
    query = ("MATCH (a:Person {id: $a}), (b:Person {id: $b}) WITH a, b "
             "MATCH p = allShortestPaths((a)-[:FOUNDED|LEADS*..4]-(b)) RETURN p")
    result = run_cypher(neo4j_store, query, {"a": "person/ada-quill", "b": "person/bo-lind"})
    assert result.rows == [["(Ada Quill)-[:FOUNDED]->(Gigly)<-[:LEADS]-(Bo Lind)"]]
    result = run_cypher(neo4j_store, query, {"a": "person/ada-quill", "b": "person/bo-lind"},
                        structured=True)
    path = result.rows[0][0]
    assert [n["properties"]["name"] for n in path["nodes"]] == ["Ada Quill", "Gigly", "Bo Lind"]
    assert [r["type"] for r in path["relationships"]] == ["FOUNDED", "LEADS"]


@pytest.mark.bolt
def test_cypher_read_only_by_default_and_write_flag(neo4j_store):
    with pytest.raises(BadInput, match="--write"):
        run_cypher(neo4j_store, "CREATE (:Scratch {id: 1})")
    assert neo4j_store.cypher("MATCH (n:Scratch) RETURN count(n)").rows == [[0]]
    run_cypher(neo4j_store, "CREATE (:Scratch {id: 1})", write=True)
    assert neo4j_store.cypher("MATCH (n:Scratch) RETURN count(n)").rows == [[1]]
    neo4j_store.cypher("MATCH (n:Scratch) DELETE n", write=True)


@pytest.mark.bolt
def test_cypher_syntax_error(neo4j_store):
    with pytest.raises(QuerySyntaxError) as info:
        neo4j_store.cypher("MATCH (n RETURN n")
    assert "Cypher" in str(info.value)
    # the connection is still usable afterwards
    assert neo4j_store.cypher("RETURN 1 AS one").rows == [[1]]


def test_readable_plain_values():
    assert readable([1, "a", None]) == '[1, a, null]'
    assert readable({"k": [1, 2]}) == '{"k": [1, 2]}'
    assert readable({"k": [1, 2]}, structured=True) == {"k": [1, 2]}
    assert readable(3.5) == 3.5
