"""Neo4j (or any Bolt server) as a Store, through the official ``neo4j`` driver.

Property-graph mapping (labels and relationship types come only from :mod:`graph.schema`):

- entity    ``(:Entity:Person {id, name, aliases})``: ``Entity`` plus the entity's type label;
            ``id`` is the :func:`identity.entity_id` id (unique: a constraint on real Neo4j)
- relation  ``(:Entity)-[:FOUNDED {role}]->(:Entity)``: one relationship per (subject,
            predicate, object); symmetric predicates are stored once, subject = smaller id
- evidence  ``(:Evidence {id, subject, predicate, object, document_id, sentence, start, end,
            extractor, confidence, role})``: one node per evidence, ``id`` = ``Evidence.key``
- document  ``(:Document {id, source, title, date, ingested_at})``

Evidence as nodes (not lists on the relationship) because a node keyed by the evidence hash
makes re-loading idempotent with a plain ``MERGE``, removing a document is one indexed match on
``document_id``, and traversals do not drag every sentence along. Evidence nodes are not linked
to entities by relationships, so graph algorithms and path queries over ``:Entity`` see only the
ten schema predicates; join ``e.subject = a.id AND e.predicate = type(r) AND e.object = b.id``.

Writing: ``UNWIND $rows ... MERGE`` in batches of ``batch_size`` rows (``FKG_NEO4J_BATCH``),
also capped by payload bytes (``FKG_NEO4J_MAX_PAYLOAD``; set automatically for FalkorDB's Bolt,
which crashes on messages over about 4 KB); every value a parameter. One ``add`` is one managed
write transaction (the driver retries it on transient errors).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from freelance_kg.errors import BadInput, FkgError, QuerySyntaxError, StoreUnavailable, redact
from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.store import QueryResult, Store, WriteSummary

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_BATCH = 1000
#: Statement budget on FalkorDB: its Bolt layer writes the parameters as text in front of the
#: query into a buffer of about 4096 bytes and crashes beyond it (measured: 4072 bytes of one
#: string parameter pass, a 2000-byte query leaves under 2100).
FALKORDB_MAX_PAYLOAD = 3700

ENTITY_LABEL = "Entity"
DOCUMENT_LABEL = "Document"
EVIDENCE_LABEL = "Evidence"

NAMED_DIR = Path(__file__).resolve().parent.parent / "queries" / "named"

Progress = Callable[[int, int], None]   # (rows written so far, rows in total)


# --- statements: labels/types interpolated only from the schema vocabulary --------------------

def _label(entity_type: str) -> str:
    return schema.check_type(entity_type)


def _rel_type(predicate: str) -> str:
    return schema.check_predicate(predicate).name


_DOCS = ("UNWIND $rows AS r MERGE (d:Document {id: r.id}) "
         "ON CREATE SET d.source = r.source, d.title = r.title, d.date = r.date, "
         "d.ingested_at = r.ingested_at")

# aliases first (they compare against the name already there), then the name if none yet
_ENTITIES = ("UNWIND $rows AS r MERGE (n:Entity {id: r.id}) SET n:%s "
             "SET n.aliases = coalesce(n.aliases, []) + [a IN r.names WHERE NOT a IN "
             "coalesce(n.aliases, []) AND a <> coalesce(n.name, r.names[0])] "
             "SET n.name = coalesce(n.name, r.names[0])")

# ends a relation names but the batch does not describe: bare (:Entity {id}) until described
_ENDS = "UNWIND $rows AS id MERGE (n:Entity {id: id})"

_EVIDENCE_FIELDS = ("subject", "predicate", "object", "document_id", "sentence", "start", "end",
                    "extractor", "confidence", "role")

# One statement per predicate writes relations and their evidence. Rows are positional lists
# (small rows, bigger batches under a payload cap): [subject id, object id, role, evidence]
# where evidence = [[evidence id, document_id, sentence, start, end, extractor, confidence,
# role], ...]. The predicate is a literal from the schema, never a parameter.
_RELATIONS = (
    "UNWIND $rows AS r MATCH (a:Entity {id: r[0]}) MATCH (b:Entity {id: r[1]}) "
    "MERGE (a)-[x:%(type)s]->(b) SET x.role = coalesce(x.role, r[2]) "
    "WITH r UNWIND r[3] AS v MERGE (e:Evidence {id: v[0]}) ON CREATE SET "
    "e.subject = r[0], e.predicate = '%(type)s', e.object = r[1], e.document_id = v[1], "
    "e.sentence = v[2], e.start = v[3], e.end = v[4], e.extractor = v[5], "
    "e.confidence = v[6], e.role = v[7]")

#: With a payload cap, a relation's evidence is split into parts of at most this many bytes;
#: part k of every relation goes in round k, so no statement meets one relation twice.
_EVIDENCE_PART_BYTES = 1200


def _payload_size(value) -> int:
    """A cheap over-estimate of a value's PackStream size in bytes."""
    return len(json.dumps(value, ensure_ascii=False, default=str).encode("utf-8"))


