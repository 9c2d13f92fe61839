"""neo4j-admin bulk-import CSV files from any Store, written streaming.

The files describe the same property graph as :mod:`graph.neo4j_store` (labels and types from
:mod:`graph.schema`), so a database built with ``neo4j-admin database import full`` answers the
same Cypher (named queries included) as one filled by ``fkg push``::

    documents.csv            id:ID(Document), source, title, date:date, published_at:datetime,
                             date_text, ingested_at:datetime, :LABEL
    entities_<Type>.csv      id:ID(Entity), name, aliases:string[], :LABEL   (one per type)
    entities_bare.csv        id:ID(Entity), :LABEL   (ends of relations no entity describes)
    evidence.csv             id:ID(Evidence), subject, predicate, object, document_id, sentence,
                             start:long, end:long, extractor, confidence:double, role, :LABEL
    relations.csv            :START_ID(Entity), :END_ID(Entity), :TYPE, role
    neo4j-admin-import.sh    the import command for these files

Dates are Neo4j temporal values: an ISO publication date goes to ``date`` (a Neo4j ``date``),
an ISO date and time to ``published_at`` (a ``datetime``) with its day in ``date``; a date in
any other form stays text in ``date_text``. ``ingested_at`` is a ``datetime``.

Rows are written as the store yields them (one relation, with its evidence, at a time); only
the set of entity ids is held in memory, to find relation ends no entity describes.
"""

from __future__ import annotations

import csv
import shlex
from pathlib import Path

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema
from freelance_kg.graph.model import date_kind
from freelance_kg.graph.neo4j_store import DOCUMENT_LABEL, ENTITY_LABEL, EVIDENCE_LABEL
from freelance_kg.graph.store import Store

ARRAY_DELIMITER = ";"

DOCUMENT_HEADER = ["id:ID(Document)", "source", "title", "date:date", "published_at:datetime",
                   "date_text", "ingested_at:datetime", ":LABEL"]
ENTITY_HEADER = ["id:ID(Entity)", "name", "aliases:string[]", ":LABEL"]
BARE_ENTITY_HEADER = ["id:ID(Entity)", ":LABEL"]
EVIDENCE_HEADER = ["id:ID(Evidence)", "subject", "predicate", "object", "document_id", "sentence",
                   "start:long", "end:long", "extractor", "confidence:double", "role", ":LABEL"]
RELATION_HEADER = [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "role"]


def document_dates(found: str, ingested_at: str) -> list:
    """[date, published_at, date_text, ingested_at] cells for a document (see the module
    docstring): temporal columns only ever hold values Neo4j parses."""
    kind = date_kind(found)
    if kind == "date":
        cells = [found.strip(), None, None]
    elif kind == "dateTime":
        cells = [found.strip()[:10], found.strip(), None]
    else:
        cells = [None, None, found or None]
    return cells + [ingested_at if date_kind(ingested_at) == "dateTime" else None]


def _aliases(aliases) -> str:
    # the array delimiter cannot be escaped in neo4j-admin CSV: fold it inside an alias
    return ARRAY_DELIMITER.join(a.replace(ARRAY_DELIMITER, ",") for a in aliases)


class _Writers:
    """Lazily opened CSV files (header written on first row)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, tuple] = {}

    def row(self, name: str, header: list[str], values: list) -> None:
        if name not in self.files:
            handle = open(self.folder / name, "w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            self.files[name] = (handle, writer)
        self.files[name][1].writerow(["" if v is None else v for v in values])

    def close(self) -> None:
        for handle, _ in self.files.values():
            handle.close()


def import_command(out_dir: str | Path, names: list[str], database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command for files written here."""
    folder = Path(out_dir)
    parts = ["neo4j-admin", "database", "import", "full", database]
    for name in names:
        flag = "--relationships" if name.startswith("relations") else "--nodes"
        parts.append(f"{flag}={shlex.quote(str(folder / name))}")
    parts += [f"--array-delimiter={shlex.quote(ARRAY_DELIMITER)}", "--multiline-fields=true",
              "--overwrite-destination=true"]
    return " ".join(parts)


def write_neo4j_csv(store: Store, out_dir: str | Path) -> dict:
    """Write ``store``'s graph as neo4j-admin import CSV files into ``out_dir`` (created if
    needed) and return counts: documents, entities, bare_entities, relations, evidence, files."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file; neo4j-csv export writes a folder of CSV files: "
                       "give -o a folder path")
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("entities_*.csv"):   # a type with no entities now leaves no file
        stale.unlink()
    for name in ("documents.csv", "evidence.csv", "relations.csv"):
        (folder / name).unlink(missing_ok=True)
    counts = {"documents": 0, "entities": 0, "bare_entities": 0, "relations": 0, "evidence": 0}
    writers = _Writers(folder)
    try:
        for doc in store.documents():
            writers.row("documents.csv", DOCUMENT_HEADER,
                        [doc.id, doc.source, doc.title, *document_dates(doc.date, doc.ingested_at),
                         DOCUMENT_LABEL])
            counts["documents"] += 1
        known: set[str] = set()
        for ent in store.entities():
            label = schema.check_type(ent.type)
            writers.row(f"entities_{label}.csv", ENTITY_HEADER,
                        [ent.id, ent.name, _aliases(ent.aliases), f"{ENTITY_LABEL};{label}"])
            known.add(ent.id)
            counts["entities"] += 1
        bare: set[str] = set()
        for rel in store.relations():
            rel_type = schema.check_predicate(rel.predicate).name
            role = rel.role or next((ev.role for ev in rel.evidence if ev.role), None)
            writers.row("relations.csv", RELATION_HEADER, [rel.subject, rel.object, rel_type, role])
            counts["relations"] += 1
            for end in (rel.subject, rel.object):
                if end not in known and end not in bare:
                    bare.add(end)
                    writers.row("entities_bare.csv", BARE_ENTITY_HEADER, [end, ENTITY_LABEL])
                    counts["bare_entities"] += 1
            for ev in rel.evidence:
                writers.row("evidence.csv", EVIDENCE_HEADER, [
                    ev.key(rel.key), rel.subject, rel_type, rel.object, ev.document_id,
                    ev.sentence, int(ev.start), int(ev.end), ev.extractor, float(ev.confidence),
                    ev.role or rel.role, EVIDENCE_LABEL])
                counts["evidence"] += 1
    finally:
        writers.close()
    names = sorted(writers.files, key=lambda n: (n.startswith("relations"), n))
    script = folder / "neo4j-admin-import.sh"
    script.write_text("#!/bin/sh\n"
                      "# Bulk-load these files into an empty, stopped Neo4j 5 database,\n"
                      "# then run any fkg write against it once to add the id constraints.\n"
                      + import_command(folder.resolve(), names) + "\n", encoding="utf-8")
    counts["files"] = len(names)
    return counts
