"""The embedded Oxigraph store: round trips, idempotency, atomicity, locking, hostile values."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from freelance_kg.errors import BadInput, QuerySyntaxError, StoreLocked, StoreUnavailable
from freelance_kg.graph import formats, schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore, rdflib_graph
from freelance_kg.graph.store import open_store

HOSTILE = [
    '"}', "'; DROP ALL; #", 'x" } ; DELETE WHERE { ?s ?p ?o } #', "MATCH (n) DETACH DELETE n //",
    "line\nbreak", "tab\there", "<img src=x onerror=alert(1)>", "back\\slash", "Ünïcødé — 中文 🚀",
]


def sample(text="Sara Horowitz founded Freelancers Union in New York.", names=("Sara Horowitz", "Freelancers Union")):
    doc = Document.from_text(text, source="mem://sample", title="Sample")
    person = Entity.make(names[0], "Person", ["Horowitz"])
    org = Entity.make(names[1], "Organization")
    rel = Relation(person.id, "FOUNDED", org.id, evidence=[
        Evidence(doc.id, text, 0, len(text), "test/1", 0.8)])
    return doc, [person, org], [rel]


def snapshot(store):
    return (sorted((d.id, d.source, d.title) for d in store.documents()),
            sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in store.entities()),
            sorted((r.key, r.role, tuple(sorted((ev.document_id, ev.sentence, ev.start, ev.end,
                                                 ev.extractor, ev.confidence) for ev in r.evidence)))
                   for r in store.relations()))


def test_add_read_back(store_path):
    doc, ents, rels = sample()
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        assert {e.name for e in store.entities()} == {"Sara Horowitz", "Freelancers Union"}
        [rel] = store.relations()
        assert rel.key == rels[0].key and rel.evidence[0].sentence == doc.text
        assert store.get_entity(ents[0].id).aliases == ["Horowitz"]
        assert store.find_entities("horowitz") == [store.get_entity(ents[0].id)]
        assert store.has_document(doc.id) and not store.has_document("nope")


def test_adding_twice_changes_nothing(store_path):
    doc, ents, rels = sample()
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        first, triples = snapshot(store), len(store.db)
        store.add([doc], ents, rels)
        assert snapshot(store) == first and len(store.db) == triples


def test_second_spelling_of_an_entity_becomes_an_alias(store_path):
    with OxigraphStore(store_path) as store:
        store.add(entities=[Entity.make("Upwork", "Platform")])
        store.add(entities=[Entity.make("Upwork Inc.", "Platform")])
        [ent] = store.entities()
        assert ent.name == "Upwork" and ent.aliases == ["Upwork Inc."]
        assert ent.type == "Platform"


def test_remove_document_keeps_relations_with_other_evidence(store_path):
    doc1, ents, rels1 = sample()
    doc2, _, rels2 = sample(text="Horowitz founded the Freelancers Union, an advocacy group.")
    with OxigraphStore(store_path) as store:
        store.add([doc1, doc2], ents, rels1 + rels2)
        assert len(next(store.relations()).evidence) == 2
        store.remove_documents([doc1.id])
        [rel] = store.relations()
        assert [ev.document_id for ev in rel.evidence] == [doc2.id]
        store.remove_documents([doc2.id])
        assert list(store.relations()) == [] and list(store.documents()) == []
        assert len(list(store.entities())) == 2


def test_replace_document_is_one_write(store_path):
    old, ents, rels = sample()
    new, _, new_rels = sample(text="Sara Horowitz, founder of Freelancers Union, spoke in Brooklyn.")
    with OxigraphStore(store_path) as store:
        store.add([old], ents, rels)
        store.add([new], ents, new_rels, replace_documents=[old.id])
        assert [d.id for d in store.documents()] == [new.id]
        [rel] = store.relations()
        assert [ev.document_id for ev in rel.evidence] == [new.id]


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
    lambda s: s.strip())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=names, platform=names, sentence=st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_unicode_round_trip_store_export_import(tmp_path_factory, person, platform, sentence):
    folder = tmp_path_factory.mktemp("rt")
    doc = Document.from_text(sentence or "x", source=f"file://{platform}", title=person)
    p, q = Entity.make(person, "Person", [platform]), Entity.make(platform, "Platform", [person])
    rel = Relation(p.id, "LEADS", q.id, role=person,
                   evidence=[Evidence(doc.id, sentence, 0, len(sentence), "t/1", 0.5, role=person)])
    with OxigraphStore(folder / "a") as a:
        a.add([doc], [p, q], [rel])
        a.add([doc], [p, q], [rel])
        before = snapshot(a)
        for fmt in ("ttl", "nq", "jsonld"):
            formats.export(a, fmt, str(folder / f"out.{fmt}"))
    assert before[1] == sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in (p, q))
    for fmt in ("ttl", "nq", "jsonld"):
        with OxigraphStore(folder / f"b-{fmt}") as b:
            formats.import_file(b, str(folder / f"out.{fmt}"))
            assert snapshot(b) == before


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_are_stored_and_queried_as_values(store_path, name):
    doc, ents, rels = sample(names=(name, "Freelancers Union"))
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        result = store.sparql("SELECT ?o WHERE { ?p schema:name ?n ; fkg:FOUNDED ?x . ?x schema:name ?o }",
                              {"n": ents[0].name})
        assert result.rows == [["Freelancers Union"]]
        assert store.get_entity(ents[0].id).name == ents[0].name
        assert len(list(store.entities())) == 2      # nothing was deleted by an injected update


def test_sparql_syntax_error_names_the_position(store_path):
    with OxigraphStore(store_path) as store:
        with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
            store.sparql("SELEC ?x WHERE { ?x ?y ?z }")
        with pytest.raises(BadInput):
            store.sparql("SELECT ?x WHERE { ?x ?y ?z }", {"bad name": 1})


def test_ask_and_construct(store_path):
    doc, ents, rels = sample()
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        assert store.sparql("ASK { ?p fkg:FOUNDED ?o }").boolean is True
        triples = store.sparql("CONSTRUCT { ?p fkg:FOUNDED ?o } WHERE { ?p fkg:FOUNDED ?o }")
        assert triples.rows == [[schema.FKG_ENTITY + rels[0].subject, schema.FKG + "FOUNDED",
                                 schema.FKG_ENTITY + rels[0].object]]


def test_second_writer_is_refused_with_the_holder(store_path):
    with OxigraphStore(store_path):
        with pytest.raises(StoreLocked, match=f"pid {os.getpid()}"):
            OxigraphStore(store_path)
        with pytest.raises(StoreLocked):
            OxigraphStore(store_path, read_only=True)
    with OxigraphStore(store_path):   # released on close
        pass


def test_readers_share_and_block_writers(store_path):
    OxigraphStore(store_path).close()
    with OxigraphStore(store_path, read_only=True), OxigraphStore(store_path, read_only=True):
        with pytest.raises(StoreLocked):
            OxigraphStore(store_path)


def test_read_only_on_missing_store_says_how_to_create_one(tmp_path):
    with pytest.raises(StoreUnavailable, match="fkg ingest"):
        open_store(path=str(tmp_path / "none"), read_only=True)


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(BadInput, match="FKG_BACKEND"):
        open_store("couchdb")


def test_second_writer_process_is_refused(store_path):
    with OxigraphStore(store_path):
        code = ("from freelance_kg.graph.rdf_store import OxigraphStore\n"
                f"OxigraphStore({store_path!r})\n")
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert proc.returncode != 0 and "StoreLocked" in proc.stderr and str(os.getpid()) in proc.stderr


WRITER = textwrap.dedent("""
    import sys
    from freelance_kg.graph.model import Document, Entity, Evidence, Relation
    from freelance_kg.graph.rdf_store import OxigraphStore
    n = int(sys.argv[2])
    store = OxigraphStore(sys.argv[1])
    doc = Document.from_text("big batch", source="mem://big")
    ents = [Entity.make(f"Person {i}", "Person") for i in range(n)]
    org = Entity.make("Big Org", "Organization")
    rels = [Relation(e.id, "WORKS_FOR", org.id, evidence=[Evidence(doc.id, f"s{i}", 0, 2, "t/1", 0.5)])
            for i, e in enumerate(ents)]
    print("writing", flush=True)
    store.add([doc], ents + [org], rels)
    print("done", flush=True)
    store.close()
