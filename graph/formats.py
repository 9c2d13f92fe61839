"""Moving the graph in and out: Turtle, N-Quads, JSON-LD (RDF, lossless), GraphML and CSV
(for spreadsheet and graph tools), neo4j-admin CSV (bulk load into Neo4j)."""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

from freelance_kg.errors import BadInput

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


def check_output(store, fmt: str, output) -> None:
    """Refuse an export path that cannot work or would do harm: inside the store folder (it
    would overwrite the database), a file format onto a folder or into a missing folder, a
    folder format (csv, neo4j-csv) onto a file."""
    if not isinstance(output, (str, os.PathLike)):
        return
    path = Path(output)
    folder = getattr(store, "folder", None)
    try:
        target = path.resolve()
        store_dir = Path(folder).resolve() if folder is not None else None
    except (OSError, RuntimeError):
        raise BadInput(f"-o {output}: cannot resolve the path (a symlink loop?); pick another path") from None
    if store_dir is not None and (target == store_dir or store_dir in target.parents):
        raise BadInput(f"-o {output} is inside the store folder {folder}; writing there would "
                       "destroy the store: pick a path outside it")
    if fmt in ("csv", "neo4j-csv"):
        if path.exists() and not path.is_dir():
            raise BadInput(f"-o {output} is a file; --format {fmt} writes a folder of CSV files: "
                           "give a folder path (it is created if missing)")
        return
    if path.is_dir():
        raise BadInput(f"-o {output} is a folder; --format {fmt} writes one file: give a file "
                       f"path, e.g. {path / ('graph.' + fmt)}")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise BadInput(f"cannot write {output}: the folder {parent} does not exist; create it "
                       "first or pick another path")


def _replace_when_complete(tmp: str, output: str, write) -> None:
    """``write(tmp)`` then rename ``tmp`` to ``output``; on any failure (a full disk) the
    partial ``tmp`` is removed and ``output`` is left as it was."""
    try:
        write(tmp)
        os.replace(tmp, output)           # no half-written export under the real name
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def export(store, fmt: str, output: str | None) -> dict:
    """Write the store in ``fmt`` to ``output``: a file path (a folder for csv and neo4j-csv), or
    for the RDF formats a binary stream. Returns what was written."""
    if fmt not in EXPORT_FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    check_output(store, fmt, output)
    if fmt in RDF_FORMATS:
        if not hasattr(store, "dump"):
            raise BadInput(f"the {store.backend} backend has no RDF export; export from the embedded store")
        if output is None:
            raise BadInput(f"--format {fmt}: give -o PATH or a binary stream")
        if not isinstance(output, (str, os.PathLike)):     # a binary stream (e.g. stdout)
            store.dump(output, _rdf_format(fmt))
            output.flush()
            return {"format": fmt, "output": "-"}
        _replace_when_complete(f"{output}.part", output, lambda tmp: store.dump(tmp, _rdf_format(fmt)))
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
    problems = check_rdf(path, fmt)
    if problems:
        shown = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3 else "")
        raise BadInput(f"{path}: {len(problems)} value(s) the fkg vocabulary cannot read, so nothing "
                       f"was imported: {shown}. Fix them and import again")
    before = len(store.db)
    store.load_rdf(path, _rdf_format(fmt))
    return {"file": path, "format": fmt, "triples_before": before, "triples_after": len(store.db)}


_LEXICAL = {
    "integer": r"[+-]?[0-9]+", "int": r"[+-]?[0-9]+", "long": r"[+-]?[0-9]+",
    "nonNegativeInteger": r"\+?[0-9]+",
    "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    "double": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "float": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?INF|NaN",
    "boolean": r"true|false|1|0",
    "dateTime": r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?",
    "date": r"-?[0-9]{4,}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?",
}
#: fkg predicates whose values must be numbers (evidence offsets and confidence).
_NUMERIC = {"start": "integer", "end": "integer", "confidence": "double"}


def check_rdf(path: str, fmt: str, limit: int = 100) -> list[str]:
    """Problems that would break readers of the store, found by parsing ``path`` (nothing is
    written): a literal that is not valid for its XSD datatype (``"x"^^xsd:integer``), a
    non-number as evidence offset or confidence, a literal where a relation needs an entity.
    A file that does not parse raises BadInput with the parser's words (line and column)."""
    import re

    import pyoxigraph as ox

    from freelance_kg.graph import schema

    relation_iris = {schema.FKG + p for p in schema.PREDICATE_NAMES}
    numeric = {schema.FKG + k: v for k, v in _NUMERIC.items()}
    problems: list[str] = []
    try:
        for quad in ox.parse(path=path, format=_rdf_format(fmt)):
            where = f"{quad.subject} {quad.predicate}"
            obj, pred = quad.object, quad.predicate.value
            if isinstance(obj, ox.Literal):
                dt = obj.datatype.value
                kind = dt[len(schema.XSD):] if dt.startswith(schema.XSD) else None
                pattern = _LEXICAL.get(kind)
                if pattern and not re.fullmatch(pattern, obj.value.strip()):
                    problems.append(f"{where} {obj}: not a valid xsd:{kind}")
                elif pred in numeric and kind not in ("integer", "int", "long", "decimal", "double",
                                                      "float", "nonNegativeInteger"):
                    problems.append(f"{where} {obj}: must be a number (xsd:{numeric[pred]})")
                elif pred in relation_iris:
                    problems.append(f"{where} {obj}: a relation links two entities, not a literal")
            if len(problems) >= limit:
                break
    except SyntaxError as exc:
        raise BadInput(f"{path} is not valid {fmt}: {exc}; fix the file or pick the format with "
                       "--format") from None
    except (OSError, ValueError) as exc:
        raise BadInput(f"cannot read {path} as {fmt}: {exc}") from None
    return problems


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
    _replace_when_complete(f"{output}.part", output, lambda tmp: nx.write_graphml(flat, tmp))
    return {"format": "graphml", "output": output, "nodes": flat.number_of_nodes(),
            "edges": flat.number_of_edges(), "dropped_characters": dropped}


def write_csv(store, folder: str) -> dict:
    """entities.csv, relations.csv, evidence.csv and documents.csv in ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}

    def write(name, header, rows):
        n = 0

        def write_rows(tmp):
            nonlocal n
            with open(tmp, "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                writer.writerow(header)
                for row in rows:
                    writer.writerow(row)
                    n += 1
        _replace_when_complete(out / f"{name}.csv.part", out / f"{name}.csv", write_rows)
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
