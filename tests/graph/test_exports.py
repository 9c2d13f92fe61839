"""Files other tools open: GraphML that keeps every edge and passes a GraphML schema check,
typed dates in RDF and in neo4j-admin CSV."""

from __future__ import annotations

import csv
import json
import re

import pytest

from freelance_kg.cli import cli
from freelance_kg.graph.model import Document, Entity, Evidence, Relation, date_kind
from freelance_kg.graph.rdf_store import OxigraphStore

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
#: XML NMTOKEN restricted to ASCII name characters (what the GraphML schema requires of ids).
NMTOKEN = re.compile(r"[A-Za-z0-9._:-]+")
ATTR_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def build(store_path):
    """Two relations between the same pair (ids would repeat if named by predicate), ids with
    '/', a name carrying control characters, and documents with three kinds of date."""
    text = "Ana Ruiz founded GigHub and leads it. GigHub is based in Lisbon."
    docs = [Document.from_text(text, source="mem://a", title="A", date="2024-05-01"),
            Document.from_text(text + " More.", source="mem://b", title="B",
                               date="2024-05-01T09:30:00Z"),
            Document.from_text(text + " Later.", source="mem://c", title="C", date="May 2024")]
    ana = Entity.make("Ana\x01 Ruiz\x0b", "Person")
    gighub, lisbon = Entity.make("GigHub", "Platform"), Entity.make("Lisbon", "Place")
    ev = lambda: [Evidence(docs[0].id, text, 0, len(text), "test.v1", 0.9)]  # noqa: E731
    with OxigraphStore(store_path) as store:
        store.add(docs, [ana, gighub, lisbon], [
            Relation(ana.id, "FOUNDED", gighub.id, evidence=ev()),
            Relation(ana.id, "LEADS", gighub.id, evidence=ev()),
            Relation(gighub.id, "LOCATED_IN", lisbon.id, evidence=ev())])
    return docs


def schema_check(path) -> dict:
    """The GraphML schema's rules an importer relies on (no XSD ships with any Debian or pip
    package here, so this checks them directly): well-formed XML 1.0 (a strict parser), the
    GraphML namespace, keys declared before the graph with a domain and a type, unique keys,
    node ids and edge ids that are NMTOKENs, edge ends that are nodes, data that use declared
    keys of the right domain. Returns the parsed pieces."""
    from lxml import etree

    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False)).getroot()
    assert root.tag == GRAPHML + "graphml"
    children = [c.tag for c in root]
    assert children.count(GRAPHML + "graph") == 1
    assert all(t == GRAPHML + "key" for t in children[: children.index(GRAPHML + "graph")])
    keys = {}
    for key in root.iter(GRAPHML + "key"):
        assert key.get("id") not in keys and NMTOKEN.fullmatch(key.get("id"))
        assert key.get("for") in {"node", "edge", "graph", "all"}
        assert key.get("attr.type") in ATTR_TYPES and key.get("attr.name")
        keys[key.get("id")] = key
    graph = root.find(GRAPHML + "graph")
    assert graph.get("edgedefault") in {"directed", "undirected"}
    nodes = [n.get("id") for n in graph.iter(GRAPHML + "node")]
    edges = list(graph.iter(GRAPHML + "edge"))
    edge_ids = [e.get("id") for e in edges]
    assert len(set(nodes)) == len(nodes) and all(NMTOKEN.fullmatch(n) for n in nodes)
    assert len(set(edge_ids)) == len(edge_ids) and all(NMTOKEN.fullmatch(e) for e in edge_ids)
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    for element in (*graph.iter(GRAPHML + "node"), *edges):
        domain = etree.QName(element).localname
        for data in element.iter(GRAPHML + "data"):
            assert data.get("key") in keys
            assert keys[data.get("key")].get("for") in {domain, "all"}
    return {"nodes": nodes, "edge_ids": edge_ids}