class Neo4jStore(Store):
    """The knowledge graph in Neo4j (or another Bolt server such as FalkorDB).

    ``uri`` (``FKG_NEO4J_URI``, default ``bolt://localhost:7687``), ``user`` (``FKG_NEO4J_USER``,
    default ``neo4j`` when a password is set), ``password`` (``FKG_NEO4J_PASSWORD``; no password
    means no authentication). ``read_only`` opens READ sessions and refuses writes.
    """

    backend = "neo4j"
    supports_cypher = True

    def __init__(self, read_only: bool = False, uri: str | None = None, user: str | None = None,
                 password: str | None = None, batch_size: int | None = None,
                 max_payload_bytes: int | None = None, database: str | None = None,
                 max_retry_time: float = 15.0, connection_timeout: float = 10.0, **_ignored):
        try:
            import neo4j
        except ImportError as exc:   # pragma: no cover - the driver is a declared dependency
            from freelance_kg.errors import MissingDependency
            raise MissingDependency("the Neo4j backend needs the neo4j driver: "
                                    "pip install 'freelance-kg[neo4j]'") from exc
        self._neo4j = neo4j
        import logging
        driver_log = logging.getLogger("neo4j")
        if not driver_log.handlers:       # the driver's own warnings repeat what the error says
            driver_log.addHandler(logging.NullHandler())
            driver_log.propagate = False
        self.read_only = read_only
        self.uri = uri or os.environ.get("FKG_NEO4J_URI") or DEFAULT_URI
        password = password if password is not None else os.environ.get("FKG_NEO4J_PASSWORD")
        self.user = user or os.environ.get("FKG_NEO4J_USER") or ("neo4j" if password else None)
        self.database = database or os.environ.get("FKG_NEO4J_DATABASE") or None
        self.batch_size = _positive_int(batch_size, "FKG_NEO4J_BATCH", DEFAULT_BATCH)
        auth = neo4j.basic_auth(self.user, password) if password else None
        try:
            self.driver = neo4j.GraphDatabase.driver(
                self.uri, auth=auth, max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout)
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise BadInput(f"cannot use Neo4j URI {redact(self.uri)!r}: {exc}; give a URI like "
                           f"{DEFAULT_URI} with --neo4j-uri or FKG_NEO4J_URI") from None
        try:
            with self._errors():
                self.driver.verify_connectivity()
                self.server_agent = self.driver.get_server_info().agent if hasattr(
                    self.driver, "get_server_info") else ""
                self.flavor = self._detect_flavor()
        except FkgError:
            self.driver.close()
            raise
        except Exception as exc:  # noqa: BLE001  a reply the driver cannot read
            self.driver.close()
            raise StoreUnavailable(
                f"the server at {redact(self.uri)} sent a reply the Neo4j driver cannot read "
                f"({type(exc).__name__}: {_first_line(exc)}); is it a Bolt server (Neo4j 5, "
                "FalkorDB)? Check --neo4j-uri / FKG_NEO4J_URI") from None
        except BaseException:
            self.driver.close()
            raise
        if max_payload_bytes is None:
            env = os.environ.get("FKG_NEO4J_MAX_PAYLOAD")
            if env:
                max_payload_bytes = _positive_int(None, "FKG_NEO4J_MAX_PAYLOAD", 0)
            elif self.flavor == "falkordb":
                max_payload_bytes = FALKORDB_MAX_PAYLOAD
        self.max_payload_bytes = max_payload_bytes or None
        self._schema_ready = False

    # --- connection, errors, server flavour -------------------------------------------------
    @contextmanager
    def _errors(self, query: str | None = None):
        """Driver exceptions -> FkgError naming the URI, the variable to set, the server's words."""
        exc_mod = self._neo4j.exceptions
        try:
            yield
        except exc_mod.AuthError as exc:
            raise StoreUnavailable(
                f"authentication failed for user {self.user or '(none)'} at {redact(self.uri)}: "
                f"set FKG_NEO4J_USER / FKG_NEO4J_PASSWORD (server said: {exc.message})") from None
        except (exc_mod.ServiceUnavailable, exc_mod.SessionExpired) as exc:
            raise StoreUnavailable(
                f"cannot reach Neo4j at {redact(self.uri)}: start it or set FKG_NEO4J_URI / --neo4j-uri "
                f"({_first_line(exc)})") from None
        except exc_mod.CypherSyntaxError as exc:
            raise QuerySyntaxError(f"Cypher syntax error: {exc.message}") from None
        except exc_mod.Neo4jError as exc:
            message = exc.message or ""
            if query is not None and (exc.code or "").endswith("UnknownError"):
                # FalkorDB's Bolt reports every failure, syntax errors included, this way
                raise QuerySyntaxError(
                    f"the server rejected the Cypher query ({exc.code}: {message}); this server "
                    "gives no detail: check the syntax, and that it supports every clause used"
                ) from None
            if "AccessMode" in (exc.code or "") or ("read" in message.lower()
                                                    and "write" in message.lower()):
                raise BadInput(f"{message}; add --write to run a query that writes") from None
            raise FkgError(f"Neo4j at {redact(self.uri)} refused: {exc.code}: {message}") from None
        except exc_mod.DriverError as exc:
            raise StoreUnavailable(f"Neo4j driver error talking to {redact(self.uri)}: {exc}") from None

    def _session(self, write: bool = False):
        mode = self._neo4j.WRITE_ACCESS if write else self._neo4j.READ_ACCESS
        return self.driver.session(database=self.database, default_access_mode=mode)

    def _detect_flavor(self) -> str:
        """``neo4j``, ``falkordb`` or ``other``. Every Bolt server may call itself "Neo4j/x" in
        its hello, so ask: only Neo4j answers ``dbms.components()`` with "Neo4j Kernel"; only
        FalkorDB (not Neo4j 5) answers the 4.x-era ``db.indexes()``."""
        exc_mod = self._neo4j.exceptions
        with self._session(write=True) as session:
            try:
                rows = session.run("CALL dbms.components() YIELD name RETURN name").value()
                if any("neo4j" in str(name).lower() for name in rows):
                    return "neo4j"
            except exc_mod.Neo4jError:
                pass
            try:
                session.run("CALL db.indexes()").consume()
                return "falkordb"
            except exc_mod.Neo4jError:
                return "other"

    def _p(self, **params) -> dict:
        """Parameters as this server needs them. FalkorDB's Bolt layer pastes string parameters
        into a ``CYPHER k='...'`` header without escaping (a ``'`` breaks the query, a ``\\``
        is read as an escape), so there every string is escaped for that header first; Neo4j
        gets the values untouched."""
        if self.flavor == "falkordb":
            return _escape_strings(params)
        return params

    @property
    def transactional(self) -> bool:
        """Whether the server rolls back a failed transaction (FalkorDB's Bolt applies each
        statement at once: its rollback is a no-op)."""
        return self.flavor != "falkordb"

    def close(self) -> None:
        driver = getattr(self, "driver", None)
        if driver is not None:
            if getattr(self, "flavor", None) == "falkordb":
                _drop_connections(driver)
            driver.close()
            self.driver = None

    def _read(self, query: str, **params) -> list:
        # Always a managed transaction: on FalkorDB an auto-commit run in a READ session reads
        # (and writes) a different, empty graph; inside an explicit transaction it does not.
        with self._errors(), self._session() as session:
            return session.execute_read(lambda tx: list(tx.run(query, self._p(**params))))

    # --- schema -----------------------------------------------------------------------------
    def ensure_schema(self) -> list[str]:
        """Uniqueness constraints (real Neo4j) or indexes (FalkorDB) on the ids; returns the
        statements run. Skipped cleanly on servers that support neither."""
        keys = [(ENTITY_LABEL, "id"), (DOCUMENT_LABEL, "id"), (EVIDENCE_LABEL, "id")]
        lookups = [(EVIDENCE_LABEL, "document_id"), (EVIDENCE_LABEL, "subject")]
        statements = []
        if self.flavor == "neo4j":
            statements += [f"CREATE CONSTRAINT fkg_{lbl.lower()}_{prop} IF NOT EXISTS "
                           f"FOR (n:{lbl}) REQUIRE n.{prop} IS UNIQUE" for lbl, prop in keys]
            statements += [f"CREATE INDEX fkg_{lbl.lower()}_{prop} IF NOT EXISTS "
                           f"FOR (n:{lbl}) ON (n.{prop})" for lbl, prop in lookups]
        elif self.flavor == "falkordb":
            existing = set()
            for row in self._read("CALL db.indexes() YIELD label, properties "
                                  "RETURN label, properties"):
                existing.update((row["label"], p) for p in row["properties"] or [])
            statements += [f"CREATE INDEX FOR (n:{lbl}) ON (n.{prop})"
                           for lbl, prop in keys + lookups if (lbl, prop) not in existing]
        ran = []
        for statement in statements:
            try:
                with self._session(write=True) as session:
                    session.run(statement).consume()
                ran.append(statement)
            except self._neo4j.exceptions.ClientError:
                continue   # e.g. an equivalent constraint under another name already exists
            except self._neo4j.exceptions.Neo4jError:
                continue
        self._schema_ready = True
        return ran

    # --- writing ----------------------------------------------------------------------------
    def _writable(self) -> None:
        if self.read_only:
            raise FkgError("this Neo4j store was opened read-only; open it without read_only "
                           "(or use fkg cypher --write) to write")
        if not self._schema_ready:
            self.ensure_schema()

    def _batches(self, query: str, rows: list) -> Iterator[list]:
        """Rows in batches of at most ``batch_size`` rows and, if ``max_payload_bytes`` is set,
        at most that many bytes of query text plus parameters as text (FalkorDB's limit)."""
        budget = None
        if self.max_payload_bytes:
            budget = self.max_payload_bytes - len(query.encode("utf-8")) - 32
        batch, size = [], 0
        for row in rows:
            row_size = 0
            if budget is not None:
                row_size = _payload_size(self._p(row=row)["row"]) + 2
                if row_size > budget:
                    raise FkgError(
                        f"one row needs {row_size} bytes but this server takes at most "
                        f"{self.max_payload_bytes} bytes per statement (FalkorDB's Bolt limit; "
                        "FKG_NEO4J_MAX_PAYLOAD): use a real Neo4j for text this long")
            if batch and (len(batch) >= self.batch_size or (budget and size + row_size > budget)):
                yield batch
                batch, size = [], 0
            batch.append(row)
            size += row_size
        if batch:
            yield batch

    def _plan(self, documents, entities, relations) -> list[tuple[str, list]]:
        """(statement, rows) in write order, each key once (FalkorDB mishandles a MERGE that
        meets the same key twice in one statement)."""
        docs = {}
        for doc in documents:
            docs.setdefault(doc.id, doc)
        ents: dict[str, Entity] = {}
        for ent in entities:
            schema.check_type(ent.type)
            if ent.id in ents:
                ents[ent.id].add_aliases([ent.name, *ent.aliases])
            else:
                ents[ent.id] = Entity(ent.id, ent.name, ent.type, list(ent.aliases))
        rels: dict[tuple, Relation] = {}
        for rel in relations:
            schema.check_predicate(rel.predicate)
            if rel.key in rels:
                rels[rel.key].merge(rel)
            else:
                rels[rel.key] = Relation(rel.subject, rel.predicate, rel.object, rel.role,
                                         list(rel.evidence))
        plan: list[tuple[str, list]] = []
        if docs:
            plan.append((_DOCS, [{"id": d.id, "source": d.source, "title": d.title,
                                  "date": d.date, "ingested_at": d.ingested_at}
                                 for d in docs.values()]))
        for entity_type in schema.ENTITY_TYPES:
            rows = [{"id": e.id, "names": [e.name, *e.aliases]}
                    for e in ents.values() if e.type == entity_type]
            if rows:
                plan.append((_ENTITIES % _label(entity_type), rows))
        ends = sorted({end for key in rels for end in (key[0], key[2])} - set(ents))
        if ends:
            plan.append((_ENDS, ends))
        for predicate in schema.PREDICATE_NAMES:
            rounds: list[list] = []
            for rel in rels.values():
                if rel.predicate != predicate:
                    continue
                role = rel.role or next((ev.role for ev in rel.evidence if ev.role), None)
                evidence = {}
                for ev in rel.evidence:
                    key = ev.key(rel.key)
                    evidence.setdefault(key, [key, ev.document_id, ev.sentence, int(ev.start),
                                              int(ev.end), ev.extractor, float(ev.confidence),
                                              ev.role or rel.role])
                for k, part in enumerate(self._evidence_parts(list(evidence.values()))):
                    if k == len(rounds):
                        rounds.append([])
                    rounds[k].append([rel.subject, rel.object, role, part])
            for rows in rounds:
                plan.append((_RELATIONS % {"type": _rel_type(predicate)}, rows))
        return plan

    def _evidence_parts(self, evidence: list) -> list[list]:
        """One part (all of it) without a payload cap; else parts of bounded size."""
        if not self.max_payload_bytes or not evidence:
            return [evidence]
        parts, part, size = [], [], 0
        for item in evidence:
            item_size = _payload_size(self._p(v=item)["v"])
            if part and size + item_size > _EVIDENCE_PART_BYTES:
                parts.append(part)
                part, size = [], 0
            part.append(item)
            size += item_size
        parts.append(part)
        return parts

    def _run_plan(self, plan: list[tuple[str, list]], progress: Progress | None) -> None:
        total = sum(len(rows) for _, rows in plan)

        def work(tx):
            done = 0
            for query, rows in plan:
                for batch in self._batches(query, rows):
                    tx.run(query, self._p(rows=batch)).consume()
                    done += len(batch)
                    if progress is not None:
                        progress(done, total)

        with self._errors(), self._session(write=True) as session:
            session.execute_write(work)

    def add(self, documents: Iterable[Document] = (), entities: Iterable[Entity] = (),
            relations: Iterable[Relation] = (), replace_documents: Iterable[str] = (),
            progress: Progress | None = None) -> WriteSummary:
        """Add in one managed write transaction (idempotent). ``progress(done, total)`` is called
        after each batch. ``replace_documents``: ids removed first (see remove_documents)."""
        self._writable()
        documents, entities, relations = list(documents), list(entities), list(relations)
        replace = [d for d in dict.fromkeys(replace_documents) if d]
        if replace:   # its own transaction before the add (the add alone is idempotent)
            self._run_removal(replace)
        self._run_plan(self._plan(documents, entities, relations), progress)
        return WriteSummary(documents=len(documents), entities=len(entities),
                            relations=len(relations),
                            evidence=sum(len(r.evidence) for r in relations))

    def _run_removal(self, document_ids: list[str]) -> None:
        def work(tx):
            touched = set()
            for batch in self._batches("UNWIND $rows AS d", document_ids):
                for rec in tx.run("UNWIND $rows AS d MATCH (e:Evidence {document_id: d}) "
                                  "RETURN DISTINCT e.subject AS s, e.predicate AS p, "
                                  "e.object AS o", self._p(rows=batch)):
                    touched.add((rec["s"], rec["p"], rec["o"]))
                tx.run("UNWIND $rows AS d MATCH (e:Evidence {document_id: d}) DELETE e",
                       self._p(rows=batch)).consume()
                tx.run("UNWIND $rows AS d MATCH (n:Document {id: d}) DETACH DELETE n",
                       self._p(rows=batch)).consume()
            rows = [{"s": s, "p": p, "o": o} for s, p, o in sorted(touched)]
            orphans = []
            check = ("UNWIND $rows AS r OPTIONAL MATCH (e:Evidence {subject: r.s}) "
                     "WHERE e.predicate = r.p AND e.object = r.o "
                     "WITH r, count(e) AS n WHERE n = 0 RETURN r.s AS s, r.p AS p, r.o AS o")
            for batch in self._batches(check, rows):
                found = tx.run(check, self._p(rows=batch))
                orphans += [(rec["s"], rec["p"], rec["o"]) for rec in found]
            for predicate in schema.PREDICATE_NAMES:
                pairs = [{"s": s, "o": o} for s, p, o in orphans if p == predicate]
                query = ("UNWIND $rows AS r MATCH (a:Entity {id: r.s})-[x:%s]->"
                         "(b:Entity {id: r.o}) DELETE x" % _rel_type(predicate))
                for batch in self._batches(query, pairs):
                    tx.run(query, self._p(rows=batch)).consume()

        with self._errors(), self._session(write=True) as session:
            session.execute_write(work)

    def remove_documents(self, document_ids: Iterable[str]) -> None:
        """Drop documents and their evidence; relations left with no evidence go too."""
        self._writable()
        ids = [d for d in dict.fromkeys(document_ids) if d]
        if ids:
            self._run_removal(ids)

    def remove_entities(self, entity_ids: Iterable[str]) -> None:
        """Drop entities, every relation touching them and that relation's evidence."""
        self._writable()
        ids = [e for e in dict.fromkeys(entity_ids) if e]
        if not ids:
            return

        def work(tx):
            for query in ("UNWIND $rows AS i MATCH (e:Evidence {subject: i}) DELETE e",
                          "UNWIND $rows AS i MATCH (e:Evidence) WHERE e.object = i DELETE e",
                          "UNWIND $rows AS i MATCH (n:Entity {id: i}) DETACH DELETE n"):
                for batch in self._batches(query, ids):
                    tx.run(query, self._p(rows=batch)).consume()

        with self._errors(), self._session(write=True) as session:
            session.execute_write(work)

    def clear(self) -> None:
        """Delete every node this project writes (Entity, Document, Evidence) and their
        relationships; other data in the database is left alone."""
        self._writable()
        with self._errors(), self._session(write=True) as session:
            for label in (EVIDENCE_LABEL, DOCUMENT_LABEL, ENTITY_LABEL):
                session.run(f"MATCH (n:{label}) DETACH DELETE n").consume()

    # --- reading ----------------------------------------------------------------------------
    def documents(self) -> Iterator[Document]:
        for rec in self._read("MATCH (d:Document) RETURN d.id AS id, d.source AS source, "
                              f"d.title AS title, {_DATE_COLUMNS} ORDER BY id"):
            yield Document(id=rec["id"], source=rec["source"] or "", title=rec["title"] or "",
                           date=_found_date(rec), ingested_at=_temporal_text(rec["at"]))

    def get_document(self, document_id: str) -> Document | None:
        recs = self._read("MATCH (d:Document {id: $id}) RETURN d.id AS id, d.source AS source, "
                          f"d.title AS title, {_DATE_COLUMNS}", id=document_id)
        if not recs:
            return None
        rec = recs[0]
        return Document(id=rec["id"], source=rec["source"] or "", title=rec["title"] or "",
                        date=_found_date(rec), ingested_at=_temporal_text(rec["at"]))

    @staticmethod
    def _entity(rec) -> Entity | None:
        types = [lbl for lbl in rec["labels"] if lbl in schema.ENTITY_TYPES]
        if not types or rec["name"] is None:
            return None
        return Entity(id=rec["id"], name=rec["name"], type=types[0],
                      aliases=sorted(a for a in (rec["aliases"] or []) if a != rec["name"]))

    def entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        label = f":{_label(entity_type)}" if entity_type else ""
        for rec in self._read(f"MATCH (n:Entity{label}) WHERE n.name IS NOT NULL "
                              "RETURN n.id AS id, "
                              "n.name AS name, n.aliases AS aliases, labels(n) AS labels "
                              "ORDER BY id"):
            ent = self._entity(rec)
            if ent is not None:
                yield ent

    def get_entity(self, entity_id: str) -> Entity | None:
        recs = self._read("MATCH (n:Entity {id: $id}) RETURN n.id AS id, n.name AS name, "
                          "n.aliases AS aliases, labels(n) AS labels", id=entity_id)
        return self._entity(recs[0]) if recs else None

    def relations(self, predicate: str | None = None) -> Iterator[Relation]:
        predicates = [_rel_type(predicate)] if predicate else list(schema.PREDICATE_NAMES)
        evidence: dict[tuple, list[tuple]] = {}
        for rec in self._read("MATCH (e:Evidence) WHERE e.predicate IN $ps RETURN e.id AS id, "
                              + ", ".join(f"e.{f} AS {f}" for f in _EVIDENCE_FIELDS),
                              ps=predicates):
            ev = Evidence(document_id=rec["document_id"], sentence=rec["sentence"],
                          start=rec["start"], end=rec["end"], extractor=rec["extractor"],
                          confidence=rec["confidence"], role=rec["role"])
            evidence.setdefault((rec["subject"], rec["predicate"], rec["object"]), []).append(
                (ev.document_id, ev.start, rec["id"], ev))
        for rec in self._read("MATCH (a:Entity)-[x]->(b:Entity) WHERE type(x) IN $ps "
                              "RETURN a.id AS s, type(x) AS p, b.id AS o, x.role AS role "
                              "ORDER BY s, p, o", ps=predicates):
            key = (rec["s"], rec["p"], rec["o"])
            found = [item[3] for item in sorted(evidence.get(key, []), key=lambda t: t[:3])]
            role = rec["role"] or next((ev.role for ev in found if ev.role), None)
            yield Relation(subject=key[0], predicate=key[1], object=key[2], role=role,
                           evidence=found)

    # --- Cypher -----------------------------------------------------------------------------
    def cypher(self, query: str, params: dict | None = None, write: bool = False) -> QueryResult:
        """Run a Cypher query with parameters. Read-only unless ``write``: a READ session (real
        Neo4j refuses writes there) and a check that refuses write clauses on any server."""
        if not write:
            clause = write_clause(query)
            if clause:
                raise BadInput(f"this query writes ({clause}); fkg cypher is read-only by "
                               "default: add --write to allow it")
        elif self.read_only:
            raise FkgError("this Neo4j store was opened read-only; cannot run a writing query")
        def work(tx):
            result = tx.run(query, self._p(**(params or {})))
            return list(result.keys()), [list(rec.values()) for rec in result]

        with self._errors(query), self._session(write=write) as session:
            columns, rows = (session.execute_write if write else session.execute_read)(work)
        return QueryResult(columns=columns, rows=rows)


