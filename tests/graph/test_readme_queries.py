"""The README's example SPARQL queries run on a small graph, and the Oxigraph server the README
describes serves the same store."""

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
QUERIES = re.findall(r"```sparql\n(.*?)```", README, re.S)


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("readme") / "store"
    text = ("Fiverr, the freelance marketplace co-founded by Micha Kaufman and Shai Wininger, "
            "is led by CEO Micha Kaufman; Accel backed Fiverr, where Ana Ruiz works.")
    doc = Document.from_text(text, source="https://example.org/fiverr", title="Fiverr")
    micha = Entity.make("Micha Kaufman", "Person", ["Kaufman"])
    shai = Entity.make("Shai Wininger", "Person")
    ana = Entity.make("Ana Ruiz", "Person")
    fiverr = Entity.make("Fiverr", "Platform")
    accel = Entity.make("Accel", "Funder")

    def rel(s, p, o, role=None):
        return Relation(s.id, p, o.id, role=role,
                        evidence=[Evidence(doc.id, text, 0, len(text), "test/1", 0.9, role=role)])
    with OxigraphStore(path) as store:
        store.add([doc], [micha, shai, ana, fiverr, accel], [
            rel(micha, "FOUNDED", fiverr), rel(shai, "FOUNDED", fiverr),
            rel(micha, "LEADS", fiverr, "CEO"), rel(accel, "FUNDS", fiverr), rel(ana, "WORKS_FOR", fiverr)])
    return path


def test_readme_has_three_to_five_queries():
    assert 3 <= len(QUERIES) <= 5


@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_readme_query_answers(small_store, index):
    with OxigraphStore(small_store, read_only=True) as store:
        result = store.sparql(QUERIES[index])
    assert result.rows, QUERIES[index]
    flat = {v for row in result.rows for v in row}
    assert flat & {"Micha Kaufman", "Fiverr", "Accel", "Ana Ruiz"}


def test_funders_ranked_by_people(small_store):
    query = next(q for q in QUERIES if "COUNT" in q)
    with OxigraphStore(small_store, read_only=True) as store:
        assert store.sparql(query).rows == [["Accel", 3]]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_oxigraph_server_serves_the_store(small_store):
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(small_store / "oxigraph"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        query = schema.sparql_prefixes() + QUERIES[0]
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode({"query": query})
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        for _ in range(100):
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = json.load(response)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("oxigraph server did not answer: " + proc.stderr.read().decode()[:500])
        served = sorted((b["founder"]["value"], b["thing"]["value"]) for b in body["results"]["bindings"])
        with OxigraphStore(small_store, read_only=True) as store:
            assert served == sorted(map(tuple, store.sparql(QUERIES[0]).rows))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
