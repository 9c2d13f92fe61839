"""The ingest pipeline: sources -> documents -> extractions -> resolved entities -> the store.

``ingest(sources, store)`` reads every source (see :mod:`readers`), skips documents the store
already holds (documents are keyed by a hash of their text, so ingesting again is a no-op),
extracts the rest in one streaming ``nlp.pipe`` run, resolves each extraction against the
store (:mod:`resolve`) and writes in batches, each batch one transaction: an interrupted ingest
leaves the store at its last complete batch and a re-run completes it. A changed text at the
same source (path or URL) replaces the old document and its evidence in the same transaction.

``extract_source(source)`` is one document's extraction without a store (``fkg extract``).
"""

from __future__ import annotations

import inspect
import os
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from freelance_kg.errors import BadInput, FkgError
from freelance_kg.graph.model import Document, Entity, Extraction, Relation
from freelance_kg.ingest import readers
from freelance_kg.ingest.nlp import parse, parse_stream

#: Documents per write transaction.
WRITE_BATCH = 64

#: GIL switch interval (seconds) while the parse runs in its background thread. The parse
#: releases the GIL inside its matrix products and must win it back from the extracting thread
#: each time; at Python's default 5 ms it waits in line and the two threads overlap less
#: (bench/ingest_bench.py at 200 articles: ingest / spaCy 1.26-1.31 at 5 ms, 1.16-1.19 at 0.5 ms).
PARSE_SWITCH_INTERVAL = 0.0005


@dataclass
class IngestSummary:
    """What an ingest did. ``failed``: one {"source", "reason"} per skipped source."""

    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    entities: int = 0
    relations: int = 0
    evidence: int = 0
    words: int = 0
    resolution: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    seconds: float = 0.0
    store: dict = field(default_factory=dict)    # totals after the run (documents; entities)
    timings: dict[str, float] = field(default_factory=dict)   # seconds per stage
    renamed: dict[str, str] = field(default_factory=dict)     # old id -> new id (type vote)
    orphaned: list[str] = field(default_factory=list)   # old versions to remove, nothing to extract

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict:
        return {"new": self.new, "unchanged": self.unchanged, "replaced": self.replaced,
                "failed": len(self.failed), "entities": self.entities, "relations": self.relations,
                "evidence": self.evidence, "words": self.words, "batches": self.batches,
                "seconds": round(self.seconds, 3), "resolution": dict(sorted(self.resolution.items())),
                "store": self.store,
                "timings": {k: round(v, 3) for k, v in self.timings.items()}, "failures": self.failed, "notes": self.notes}

    def rows(self) -> list[list]:
        """(what, value) rows for a summary table."""
        rows = [["documents new", self.new], ["documents unchanged", self.unchanged],
                ["documents replaced", self.replaced], ["sources failed", len(self.failed)],
                ["entities written", self.entities], ["relations written", self.relations],
                ["evidence written", self.evidence]]
        rows += [[f"  resolved: {how}", n] for how, n in sorted(self.resolution.items())]
        rows += [[f"store {k}", v] for k, v in self.store.items()]
        rows.append(["seconds", round(self.seconds, 2)])
        return rows


@dataclass
class _Pending:
    document: Document
    replaces: list[str]
    status: str            # "new" or "replaced"


def _default_extractor():
    """The extraction engine module (``extract``, ``extract_many``, ``extraction_from_doc``)."""
    try:
        from freelance_kg.ingest import extractor
    except ImportError as exc:
        raise FkgError(f"the extraction engine (freelance_kg.ingest.extractor) is not available: {exc}") from exc
    return extractor


def _supports_replace(store) -> bool:
    try:
        return "replace_documents" in inspect.signature(store.add).parameters
    except (TypeError, ValueError):
        return False


