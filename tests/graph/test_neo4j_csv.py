"""neo4j-admin import CSV: headers, and the files describe exactly the store's graph."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from freelance_kg.errors import BadInput
from freelance_kg.graph.model import Entity, Evidence, Relation
from freelance_kg.graph.neo4j_csv import write_neo4j_csv
from freelance_kg.graph.rdf_store import OxigraphStore

_spec = importlib.util.spec_from_file_location(
    "neo4j_store_tests", Path(__file__).with_name("test_neo4j_store.py"))
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
small_graph = _helpers.small_graph


def _read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


@pytest.fixture
def memory_store():
    store = OxigraphStore(None)
    docs, ents, rels = small_graph()
    # a relation whose object no entity describes, and text that needs CSV quoting
    rels.append(Relation(ents[0].id, "MEMBER_OF", "organization/ghost-guild", role="chair",
                         evidence=[Evidence(docs[0].id, 'She said "yes, the\nGuild; always"', 5, 40,
                                            "test.v1", 0.4, role="chair")]))
    ents.append(Entity.make("Semi; Colon Org", "Organization", ["A;B"]))
    store.add(docs, ents, rels)
    yield store
    store.close()


def test_headers_and_files(memory_store, tmp_path):
    counts = write_neo4j_csv(memory_store, tmp_path / "out")
    out = tmp_path / "out"
    assert counts == {"documents": 2, "entities": 6, "bare_entities": 1, "relations": 5,
                      "evidence": 5, "files": 9}
    header, _ = _read(out / "entities_Person.csv")
    assert header == ["id:ID(Entity)", "name", "aliases:string[]", ":LABEL"]
    header, _ = _read(out / "relations.csv")
    assert header == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "role"]
    header, _ = _read(out / "documents.csv")
    assert header[0] == "id:ID(Document)" and header[-1] == ":LABEL"
    header, _ = _read(out / "evidence.csv")
    assert "start:long" in header and "confidence:double" in header
    script = (out / "neo4j-admin-import.sh").read_text()
    assert "neo4j-admin database import full" in script
    assert script.count("--nodes=") == 8 and script.count("--relationships=") == 1
    assert "--multiline-fields=true" in script


def test_files_hold_the_same_graph(memory_store, tmp_path):
    write_neo4j_csv(memory_store, tmp_path)
    entities = {}
    for path in tmp_path.glob("entities_*.csv"):
        header, rows = _read(path)
        for row in rows:
            rec = dict(zip(header, row))
            labels = rec[":LABEL"].split(";")
            assert labels[0] == "Entity"
            if path.name != "entities_bare.csv":
                entities[rec["id:ID(Entity)"]] = (rec["name"], labels[1],
                                                  sorted(filter(None, rec["aliases:string[]"].split(";"))))
    expected = {e.id: (e.name, e.type, sorted(a.replace(";", ",") for a in e.aliases))
                for e in memory_store.entities()}
    assert entities == expected
    _, bare = _read(tmp_path / "entities_bare.csv")
    assert bare == [["organization/ghost-guild", "Entity"]]

    _, rel_rows = _read(tmp_path / "relations.csv")
    assert sorted((s, t, o) for s, o, t, _ in rel_rows) == sorted(
        (r.subject, r.predicate, r.object) for r in memory_store.relations())

    header, ev_rows = _read(tmp_path / "evidence.csv")
    got = sorted((r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]), r[8], float(r[9]), r[10] or None)
                 for r in ev_rows)
    want = sorted((r.subject, r.predicate, r.object, ev.document_id, ev.sentence, ev.start, ev.end,
                   ev.extractor, ev.confidence, ev.role or r.role)
                  for r in memory_store.relations() for ev in r.evidence)
    assert got == want
    assert any("\n" in row[5] for row in ev_rows)            # multi-line field survived quoting

    _, doc_rows = _read(tmp_path / "documents.csv")
    assert sorted(r[0] for r in doc_rows) == sorted(d.id for d in memory_store.documents())


def test_rewriting_replaces_old_files(memory_store, tmp_path):
    write_neo4j_csv(memory_store, tmp_path)
    empty = OxigraphStore(None)
    counts = write_neo4j_csv(empty, tmp_path)
    assert counts["entities"] == 0 and counts["files"] == 0
    assert not list(tmp_path.glob("*.csv"))


def test_target_must_be_a_folder(memory_store, tmp_path):
    target = tmp_path / "file.csv"
    target.write_text("x")
    with pytest.raises(BadInput, match="folder"):
        write_neo4j_csv(memory_store, target)
