"""fkg cypher / fkg push / --backend neo4j, end to end against the Bolt server."""

from __future__ import annotations

import importlib.util
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from freelance_kg.cli import cli
from freelance_kg.graph.rdf_store import OxigraphStore


def _load(name):
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


town = _load("test_neo4j_named").town
snapshot = _load("test_neo4j_store").snapshot


@pytest.fixture
def embedded(store_path):
    """An embedded store on disk holding the small town."""
    docs, ents, rels = town()
    with OxigraphStore(store_path) as store:
        store.add(docs, ents, rels)
    return store_path


def invoke(runner, *args):
    result = runner.invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result


def test_help_does_not_import_the_driver_and_takes_no_password():
    code = ("import sys; from click.testing import CliRunner; from freelance_kg.cli import cli; "
            "r = CliRunner().invoke(cli, ['--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'neo4j')); print(r.output)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "[]"
    assert not re.search(r"--[\w-]*pass", out, re.IGNORECASE)     # no password option


def test_unreachable_server_message(runner):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = invoke(runner, "--neo4j-uri", f"bolt://127.0.0.1:{port}", "cypher", "RETURN 1")
    assert result.exit_code == 5
    assert f"bolt://127.0.0.1:{port}" in result.output and "FKG_NEO4J_URI" in result.output


@pytest.mark.bolt
def test_push_copies_the_embedded_graph(runner, bolt_server, neo4j_store, embedded):
    result = invoke(runner, "--store", embedded, "--neo4j-uri", bolt_server.uri, "push", "neo4j",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("["):])
    assert summary[0]["relations"] == len(town()[2])
    with OxigraphStore(embedded, read_only=True) as source:
        expected = snapshot(source)
    assert snapshot(neo4j_store) == expected
    counts = neo4j_store.cypher("MATCH (n) RETURN count(n)").rows
    # again, with the --to spelling and tiny batches: nothing changes
    result = invoke(runner, "--store", embedded, "--neo4j-uri", bolt_server.uri, "push",
                    "--to", "neo4j", "--batch", "3")
    assert result.exit_code == 0, result.output
    assert snapshot(neo4j_store) == expected
    assert neo4j_store.cypher("MATCH (n) RETURN count(n)").rows == counts


@pytest.mark.bolt
def test_backend_neo4j_serves_the_store_commands(runner, bolt_server, neo4j_store, embedded):
    invoke(runner, "--store", embedded, "--neo4j-uri", bolt_server.uri, "push")
    result = invoke(runner, "--backend", "neo4j", "--neo4j-uri", bolt_server.uri, "stats",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    stats = stats[0] if isinstance(stats, list) else stats
    assert stats["backend"] == "neo4j"
    assert stats["relations"] == len(town()[2])


@pytest.mark.bolt
def test_cypher_command(runner, bolt_server, neo4j_store):
    docs, ents, rels = town()
    neo4j_store.add(docs, ents, rels)
    uri = ["--neo4j-uri", bolt_server.uri]
    result = invoke(runner, *uri, "cypher", "MATCH (p:Person) WHERE p.name STARTS WITH $prefix "
                    "RETURN p.name AS name ORDER BY name", "--param", "prefix=B", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"name": "Bo Lind"}]

    result = invoke(runner, *uri, "cypher", "@platform-funders", "--param", "person=Quill",
                    "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["platform,funder", "Gigly,Nordfund", "Gigly,Seed Partners"]

    result = invoke(runner, *uri, "cypher", "MATCH (p:Person {name: 'Bo Lind'})-[r]->(o) RETURN p, r")
    assert result.exit_code == 0
    assert '(:Person {id: "person/bo-lind", name: "Bo Lind"' in result.output
    assert "-[:LEADS" in result.output


@pytest.mark.bolt
def test_cypher_command_errors(runner, bolt_server, neo4j_store, tmp_path):
    uri = ["--neo4j-uri", bolt_server.uri]
    result = invoke(runner, *uri, "cypher", "CREATE (:Scratch {id: 1})")
    assert result.exit_code == 2 and "--write" in result.output
    assert neo4j_store.cypher("MATCH (n:Scratch) RETURN count(n)").rows == [[0]]
    result = invoke(runner, *uri, "cypher", "--write", "CREATE (:Scratch {id: 1})")
    assert result.exit_code == 0, result.output
    assert neo4j_store.cypher("MATCH (n:Scratch) RETURN count(n)").rows == [[1]]
    neo4j_store.cypher("MATCH (n:Scratch) DELETE n", write=True)

    result = invoke(runner, *uri, "cypher", "MATCH (n RETURN n")
    assert result.exit_code == 2 and "Error:" in result.output and "Cypher" in result.output
    result = invoke(runner, *uri, "cypher", "@no-such-query")
    assert result.exit_code == 2 and "top-connectors" in result.output
    result = invoke(runner, *uri, "cypher", "RETURN $x", "--param", "oops")
    assert result.exit_code == 2 and "name=value" in result.output

    query = tmp_path / "count.cypher"
    query.write_text("MATCH (n:Entity) RETURN count(n) AS entities", encoding="utf-8")
    result = invoke(runner, *uri, "cypher", f"@{query}", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.output) == [{"entities": 0}]