def _write(store, pending: list[_Pending], extractions: list[Extraction], summary: IngestSummary,
           seen_entities: set, seen_relations: set) -> None:
    """One transaction: the batch's documents, their resolved entities and relations, and the
    removal of the documents they replace."""
    entities: dict[str, Entity] = {}
    relations: dict[tuple, Relation] = {}
    for ex in extractions:
        for ent in ex.entities:
            if ent.id in entities:
                entities[ent.id].add_aliases([ent.name, *ent.aliases])
            else:
                entities[ent.id] = Entity(ent.id, ent.name, ent.type, list(ent.aliases))
        for rel in ex.relations:
            if rel.key in relations:
                relations[rel.key].merge(rel)
            else:
                relations[rel.key] = Relation(rel.subject, rel.predicate, rel.object, role=rel.role,
                                              evidence=list(rel.evidence))
    replaces = [old for p in pending for old in p.replaces]
    documents = [p.document for p in pending]
    if replaces and _supports_replace(store):
        store.add(documents, entities.values(), relations.values(), replace_documents=replaces)
    else:
        if replaces:
            store.remove_documents(replaces)
        store.add(documents, entities.values(), relations.values())
    summary.batches += 1
    summary.store["documents"] = summary.store.get("documents", 0) + len(documents) - len(set(replaces))
    for p in pending:
        setattr(summary, p.status, getattr(summary, p.status) + 1)
    seen_entities.update(entities)
    seen_relations.update(relations)
    summary.evidence += sum(len(r.evidence) for r in relations.values())


def plan(results: Iterable[readers.ReadResult], store, summary: IngestSummary) -> list[_Pending]:
    """Sort read results into failed / unchanged / new / replaced; return the documents to extract."""
    by_source: dict[str, list[str]] = {}
    stored: set[str] = set()
    for doc in store.documents():
        stored.add(doc.id)
        if doc.source:
            by_source.setdefault(doc.source, []).append(doc.id)
    summary.store["documents"] = len(stored)
    pending: dict[str, _Pending] = {}      # keyed by source (or id when the source is blank)
    seen_ids: set[str] = set()
    for result in results:
        if result.error:
            summary.failed.append({"source": result.source, "reason": result.error})
            continue
        doc = result.document
        if result.note:
            summary.notes.append({"source": result.source, "note": result.note})
        if doc.id in seen_ids or doc.id in stored:
            old = [d for d in by_source.get(doc.source, []) if d != doc.id] if doc.source else []
            if old:     # the text at this source is now another source's text: drop the old version
                summary.orphaned.extend(d for d in old if d not in summary.orphaned)
                summary.notes.append({"source": doc.source, "note": "its text is now identical to "
                                      "a document already stored; the old version was removed"})
                by_source[doc.source] = [doc.id]
            else:
                summary.unchanged += 1
            continue
        seen_ids.add(doc.id)
        key = doc.source or doc.id
        if key in pending:
            summary.notes.append({"source": doc.source, "note": "appears twice with different "
                                  "text in this run; the later version is ingested"})
        old = [d for d in by_source.get(doc.source, []) if d != doc.id] if doc.source else []
        pending[key] = _Pending(doc, old, "replaced" if old else "new")
    return list(pending.values())