# --- helpers ----------------------------------------------------------------------------------

def _positive_int(value, env: str, default: int) -> int:
    if value is None:
        raw = os.environ.get(env)
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            raise BadInput(f"{env}={raw!r} is not a whole number; set it to e.g. 500") from None
    if value <= 0:
        raise BadInput(f"batch size / payload limit must be positive, got {value} (check {env})")
    return value


def _escape_strings(value):
    """Every string inside ``value`` escaped as a single-quoted Cypher literal body."""
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, dict):
        return {k: _escape_strings(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape_strings(v) for v in value]
    return value


def _drop_connections(driver) -> None:
    """Close the driver's sockets without the Bolt GOODBYE message: FalkorDB's Bolt server
    (4.16) gets stuck after a GOODBYE (its Redis port stops answering and after a few closed
    connections new Bolt connections hang). Best effort: uses the driver's pool internals and
    does nothing if they change."""
    pool = getattr(driver, "_pool", None)
    connections = getattr(pool, "connections", None)
    if not isinstance(connections, dict):
        return
    for conns in list(connections.values()):
        for conn in list(conns):
            kill = getattr(conn, "kill", None)
            if kill is not None:
                try:
                    kill()
                except Exception:  # noqa: BLE001 - a socket already gone is fine here
                    pass
    connections.clear()


def _first_line(exc) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


_STRINGS_AND_COMMENTS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)
_WRITE_CLAUSE = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|FOREACH|LOAD\s+CSV|ALTER|GRANT|DENY|REVOKE)\b"
    r"|\bCALL\s+[\w.]*(create|drop|delete|remove|set|merge|write|kill|terminate)\w*",
    re.IGNORECASE)


