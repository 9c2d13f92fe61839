"""The ingest pipeline end to end: real readers, the real extractor (spaCy), a real on-disk store."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from freelance_kg.errors import BadInput
from freelance_kg.graph.store import open_store
from freelance_kg.ingest.nlp import load_nlp
from freelance_kg.ingest.pipeline import extract_source, ingest

FOUNDED = "Ingrid Solberg founded Quillmark in 2019. Quillmark is based in Lisbon."
LEADS = "Tomas Verhoeven is the chief executive of Brightloom. Brightloom is based in Rotterdam."
FUNDS = "Northwind Capital invested in Harbourline. Petra Okafor founded Harbourline in Accra."


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in (("a.txt", FOUNDED), ("b.txt", LEADS), ("c.txt", FUNDS)):
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def graph(store):
    """Documents, entities and relations (with evidence) in a comparable form."""
    docs = sorted((d.id, d.source, d.title) for d in store.documents())
    ents = sorted((e.id, e.type, tuple(sorted(e.aliases))) for e in store.entities())
    rels = sorted((r.key, tuple(sorted((ev.document_id, ev.sentence, ev.start, ev.end) for ev in r.evidence)))
                  for r in store.relations())
    return docs, ents, rels


def test_ingest_twice_changes_nothing(corpus, store_path, nlp):
    with open_store("oxigraph", store_path) as store:
        first = ingest([str(corpus)], store, nlp=nlp)
        assert (first.new, first.unchanged, first.replaced, first.failed) == (3, 0, 0, [])
        assert first.entities > 0 and first.relations > 0
        assert first.store["documents"] == 3
        assert first.store["entities"] == len(list(store.entities()))
        before = graph(store)
        second = ingest([str(corpus)], store, nlp=nlp)
        assert (second.new, second.unchanged, second.replaced) == (0, 3, 0)
        assert second.entities == 0 and second.relations == 0 and second.batches == 0
        assert graph(store) == before


def test_changed_text_at_same_path_replaces_its_evidence(corpus, store_path, nlp):
    with open_store("oxigraph", store_path) as store:
        ingest([str(corpus)], store, nlp=nlp)
        old_id = next(d.id for d in store.documents() if d.source.endswith("a.txt"))
        old_sentences = {ev.sentence for r in store.relations() for ev in r.evidence if ev.document_id == old_id}
        assert old_sentences, "the extractor should find a relation in the old text"
        (corpus / "a.txt").write_text("Amara Nwosu founded Kestrel Labs. Kestrel Labs is based in Madrid.\n")
        summary = ingest([str(corpus)], store, nlp=nlp)
        assert (summary.new, summary.unchanged, summary.replaced) == (0, 2, 1)
        assert summary.store["documents"] == 3
        docs = {d.id: d for d in store.documents()}
        assert old_id not in docs and len(docs) == 3
        evidence_docs = {ev.document_id for r in store.relations() for ev in r.evidence}
        assert old_id not in evidence_docs and evidence_docs <= set(docs)
        new_id = next(d.id for d in docs.values() if d.source.endswith("a.txt"))
        assert any(ev.document_id == new_id for r in store.relations() for ev in r.evidence)


def test_bad_sources_are_skipped_with_reasons_and_the_rest_ingested(corpus, store_path, nlp, tmp_path):
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    lines = tmp_path / "more.jsonl"
    lines.write_text(json.dumps({"url": "https://x.example/1", "text": LEADS.replace("Tomas", "Tom")})
                     + "\n{broken\n")
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(corpus), str(lines), str(tmp_path / "missing.md")], store, nlp=nlp)
    assert summary.new == 4 and not summary.ok
    reasons = {f["source"].rsplit("/", 1)[-1]: f["reason"] for f in summary.failed}
    assert reasons["empty.txt"] == "empty file"
    assert reasons["blob.txt"].startswith("binary file")
    assert reasons["more.jsonl:2"].startswith("line 2: malformed JSON")
    assert reasons["missing.md"] == "no such file or folder"


def test_interrupted_ingest_keeps_complete_batches_and_a_rerun_completes(corpus, store_path, nlp):
    def stop_after_two(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with open_store("oxigraph", store_path) as store:
        with pytest.raises(KeyboardInterrupt):
            ingest([str(corpus)], store, nlp=nlp, batch_size=1, progress=stop_after_two)
        assert len(list(store.documents())) == 2          # two batches committed, the third never ran
        summary = ingest([str(corpus)], store, nlp=nlp, batch_size=1)
        assert (summary.new, summary.unchanged) == (1, 2)
        assert len(list(store.documents())) == 3


def test_same_text_twice_in_one_run_is_one_document(tmp_path, store_path, nlp):
    (tmp_path / "x.txt").write_text(FOUNDED)
    (tmp_path / "y.txt").write_text(FOUNDED)
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(tmp_path / "x.txt"), str(tmp_path / "y.txt")], store, nlp=nlp)
        assert (summary.new, summary.unchanged) == (1, 1)
        assert len(list(store.documents())) == 1


def test_entities_resolve_across_documents(tmp_path, store_path, nlp):
    (tmp_path / "one.txt").write_text("Ingrid Solberg founded Quillmark in Lisbon.")
    (tmp_path / "two.txt").write_text("Hon. Ingrid Solberg said Quillmark Ltd would hire engineers.")
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(tmp_path)], store, nlp=nlp)
        people = [e for e in store.entities("Person") if "solberg" in e.id]
    assert summary.new == 2
    assert [p.id for p in people] == ["person/ingrid-solberg"]
    assert summary.resolution.get("exact", 0) >= 1


def test_extract_source_is_one_extraction_without_a_store(tmp_path, nlp):
    (tmp_path / "a.txt").write_text(FOUNDED)
    extraction = extract_source(str(tmp_path / "a.txt"), nlp=nlp)
    data = extraction.to_json()
    assert data["document"]["source"].endswith("a.txt")
    assert "person/ingrid-solberg" in {e["id"] for e in data["entities"]}
    lines = tmp_path / "two.jsonl"
    lines.write_text(json.dumps({"text": FOUNDED}) + "\n" + json.dumps({"text": LEADS}) + "\n")
    with pytest.raises(BadInput, match="holds 2 documents"):
        extract_source(str(lines), nlp=nlp)
    (tmp_path / "e.txt").write_text("")
    with pytest.raises(BadInput, match="empty file"):
        extract_source(str(tmp_path / "e.txt"), nlp=nlp)


def test_bad_arguments_raise_bad_input(store_path):
    with open_store("oxigraph", store_path) as store:
        with pytest.raises(BadInput, match="nothing to ingest"):
            ingest([], store)
        with pytest.raises(BadInput, match="--workers"):
            ingest(["x"], store, workers=0)


def test_two_workers_give_the_same_graph_as_one(corpus, tmp_path, nlp):
    results = []
    for workers in (1, 2):
        with open_store("oxigraph", str(tmp_path / f"store{workers}")) as store:
            summary = ingest([str(corpus)], store, nlp=nlp, workers=workers)
            assert summary.new == 3 and summary.ok
            docs, ents, rels = graph(store)
            results.append(([d[:2] for d in docs], ents, rels))
    assert results[0] == results[1]


@pytest.mark.parametrize("shape", ["parsed-doc", "extract-many-only"])
def test_a_text_that_breaks_the_extractor_fails_alone(tmp_path, store_path, nlp, shape):
    """The real extractor, wrapped so one document raises (as an extractor bug would), both
    through the streaming path (extraction_from_doc) and the extract_many-only fallback."""
    from freelance_kg.ingest import extractor

    def check(document):
        if "Brightloom" in document.text:
            raise RuntimeError("rule crashed")

    def from_doc(document, doc, nlp):
        check(document)
        return extractor.extraction_from_doc(document, doc, nlp)

    def one(document, nlp=None):
        check(document)
        return extractor.extract(document, nlp=nlp)

    def many(documents, nlp=None, batch_size=32, n_process=1):
        for document in documents:
            yield one(document, nlp=nlp)

    engine = SimpleNamespace(extract=one, extract_many=many)
    if shape == "parsed-doc":
        engine.extraction_from_doc = from_doc
    for name, text in (("1.txt", FOUNDED), ("2.txt", LEADS), ("3.txt", FUNDS)):
        (tmp_path / name).write_text(text)
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(tmp_path)], store, nlp=nlp, extractor=engine)
        assert (summary.new, len(summary.failed)) == (2, 1)
        assert summary.failed[0]["source"].endswith("2.txt")
        assert summary.failed[0]["reason"] == "extraction failed: RuntimeError: rule crashed"
        assert sorted(d.source.rsplit("/", 1)[-1] for d in store.documents()) == ["1.txt", "3.txt"]
        # the failed document is not recorded, so a re-run (with a fixed extractor) picks it up
        again = ingest([str(tmp_path)], store, nlp=nlp)
        assert (again.new, again.unchanged) == (1, 2)


ABORT_SCRIPT = """
import sys
from freelance_kg.graph.store import open_store
from freelance_kg.ingest.pipeline import ingest
folder = sys.argv[1]
def stop(done, total):
    if done == 1:
        raise RuntimeError("stopped by the consumer")