def ingest(sources: Iterable[str], store, *, include: Iterable[str] = (), exclude: Iterable[str] = (),
           workers: int = 1, batch_size: int = WRITE_BATCH, nlp=None, model: str | None = None,
           state_dir: str | Path | None = None,
           timeout: float = readers.URL_TIMEOUT, max_bytes: int = readers.MAX_BYTES,
           progress: Callable[[int, int], None] | None = None, extractor=None,
           on_resolved: Callable | None = None) -> IngestSummary:
    """Ingest files, folders and URLs into ``store``; see the module docstring.

    ``nlp`` is a loaded spaCy pipeline, else ``model`` names one (loaded only when something needs
    extracting); ``workers`` processes each parse and extract documents; ``progress(done, total)`` is called after each
    extracted document; ``state_dir`` (default: the store's folder) holds overrides and the
    merge log; ``extractor`` is the extraction engine, an object with ``extract``,
    ``extract_many`` and optionally ``extraction_from_doc`` (default: the module
    :mod:`freelance_kg.ingest.extractor`); ``on_resolved(extraction, decisions)`` is called with
    each document's extraction before resolution and how each of its entities was resolved
    (``bench/resolution_bench.py`` uses it to score resolution).
    """
    if workers < 1:
        raise BadInput(f"--workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise BadInput(f"batch size must be at least 1, not {batch_size}")
    started = time.perf_counter()
    summary = IngestSummary()
    sources = list(sources)
    if not sources:
        raise BadInput("nothing to ingest: give one or more files, folders or http(s) URLs")
    clock = time.perf_counter()
    todo = plan(readers.read_sources(sources, include, exclude, timeout=timeout, max_bytes=max_bytes),
                store, summary)
    summary.timings["read"] = time.perf_counter() - clock
    if summary.orphaned:
        store.remove_documents(summary.orphaned)     # one transaction
        summary.replaced += len(summary.orphaned)
        summary.store["documents"] -= len(summary.orphaned)
    if todo:
        from freelance_kg.ingest.resolve import Resolver

        engine = extractor or _default_extractor()
        if nlp is None:
            from freelance_kg.ingest.nlp import load_nlp
            nlp = load_nlp(model)
        if state_dir is None:
            state_dir = getattr(store, "folder", None)
        clock = time.perf_counter()
        resolver = Resolver.for_store(store, state_dir)
        if state_dir is not None:        # corrupt merge-log lines are skipped, and said so
            from freelance_kg.ingest.resolve import MergeLog
            log = MergeLog(state_dir)
            log.records(strict=False)
            summary.notes += [{"source": str(log.path), "note": p} for p in log.problems]
        summary.timings["index"] = time.perf_counter() - clock
        spent = {"resolve": 0.0, "write": 0.0}
        seen_entities: set = set()
        seen_relations: set = set()
        doubtful: list[dict] = []
        batch: list[_Pending] = []
        batch_ex: list[Extraction] = []
        loop_started = time.perf_counter()
        if not getattr(engine, "extraction_from_doc", None):
            stream = _extract_all
        elif workers > 1:
            stream = _pool_extract
        else:
            stream = _parse_and_extract
        for done, (item, extraction) in enumerate(stream(todo, engine, nlp, workers, summary), start=1):
            clock = time.perf_counter()
            if extraction is not None:
                resolved, decisions = resolver.resolve(extraction)
                source = item.document.source or item.document.id
                doubtful += [{"how": d.how, "mention": d.mention, "type": d.type, "entity": d.entity,
                              "score": d.score, "document": source}
                             for d in decisions if d.how in ("fuzzy", "cross_type", "ambiguous")]
                if on_resolved is not None:
                    on_resolved(extraction, decisions)
                for d in decisions:
                    summary.resolution[d.how] = summary.resolution.get(d.how, 0) + 1
                summary.words += len(item.document.text.split())
                batch.append(item)
                batch_ex.append(resolved)
            spent["resolve"] += time.perf_counter() - clock
            if len(batch) >= batch_size:
                clock = time.perf_counter()
                _write(store, batch, batch_ex, summary, seen_entities, seen_relations)
                spent["write"] += time.perf_counter() - clock
                batch, batch_ex = [], []
            if progress is not None:
                progress(done, len(todo))
        clock = time.perf_counter()
        if batch:
            _write(store, batch, batch_ex, summary, seen_entities, seen_relations)
        spent["write"] += time.perf_counter() - clock
        loop = time.perf_counter() - loop_started
        summary.timings.update(extract=loop - spent["write"] - spent["resolve"], **spent)
        changes = resolver.type_changes()
        if changes:   # the documents' type vote moved some entities (one logged, undoable step)
            from freelance_kg.ingest.resolve import retype_entities
            summary.renamed = retype_entities(store, changes, state_dir)
            summary.resolution["retyped_by_vote"] = len(summary.renamed)
        if resolver.conflicts:
            summary.resolution["alias_conflicts"] = len(resolver.conflicts)
        _log_doubts(state_dir, resolver, doubtful, summary.renamed)
        summary.entities, summary.relations = len(seen_entities), len(seen_relations)
        summary.store["entities"] = len((set(resolver.known) - set(summary.renamed))
                                        | set(summary.renamed.values()))
    summary.seconds = time.perf_counter() - started
    return summary


def _log_doubts(state_dir, resolver, doubtful: list[dict], renamed: dict[str, str]) -> None:
    """Keep what ``fkg review`` shows: fuzzy, cross-type and ambiguous decisions, aliases not
    added because another entity holds them, entities whose documents gave several types."""
    from freelance_kg.ingest.resolve import log_resolution

    rows = [{**d, "entity": renamed.get(d["entity"], d["entity"])} for d in doubtful]
    rows += [{"how": "alias_conflict", **c} for c in resolver.conflicts]
    rows += [{"how": "types", "entity": renamed.get(eid, eid), "votes": votes}
             for eid, votes in resolver.votes.items() if len(votes) > 1]
    try:
        log_resolution(state_dir, rows)
    except OSError as exc:
        raise FkgError(f"cannot write the resolution log in {state_dir}: {exc}") from exc


def _failed(summary: IngestSummary, item: _Pending, exc: Exception) -> None:
    summary.failed.append({"source": item.document.source,
                           "reason": f"extraction failed: {type(exc).__name__}: {exc}"})


def _guarded(summary: IngestSummary, item: _Pending, run):
    """``run()``'s extraction, or None with the failure recorded: one text that breaks the
    extractor fails alone (a user error, FkgError, still stops the run)."""
    try:
        return run()
    except FkgError:
        raise
    except Exception as exc:  # noqa: BLE001
        _failed(summary, item, exc)
        return None


def _parse_and_extract(todo: list[_Pending], engine, nlp, workers, summary):
    """(pending, extraction or None) in order, in this process: one ``nlp.pipe`` stream, then
    ``engine.extraction_from_doc`` per parsed document, so a text that breaks the extractor fails
    alone without re-parsing anything. The parse runs in a background thread (spaCy's network
    and parser release the GIL) while this thread extracts, resolves and writes the documents
    already parsed."""
    prepare = getattr(engine, "prepare", None)
    if prepare is not None:
        prepare(nlp)
    texts = ((p.document.text, i) for i, p in enumerate(todo))
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, PARSE_SWITCH_INTERVAL))
    try:
        for doc, index in _in_background(lambda: parse_stream(nlp, texts, batch_size=32)):
            item = todo[index]
            yield item, _guarded(summary, item, lambda: engine.extraction_from_doc(item.document, doc, nlp))
    finally:
        sys.setswitchinterval(previous)