def test_graphml_is_valid_and_keeps_every_edge(runner, store_path, tmp_path):
    import igraph
    import networkx as nx

    build(store_path)
    out = tmp_path / "g.graphml"
    result = runner.invoke(cli, ["--store", store_path, "export", "--format", "graphml",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "dropped_characters" in result.output
    stats = json.loads(runner.invoke(cli, ["--store", store_path, "stats", "--format",
                                           "json"]).stdout)[0]
    assert stats["relations"] == 3
    parsed = schema_check(out)
    assert sorted(parsed["nodes"]) == ["person:ana-ruiz", "place:lisbon", "platform:gighub"]
    assert parsed["edge_ids"] == ["e0", "e1", "e2"]
    G = nx.read_graphml(out)
    assert G.number_of_edges() == stats["relations"]
    assert G.nodes["person:ana-ruiz"]["entity_id"] == "person/ana-ruiz"
    assert G.nodes["person:ana-ruiz"]["name"] == "Ana Ruiz"         # control characters dropped
    assert G.nodes["person:ana-ruiz"]["label"] == "Ana Ruiz"
    assert sorted(d["predicate"] for _, _, d in G.edges(data=True)) == [
        "FOUNDED", "LEADS", "LOCATED_IN"]
    g = igraph.Graph.Read_GraphML(str(out))
    assert g.ecount() == stats["relations"] and g.vcount() == 3
    assert sorted(g.vs["entity_id"]) == ["person/ana-ruiz", "place/lisbon", "platform/gighub"]


def test_graphml_node_ids_stay_unique_when_sanitised():
    from freelance_kg.graph.formats import graphml_node_ids, xml_text
    ids = graphml_node_ids(["person/a b", "person/a_b", "org/é", "org/_"])
    assert ids == {"person/a b": "person:a_b", "person/a_b": "person:a_b.2",
                   "org/é": "org:_", "org/_": "org:_.2"}
    assert xml_text("a\x00b\x1fc\tdé\ufffe") == ("abc\tdé", 3)


def test_rdf_dates_are_typed(runner, store_path):
    docs = build(store_path)
    query = ("SELECT ?title (STR(DATATYPE(?d)) AS ?type) WHERE { ?doc schema:name ?title ; "
             "schema:datePublished ?d } ORDER BY ?title")
    rows = json.loads(runner.invoke(cli, ["--store", store_path, "sparql", query,
                                          "--format", "json"]).stdout)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert [(r["title"], r["type"]) for r in rows] == [
        ("A", xsd + "date"), ("B", xsd + "dateTime"), ("C", xsd + "string")]
    with OxigraphStore(store_path, read_only=True) as store:
        assert {d.title: d.date for d in store.documents()} == {d.title: d.date for d in docs}


@pytest.mark.parametrize("text, kind", [
    ("2024-05-01", "date"), ("2024-05-01T09:30:00", "dateTime"),
    ("2024-05-01T09:30:00.250+02:00", "dateTime"), ("2024-02-30", None),
    ("2024-05-01T09:30", None), ("May 2024", None), ("", None)])
def test_date_kind(text, kind):
    assert date_kind(text) == kind


def test_neo4j_csv_dates_are_temporal(runner, store_path, tmp_path):
    build(store_path)
    out = tmp_path / "neo4j"
    result = runner.invoke(cli, ["--store", store_path, "export", "--format", "neo4j-csv",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    with open(out / "documents.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id:ID(Document)", "source", "title", "date:date",
                             "published_at:datetime", "date_text", "ingested_at:datetime",
                             ":LABEL"]
    by_title = {r["title"]: r for r in rows}
    assert [by_title[t]["date:date"] for t in "ABC"] == ["2024-05-01", "2024-05-01", ""]
    assert [by_title[t]["published_at:datetime"] for t in "ABC"] == ["", "2024-05-01T09:30:00Z", ""]
    assert [by_title[t]["date_text"] for t in "ABC"] == ["", "", "May 2024"]
    assert all(date_kind(r["ingested_at:datetime"]) == "dateTime" for r in rows)
