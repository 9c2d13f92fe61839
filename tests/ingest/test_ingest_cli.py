"""`fkg ingest`, `fkg extract`, `fkg merge`, `fkg unmerge` through click's CliRunner: exit codes,
summaries, and no tracebacks on bad input. URLs come from a real http.server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from freelance_kg.cli import cli
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.store import open_store
from freelance_kg.ingest.nlp import load_nlp
from freelance_kg.ingest.pipeline import extract_source

TEXTS = {
    "a.txt": "Ingrid Solberg founded Quillmark in 2019. Quillmark is based in Lisbon.",
    "b.md": "# Brightloom\n\nTomas Verhoeven is the chief executive of **Brightloom**.",
}
PAGE = ("<html><head><title>Harbourline news</title></head><body><article><p>Petra Okafor "
        "founded <a href='/h'>Harbourline</a> in Accra. Northwind Capital invested in Harbourline."
        "</p></article></body></html>")


@pytest.fixture(scope="module", autouse=True)
def _warm_model():
    load_nlp()      # load spaCy once for the module (cached per process)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def web():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            if self.path != "/page":
                self.send_error(404, "Not Found")
                return
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run(runner, store_path, *args):
    result = runner.invoke(cli, ["--store", store_path, *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_ingest_folder_then_again_is_unchanged(runner, store_path, corpus):
    first = run(runner, store_path, "ingest", str(corpus))
    assert first.exit_code == 0, first.output
    assert "documents new" in first.output
    again = run(runner, store_path, "ingest", str(corpus), "--format", "json")
    assert again.exit_code == 0
    [summary] = json.loads(again.stdout)
    assert (summary["new"], summary["unchanged"], summary["failed"]) == (0, 2, 0)
    assert summary["store"]["documents"] == 2


def test_ingest_reports_failures_and_exits_nonzero(runner, store_path, corpus):
    (corpus / "empty.txt").write_text("")
    (corpus / "blob.txt").write_bytes(bytes(range(256)))
    result = run(runner, store_path, "ingest", str(corpus), str(corpus / "nope.txt"), "--format", "json")
    assert result.exit_code == 1
    [summary] = json.loads(result.stdout)
    assert summary["new"] == 2 and summary["failed"] == 3
    reasons = sorted(f["reason"].split(" (")[0] for f in summary["failures"])
    assert reasons == ["binary file", "empty file", "no such file or folder"]
    table = run(runner, store_path, "ingest", str(corpus))
    assert table.exit_code == 1 and "failed:" in table.output and "empty file" in table.output


def test_ingest_with_include_exclude_and_workers(runner, store_path, corpus):
    result = run(runner, store_path, "ingest", str(corpus), "--include", "*.md", "--workers", "1",
                 "--format", "json")
    [summary] = json.loads(result.stdout)
    assert summary["new"] == 1
    excluded = run(runner, store_path, "ingest", str(corpus), "--exclude", "*.md", "--format", "json")
    assert json.loads(excluded.stdout)[0]["new"] == 1
    bad = run(runner, store_path, "ingest", str(corpus), "--workers", "0")
    assert bad.exit_code == 2


def test_ingest_url_and_dead_url(runner, store_path, web):
    ok = run(runner, store_path, "ingest", web + "/page", "--format", "json")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)[0]["new"] == 1
    with open_store("oxigraph", store_path, read_only=True) as store:
        [doc] = list(store.documents())
    assert doc.source == web + "/page" and doc.title == "Harbourline news"
    dead = run(runner, store_path, "ingest", web + "/gone")
    assert dead.exit_code == 1 and "HTTP 404" in dead.output


def test_extract_json_is_the_extraction_contract(runner, corpus):
    result = runner.invoke(cli, ["extract", str(corpus / "a.txt")])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    expected = extract_source(str(corpus / "a.txt")).to_json()
    printed["document"].pop("ingested_at")
    expected["document"].pop("ingested_at")
    assert printed == expected
    assert printed["entities"] and set(printed) == {"document", "entities", "relations"}
    table = runner.invoke(cli, ["extract", str(corpus / "a.txt"), "--format", "table"])
    assert table.exit_code == 0 and "person/ingrid-solberg" in table.output


def test_extract_bad_input_is_a_clean_error(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    for target, message in ((tmp_path / "empty.txt", "empty file"), (tmp_path / "nope.txt", "no such file")):
        result = runner.invoke(cli, ["extract", str(target)])
        assert result.exit_code == 2
        assert message in result.stderr and "Traceback" not in result.output


def _seed(store_path):
    doc = Document.from_text("Quillmark and Quill Market", source="mem:seed")
    qm, qm2 = Entity.make("Quillmark", "Platform"), Entity.make("Quill Market", "Platform", ["QM"])
    person = Entity.make("Ingrid Solberg", "Person")
    rels = [Relation(person.id, "FOUNDED", qm.id, evidence=[Evidence(doc.id, "s1", 0, 5, "t", 0.9)]),
            Relation(person.id, "LEADS", qm2.id, role="CEO", evidence=[Evidence(doc.id, "s2", 6, 9, "t", 0.8)])]
    with open_store("oxigraph", store_path) as store:
        store.add([doc], [qm, qm2, person], rels)


def _graph(store_path):
    with open_store("oxigraph", store_path, read_only=True) as store:
        return (sorted((e.id, tuple(sorted(e.aliases))) for e in store.entities()),
                sorted((r.key, r.role, len(r.evidence)) for r in store.relations()))


def test_merge_and_unmerge_commands(runner, store_path):
    _seed(store_path)
    before = _graph(store_path)
    merged = run(runner, store_path, "merge", "Quillmark", "QM", "--format", "json")
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout)[0]["merged"] == "platform/quill-market"
    entities, relations = _graph(store_path)
    assert "platform/quill-market" not in {e for e, _ in entities}
    assert (("person/ingrid-solberg", "LEADS", "platform/quillmark"), "CEO", 1) in relations
    undone = run(runner, store_path, "unmerge", "Quill Market")
    assert undone.exit_code == 0, undone.output
    assert _graph(store_path) == before


def test_merge_errors_exit_with_codes(runner, store_path):
    _seed(store_path)
    unknown = run(runner, store_path, "merge", "Quilmark", "Nobody At All")
    assert unknown.exit_code == 3 and "closest:" in unknown.stderr
    cross = run(runner, store_path, "merge", "Quillmark", "Ingrid Solberg")
    assert cross.exit_code == 2 and "different types" in cross.stderr
    nothing = run(runner, store_path, "unmerge", "Quillmark")
    assert nothing.exit_code == 3