with open_store("oxigraph", folder + "/store") as store:
    try:
        ingest([folder + "/docs"], store, workers=2, progress=stop)
    except RuntimeError as exc:
        print("raised:", exc)
    print("documents:", len(list(store.documents())))
"""


def test_stopping_a_two_worker_ingest_early_does_not_hang(tmp_path):
    """Worker processes must end when the consumer stops early (a worker blocked on a full pipe
    would never exit). Run in a subprocess so a regression shows up as a hang caught by the
    subprocess timeout, not a frozen test run."""
    import subprocess
    import sys

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(80):
        (docs / f"{i}.txt").write_text(f"Article {i}. " + (FOUNDED + " " + FUNDS + " ") * 12)
    try:
        out = subprocess.run([sys.executable, "-c", ABORT_SCRIPT, str(tmp_path)], capture_output=True,
                             text=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.fail("ingest --workers 2 hung after the consumer stopped early")
    assert out.returncode == 0, out.stderr
    assert "raised: stopped by the consumer" in out.stdout and "documents: 0" in out.stdout
    assert "Traceback" not in out.stderr and "W127" not in out.stderr


def test_background_parse_hands_over_items_in_order_and_its_errors():
    from freelance_kg.ingest.pipeline import _in_background
    assert list(_in_background(lambda: iter(range(200)), ahead=4)) == list(range(200))

    def broken():
        yield 1
        raise ValueError("parser broke on text 2")

    got = []
    with pytest.raises(ValueError, match="text 2"):
        for item in _in_background(broken):
            got.append(item)
    assert got == [1]


def test_stopping_the_consumer_stops_and_joins_the_background_thread():
    import threading
    from freelance_kg.ingest.pipeline import _in_background
    produced, closed = [], []

    def endless():
        try:
            n = 0
            while True:
                produced.append(n)
                yield n
                n += 1
        finally:
            closed.append(True)

    stream = _in_background(endless, ahead=3)
    assert [next(stream) for _ in range(5)] == [0, 1, 2, 3, 4]
    stream.close()
    assert closed == [True]                      # the source was closed in its own thread
    assert not any(t.name == "fkg-parse" for t in threading.enumerate())
    assert len(produced) <= 5 + 3 + 2            # it never ran far ahead of the consumer


def test_the_parse_loop_shortens_the_switch_interval_and_restores_it(corpus, store_path, nlp):
    import sys
    from freelance_kg.ingest import extractor, pipeline
    seen = []

    class Watching:
        prepare = staticmethod(extractor.prepare)
        extract, extract_many = staticmethod(extractor.extract), staticmethod(extractor.extract_many)

        @staticmethod
        def extraction_from_doc(document, doc, nlp):
            seen.append(sys.getswitchinterval())
            return extractor.extraction_from_doc(document, doc, nlp)

    before = sys.getswitchinterval()
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(corpus)], store, nlp=nlp, extractor=Watching)
    assert summary.new == 3 and summary.ok
    assert seen and all(s <= pipeline.PARSE_SWITCH_INTERVAL for s in seen)
    assert sys.getswitchinterval() == before