""")


def test_killed_writer_leaves_store_as_before(store_path):
    doc, ents, rels = sample()
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        before = snapshot(store)
    # 40k relations ~ 560k quads: ~1.5 s to build, then ~7 s inside the one RocksDB transaction;
    # the kill lands inside that write.
    n = 40_000
    proc = subprocess.Popen([sys.executable, "-c", WRITER, store_path, str(n)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    with OxigraphStore(store_path) as store:   # lock released by the kernel, store opens
        works_for = list(store.relations("WORKS_FOR"))
        assert len(works_for) in (0, n)        # all of the batch or none of it
        if not works_for:
            assert snapshot(store) == before


def test_rdflib_sees_the_same_graph(store_path):
    doc, ents, rels = sample()
    with OxigraphStore(store_path) as store:
        store.add([doc], ents, rels)
        graph = rdflib_graph(store)
        assert len(graph) == len(store.db)
        names = {str(o) for o in graph.objects(predicate=__import__("rdflib").URIRef(schema.SCHEMA + "name"))}
        assert "Sara Horowitz" in names


def test_remove_and_replace_entities_in_one_write(store_path):
    doc, (person, org), rels = sample()
    other = Entity.make("Freelancers Guild", "Organization", ["FG"])
    with OxigraphStore(store_path) as store:
        store.add([doc], [person, org], rels)
        moved = Relation(person.id, "FOUNDED", other.id, evidence=rels[0].evidence)
        store.replace_entities([org.id], [other], [moved])
        assert store.get_entity(org.id) is None
        [rel] = store.relations()
        assert rel.object == other.id and len(rel.evidence) == 1
        store.remove_entities([person.id])
        assert list(store.relations()) == [] and {e.id for e in store.entities()} == {other.id}
        assert [d.id for d in store.documents()] == [doc.id]