_DONE = object()


def _in_background(make: Callable[[], Iterable], ahead: int = 64):
    """The items of the iterable ``make()`` returns, produced in a daemon thread at most ``ahead``
    items ahead of the consumer. An exception in the thread is raised here; when the consumer
    stops early the thread stops at its next item and is joined (so nothing keeps using the
    model after this generator has closed)."""
    import queue
    import threading

    items: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                items.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        stream = None
        try:
            stream = iter(make())
            for value in stream:
                if not put((value, None)):
                    break
        except BaseException as exc:  # noqa: BLE001  handed to the consumer
            put((_DONE, exc))
            return
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        put((_DONE, None))

    thread = threading.Thread(target=produce, name="fkg-parse", daemon=True)
    thread.start()
    try:
        while True:
            value, error = items.get()
            if value is _DONE:
                if error is not None:
                    raise error
                return
            yield value
    finally:
        stop.set()
        thread.join()


# State a forked worker inherits from the parent (the loaded model is shared copy-on-write).
_WORKER: dict = {}


def _work(args):
    """In a worker process: parse and extract one document (errors come back as text)."""
    index, document = args
    engine, nlp = _WORKER["engine"], _WORKER["nlp"]
    try:
        return index, engine.extraction_from_doc(document, parse(nlp, document.text), nlp), None
    except FkgError:
        raise
    except Exception as exc:  # noqa: BLE001  one text that breaks the extractor fails alone
        return index, None, f"{type(exc).__name__}: {exc}"


