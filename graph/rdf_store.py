"""The embedded default store: Oxigraph (RocksDB) on disk through pyoxigraph.

Layout of a store folder::

    PATH/oxigraph/   the RDF database (serve it with `oxigraph serve-read-only --location PATH/oxigraph`)
    PATH/fkg.lock    who holds the store (flock: one writer, or any number of readers)

RDF mapping (see the README's vocabulary section):

- entity      ``ent:{id} a schema:Person|fkg:Platform|schema:Organization|fkg:Funder|schema:Place|schema:Event``
              (Platform and Funder are also ``schema:Organization``), ``schema:name``, ``schema:alternateName``
- relation    a plain triple ``ent:s fkg:PREDICATE ent:o`` in the default graph, so simple SPARQL
              needs no knowledge of provenance
- evidence    a reified statement ``ev:{hash} a fkg:Evidence, rdf:Statement; rdf:subject/predicate/object``
              with ``prov:wasDerivedFrom doc:{id}``, ``fkg:sentence``, ``fkg:start``, ``fkg:end``,
              ``fkg:extractor``, ``fkg:confidence``, ``fkg:role``
- document    ``doc:{id} a fkg:Document, prov:Entity; fkg:source; schema:name; schema:datePublished;
              prov:generatedAtTime``

Reification (rather than RDF-star/RDF 1.2 triple terms or one named graph per document) because
every RDF tool reads it (rdflib, Turtle/N-Quads/JSON-LD exports, any SPARQL endpoint), it needs no
named-graph union settings in queries, and removing one document's evidence is one update.

Every write is one transaction (pyoxigraph ``extend`` / ``update``): a process killed mid-write
leaves the store as it was before that write.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from freelance_kg.errors import BadInput, FkgError, QuerySyntaxError, StoreLocked, StoreUnavailable
from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation, date_kind
from freelance_kg.graph.store import QueryResult, Store, WriteSummary

DB_DIR = "oxigraph"
LOCK_FILE = "fkg.lock"


def _ox():
    import pyoxigraph
    return pyoxigraph


class _Vocab:
    """pyoxigraph terms for the schema vocabulary (built once per store)."""

    def __init__(self):
        ox = _ox()
        N = ox.NamedNode
        self.N, self.L = N, ox.Literal
        self.rdf_type = N(schema.RDF + "type")
        self.rdf_statement = N(schema.RDF + "Statement")
        self.rdf_subject = N(schema.RDF + "subject")
        self.rdf_predicate = N(schema.RDF + "predicate")
        self.rdf_object = N(schema.RDF + "object")
        self.name = N(schema.SCHEMA + "name")
        self.alt_name = N(schema.SCHEMA + "alternateName")
        self.date_published = N(schema.SCHEMA + "datePublished")
        self.org = N(schema.ORG_SUPERTYPE_IRI)
        self.evidence_class = N(schema.FKG + "Evidence")
        self.document_class = N(schema.FKG + "Document")
        self.prov_entity = N(schema.PROV + "Entity")
        self.derived_from = N(schema.PROV + "wasDerivedFrom")
        self.generated_at = N(schema.PROV + "generatedAtTime")
        self.source = N(schema.FKG + "source")
        self.sentence = N(schema.FKG + "sentence")
        self.start = N(schema.FKG + "start")
        self.end = N(schema.FKG + "end")
        self.extractor = N(schema.FKG + "extractor")
        self.confidence = N(schema.FKG + "confidence")
        self.role = N(schema.FKG + "role")
        self.xsd_datetime = N(schema.XSD + "dateTime")
        self.xsd_date = N(schema.XSD + "date")
        self.types = {t: N(iri) for t, iri in schema.TYPE_IRI.items()}
        self.predicates = {p: N(schema.FKG + p) for p in schema.PREDICATE_NAMES}

    def entity(self, eid: str):
        return self.N(schema.FKG_ENTITY + eid)

    def document(self, did: str):
        return self.N(schema.FKG_DOC + did)


def _triple(s, p, o):
    return _ox().Quad(s, p, o)


def _entity_id(iri: str) -> str:
    return iri[len(schema.FKG_ENTITY):] if iri.startswith(schema.FKG_ENTITY) else iri


def _value(term):
    """Plain Python value of an RDF term (IRIs as strings, typed literals converted)."""
    ox = _ox()
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt.endswith(("#integer", "#int", "#long")):
                return int(term.value)
            if dt.endswith(("#double", "#decimal", "#float")):
                return float(term.value)
        except ValueError:          # an ill-typed literal ("x"^^xsd:integer): keep its text
            return term.value
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _text(term) -> str:
    """A literal's text ("" for none), whatever its datatype."""
    return "" if term is None else str(getattr(term, "value", term))


