"""The Store interface every backend implements, and the lazy backend registry.

Ingest writes only through this interface and analytics read only through it (via
:meth:`Store.to_networkx`), so the embedded RDF store and Neo4j are interchangeable.
Backends are imported only when opened: ``fkg --help`` never imports pyoxigraph or neo4j.

Write contract (all backends):
- ``add`` is one transaction: all of it lands, or none of it.
- idempotent: adding the same documents, entities, relations and evidence again changes nothing.
- entities with an existing id are merged (aliases united); relations with an existing key gain
  the new evidence.
"""

from __future__ import annotations

import importlib
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from freelance_kg.errors import BadInput, FkgError
from freelance_kg.graph import identity
from freelance_kg.graph.model import Document, Entity, Relation

DEFAULT_STORE_PATH = "./fkg-data"

#: backend name -> "module:Class", imported on first use.
BACKENDS = {
    "oxigraph": "freelance_kg.graph.rdf_store:OxigraphStore",
    "neo4j": "freelance_kg.graph.neo4j_store:Neo4jStore",
}


@dataclass
class QueryResult:
    """Tabular answer of a SPARQL or Cypher query (``boolean`` set for ASK)."""

    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None


@dataclass
class WriteSummary:
    documents: int = 0
    entities: int = 0
    relations: int = 0
    evidence: int = 0


class Store(ABC):
    """A knowledge-graph store. Use as a context manager; ``close`` releases locks/connections."""

    backend: str = ""
    supports_sparql = False
    supports_cypher = False

    # --- writing ----------------------------------------------------------------------------
    @abstractmethod
    def add(self, documents: Iterable[Document] = (), entities: Iterable[Entity] = (),
            relations: Iterable[Relation] = ()) -> WriteSummary:
        """Add everything in one transaction (idempotent)."""

    @abstractmethod
    def remove_documents(self, document_ids: Iterable[str]) -> None:
        """Drop documents and their evidence in one transaction; relations left with no evidence
        go too. Entities stay (other documents or merges may refer to them)."""

    def remove_entities(self, entity_ids: Iterable[str]) -> None:
        """Drop entities (type, name, aliases) and every relation touching them, with that
        relation's evidence, in one transaction. Documents stay. Used by reversible merges."""
        raise FkgError(f"the {self.backend} backend cannot remove entities yet, so it cannot "
                       "merge or unmerge; use the oxigraph store")

    def replace_entities(self, remove: Iterable[str], entities: Iterable[Entity] = (),
                         relations: Iterable[Relation] = ()) -> WriteSummary:
        """``remove_entities(remove)`` then ``add(entities=..., relations=...)``. Backends that
        can should override this to make it one transaction; this default runs the two steps."""
        self.remove_entities(list(remove))
        return self.add((), entities, relations)

    # --- reading ----------------------------------------------------------------------------
    @abstractmethod
    def documents(self) -> Iterator[Document]: ...

    @abstractmethod
    def entities(self, entity_type: str | None = None) -> Iterator[Entity]: ...

    @abstractmethod
    def relations(self, predicate: str | None = None) -> Iterator[Relation]:
        """Relations with their evidence."""

    @abstractmethod
    def get_entity(self, entity_id: str) -> Entity | None: ...

    def get_document(self, document_id: str) -> Document | None:
        return next((d for d in self.documents() if d.id == document_id), None)

    def has_document(self, document_id: str) -> bool:
        return self.get_document(document_id) is not None

    def find_entities(self, name: str, entity_type: str | None = None) -> list[Entity]:
        """Entities whose canonical name or an alias normalises to the same key as ``name``."""
        key = identity.normalize(name)
        found = []
        for ent in self.entities(entity_type):
            if any(identity.normalize(n) == key for n in (ent.name, *ent.aliases)):
                found.append(ent)
        return found

    def stats(self) -> dict:
        counts: dict[str, int] = {}
        for ent in self.entities():
            counts[ent.type] = counts.get(ent.type, 0) + 1
        by_predicate: dict[str, int] = {}
        n_evidence = 0
        for rel in self.relations():
            by_predicate[rel.predicate] = by_predicate.get(rel.predicate, 0) + 1
            n_evidence += len(rel.evidence)
        return {
            "backend": self.backend,
            "documents": sum(1 for _ in self.documents()),
            "entities": sum(counts.values()),
            "relations": sum(by_predicate.values()),
            "evidence": n_evidence,
            "entities_by_type": dict(sorted(counts.items())),
            "relations_by_predicate": dict(sorted(by_predicate.items())),
        }

    # --- query languages (capabilities) -----------------------------------------------------
    def sparql(self, query: str, bindings: dict | None = None, allow_service: bool = False) -> QueryResult:
        raise FkgError(f"the {self.backend} backend does not answer SPARQL; use the oxigraph store")

    def cypher(self, query: str, params: dict | None = None, write: bool = False) -> QueryResult:
        raise FkgError(f"the {self.backend} backend does not answer Cypher; use --backend neo4j")

    # --- projections ------------------------------------------------------------------------
    def to_networkx(self):
        """MultiDiGraph of entities and relations (see :mod:`freelance_kg.graph.projection`)."""
        from freelance_kg.graph import projection
        return projection.to_multidigraph(self.entities(), self.relations(), self.documents())

    # --- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_store(backend: str | None = None, path: str | None = None, read_only: bool = False,
               **options) -> Store:
    """Open a store by backend name (``FKG_BACKEND``, default ``oxigraph``).

    ``path`` (``FKG_STORE``, default ``./fkg-data``) is used by on-disk backends; other options
    (e.g. ``uri``, ``user``, ``password`` for Neo4j) go to the backend's constructor.
    """
    backend = backend or os.environ.get("FKG_BACKEND") or "oxigraph"
    try:
        target = BACKENDS[backend]
    except KeyError:
        raise BadInput(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)} "
                       "(--backend or FKG_BACKEND)") from None
    module_name, class_name = target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if backend == "oxigraph":
        path = path or os.environ.get("FKG_STORE") or DEFAULT_STORE_PATH
        return cls(path, read_only=read_only, **options)
    return cls(read_only=read_only, **options)
