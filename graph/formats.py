"""Moving the graph in and out: Turtle, N-Quads, JSON-LD (RDF, lossless), GraphML and CSV
(for spreadsheet and graph tools), neo4j-admin CSV (bulk load into Neo4j)."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from freelance_kg.errors import BadInput, FkgError

RDF_FORMATS = {"ttl": "TURTLE", "nq": "N_QUADS", "jsonld": "JSON_LD", "nt": "N_TRIPLES"}
EXPORT_FORMATS = ("ttl", "nq", "jsonld", "graphml", "csv", "neo4j-csv")
IMPORT_FORMATS = ("ttl", "nq", "jsonld", "nt")
_EXTENSIONS = {".ttl": "ttl", ".turtle": "ttl", ".nq": "nq", ".nquads": "nq", ".jsonld": "jsonld",
               ".json": "jsonld", ".nt": "nt"}


def _rdf_format(name: str):
    import pyoxigraph
    return getattr(pyoxigraph.RdfFormat, RDF_FORMATS[name])


def guess_format(path: str, fmt: str | None) -> str:
    """The import format from --format or the file extension."""
    if fmt:
        return fmt
    guessed = _EXTENSIONS.get(Path(path).suffix.lower())
    if guessed is None:
        raise BadInput(f"cannot tell the format of {path} from its extension; "
                       f"pass --format ({', '.join(IMPORT_FORMATS)})")
    return guessed


def export(store, fmt: str, output: str | None) -> dict:
    """Write the store in ``fmt`` to ``output``: a file path (a folder for csv and neo4j-csv), or
    for the RDF formats a binary stream. Returns what was written."""
    if fmt not in EXPORT_FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt in RDF_FORMATS:
        if not hasattr(store, "dump"):
            raise BadInput(f"the {store.backend} backend has no RDF export; export from the embedded store")
        if output is None:
            raise BadInput(f"--format {fmt}: give -o PATH or a binary stream")
        if not isinstance(output, (str, os.PathLike)):     # a binary stream (e.g. stdout)
            store.dump(output, _rdf_format(fmt))
            output.flush()
            return {"format": fmt, "output": "-"}
        tmp = f"{output}.part"
        store.dump(tmp, _rdf_format(fmt))
        os.replace(tmp, output)           # no half-written export under the real name
        return {"format": fmt, "output": output, "bytes": os.path.getsize(output)}
    if output is None:
        raise BadInput(f"--format {fmt} writes files: give -o PATH")
    if fmt == "graphml":
        return write_graphml(store, output)
    if fmt == "csv":
        return write_csv(store, output)
    from freelance_kg.graph.neo4j_csv import write_neo4j_csv
    return write_neo4j_csv(store, output)


def import_file(store, path: str, fmt: str | None = None) -> dict:
    """Load an RDF file written by :func:`export` (ttl, nq, jsonld) in one transaction."""
    if not os.path.isfile(path):
        raise BadInput(f"no such file: {path}")
    fmt = guess_format(path, fmt)
    if fmt not in IMPORT_FORMATS:
        raise BadInput(f"cannot import {fmt!r}; import reads {', '.join(IMPORT_FORMATS)}")
    before = len(store.db)
    store.load_rdf(path, _rdf_format(fmt))
    return {"file": path, "format": fmt, "triples_before": before, "triples_after": len(store.db)}


#: Characters XML 1.0 cannot carry (control characters other than tab, newline and carriage
#: return; lone surrogates; U+FFFE and U+FFFF). GraphML is XML: they are dropped from values.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NOT_NMTOKEN = re.compile(r"[^A-Za-z0-9._:-]")


def xml_text(value: str) -> tuple[str, int]:
    """``value`` without the characters XML cannot carry, and how many were dropped."""
    cleaned, dropped = _NOT_XML.subn("", value)
    return cleaned, dropped


def graphml_node_ids(entity_ids) -> dict:
    """entity id -> GraphML node id: a valid, unique XML NMTOKEN that reads like the id
    ("person/ana-ruiz" -> "person:ana-ruiz"; other unsafe characters become "_", and a clash
    gets a numbered suffix)."""
    ids, used = {}, set()
    for entity_id in entity_ids:
        base = _NOT_NMTOKEN.sub("_", str(entity_id).replace("/", ":")) or "n"
        token, n = base, 1
        while token in used:
            n += 1
            token = f"{base}.{n}"
        used.add(token)
        ids[entity_id] = token
    return ids


def write_graphml(store, output: str) -> dict:
    """GraphML of the projection, valid against the GraphML schema: node ids are NMTOKENs
    derived from the entity ids (the entity id itself is the ``entity_id`` attribute, the name
    also the ``label`` Gephi and yEd show), every edge has its own id (``e0``, ``e1``, ...: one
    per relation, so importers that drop repeated ids keep them all), list values (aliases,
    evidence) are JSON strings, and characters XML cannot carry are dropped (counted in
    ``dropped_characters``)."""
    import networkx as nx
    graph = store.to_networkx()
    dropped = 0

    def clean(value):
        nonlocal dropped
        text, n = xml_text(value)
        dropped += n
        return text

    node_ids = graphml_node_ids(sorted(graph.nodes, key=str))
    flat = nx.MultiDiGraph()
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        name = clean(data.get("name", "") or "")
        flat.add_node(node_ids[node], entity_id=clean(str(node)), label=name, name=name,
                      type=data.get("type", "") or "",
                      aliases=clean(json.dumps(data.get("aliases", []), ensure_ascii=False)))
    edges = sorted(graph.edges(keys=True, data=True),
                   key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for number, (u, v, _, data) in enumerate(edges):
        flat.add_edge(node_ids[u], node_ids[v], key=f"e{number}", predicate=data["predicate"],
                      role=clean(data.get("role") or ""), confidence=float(data["confidence"]),
                      evidence_count=int(data["evidence_count"]),
                      evidence=clean(json.dumps(data["evidence"], ensure_ascii=False)))
    tmp = f"{output}.part"
    try:
        nx.write_graphml(flat, tmp)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FkgError(f"cannot write {output}: {exc.strerror or exc}; free some space or "
                       "choose another -o path") from exc
    os.replace(tmp, output)
    return {"format": "graphml", "output": output, "nodes": flat.number_of_nodes(),
            "edges": flat.number_of_edges(), "dropped_characters": dropped}


def write_csv(store, folder: str) -> dict:
    """entities.csv, relations.csv, evidence.csv and documents.csv in ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}

    def write(name, header, rows):
        n = 0
        with open(out / f"{name}.csv.part", "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                n += 1
        os.replace(out / f"{name}.csv.part", out / f"{name}.csv")
        counts[name] = n

    write("entities", ["id", "name", "type", "aliases"],
          ([e.id, e.name, e.type, "|".join(e.aliases)] for e in store.entities()))
    relations = list(store.relations())
    write("relations", ["subject", "predicate", "object", "role", "confidence", "evidence_count"],
          ([r.subject, r.predicate, r.object, r.role or "", r.confidence, len(r.evidence)]
           for r in relations))
    write("evidence", ["subject", "predicate", "object", "document_id", "sentence", "start", "end",
                       "extractor", "confidence", "role"],
          ([r.subject, r.predicate, r.object, ev.document_id, ev.sentence, ev.start, ev.end,
            ev.extractor, ev.confidence, ev.role or ""] for r in relations for ev in r.evidence))
    write("documents", ["id", "source", "title", "date", "ingested_at"],
          ([d.id, d.source, d.title, d.date, d.ingested_at] for d in store.documents()))
    return {"format": "csv", "output": str(out), **counts}