def write_clause(query: str) -> str | None:
    """The first write clause of a Cypher query (outside strings and comments), else None."""
    match = _WRITE_CLAUSE.search(_STRINGS_AND_COMMENTS.sub(" ", query))
    return " ".join(match.group(0).split()).upper() if match else None


# --- fkg cypher: query references, parameters, readable values --------------------------------

def named_cypher_queries() -> dict[str, Path]:
    """Shipped named queries: name -> path of ``queries/named/NAME.cypher``."""
    return {p.stem: p for p in sorted(NAMED_DIR.glob("*.cypher"))}


def resolve_query(text: str) -> str:
    """``@name`` (a shipped named query), ``@path/to/file.cypher`` or the query text itself."""
    if not text.startswith("@"):
        if not text.strip():
            raise BadInput("empty Cypher query; give the query text, @file.cypher or @name")
        return text
    ref = text[1:]
    path = Path(ref)
    if path.is_file():
        return path.read_text(encoding="utf-8")
    named = named_cypher_queries()
    if ref in named:
        return named[ref].read_text(encoding="utf-8")
    raise BadInput(f"no Cypher file {ref!r} and no named query {ref!r}; named queries: "
                   f"{', '.join(named) or '(none)'}")


def parse_params(pairs: Iterable[str]) -> dict:
    """``k=v`` strings -> parameters, as for ``fkg sparql``: whole numbers and decimals become
    numbers, anything else stays a string (``n=3`` is 3, ``person=Sara Horowitz`` a string)."""
    params = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise BadInput(f"--param {pair!r} must look like name=value (name: letters, digits, "
                           "_), e.g. --param person='Sara Horowitz'")
        value: object = raw
        for cast in (int, float):
            try:
                value = cast(raw)
                break
            except ValueError:
                pass
        params[name] = value
    return params


