"""Plain data: Document, Entity, Relation, Evidence, and one document's Extraction."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone

from freelance_kg.graph import identity, schema


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")


def date_kind(text: str) -> str | None:
    """"date" for an ISO calendar date (2024-05-01), "dateTime" for an ISO date and time with
    seconds (2024-05-01T09:30:00Z), else None (a date as found, kept as text). Exports type the
    first two (xsd:date / xsd:dateTime, Neo4j date / datetime) and leave the rest a string.

    >>> date_kind("2024-05-01"), date_kind("2024-05-01T09:30:00+02:00"), date_kind("May 2024")
    ('date', 'dateTime', None)
    """
    text = (text or "").strip()
    try:
        if _ISO_DATE.fullmatch(text):
            date.fromisoformat(text)
            return "date"
        if _ISO_DATETIME.fullmatch(text):
            datetime.fromisoformat(text.replace("Z", "+00:00"))
            return "dateTime"
    except ValueError:          # 2024-02-30 looks like a date and is not one
        return None
    return None


@dataclass
class Document:
    """One article. ``id`` is the content hash of its text."""

    id: str
    source: str = ""            # url or path it came from
    title: str = ""
    date: str = ""              # publication date as found (ISO when known)
    ingested_at: str = ""
    text: str = field(default="", repr=False, compare=False)  # not stored in the graph

    @classmethod
    def from_text(cls, text: str, source: str = "", title: str = "", date: str = "") -> "Document":
        return cls(id=identity.content_hash(text), source=source, title=title, date=date,
                   ingested_at=now_iso(), text=text)

    def to_dict(self) -> dict:
        return {"id": self.id, "source": self.source, "title": self.title, "date": self.date,
                "ingested_at": self.ingested_at}


@dataclass
class Entity:
    """A typed, named thing. ``id`` comes from :func:`identity.entity_id` only."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)

    @classmethod
    def make(cls, name: str, entity_type: str, aliases=()) -> "Entity":
        name = identity.clean_surface(name) or name
        ent = cls(id=identity.entity_id(name, entity_type), name=name, type=entity_type)
        ent.add_aliases(aliases)
        return ent

    def add_aliases(self, aliases) -> None:
        """Add surface forms, skipping the canonical name and exact repeats."""
        for alias in aliases:
            alias = identity.clean_surface(alias) or alias
            if alias and alias != self.name and alias not in self.aliases:
                self.aliases.append(alias)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases)}


@dataclass
class Evidence:
    """Where a relation is stated: document, sentence, character offsets, extractor, confidence."""

    document_id: str
    sentence: str
    start: int
    end: int
    extractor: str
    confidence: float
    role: str | None = None     # the role this mention states ("CEO"), for LEADS / WORKS_FOR / MEMBER_OF

    def key(self, relation_key: tuple) -> str:
        """Deterministic id: the same evidence for the same relation is one node, however often added."""
        raw = "\x1f".join(map(str, (*relation_key, self.document_id, self.start, self.end, self.extractor)))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Relation:
    """subject -predicate-> object between entity ids, with evidence. Symmetric predicates are
    stored with the smaller id as subject, so A-B and B-A are one relation."""

    subject: str
    predicate: str
    object: str
    role: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self):
        p = schema.check_predicate(self.predicate)
        if p.symmetric and self.object < self.subject:
            self.subject, self.object = self.object, self.subject

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)

    @property
    def confidence(self) -> float:
        """Noisy-OR of the evidence confidences: more independent evidence, more belief."""
        disbelief = 1.0
        for ev in self.evidence:
            disbelief *= 1.0 - max(0.0, min(1.0, ev.confidence))
        return round(1.0 - disbelief, 6) if self.evidence else 0.0

    def merge(self, other: "Relation") -> None:
        """Fold another statement of the same relation into this one."""
        seen = {ev.key(self.key) for ev in self.evidence}
        for ev in other.evidence:
            if ev.key(self.key) not in seen:
                self.evidence.append(ev)
                seen.add(ev.key(self.key))
        self.role = self.role or other.role

    def to_dict(self) -> dict:
        d = {"subject": self.subject, "predicate": self.predicate, "object": self.object}
        if self.role:
            d["role"] = self.role
        d["confidence"] = self.confidence
        d["evidence"] = [ev.to_dict() for ev in self.evidence]
        return d


@dataclass
class Extraction:
    """What extraction finds in one document (the contract printed by ``fkg extract``)."""

    document: Document
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "document": self.document.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "relations": [
                {**{k: v for k, v in r.to_dict().items() if k != "evidence"},
                 "evidence": [{"sentence": ev.sentence, "start": ev.start, "end": ev.end,
                               "extractor": ev.extractor, "confidence": ev.confidence}
                              for ev in r.evidence]}
                for r in self.relations
            ],
        }