def _worker_start(parent: int) -> None:
    """In a new worker: die with the parent (a kill -9 of ``fkg ingest`` leaves no orphan
    workers) and close the store lock inherited from it (a worker never keeps the store locked)."""
    from freelance_kg.graph.rdf_store import close_inherited_locks
    close_inherited_locks()
    try:
        import ctypes
        import signal
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)    # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:       # the parent died before the line above took effect
        os._exit(1)


def _pool_extract(todo: list[_Pending], engine, nlp, workers, summary):
    """Like :func:`_parse_and_extract`, but each of ``workers`` forked processes both parses and
    extracts (spaCy's ``n_process`` parallelises only the parse, leaving the rules serial in the
    parent). Results come back in order; the main process only resolves and writes. The pool is
    terminated however the consumer stops."""
    import multiprocessing

    _WORKER.update(engine=engine, nlp=nlp)
    context = multiprocessing.get_context("fork")
    with warnings.catch_warnings():   # "multi-threaded, use of fork() may lead to deadlocks"
        warnings.simplefilter("ignore", DeprecationWarning)
        pool = context.Pool(workers, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        jobs = ((i, p.document) for i, p in enumerate(todo))
        for index, extraction, error in pool.imap(_work, jobs, chunksize=2):
            item = todo[index]
            if error is not None:
                summary.failed.append({"source": item.document.source,
                                       "reason": f"extraction failed: {error}"})
            yield item, extraction
    finally:
        pool.terminate()
        pool.join()
        _WORKER.clear()


def _extract_all(todo: list[_Pending], engine, nlp, workers, summary):
    """Like :func:`_parse_and_extract` for engines with only ``extract`` / ``extract_many``: if
    the stream breaks on a document, that document is retried alone (and recorded as failed if it
    breaks again), then the stream restarts after it."""
    done = 0
    while done < len(todo):
        try:
            for extraction in engine.extract_many([p.document for p in todo[done:]], nlp=nlp,
                                                  n_process=workers):
                item = todo[done]
                if extraction.document.id != item.document.id:
                    raise FkgError("the extractor returned documents out of order")
                done += 1
                yield item, extraction
            return
        except FkgError:
            raise
        except Exception:  # noqa: BLE001  isolate the failing document below
            pass
        item = todo[done]
        done += 1
        yield item, _guarded(summary, item, lambda: engine.extract(item.document, nlp=nlp))


def extract_source(source: str, nlp=None, model: str | None = None, extractor=None) -> Extraction:
    """The extraction of the one document in ``source`` (a file or an http(s) URL), without a store.
    Raises BadInput when the source cannot be read or holds several documents."""
    results = list(readers.read_sources([source]))
    failures = [r for r in results if r.error]
    documents = [r.document for r in results if r.document is not None]
    if failures and not documents:
        raise BadInput(f"cannot read {failures[0].source}: {failures[0].error}")
    if len(documents) != 1 or failures:
        raise BadInput(f"{source} holds {len(results)} documents; `fkg extract` takes exactly one "
                       "(use `fkg ingest` for folders, feeds and JSONL files)")
    engine = extractor or _default_extractor()
    if nlp is None:
        from freelance_kg.ingest.nlp import load_nlp
        nlp = load_nlp(model)
    if getattr(engine, "extraction_from_doc", None):     # parses texts of any length
        return engine.extraction_from_doc(documents[0], parse(nlp, documents[0].text), nlp)
    return engine.extract(documents[0], nlp=nlp)