def _number(term, kind):
    """An int or float from a literal; 0 for one another tool wrote that is no number."""
    value = _value(term)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return kind(value)
    try:
        return kind(float(value))
    except (TypeError, ValueError, OverflowError):
        return kind(0)


class StoreLock:
    """An flock on PATH/fkg.lock: exclusive for a writer, shared for readers. Refuses (never
    waits) when another process holds an incompatible lock, naming that process."""

    def __init__(self, folder: Path, exclusive: bool):
        self.path = folder / LOCK_FILE
        self.exclusive = exclusive
        self.fd = None

    def acquire(self) -> None:
        folder = self.path.parent
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except IsADirectoryError:
            raise StoreUnavailable(f"{self.path} is a folder, not the store's lock file: remove it "
                                   f"(rmdir {self.path}) and run the command again") from None
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise StoreUnavailable(f"cannot open the store at {folder}: {exc.strerror or exc} "
                                       f"({self.path}); check that the folder exists") from None
            if self.exclusive:
                raise StoreUnavailable(
                    f"cannot write to the store at {folder}: it is read-only ({exc.strerror}). "
                    "Reading commands work; to change it, copy the folder somewhere writable and "
                    "point --store at the copy") from None
            try:                        # read-only media: a shared lock works on a read-only fd
                fd = os.open(self.path, os.O_RDONLY)
            except OSError:             # no lock file, and none can be made: nobody can write
                self.fd = None
                return
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holders(fd) or os.pread(fd, 200, 0).decode("utf-8", "replace").strip() \
                or "another process"
            os.close(fd)
            what = "write to" if self.exclusive else "read"
            raise StoreLocked(
                f"cannot {what} the store at {folder}: it is in use by {holder}. "
                "Wait for that command to finish (only one writer at a time; readers wait "
                "for writers), or use another --store.") from None
        if self.exclusive:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode(), 0)
        self.fd = fd
        _HELD.add(fd)

    def release(self) -> None:
        if self.fd is not None:
            _HELD.discard(self.fd)
            try:
                if self.exclusive:
                    os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            except OSError:
                pass                    # the folder is gone or full: closing releases the lock
            finally:
                os.close(self.fd)
                self.fd = None


#: File descriptors of store locks this process holds (a forked worker closes them, so a lock
#: never outlives the process that took it).
_HELD: set[int] = set()


