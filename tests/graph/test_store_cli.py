"""fkg stats / sparql / export / import through the real CLI on a real store."""

import json

from freelance_kg.cli import cli
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore


def build(store_path):
    text = "Micha Kaufman co-founded Fiverr, a marketplace based in Tel Aviv."
    doc = Document.from_text(text, source="mem://fiverr", title="Fiverr")
    micha, fiverr = Entity.make("Micha Kaufman", "Person", ["Kaufman"]), Entity.make("Fiverr", "Platform")
    tlv = Entity.make("Tel Aviv", "Place")
    ev = lambda: [Evidence(doc.id, text, 0, len(text), "test/1", 0.9)]
    with OxigraphStore(store_path) as store:
        store.add([doc], [micha, fiverr, tlv], [
            Relation(micha.id, "FOUNDED", fiverr.id, evidence=ev()),
            Relation(fiverr.id, "LOCATED_IN", tlv.id, evidence=ev())])


def test_stats(runner, store_path):
    build(store_path)
    result = runner.invoke(cli, ["--store", store_path, "stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)[0]
    assert stats["entities"] == 3 and stats["relations"] == 2 and stats["documents"] == 1
    assert stats["relations_by_predicate"] == {"FOUNDED": 1, "LOCATED_IN": 1}


def test_sparql_formats_and_params(runner, store_path, tmp_path):
    build(store_path)
    q = "SELECT ?name WHERE { ?p fkg:FOUNDED ?x . ?x schema:name ?platform . ?p schema:name ?name }"
    result = runner.invoke(cli, ["--store", store_path, "sparql", q, "--param", "platform=Fiverr",
                                 "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["name", "Micha Kaufman"]
    qfile = tmp_path / "q.rq"
    qfile.write_text(q)
    result = runner.invoke(cli, ["--store", store_path, "sparql", f"@{qfile}", "--param", "platform=Upwork",
                                 "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_sparql_syntax_error_exit_2_no_traceback(runner, store_path):
    build(store_path)
    result = runner.invoke(cli, ["--store", store_path, "sparql", "SELECT ?x WHERE { ?x ?y }"])
    assert result.exit_code == 2
    assert "SPARQL syntax error" in result.output and "1:" in result.output
    assert "Traceback" not in result.output


def test_missing_store_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["--store", str(tmp_path / "nothing"), "stats"])
    assert result.exit_code != 0 and "fkg ingest" in result.output and "Traceback" not in result.output


def test_export_import_round_trip(runner, store_path, tmp_path):
    build(store_path)
    for fmt in ("ttl", "nq", "jsonld"):
        out = tmp_path / f"g.{fmt}"
        assert runner.invoke(cli, ["--store", store_path, "export", "--format", fmt, "-o", str(out)]).exit_code == 0
        other = str(tmp_path / f"store-{fmt}")
        result = runner.invoke(cli, ["--store", other, "import", str(out)])
        assert result.exit_code == 0, result.output
        a = runner.invoke(cli, ["--store", store_path, "export", "--format", "nq"]).output
        b = runner.invoke(cli, ["--store", other, "export", "--format", "nq"]).output
        assert sorted(a.splitlines()) == sorted(b.splitlines()) and len(a.splitlines()) > 10


def test_import_bad_file_leaves_store_untouched(runner, store_path, tmp_path):
    build(store_path)
    before = runner.invoke(cli, ["--store", store_path, "export", "--format", "nq"]).output
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> <c> .\n<a> <b> \"unterminated .\n")
    result = runner.invoke(cli, ["--store", store_path, "import", str(bad)])
    assert result.exit_code == 2 and "bad.ttl" in result.output and "Traceback" not in result.output
    assert runner.invoke(cli, ["--store", store_path, "export", "--format", "nq"]).output == before
    result = runner.invoke(cli, ["--store", store_path, "import", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2 and "missing.ttl" in result.output


def test_graphml_and_csv_exports(runner, store_path, tmp_path):
    import networkx as nx
    build(store_path)
    out = tmp_path / "g.graphml"
    assert runner.invoke(cli, ["--store", store_path, "export", "--format", "graphml", "-o", str(out)]).exit_code == 0
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    folder = tmp_path / "csv"
    assert runner.invoke(cli, ["--store", store_path, "export", "--format", "csv", "-o", str(folder)]).exit_code == 0
    assert (folder / "evidence.csv").read_text().count("Micha Kaufman co-founded") == 2


def test_projection_carries_evidence(store_path):
    build(store_path)
    from freelance_kg.graph.projection import to_social_graph
    with OxigraphStore(store_path, read_only=True) as store:
        graph = store.to_networkx()
    assert graph.nodes["person/micha-kaufman"]["type"] == "Person"
    edge = graph.edges["person/micha-kaufman", "platform/fiverr", "FOUNDED"]
    assert edge["evidence_count"] == 1 and edge["evidence"][0]["source"] == "mem://fiverr"
    social = to_social_graph(graph)
    assert social.number_of_edges() == 2 and social["platform/fiverr"]["place/tel-aviv"]["weight"] == 1
