"""Bounded fuzzing (hypothesis) of the readers, `fkg sparql --param` and `fkg import`: whatever
the input, no traceback and no unexpected error, a documented exit code, and a command that
fails leaves the store exactly as it was."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freelance_kg.cli import cli
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore
from freelance_kg.ingest import readers

DOCUMENTED = {0, 1, 2, 3, 4, 5, 6}
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".rss", ".xml", ".atom", ".json", ""]
TEXT = "Micha Kaufman co-founded Fiverr, a marketplace based in Tel Aviv."


def _snapshot(store_path):
    with OxigraphStore(store_path, read_only=True) as store:
        return sorted(str(q) for q in store.db)


@pytest.fixture(scope="module")
def store_path():
    folder = tempfile.mkdtemp(prefix="fkg-fuzz-")
    path = os.path.join(folder, "store")
    doc = Document.from_text(TEXT, source="mem://fiverr", title="Fiverr")
    micha, fiverr = Entity.make("Micha Kaufman", "Person"), Entity.make("Fiverr", "Platform")
    with OxigraphStore(path) as store:
        store.add([doc], [micha, fiverr], [Relation(micha.id, "FOUNDED", fiverr.id, evidence=[
            Evidence(doc.id, TEXT, 0, len(TEXT), "test/1", 0.9)])])
    yield path
    import shutil
    shutil.rmtree(folder, ignore_errors=True)


def _check(result, error_line: bool = True):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in DOCUMENTED
    assert "unexpected error" not in result.output, result.output
    if result.exit_code and error_line:
        assert result.stderr.startswith("Error: "), result.output


# --- readers ------------------------------------------------------------------------------
_json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.sampled_from(["text", "html", "url", "title", "date"]),
                                             inner, max_size=4), max_leaves=8)
_contents = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(_json_value.map(lambda v: json.dumps(v)), max_size=4).map(lambda ls: "\n".join(ls).encode()),
    st.sampled_from(["utf-8", "utf-16", "utf-32", "cp1252"]).flatmap(
        lambda enc: st.text(max_size=200).map(lambda t: t.encode(enc, "replace"))),
    st.text(max_size=200).map(lambda t: f"<rss><channel><item><title>{t}</title></item></channel></rss>".encode(
        "utf-8", "surrogatepass")),
)


@FUZZ
@given(content=_contents, suffix=st.sampled_from(SUFFIXES))
def test_readers_never_raise_on_any_file(tmp_path, content, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    for result in readers.read_sources([str(path)]):
        assert (result.document is None) != (result.error is None)
        if result.document is not None:
            result.document.text.encode("utf-8")            # storable and printable
            assert "\x00" not in result.document.text
        else:
            result.error.encode("utf-8")


@FUZZ
@given(line=st.text(max_size=200))
def test_readers_never_raise_on_any_jsonl_text_field(tmp_path, line):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": line, "title": line, "url": line}) + "\n", encoding="utf-8")
    for result in readers.read_sources([str(path)]):
        if result.document is not None:
            for value in (result.document.text, result.document.title, result.document.source):
                value.encode("utf-8")


# --- fkg sparql --param ---------------------------------------------------------------------
QUERIES = [
    "SELECT ?name WHERE { ?p fkg:FOUNDED ?x . ?x schema:name ?platform . ?p schema:name ?name }",
    "# WHERE { ?platform }\nSELECT * { ?s ?p ?o FILTER(?o = ?platform) }",
    "ASK { ?x schema:name ?platform }",
    "SELECT ?platform WHERE { }",
]


@FUZZ
@given(query=st.sampled_from(QUERIES) | st.text(max_size=80),
       key=st.sampled_from(["platform", "p", "x"]) | st.text(max_size=8),
       value=st.text(max_size=40) | st.sampled_from(["Infinity", "NaN", "-0", "1e999", "http://a b",
                                                     "https://x/<y>", "http://ok.example/a", "'\"}"]))
def test_sparql_params_never_crash_and_never_change_the_store(store_path, query, key, value):
    before = _snapshot(store_path)
    result = CliRunner().invoke(cli, ["--store", store_path, "sparql", query, "--param", f"{key}={value}",
                                      "--format", "json"])
    _check(result)
    if result.exit_code == 0:
        json.loads(result.stdout)          # valid JSON, even for INF and NaN
    assert _snapshot(store_path) == before


# --- fkg import ----------------------------------------------------------------------------
_triple_parts = st.sampled_from([
    "<https://e/a>", "<https://freelance-kg.org/ev/1>", "<https://freelance-kg.org/ns#start>",
    "<https://freelance-kg.org/ns#FOUNDED>", '"x"', '"7"^^<http://www.w3.org/2001/XMLSchema#integer>',
    '"x"^^<http://www.w3.org/2001/XMLSchema#integer>', '"1.5"^^<http://www.w3.org/2001/XMLSchema#double>',
    "_:b", ".", "<bad iri>", '"unterminated', "@prefix", "{", "}"])


@FUZZ
@given(lines=st.lists(st.lists(_triple_parts, min_size=3, max_size=5).map(lambda p: " ".join(p) + " ."),
                      max_size=4),
       suffix=st.sampled_from([".nt", ".ttl", ".nq", ".jsonld"]))
def test_a_failing_import_leaves_the_store_as_it_was(store_path, lines, suffix):
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False) as fh:
        fh.write("\n".join(lines) + "\n")
    try:
        before = _snapshot(store_path)
        result = CliRunner().invoke(cli, ["--store", store_path, "import", fh.name])
        _check(result)
        if result.exit_code != 0:
            assert _snapshot(store_path) == before
    finally:
        Path(fh.name).unlink()


# --- fkg ingest of one fuzzed file ------------------------------------------------------------
@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(content=_contents, suffix=st.sampled_from(SUFFIXES))
def test_ingest_of_any_one_file_never_crashes_and_a_failure_writes_nothing(store_path, content, suffix):
    with tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False) as fh:
        fh.write(content)
    try:
        before = _snapshot(store_path)
        result = CliRunner().invoke(cli, ["--store", store_path, "ingest", fh.name, "--format", "json"])
        _check(result, error_line=False)        # exit 1 here is the summary of a failed source
        assert result.exit_code in (0, 1)
        if result.exit_code == 1:
            assert _snapshot(store_path) == before
    finally:
        Path(fh.name).unlink()