def close_inherited_locks() -> None:
    """In a forked child: close the store-lock descriptors inherited from the parent."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


def _lock_holders(fd: int) -> str:
    """"pid 123 (writing), pid 456 (reading)" for the processes holding a lock on ``fd``'s file,
    from /proc/locks (Linux); "" when that is not available."""
    try:
        st = os.fstat(fd)
        ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        with open("/proc/locks", encoding="ascii", errors="replace") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return ""
    holders = []
    for line in lines:
        parts = line.split()
        if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5] == ident:
            pid, mode = parts[4], "writing" if parts[3] == "WRITE" else "reading"
            if f"pid {pid} ({mode})" not in holders:
                holders.append(f"pid {pid} ({mode})")
    return ", ".join(holders)


class OxigraphStore(Store):
    """Knowledge graph in an on-disk Oxigraph database. ``read_only=True`` for queries (many
    readers may share the store); the default opens it for writing (one writer at a time)."""

    backend = "oxigraph"
    supports_sparql = True

    def __init__(self, path: str | os.PathLike | None = None, read_only: bool = False):
        ox = _ox()
        self.v = _Vocab()
        self.read_only = read_only
        if path is None:            # in memory: tests and scratch work
            self.folder, self._lock = None, None
            self.db = ox.Store()
            return
        self.folder = Path(path)
        db_path = self.folder / DB_DIR
        if self.folder.exists() and not self.folder.is_dir():
            raise BadInput(f"--store {self.folder} is a file, not a store folder; pick a folder path")
        if read_only and not db_path.exists():
            raise StoreUnavailable(
                f"no store at {self.folder}: create one with `fkg ingest` or `fkg import`, "
                "or point --store / FKG_STORE at an existing store")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = StoreLock(self.folder, exclusive=not read_only)
        self._lock.acquire()
        if not read_only:
            for scratch in self.folder.glob(".import-*"):    # left by an import that was killed
                shutil.rmtree(scratch, ignore_errors=True)
        try:
            self.db = ox.Store.read_only(str(db_path)) if read_only else ox.Store(str(db_path))
        except (OSError, RuntimeError) as exc:
            self._lock.release()
            raise self._unavailable(exc) from None

    def _unavailable(self, exc: BaseException) -> StoreUnavailable:
        """The database's own error (RocksDB "Corruption: ...", "IO error: ...") as a message
        saying what is wrong and what to do."""
        detail = " ".join(str(exc).split())
        if self.folder is not None and not (self.folder / DB_DIR).exists():
            return StoreUnavailable(f"the store folder {self.folder} was deleted or moved while the "
                                    f"command ran ({detail}); what this command wrote is lost. Run "
                                    "it again (it makes a new store there)")
        if "Corruption" in detail or "corrupt" in detail.lower():
            return StoreUnavailable(
                f"the store at {self.folder} is damaged ({detail}). Restore the folder from a "
                "backup, or `fkg import` an earlier `fkg export` into a new --store, or remove "
                "the folder and ingest the articles again")
        if "No space" in detail:
            return StoreUnavailable(f"the disk holding the store at {self.folder} is full ({detail}); "
                                    "free some space and run the command again")
        return StoreUnavailable(f"cannot use the store at {self.folder}: {detail}. Check that the "
                                "folder exists and is not being changed by another program")

    _DB_ERROR = re.compile(r"^(Corruption|IO error|Invalid argument|Not implemented|"
                           r"Result incomplete|Busy|Aborted|No space|lock hold)", re.IGNORECASE)

    def __exit__(self, exc_type, exc, tb):
        """Close; a database error raised inside the ``with`` block (a damaged file, a full
        disk, a deleted folder) leaves it as StoreUnavailable (exit 5) naming the store."""
        try:
            self.close()
        except Exception as close_error:  # noqa: BLE001
            if exc is None:
                raise self._unavailable(close_error) from None
        if isinstance(exc, (OSError, RuntimeError)) and not isinstance(exc, FkgError) \
                and self.folder is not None and self._DB_ERROR.match(str(exc)):
            raise self._unavailable(exc) from None
        return False

    # --- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        """Flush and close; the lock is released even when the flush fails (a full disk)."""
        try:
            if getattr(self, "db", None) is not None:
                if not self.read_only and self.folder is not None:
                    self.db.flush()
        finally:
            self.db = None
            if getattr(self, "_lock", None) is not None:
                self._lock.release()

    def _writable(self) -> None:
        # Never keep the pyoxigraph Store in a local variable: a traceback frame holding it would
        # keep RocksDB open after close() released the lock.
        if self.read_only:
            raise FkgError("this store was opened read-only; open it without read_only to write")

    # --- writing ----------------------------------------------------------------------------
    def _existing_names(self, entity_ids: list[str]) -> dict[str, str]:
        names = {}
        for eid in entity_ids:
            for quad in self.db.quads_for_pattern(self.v.entity(eid), self.v.name, None, None):
                names[eid] = quad.object.value
                break
        return names

    def entity_quads(self, entities: Iterable[Entity], existing_names: dict[str, str] | None = None):
        v = self.v
        existing_names = existing_names or {}
        for ent in entities:
            node = v.entity(ent.id)
            yield _triple(node, v.rdf_type, v.types[ent.type])
            if ent.type in (schema.PLATFORM, schema.FUNDER):
                yield _triple(node, v.rdf_type, v.org)
            canonical = existing_names.get(ent.id, ent.name)
            if ent.id not in existing_names:
                yield _triple(node, v.name, v.L(ent.name))
            for alias in (ent.name, *ent.aliases):
                if alias != canonical:
                    yield _triple(node, v.alt_name, v.L(alias))

    def document_quads(self, documents: Iterable[Document]):
        v = self.v
        for doc in documents:
            node = v.document(doc.id)
            yield _triple(node, v.rdf_type, v.document_class)
            yield _triple(node, v.rdf_type, v.prov_entity)
            if doc.source:
                yield _triple(node, v.source, v.L(doc.source))
            if doc.title:
                yield _triple(node, v.name, v.L(doc.title))
            if doc.date:        # xsd:date / xsd:dateTime when ISO, else the text as found
                kind = date_kind(doc.date)
                datatype = {"date": v.xsd_date, "dateTime": v.xsd_datetime}.get(kind)
                yield _triple(node, v.date_published,
                              v.L(doc.date, datatype=datatype) if datatype else v.L(doc.date))
            if doc.ingested_at:
                yield _triple(node, v.generated_at, v.L(doc.ingested_at, datatype=v.xsd_datetime))

    def relation_quads(self, relations: Iterable[Relation]):
        v = self.v
        for rel in relations:
            s, p, o = v.entity(rel.subject), v.predicates[rel.predicate], v.entity(rel.object)
            yield _triple(s, p, o)
            for ev in rel.evidence:
                node = v.N(schema.FKG_EVIDENCE + ev.key(rel.key))
                yield _triple(node, v.rdf_type, v.evidence_class)
                yield _triple(node, v.rdf_type, v.rdf_statement)
                yield _triple(node, v.rdf_subject, s)
                yield _triple(node, v.rdf_predicate, p)
                yield _triple(node, v.rdf_object, o)
                yield _triple(node, v.derived_from, v.document(ev.document_id))
                yield _triple(node, v.sentence, v.L(ev.sentence))
                yield _triple(node, v.start, v.L(int(ev.start)))
                yield _triple(node, v.end, v.L(int(ev.end)))
                yield _triple(node, v.extractor, v.L(ev.extractor))
                yield _triple(node, v.confidence, v.L(float(ev.confidence)))
                role = ev.role or rel.role
                if role:
                    yield _triple(node, v.role, v.L(role))

    def add(self, documents: Iterable[Document] = (), entities: Iterable[Entity] = (),
            relations: Iterable[Relation] = (), replace_documents: Iterable[str] = ()) -> WriteSummary:
        """Add in one transaction. ``replace_documents``: ids of documents to remove in the same
        transaction (a changed text at the same source replaces the old document's evidence)."""
        self._writable()
        documents, entities, relations = list(documents), list(entities), list(relations)
        for rel in relations:
            schema.check_predicate(rel.predicate)
        existing = self._existing_names([e.id for e in entities])
        quads = [*self.document_quads(documents), *self.entity_quads(entities, existing),
                 *self.relation_quads(relations)]
        replace = [d for d in replace_documents if d]
        try:
            if replace:
                data = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
                self.db.update(self._remove_documents_update(replace) + f" ;\nINSERT DATA {{\n{data}\n}}")
            else:
                self.db.extend(quads)
        except OSError as exc:
            raise self._unavailable(exc) from None
        return WriteSummary(documents=len(documents), entities=len(entities),
                            relations=len(relations),
                            evidence=sum(len(r.evidence) for r in relations))

    def _remove_documents_update(self, document_ids: list[str]) -> str:
        docs = " ".join(str(self.v.document(d)) for d in document_ids)
        preds = " ".join(str(p) for p in self.v.predicates.values())
        return schema.sparql_prefixes() + f"""
DELETE {{ ?s ?p ?o }} WHERE {{
  VALUES ?doc {{ {docs} }}
  VALUES ?p {{ {preds} }}
  ?ev prov:wasDerivedFrom ?doc ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  FILTER NOT EXISTS {{
    ?other rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?d2 .
    FILTER (?d2 NOT IN ({docs.replace(' ', ', ')}))
  }}
}} ;
DELETE {{ ?ev ?x ?y }} WHERE {{ VALUES ?doc {{ {docs} }} ?ev prov:wasDerivedFrom ?doc ; ?x ?y }} ;
DELETE {{ ?doc ?x ?y }} WHERE {{ VALUES ?doc {{ {docs} }} ?doc ?x ?y }}"""

    def _remove_entities_update(self, entity_ids: list[str]) -> str:
        ents = " ".join(str(self.v.entity(e)) for e in entity_ids)
        preds = " ".join(str(p) for p in self.v.predicates.values())
        return schema.sparql_prefixes() + f"""
DELETE {{ ?ev ?x ?y }} WHERE {{
  VALUES ?e {{ {ents} }}
  {{ ?ev rdf:subject ?e }} UNION {{ ?ev rdf:object ?e }}
  ?ev a fkg:Evidence ; ?x ?y
}} ;
DELETE {{ ?e ?p ?o }} WHERE {{ VALUES ?e {{ {ents} }} VALUES ?p {{ {preds} }} ?e ?p ?o }} ;
DELETE {{ ?s ?p ?e }} WHERE {{ VALUES ?e {{ {ents} }} VALUES ?p {{ {preds} }} ?s ?p ?e }} ;
DELETE {{ ?e ?x ?y }} WHERE {{ VALUES ?e {{ {ents} }} ?e ?x ?y }}"""

    def remove_entities(self, entity_ids: Iterable[str]) -> None:
        """Drop entities and every relation (with its evidence) touching them, in one update."""
        ids = [e for e in entity_ids if e]
        if ids:
            self._writable()
            self.db.update(self._remove_entities_update(ids))

    def replace_entities(self, remove: Iterable[str], entities: Iterable[Entity] = (),
                         relations: Iterable[Relation] = ()) -> WriteSummary:
        """Remove entities then add entities/relations, in ONE transaction (merge / unmerge)."""
        self._writable()
        remove = [e for e in remove if e]
        entities, relations = list(entities), list(relations)
        # an entity that survives keeps its stored canonical name (no second schema:name)
        kept_names = self._existing_names([e.id for e in entities if e.id not in set(remove)])
        quads = [*self.entity_quads(entities, kept_names), *self.relation_quads(relations)]
        data = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        update = self._remove_entities_update(remove) + " ;\n" if remove else schema.sparql_prefixes()
        self.db.update(update + f"INSERT DATA {{\n{data}\n}}")
        return WriteSummary(entities=len(entities), relations=len(relations),
                            evidence=sum(len(r.evidence) for r in relations))

    def remove_documents(self, document_ids: Iterable[str]) -> None:
        ids = [d for d in document_ids if d]
        if ids:
            self._writable()
            self.db.update(self._remove_documents_update(ids))

    def load_rdf(self, path: str, fmt) -> None:
        """Import an RDF file in one transaction (an empty store takes the fast bulk path into a
        scratch database that replaces it only once complete)."""
        ox = _ox()
        self._writable()
        try:
            if self.folder is not None and self.is_empty():
                scratch = Path(tempfile.mkdtemp(prefix=".import-", dir=self.folder))
                try:
                    self._bulk_load(scratch, path, fmt)
                    self.db = None
                    target = self.folder / DB_DIR
                    shutil.rmtree(target)
                    os.replace(scratch / DB_DIR, target)
                finally:
                    shutil.rmtree(scratch, ignore_errors=True)
                    if self.db is None:         # reopen only what was closed (never twice)
                        self.db = ox.Store(str(self.folder / DB_DIR))
            else:
                self.db.load(path=path, format=fmt)
        except SyntaxError as exc:
            raise BadInput(f"{path} is not valid {fmt}: {exc}; fix the file or pick the "
                           "format with --format") from None

    @staticmethod
    def _bulk_load(scratch: Path, path: str, fmt) -> None:
        """Bulk-load into a fresh database in ``scratch``, closed again before returning (also
        when the file is bad: nothing here may keep it open)."""
        fresh = _ox().Store(str(scratch / DB_DIR))
        try:
            fresh.bulk_load(path=path, format=fmt)
            fresh.flush()
        finally:
            del fresh

    def is_empty(self) -> bool:
        return not any(True for _ in self.db.quads_for_pattern(None, None, None, None))

    # --- reading ----------------------------------------------------------------------------
    def _select(self, query: str, substitutions: dict | None = None) -> Iterator[dict]:
        ox = _ox()
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        solutions = self.db.query(schema.sparql_prefixes() + query, substitutions=subs or None)
        names = [var.value for var in solutions.variables]
        for sol in solutions:
            yield {n: sol[n] for n in names}

    def documents(self) -> Iterator[Document]:
        for row in self._select("""
            SELECT ?doc ?source ?title ?date ?at WHERE {
              ?doc a fkg:Document .
              OPTIONAL { ?doc fkg:source ?source } OPTIONAL { ?doc schema:name ?title }
              OPTIONAL { ?doc schema:datePublished ?date } OPTIONAL { ?doc prov:generatedAtTime ?at }
            } ORDER BY ?doc"""):
            yield Document(id=row["doc"].value[len(schema.FKG_DOC):],
                           source=_text(row["source"]), title=_text(row["title"]),
                           date=_text(row["date"]), ingested_at=_text(row["at"]))

    def get_document(self, document_id: str) -> Document | None:
        node = self.v.document(document_id)
        if not any(True for _ in self.db.quads_for_pattern(node, None, None, None)):
            return None
        return next((d for d in self.documents() if d.id == document_id), None)

    def _entities_from(self, query: str, substitutions=None) -> Iterator[Entity]:
        current = None
        for row in self._select(query, substitutions):
            iri = row["e"].value
            if current is None or current[0] != iri:
                if current is not None:
                    yield current[1]
                ent_type = schema.IRI_TYPE.get(row["type"].value)
                current = (iri, Entity(id=_entity_id(iri), name=_text(row["name"]),
                                       type=ent_type, aliases=[]))
            alias = _text(row["alias"])
            if alias and alias not in current[1].aliases and alias != current[1].name:
                current[1].aliases.append(alias)
        if current is not None:
            yield current[1]

    #: A Platform or Funder is also typed schema:Organization; this keeps its primary type only.
    _PRIMARY_TYPE = ("FILTER (?type != schema:Organization "
                     "|| NOT EXISTS { ?e a ?sub . VALUES ?sub { fkg:Platform fkg:Funder } })")

    _ENTITY_QUERY = """
        SELECT ?e ?type ?name ?alias WHERE {
          ?e a ?type ; schema:name ?name .
          VALUES ?type { %s }
          %s
          OPTIONAL { ?e schema:alternateName ?alias }
        } ORDER BY ?e ?alias"""

    def _type_values(self, entity_type: str | None) -> str:
        types = [entity_type] if entity_type else schema.ENTITY_TYPES
        return " ".join(str(self.v.types[schema.check_type(t)]) for t in types)

    def entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        yield from self._entities_from(self._ENTITY_QUERY % (self._type_values(entity_type), self._PRIMARY_TYPE))

    def get_entity(self, entity_id: str) -> Entity | None:
        return next(self._entities_from(self._ENTITY_QUERY % (self._type_values(None), self._PRIMARY_TYPE),
                                        {"e": self.v.entity(entity_id)}), None)

    def relations(self, predicate: str | None = None) -> Iterator[Relation]:
        preds = [predicate] if predicate else schema.PREDICATE_NAMES
        values = " ".join(str(self.v.predicates[schema.check_predicate(p).name]) for p in preds)
        current = None
        for row in self._select(f"""
            SELECT ?s ?p ?o ?ev ?doc ?sentence ?start ?end ?extractor ?conf ?role WHERE {{
              VALUES ?p {{ {values} }}
              ?s ?p ?o .
              OPTIONAL {{
                ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc ;
                    fkg:sentence ?sentence ; fkg:start ?start ; fkg:end ?end ;
                    fkg:extractor ?extractor ; fkg:confidence ?conf .
                OPTIONAL {{ ?ev fkg:role ?role }}
              }}
            }} ORDER BY ?s ?p ?o ?doc ?start ?ev"""):
            key = (row["s"].value, row["p"].value, row["o"].value)
            if current is None or current[0] != key:
                if current is not None:
                    yield current[1]
                current = (key, Relation(subject=_entity_id(key[0]),
                                         predicate=schema.IRI_PREDICATE[key[1]],
                                         object=_entity_id(key[2])))
            rel = current[1]
            if row["ev"] is not None:
                role = _value(row["role"])
                rel.evidence.append(Evidence(
                    document_id=row["doc"].value[len(schema.FKG_DOC):],
                    sentence=str(_value(row["sentence"])), start=_number(row["start"], int),
                    end=_number(row["end"], int), extractor=str(_value(row["extractor"])),
                    confidence=_number(row["conf"], float), role=role))
                rel.role = rel.role or role
        if current is not None:
            yield current[1]

    def stats(self) -> dict:
        """The base class's counts, computed by SPARQL aggregates instead of reading every
        relation and its evidence into Python."""
        def grouped(query):
            return dict(self.sparql(query).rows)

        by_type = grouped(f"""
            SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {{
              VALUES ?type {{ {self._type_values(None)} }}
              ?e a ?type ; schema:name ?name .
              {self._PRIMARY_TYPE}
            }} GROUP BY ?type""")
        preds = " ".join(str(p) for p in self.v.predicates.values())
        by_predicate = grouped(f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o }} GROUP BY ?p")
        entities_by_type = {schema.IRI_TYPE[t]: n for t, n in by_type.items()}
        relations_by_predicate = {schema.IRI_PREDICATE[p]: n for p, n in by_predicate.items()}
        def count(cls):
            return self.sparql(f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a {cls} }}").rows[0][0]
        result = {
            "backend": self.backend,
            "documents": count("fkg:Document"),
            "entities": sum(entities_by_type.values()),
            "relations": sum(relations_by_predicate.values()),
            "evidence": count("fkg:Evidence"),
            "entities_by_type": dict(sorted(entities_by_type.items())),
            "relations_by_predicate": dict(sorted(relations_by_predicate.items())),
        }
        result["triples"] = len(self.db)
        if self.folder is not None:
            result["path"] = str(self.folder)
            result["disk_bytes"] = sum(f.stat().st_size for f in (self.folder / DB_DIR).rglob("*")
                                       if f.is_file())
        return result

    # --- SPARQL -----------------------------------------------------------------------------
    def sparql(self, query: str, bindings: dict | None = None, allow_service: bool = False) -> QueryResult:
        """Run a SPARQL query (the project's prefixes are predeclared). ``bindings`` maps variable
        names to values (str/int/float become literals, values starting with http(s):// IRIs);
        they become a ``VALUES`` block of RDF terms serialised by pyoxigraph (escaped), placed
        by a lexer, never raw text pasted into the query. A query calling ``SERVICE`` (which
        would reach the network) is refused unless ``allow_service``."""
        ox = _ox()
        from freelance_kg.graph import sparql_text
        if not allow_service and sparql_text.uses_service(query):
            raise BadInput("the query calls SERVICE, which sends a request over the network; the "
                           "embedded store answers offline. Pass --allow-service to let this query "
                           "reach the remote endpoint")
        if bindings:
            query = bind_values(query, bindings)
        try:
            result = self.db.query(query, prefixes=dict(schema.PREFIXES))
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise FkgError(f"SPARQL query failed: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(columns=["result"], rows=[[bool(result)]], boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            try:
                rows = [[_value(sol[c]) for c in columns] for sol in result]
            except OSError as exc:
                raise FkgError(f"SPARQL query failed: {exc}") from None
            return QueryResult(columns=columns, rows=rows)
        return QueryResult(columns=["subject", "predicate", "object"],
                           rows=[[_value(t.subject), _value(t.predicate), _value(t.object)]
                                 for t in result])

    def dump(self, output, fmt) -> None:
        """Serialise the default graph (ttl/jsonld) or the whole dataset (nq) to a path or stream."""
        ox = _ox()
        kwargs = {}
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD, ox.RdfFormat.RDF_XML):
            kwargs["from_graph"] = ox.DefaultGraph()
        if fmt in (ox.RdfFormat.TURTLE,):
            kwargs["prefixes"] = dict(schema.PREFIXES)
        self.db.dump(output, format=fmt, **kwargs)


def bind_values(query: str, bindings: dict) -> str:
    """Insert ``VALUES ?k { term }`` for each binding at the start of the WHERE group, placed by
    the SPARQL lexer (:mod:`freelance_kg.graph.sparql_text`), never by searching the text."""
    from freelance_kg.graph import sparql_text
    return sparql_text.bind_values(query, bindings, _term)


def _term(value):
    """An RDF term for a --param value: an http(s) IRI, else a literal (numbers typed)."""
    ox = _ox()
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise BadInput(f"--param value {value!r} starts like an IRI but is not one ({exc}); "
                           "percent-encode spaces and <>\"{}|^` characters (%20 for a space)") from None
    return ox.Literal(value)


def rdflib_graph(store: OxigraphStore):
    """An rdflib ``Graph`` over the same Oxigraph database (rdflib's API and ecosystem, Oxigraph's
    speed). The default-graph identifier matters: without it the Graph sees nothing."""
    import rdflib
    from oxrdflib import OxigraphStore as RdflibOxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    return rdflib.Graph(store=RdflibOxigraphStore(store=store.db), identifier=DATASET_DEFAULT_GRAPH_ID)