def _node_ref(node) -> str:
    props = dict(node)
    return str(props.get("name") or props.get("id") or props.get("title") or node.element_id)


def _props_text(props: dict) -> str:
    if not props:
        return ""
    first = [k for k in ("id", "name", "title") if k in props]
    keys = first + sorted(k for k in props if k not in first)
    return " {" + ", ".join(f"{k}: {json.dumps(props[k], ensure_ascii=False, default=str)}"
                            for k in keys) + "}"


def readable(value, structured: bool = False):
    """A driver value made readable: nodes ``(:Person {id: .., name: ..})``, relationships
    ``(a)-[:TYPE {..}]->(b)``, paths ``(Ada)-[:WORKS_FOR]->(Acme)<-[:WORKS_FOR]-(Bo)``. With
    ``structured`` (JSON output): plain dicts/lists instead of text."""
    from neo4j.graph import Node, Path as GraphPath, Relationship
    if isinstance(value, Node):
        labels = sorted(value.labels - {ENTITY_LABEL}) or sorted(value.labels)
        if structured:
            return {"labels": sorted(value.labels), "properties": dict(value)}
        return "(" + "".join(f":{lbl}" for lbl in labels) + _props_text(dict(value)) + ")"
    if isinstance(value, Relationship):
        start = value.start_node.get("id") if value.start_node is not None else None
        end = value.end_node.get("id") if value.end_node is not None else None
        start = start or (value.start_node.element_id if value.start_node is not None else "?")
        end = end or (value.end_node.element_id if value.end_node is not None else "?")
        if structured:
            return {"type": value.type, "start": start, "end": end, "properties": dict(value)}
        return f"({start})-[:{value.type}{_props_text(dict(value))}]->({end})"
    if isinstance(value, GraphPath):
        if structured:
            return {"nodes": [readable(n, True) for n in value.nodes],
                    "relationships": [readable(r, True) for r in value.relationships]}
        nodes = list(value.nodes)
        text = f"({_node_ref(nodes[0])})"
        for i, rel in enumerate(value.relationships):
            start = rel.start_node
            forward = start is not None and start.element_id == nodes[i].element_id
            arrow = f"-[:{rel.type}]->" if forward else f"<-[:{rel.type}]-"
            text += f"{arrow}({_node_ref(nodes[i + 1])})"
        return text
    if isinstance(value, (list, tuple)):
        items = [readable(v, structured) for v in value]
        return items if structured else "[" + ", ".join(
            v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
            for v in items) + "]"
    if isinstance(value, dict):
        items = {k: readable(v, True) for k, v in value.items()}
        return items if structured else json.dumps(items, ensure_ascii=False, default=str)
    if hasattr(value, "iso_format"):   # neo4j temporal types
        return value.iso_format()
    return value


def run_cypher(store: Store, query: str, params: Iterable[str] | dict = (), write: bool = False,
               structured: bool = False) -> QueryResult:
    """What ``fkg cypher`` does: resolve ``@name`` / ``@file``, parse ``k=v`` parameters, run
    the query on ``store`` and make every value readable (see :func:`readable`)."""
    text = resolve_query(query)
    values = params if isinstance(params, dict) else parse_params(params)
    result = store.cypher(text, values, write=write)
    result.rows = [[readable(v, structured) for v in row] for row in result.rows]
    return result


# --- fkg push ---------------------------------------------------------------------------------

def push(source: Store, target: Store, chunk: int = 2000,
         progress: Progress | None = None) -> WriteSummary:
    """Copy ``source``'s whole graph (documents, entities, relations with evidence) into
    ``target``: each chunk of ``chunk`` items one ``add`` (one transaction), so a failed push can
    simply be run again (adding is idempotent). ``progress(done, total)`` after each chunk."""
    documents = list(source.documents())
    entities = list(source.entities())
    relations = list(source.relations())
    total = len(documents) + len(entities) + len(relations)
    summary = WriteSummary()
    done = 0
    items: list[tuple[str, object]] = ([("d", d) for d in documents] + [("e", e) for e in entities]
                                       + [("r", r) for r in relations])
    for start in range(0, len(items), chunk):
        part = items[start:start + chunk]
        written = target.add([x for k, x in part if k == "d"], [x for k, x in part if k == "e"],
                             [x for k, x in part if k == "r"])
        summary.documents += written.documents
        summary.entities += written.entities
        summary.relations += written.relations
        summary.evidence += written.evidence
        done += len(part)
        if progress is not None:
            progress(done, total)
    return summary


def push_store(store_path: str | None, chunk: int = 2000, progress: Progress | None = None,
               **neo4j_options) -> WriteSummary:
    """``fkg push``: open the embedded store at ``store_path`` read-only and the Neo4j store
    (``uri``, ``user``, ``password``, ``batch_size``...), then :func:`push` one into the other."""
    from freelance_kg.graph.store import open_store
    with open_store("oxigraph", store_path, read_only=True) as source, \
            Neo4jStore(**neo4j_options) as target:
        return push(source, target, chunk=chunk, progress=progress)


#: A document's dates as pushed (text) or bulk-loaded from neo4j-csv (temporal values).
_DATE_COLUMNS = ("d.date AS date, d.published_at AS published_at, d.date_text AS date_text, "
                 "d.ingested_at AS at")


def _temporal_text(value) -> str:
    """A Neo4j date / datetime (neo4j-csv bulk load) or a string (fkg push) as ISO text."""
    if value is None:
        return ""
    return value.iso_format() if hasattr(value, "iso_format") else str(value)


def _found_date(rec) -> str:
    """The publication date as found: the text, the full date and time, or the date."""
    return (rec["date_text"] or _temporal_text(rec["published_at"])
            or _temporal_text(rec["date"]))
