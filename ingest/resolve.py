"""Cross-document entity resolution, the curated overrides file, and reversible merges.

When a document's extraction is ingested, each of its entities is matched against what the store
(and the documents before it in the same run) already hold, in this order:

1. **overrides** ``same_as``: a curated name is renamed to its canonical entity;
2. **redirects** left by ``fkg merge`` (a merged-away id points at the entity it went into);
3. **exact id** (``identity.entity_id``: type + normalised name);
4. **alias table**: one of its names equals a known name or alias of exactly one entity of the
   same type (a surname or other one-word person name never counts: "Jordan" alone is
   ambiguous across articles);
5. **across types**: its name equals the name of exactly one entity of another
   type that may be the same thing (organisations, platforms, funders, events and places among
   themselves; a multi-word name also between a person and an organisation; never a person and
   a place, never a one-word person name): "Glovo" typed Place in one article is the Platform
   of the others;
6. **fuzzy**: rapidfuzz ratio of the normalised names >= ``FUZZY_THRESHOLD``, same type, same
   digits, same word count, neither name inside the other ("Atomic" is not "Atomico"), and
   exactly one such candidate.

Never onto a name listed with it in ``never_same``. An entity's **type** is a vote: every
document that mentions it votes for the type it gave; :meth:`Resolver.type_changes` lists the
entities the vote moves (a tie keeps the type, except that a Person or an Event loses a tie to an
organisation type), and the ingest pipeline retypes them (:func:`retype_entities`).

An **alias never sits on two entities**: a surface form of a new mention that already names or
aliases another entity is not added to it (``Resolver.conflicts`` records each such drop; "Brown"
stays with the first Brown and is not shared with every later one).

Overrides are JSON files: the shipped ``ingest/data/overrides.json``, then ``overrides.json`` in
the store folder, then the file named by ``FKG_OVERRIDES`` (later files win)::

    {"same_as":   [{"type": "Platform", "canonical": "Upwork", "names": ["Elance-oDesk"],
                    "source": "https://..."}],
     "never_same": [{"type": "Platform", "names": ["Freelancer.com", "Freelance.com"]}]}

``merge`` and ``unmerge`` rewrite the store and are logged in ``merges.jsonl`` in the store
folder; the log keeps a snapshot of both entities and of every relation touching them, so an
unmerge restores them exactly (evidence added to the kept entity after the merge stays with it).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound, FkgError
from freelance_kg.graph import identity, schema
from freelance_kg.graph.lookup import NameIndex, find_entity, query_text
from freelance_kg.graph.model import Entity, Evidence, Extraction, Relation, now_iso

FUZZY_THRESHOLD = 92.0
FUZZY_MIN_LENGTH = 5
OVERRIDES_ENV = "FKG_OVERRIDES"
OVERRIDES_FILE = "overrides.json"
MERGE_LOG = "merges.jsonl"
SHIPPED_OVERRIDES = Path(__file__).parent / "data" / "overrides.json"
RESOLUTION_LOG = "resolution.jsonl"
_ID = re.compile(r"(?:%s)/[a-z0-9-]+" % "|".join(t.lower() for t in schema.ENTITY_TYPES))


# --- overrides ------------------------------------------------------------------------------
@dataclass
class Overrides:
    """Curated decisions: ``same_as`` maps (type, normal name) to a canonical name;
    ``never_same`` holds (type, frozenset of two normal names) pairs that must stay apart."""

    same_as: dict[tuple[str, str], str] = field(default_factory=dict)
    never_same: set[tuple[str, frozenset]] = field(default_factory=set)
    files: list[str] = field(default_factory=list)

    def canonical(self, entity_type: str, name: str) -> str | None:
        return self.same_as.get((entity_type, identity.normalize(name, entity_type)))

    def forbids(self, entity_type: str, names_a: Iterable[str], names_b: Iterable[str]) -> bool:
        if not self.never_same:
            return False
        keys_a = {identity.normalize(n, entity_type) for n in names_a}
        keys_b = {identity.normalize(n, entity_type) for n in names_b}
        return any((entity_type, frozenset((a, b))) in self.never_same
                   for a in keys_a for b in keys_b if a != b)

    def update_from(self, path: str | Path) -> None:
        """Read one overrides file (later files win). Raises BadInput naming the file and entry."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BadInput(f"cannot read overrides file {path}: {exc.strerror or exc}; fix the path "
                           f"or unset {OVERRIDES_ENV}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BadInput(f"overrides file {path} is not valid UTF-8 JSON ({exc}); see the README "
                           "section 'Overrides' for the format") from None
        if not isinstance(data, dict):
            raise BadInput(f"overrides file {path}: expected an object with 'same_as' and/or 'never_same'")
        for number, entry in enumerate(data.get("same_as", []) or [], start=1):
            etype, names = self._entry(path, "same_as", number, entry)
            canonical = entry.get("canonical")
            if not isinstance(canonical, str) or not canonical.strip():
                raise BadInput(f"overrides file {path}: same_as entry {number} needs a 'canonical' name")
            for name in (canonical, *names):
                self.same_as[(etype, identity.normalize(name, etype))] = canonical
        for number, entry in enumerate(data.get("never_same", []) or [], start=1):
            etype, names = self._entry(path, "never_same", number, entry)
            keys = [identity.normalize(n, etype) for n in names]
            for i, a in enumerate(keys):
                for b in keys[i + 1:]:
                    if a != b:
                        self.never_same.add((etype, frozenset((a, b))))
        self.files.append(str(path))

    @staticmethod
    def _entry(path, section, number, entry) -> tuple[str, list[str]]:
        where = f"overrides file {path}: {section} entry {number}"
        if not isinstance(entry, dict):
            raise BadInput(f"{where} must be an object with 'type' and 'names'")
        etype = entry.get("type")
        if etype not in schema.ENTITY_TYPES:
            raise BadInput(f"{where}: type {etype!r} is not one of {', '.join(schema.ENTITY_TYPES)}")
        names = entry.get("names")
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            raise BadInput(f"{where}: 'names' must be a list of non-empty strings")
        if section == "never_same" and len(names) < 2:
            raise BadInput(f"{where}: 'names' needs at least two names that must stay apart")
        return etype, names


def load_overrides(state_dir: str | Path | None = None, include_shipped: bool = True) -> Overrides:
    """Shipped overrides, then ``overrides.json`` in the store folder, then ``$FKG_OVERRIDES``."""
    overrides = Overrides()
    if include_shipped and SHIPPED_OVERRIDES.exists():
        overrides.update_from(SHIPPED_OVERRIDES)
    if state_dir is not None and (Path(state_dir) / OVERRIDES_FILE).is_file():
        overrides.update_from(Path(state_dir) / OVERRIDES_FILE)
    user = os.environ.get(OVERRIDES_ENV)
    if user:
        overrides.update_from(user)
    return overrides


# --- resolution -----------------------------------------------------------------------------
def _is_single_word_person(entity_type: str, key: str) -> bool:
    return entity_type == schema.PERSON and len(key.split()) < 2


def _digits(key: str) -> str:
    return "".join(ch for ch in key if ch.isdigit())


#: Type pairs that never name one thing ("Washington" the person and the place).
NEVER_ACROSS = frozenset({frozenset((schema.PERSON, schema.PLACE)), frozenset((schema.EVENT, schema.PLACE)),
                          frozenset((schema.PERSON, schema.EVENT))})
_ORG_TYPES = (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER)


def may_cross(type_a: str, type_b: str, key: str) -> bool:
    """Whether entities of two different types sharing the normal name ``key`` may be one thing."""
    if type_a == type_b or frozenset((type_a, type_b)) in NEVER_ACROSS:
        return False
    if schema.PERSON in (type_a, type_b):
        return len(key.split()) >= 2      # "Jordan" may be anything; "Aspen Institute" is no person
    return True


_MINOR_WORDS = frozenset("of the and for in on de".split())


def _acronym_letters(name: str) -> str:
    """The letters of an acronym as written ("N.Y." -> "ny", "PCG" -> "pcg"), or ""."""
    compact = name.replace(".", "").strip()
    if 2 <= len(compact) <= 6 and compact.isalpha() and compact.isupper():
        return compact.lower()
    return ""


def _initials(name: str) -> set[str]:
    """Initials of a name of two or more words, with and without its minor words."""
    words = [w for w in identity.normalize(name).split() if w]
    if len(words) < 2:
        return set()
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _MINOR_WORDS)}


def _within_document(entities: list[Entity]) -> dict[str, str]:
    """{entity id: id of the entity of the same document it is}: a one-word person name that is
    the first or last name of exactly one fuller person of the document ("Oscar" of "Oscar
    Pierre"), one name given two types that may be one thing ("Lola Market" as a Person and as
    an Organization; the later one folds into the first), and an organisation's acronym spelling
    the initials of exactly one longer name of the document ("PCG" of "Professional Contractors
    Group"; not a place: "NY" may be the state of the city "New York")."""
    folds: dict[str, str] = {}
    people = [e for e in entities if e.type == schema.PERSON
              and len(identity.normalize(e.name, e.type).split()) >= 2]
    first_of_name: dict[str, Entity] = {}
    for ent in entities:
        key = identity.normalize(ent.name)
        if not key:
            continue
        if ent.type == schema.PERSON and len(key.split()) == 1:
            fuller = {p.id for p in people
                      if key in (identity.normalize(p.name).split()[0], identity.normalize(p.name).split()[-1])}
            if len(fuller) == 1:
                folds[ent.id] = fuller.pop()
                continue
        earlier = first_of_name.get(key)
        if earlier is not None and earlier.id != ent.id and may_cross(earlier.type, ent.type, key):
            folds[ent.id] = earlier.id
        elif earlier is None:
            first_of_name[key] = ent
    for ent in entities:          # "PCG" of "Professional Contractors Group"
        letters = _acronym_letters(ent.name)   # not places: "NY" may be the state of "New York" city
        if not letters or ent.id in folds or ent.type in (schema.PLACE, schema.PERSON):
            continue
        spelled = {e.id for e in entities if e.id != ent.id and e.id not in folds
                   and letters in _initials(e.name) and (e.type == ent.type or may_cross(e.type, ent.type, "a b"))}
        if len(spelled) == 1:
            folds[ent.id] = spelled.pop()
    for ent_id in list(folds):      # "Oscar" -> "Oscar Pierre" -> an earlier "Oscar Pierre": to the root
        seen = {ent_id}
        while folds[ent_id] in folds and folds[ent_id] not in seen:
            seen.add(folds[ent_id])
            folds[ent_id] = folds[folds[ent_id]]
    return folds


def voted_type(votes: dict[str, int], current: str) -> str:
    """The type most documents gave; a tie keeps ``current``, unless ``current`` is Person or Event
    and an organisation type is tied with it (an investor typed Person once and Funder once is a
    Funder: a name that fits both is more often a mis-typed organisation than the reverse)."""
    best = max(votes.values())
    tied = [t for t, n in votes.items() if n == best]
    loses = current in (schema.PERSON, schema.EVENT) and any(t in _ORG_TYPES for t in tied)
    if current in tied and not loses:
        return current
    for t in (*_ORG_TYPES, schema.EVENT, schema.PLACE, schema.PERSON):
        if t in tied:
            return t
    return current


@dataclass
class Decision:
    """How one extracted entity was resolved (``how``: new, exact, override, redirect, alias,
    fuzzy, ambiguous)."""

    mention: str
    type: str
    entity: str
    how: str
    score: float | None = None


class Resolver:
    """Maps each extraction's entities onto known entities and keeps its index up to date, so
    documents later in the same run resolve against earlier ones too."""

    def __init__(self, entities: Iterable[Entity] = (), overrides: Overrides | None = None,
                 redirects: dict[str, str] | None = None, fuzzy_threshold: float = FUZZY_THRESHOLD,
                 prior_votes=None):
        self.overrides = overrides or Overrides()
        self.redirects = dict(redirects or {})
        self.fuzzy_threshold = fuzzy_threshold
        self.known: dict[str, Entity] = {}
        self._keys: dict[tuple[str, str], set[str]] = {}
        self._any: dict[str, set[str]] = {}       # normal form (any type) -> ids
        self._names: dict[str, dict[str, str]] = {t: {} for t in schema.ENTITY_TYPES}   # type -> id -> key
        self.votes: dict[str, dict[str, int]] = {}    # id -> {type: documents giving it}
        self.conflicts: list[dict] = []
        self._stored: set[str] = set()
        self._prior_votes = prior_votes               # id -> documents that mention it (stored ones)
        for ent in entities:
            self._remember(ent)
            self._stored.add(ent.id)

    @classmethod
    def for_store(cls, store, state_dir: str | Path | None = None, **kwargs) -> "Resolver":
        """A resolver over everything ``store`` holds, the overrides files and the merge log."""
        cache: dict[str, int] = {}

        def prior_votes(entity_id: str) -> int:
            if not cache:   # documents per entity, read once and only when a vote needs it
                docs: dict[str, set] = {}
                for rel in store.relations():
                    for ev in rel.evidence:
                        docs.setdefault(rel.subject, set()).add(ev.document_id)
                        docs.setdefault(rel.object, set()).add(ev.document_id)
                cache.update({k: len(v) for k, v in docs.items()} or {"": 0})
            return max(1, cache.get(entity_id, 1))

        return cls(store.entities(), overrides=load_overrides(state_dir),
                   redirects=MergeLog(state_dir).redirects(strict=False) if state_dir else {},
                   prior_votes=prior_votes, **kwargs)

    def _remember(self, ent: Entity) -> None:
        known = self.known.get(ent.id)
        if known is None:
            known = Entity(id=ent.id, name=ent.name, type=ent.type, aliases=list(ent.aliases))
            self.known[ent.id] = known
            self._names[ent.type][ent.id] = identity.normalize(ent.name, ent.type)
        else:
            known.add_aliases([ent.name, *ent.aliases])
        for surface in (ent.name, *ent.aliases):
            key = identity.normalize(surface, ent.type)
            if key:
                self._keys.setdefault((ent.type, key), set()).add(ent.id)
            key = identity.normalize(surface)
            if key:
                self._any.setdefault(key, set()).add(ent.id)

    def _target(self, ent: Entity) -> tuple[str, str, float | None]:
        etype = ent.type
        names = [ent.name, *ent.aliases]
        for surface in names:
            canonical = self.overrides.canonical(etype, surface)
            if canonical and identity.entity_id(canonical, etype) != ent.id:
                return identity.entity_id(canonical, etype), "override", None
        if ent.id in self.redirects:
            target = self.redirects[ent.id]
            seen = {ent.id}
            while target in self.redirects and target not in seen:   # chains of merges
                seen.add(target)
                target = self.redirects[target]
            return target, "redirect", None
        if ent.id in self.known:
            return ent.id, "exact", None
        candidates: set[str] = set()
        for surface in names:
            key = identity.normalize(surface, etype)
            if not key or _is_single_word_person(etype, key):
                continue
            candidates |= self._keys.get((etype, key), set())
        candidates = {c for c in candidates
                      if not self.overrides.forbids(etype, names, self._surfaces(c))}
        if len(candidates) == 1:
            return candidates.pop(), "alias", None
        if len(candidates) > 1:
            return ent.id, "ambiguous", None
        across: set[str] = set()
        key = identity.normalize(ent.name)   # canonical names only: an alias across types misleads
        for other in self._any.get(key, ()) if key else ():
            known = self.known[other]
            if identity.normalize(known.name) == key and may_cross(etype, known.type, key) and \
                    not self.overrides.forbids(known.type, names, self._surfaces(other)):
                across.add(other)
        if len(across) == 1:
            return across.pop(), "cross_type", None
        if len(across) > 1:
            return ent.id, "ambiguous", None
        return self._fuzzy(ent)

    def _surfaces(self, entity_id: str) -> list[str]:
        known = self.known[entity_id]
        return [known.name, *known.aliases]

    def _fuzzy(self, ent: Entity) -> tuple[str, str, float | None]:
        from rapidfuzz import fuzz, process

        etype = ent.type
        key = identity.normalize(ent.name, etype)
        if len(key) < FUZZY_MIN_LENGTH or _is_single_word_person(etype, key) or not self._names[etype]:
            return ent.id, "new", None
        pool = self._names[etype]
        hits = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=5)
        good = []
        for other_key, score, other_id in hits:
            if _digits(other_key) != _digits(key) or len(other_key) < FUZZY_MIN_LENGTH:
                continue   # "Summit 2023" is not "Summit 2024"
            if len(other_key.split()) != len(key.split()) or key in other_key or other_key in key:
                continue   # "Atomic" is not "Atomico": a name inside a longer one is another name
            if self.overrides.forbids(etype, [ent.name, *ent.aliases], self._surfaces(other_id)):
                continue
            good.append((score, other_id))
        if len(good) == 1 or (len(good) > 1 and good[0][0] > good[1][0]):
            score, other_id = max(good)
            return other_id, "fuzzy", round(score, 1)
        return ent.id, ("ambiguous" if good else "new"), None

    def _own_aliases(self, target: str, canonical: str, ent: Entity, extraction: Extraction) -> list[str]:
        """``ent``'s surface forms that may become aliases of ``target``: not one that already
        names another entity (recorded in ``conflicts`` instead)."""
        out = []
        for surface in (ent.name, *ent.aliases):
            key = identity.normalize(surface)
            holders = self._any.get(key, set()) - {target} if key else set()
            if holders and key != identity.normalize(canonical):
                self.conflicts.append({"alias": surface, "entity": target, "held_by": sorted(holders),
                                       "document": extraction.document.source or extraction.document.id})
                continue
            out.append(surface)
        return out

    def type_changes(self) -> dict[str, str]:
        """{entity id: type} for the entities whose type the documents' vote changes."""
        out = {}
        for entity_id, tally in self.votes.items():
            known = self.known.get(entity_id)
            if known is None or (len(tally) == 1 and known.type in tally):
                continue
            tally = dict(tally)
            if entity_id in self._stored and self._prior_votes is not None:
                tally[known.type] = tally.get(known.type, 0) + self._prior_votes(entity_id)
            winner = voted_type(tally, known.type)
            if winner != known.type:
                out[entity_id] = winner
        return out

    def resolve(self, extraction: Extraction) -> tuple[Extraction, list[Decision]]:
        """The extraction with entity ids mapped onto known entities (aliases united, relations
        re-pointed, self-loops that only resolution created dropped), and how each was decided.
        The resolver then knows this document's entities too."""
        mapping: dict[str, str] = {}
        decided: dict[int, Decision] = {}
        merged: dict[str, Entity] = {}
        votes: set[tuple[str, str]] = set()
        folds = _within_document(extraction.entities)
        order = sorted(range(len(extraction.entities)), key=lambda i: extraction.entities[i].id in folds)
        for index in order:
            ent = extraction.entities[index]
            if ent.id in folds:
                target, how, score = mapping[folds[ent.id]], "same_document", None
            else:
                target, how, score = self._target(ent)
            mapping[ent.id] = target
            decided[index] = Decision(ent.name, ent.type, target, how, score)
            votes.add((target, ent.type))
            if target not in merged:
                known = self.known.get(target)
                if known is not None:
                    name, etype = known.name, known.type
                elif how == "override":
                    name, etype = self.overrides.canonical(ent.type, next(
                        s for s in (ent.name, *ent.aliases) if self.overrides.canonical(ent.type, s))), ent.type
                else:
                    name, etype = ent.name, ent.type
                merged[target] = Entity(id=target, name=name, type=etype)
            merged[target].add_aliases(self._own_aliases(target, merged[target].name, ent, extraction))
        decisions = [decided[i] for i in range(len(extraction.entities))]
        relations: dict[tuple, Relation] = {}
        for rel in extraction.relations:
            subject, obj = mapping.get(rel.subject, rel.subject), mapping.get(rel.object, rel.object)
            if subject == obj and rel.subject != rel.object:
                continue
            new = Relation(subject, rel.predicate, obj, role=rel.role, evidence=list(rel.evidence))
            if new.key in relations:
                relations[new.key].merge(new)
            else:
                relations[new.key] = new
        for ent in merged.values():
            self._remember(ent)
        for target, etype in votes:
            tally = self.votes.setdefault(target, {})
            tally[etype] = tally.get(etype, 0) + 1
        return Extraction(document=extraction.document, entities=list(merged.values()),
                          relations=list(relations.values())), decisions


# --- looking entities up by name ------------------------------------------------------------
def lookup(store, name_or_id: str, entity_type: str | None = None) -> Entity:
    """The one entity ``name_or_id`` means (an id, a canonical name or an alias; a close spelling
    is only suggested). Raises EntityNotFound or AmbiguousName with the candidates' names and ids."""
    text = query_text(name_or_id)
    if _ID.fullmatch(text):      # an id; a name with "/" and spaces in it is looked up as a name
        ent = store.get_entity(text)
        if ent is not None:
            return ent
    entities = {e.id: e for e in store.entities(entity_type)}
    index = NameIndex((e.id, e.type, e.name, e.aliases) for e in entities.values())
    found = find_entity(index, text, entity_type=entity_type,
                        label=lambda eid: f"{entities[eid].name} ({eid})", where="the store",
                        hint="; check the spelling or list names with `fkg sparql`",
                        fuzzy=False, prefer_canonical=True, suggest_from=60)
    return entities[found]


# --- reversible merges ----------------------------------------------------------------------
def _relation_to_json(rel: Relation) -> dict:
    return {"subject": rel.subject, "predicate": rel.predicate, "object": rel.object, "role": rel.role,
            "evidence": [ev.to_dict() for ev in rel.evidence]}


def _relation_from_json(data: dict) -> Relation:
    return Relation(data["subject"], data["predicate"], data["object"], role=data.get("role"),
                    evidence=[Evidence(**ev) for ev in data.get("evidence", [])])


def _entity_from_json(data: dict) -> Entity:
    return Entity(id=data["id"], name=data["name"], type=data["type"], aliases=list(data.get("aliases", [])))


def _evidence_keys(relations: Iterable[Relation]) -> set[str]:
    return {ev.key(rel.key) for rel in relations for ev in rel.evidence}


class MergeLog:
    """Append-only JSON-lines log of merges and unmerges in the store folder."""

    def __init__(self, state_dir: str | Path | None):
        if state_dir is None:
            raise BadInput("merges need a store folder for their log; pass --store or set FKG_STORE")
        self.path = Path(state_dir) / MERGE_LOG

    #: Fields each kind of record needs; a record without them is corrupt.
    _NEEDS = {"merge": ("id", "merged", "kept"), "unmerge": ("merge",), "undo": ("merge",),
              "retype": ("id",), "split": ("id",)}

    def records(self, strict: bool = True) -> list[dict]:
        """The log's records. A line that is not a JSON object with the fields its kind needs
        raises FkgError naming it, or with ``strict=False`` is skipped and described in
        ``self.problems`` (ingest goes on; merge and unmerge need the exact log)."""
        self.problems: list[str] = []
        if not self.path.exists():
            return []
        out = []
        with self.path.open(encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    record = None
                needs = self._NEEDS.get(record.get("op"), ()) if isinstance(record, dict) else None
                if needs is None or any(not isinstance(record.get(k), str) for k in needs):
                    problem = (f"merge log {self.path} line {number} is corrupt (not a merge or "
                               "unmerge record); fix or remove that line")
                    if strict:
                        raise FkgError(problem)
                    self.problems.append(problem)
                    continue
                out.append(record)
        return out

    def append(self, record: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def active_merges(self, strict: bool = True) -> list[dict]:
        """Operations (merge, retype, split) not undone, oldest first (``strict``: see
        :meth:`records`)."""
        records = self.records(strict)
        undone = {r["merge"] for r in records if r.get("op") in ("unmerge", "undo")}
        return [r for r in records if r.get("op") in ("merge", "retype", "split") and r["id"] not in undone]

    def redirects(self, strict: bool = True) -> dict[str, str]:
        """Where later mentions of an id a merge or retype removed go."""
        out = {}
        for r in self.active_merges(strict):
            if r["op"] == "merge":
                out[r["merged"]] = r["kept"]
                if r.get("kept_before"):
                    out[r["kept_before"]] = r["kept"]
            elif r["op"] == "retype":
                out.update({old: new for new, old in r["back"].items() if old != new})
        return out


def _touching(store, entity_ids: set[str]) -> list[Relation]:
    return [r for r in store.relations() if r.subject in entity_ids or r.object in entity_ids]


def _log_for(store, state_dir) -> "MergeLog":
    return MergeLog(state_dir if state_dir is not None else getattr(store, "folder", None))


def _op_after_ids(record: dict) -> set[str]:
    if "entities" in record["after"]:
        return {e["id"] for e in record["after"]["entities"]}
    return {record["after"]["entity"]["id"]}          # merge records written before retype/split


def _op_touched(record: dict) -> set[str]:
    """Entities an operation changed, and the far ends of the relations it moved (a later
    operation on one of those changes what undoing this one must restore)."""
    ends = {end for r in record["before"]["relations"] for end in (r["subject"], r["object"])}
    return {e["id"] for e in record["before"]["entities"]} | _op_after_ids(record) | ends


def _describe(record: dict) -> str:
    if record["op"] == "merge":
        return f"merge {record['id']} ({record['merged']} into {record['kept']})"
    if record["op"] == "retype":
        return f"retype {record['id']} ({record['from']} to {record['to']})"
    return f"{record['op']} {record['id']} ({record.get('entity', '')})"


def _undo_hint(record: dict) -> str:
    if record["op"] == "merge":
        return f"fkg unmerge {record['merged']}"
    return f"fkg undo {record['id']}"


def _rewrite(store, id_map: dict[str, str], entities: list[Entity], log: "MergeLog | None",
             record: dict) -> dict:
    """Replace the entities ``id_map`` names (and ``entities``' own ids) by ``entities`` in one
    transaction, re-pointing every relation touching them through ``id_map``; with ``log``,
    append ``record`` with a snapshot of what was there before, so it can be undone exactly."""
    old_ids = set(id_map) | {e.id for e in entities}
    before_entities = [e for e in (store.get_entity(i) for i in sorted(old_ids)) if e is not None]
    before = _touching(store, old_ids)
    moved: dict[tuple, Relation] = {}
    for rel in before:
        new = Relation(id_map.get(rel.subject, rel.subject), rel.predicate, id_map.get(rel.object, rel.object),
                       role=rel.role, evidence=[Evidence(**ev.to_dict()) for ev in rel.evidence])
        if new.key in moved:
            moved[new.key].merge(new)
        else:
            moved[new.key] = new
    after = list(moved.values())
    back: dict[str, str] = {}     # after id -> the id later evidence on it goes back to on undo
    for old, new in id_map.items():
        back.setdefault(new, new if new in old_ids and new not in id_map else old)
    record.update(id=uuid.uuid4().hex[:12], at=now_iso(),
                  before={"entities": [e.to_dict() for e in before_entities],
                          "relations": [_relation_to_json(r) for r in before]},
                  after={"entities": [e.to_dict() for e in entities], "evidence": sorted(_evidence_keys(after))},
                  back=back)
    store.replace_entities(sorted(old_ids), entities, after)
    if log is not None:
        log.append(record)
    return record


def merge(store, keep: str, absorb: str, state_dir: str | Path | None = None,
          as_type: str | None = None) -> dict:
    """Merge entity ``absorb`` into ``keep`` (names or ids): ``absorb``'s names become aliases of
    ``keep`` and its relations move onto ``keep``. Entities of different types need ``as_type``,
    the type the merged entity keeps. Logged in ``state_dir`` (default: the store's folder);
    undo with :func:`unmerge`."""
    log = _log_for(store, state_dir)
    kept, merged = lookup(store, keep), lookup(store, absorb)
    if kept.id == merged.id:
        raise BadInput(f"{keep!r} and {absorb!r} are the same entity ({kept.id}); nothing to merge")
    if as_type is not None:
        as_type = _check_type(as_type)
    if kept.type != merged.type and as_type is None:
        raise BadInput(f"cannot merge a {merged.type} ({merged.name}) into a {kept.type} ({kept.name}): "
                       f"different types; add --as-type {kept.type} (or another type) to name the "
                       "type the merged entity keeps")
    target_type = as_type or kept.type
    new_id = identity.entity_id(kept.name, target_type)
    if new_id not in (kept.id, merged.id) and store.get_entity(new_id) is not None:
        raise BadInput(f"a {target_type} named {kept.name!r} already exists ({new_id}); merge into it instead")
    new_entity = Entity(id=new_id, name=kept.name, type=target_type, aliases=list(kept.aliases))
    new_entity.add_aliases([merged.name, *merged.aliases])
    moved = sum(1 for r in _touching(store, {merged.id}))
    record = _rewrite(store, {kept.id: new_id, merged.id: new_id}, [new_entity], log,
                      {"op": "merge", "kept": new_id, "merged": merged.id,
                       **({"kept_before": kept.id} if new_id != kept.id else {})})
    return {"merge": record["id"], "kept": new_id, "merged": merged.id,
            "aliases": len(new_entity.aliases), "relations_moved": moved}


def _check_type(entity_type: str) -> str:
    for t in schema.ENTITY_TYPES:
        if t.lower() == str(entity_type).strip().lower():
            return t
    raise BadInput(f"unknown type {entity_type!r}; choose one of {', '.join(schema.ENTITY_TYPES)}")


def retype_entities(store, changes: dict[str, str], state_dir: str | Path | None = None,
                    reason: str = "ingest type vote") -> dict[str, str]:
    """Give each entity of ``changes`` ({id: type}) its new type (a new id; relations follow; an
    existing entity of that type and name absorbs it). Logged as one undoable operation when a
    log folder is known. Returns {old id: new id}."""
    folder = state_dir if state_dir is not None else getattr(store, "folder", None)
    id_map: dict[str, str] = {}
    entities: dict[str, Entity] = {}
    for old_id, new_type in sorted(changes.items()):
        ent = store.get_entity(old_id)
        if ent is None:
            continue
        new_id = identity.entity_id(ent.name, new_type)
        target = entities.get(new_id) or store.get_entity(new_id)
        if target is None or target.id == old_id:
            target = Entity(id=new_id, name=ent.name, type=new_type, aliases=list(ent.aliases))
        else:
            target = Entity(target.id, target.name, target.type, list(target.aliases))
            target.add_aliases([ent.name, *ent.aliases])
        entities[new_id] = target
        id_map[old_id] = new_id
    if not id_map:
        return {}
    _rewrite(store, id_map, list(entities.values()), MergeLog(folder) if folder is not None else None,
             {"op": "retype", "from": ", ".join(sorted(id_map)), "to": ", ".join(sorted(set(id_map.values()))),
              "reason": reason})
    return id_map


def retype(store, name_or_id: str, entity_type: str, state_dir: str | Path | None = None) -> dict:
    """Give one entity another type (its id changes with it; relations follow). Logged; undo with
    ``fkg undo``."""
    log = _log_for(store, state_dir)
    ent = lookup(store, name_or_id)
    new_type = _check_type(entity_type)
    if new_type == ent.type:
        raise BadInput(f"{ent.name} ({ent.id}) is already a {new_type}; nothing to retype")
    new_id = identity.entity_id(ent.name, new_type)
    if store.get_entity(new_id) is not None:
        raise BadInput(f"a {new_type} named {ent.name!r} already exists ({new_id}); use "
                       f"`fkg merge {new_id} {ent.id} --as-type {new_type}` instead")
    new_entity = Entity(id=new_id, name=ent.name, type=new_type, aliases=list(ent.aliases))
    record = _rewrite(store, {ent.id: new_id}, [new_entity], log,
                      {"op": "retype", "from": ent.id, "to": new_id, "reason": "fkg retype"})
    return {"retype": record["id"], "from": ent.id, "to": new_id,
            "relations": len(record["before"]["relations"])}


def _find_op(active: list[dict], name_or_id: str, ops: tuple[str, ...]) -> dict | None:
    """The latest active operation of ``ops`` that ``name_or_id`` names: its id in the log, or an
    entity it touched (an id, a name or an alias). For merges, one that absorbed the entity wins
    over one that kept it. AmbiguousName when the name means different entities."""
    text = query_text(name_or_id)
    records = [r for r in active if r["op"] in ops]
    for r in reversed(records):
        if r["id"] == text:
            return r
    key = identity.normalize(text)
    matched: dict[str, str] = {}           # entity id -> its canonical name's normal form
    hits = []
    for r in records:
        found = False
        before = r["before"]["entities"]
        for ent in [*before, *r["after"].get("entities", [r["after"].get("entity")])]:
            if ent and (ent["id"] == text or (ent in before and   # names as they were before it
                        key in {identity.normalize(n) for n in (ent["name"], *ent.get("aliases", []))})):
                matched[ent["id"]] = identity.normalize(ent["name"])
                found = True
        if found:
            hits.append(r)
    if text in matched:
        matched = {text: matched[text]}
        hits = [r for r in hits if text in _op_touched(r)]
    if len(set(matched.values())) > 1:
        raise AmbiguousName(f"{text!r} names entities of several operations; pass an id", sorted(matched))
    if not hits:
        return None
    for side in ("merged", "kept"):
        for r in reversed(hits):
            if r.get(side) in matched:
                return r
    return hits[-1]


def _undo(store, log: "MergeLog", record: dict, active: list[dict]) -> dict:
    """Undo one logged operation exactly, or refuse when a later operation still applied changed
    an entity it touched (undo is a stack)."""
    touched = _op_touched(record)
    later = [r for r in active[active.index(record) + 1:] if _op_touched(r) & touched]
    if later:
        blocker = later[-1]
        raise FkgError(f"cannot undo {_describe(record)}: {_describe(blocker)} came later and changed "
                       f"{', '.join(sorted(_op_touched(blocker) & touched))}; undo it first with "
                       f"`{_undo_hint(blocker)}`")
    after_ids = _op_after_ids(record)
    back = record.get("back") or {i: i for i in after_ids}
    restored_entities = {e["id"]: _entity_from_json(e) for e in record["before"]["entities"]}
    documents = {d.id for d in store.documents()}
    restored = []
    for data in record["before"]["relations"]:
        rel = _relation_from_json(data)
        kept = [ev for ev in rel.evidence if ev.document_id in documents]
        if kept or not rel.evidence:      # evidence of a replaced or removed document stays gone
            rel.evidence = kept
            restored.append(rel)
    done_evidence = set(record["after"]["evidence"])
    later_relations: list[Relation] = []
    for rel in _touching(store, after_ids | set(restored_entities)):
        fresh = [ev for ev in rel.evidence if ev.key(rel.key) not in done_evidence]
        if fresh:   # evidence ingested after the operation stays, on the entity it came back to
            later_relations.append(Relation(back.get(rel.subject, rel.subject), rel.predicate,
                                            back.get(rel.object, rel.object), role=rel.role, evidence=fresh))
    after_aliases = {e["id"]: set(e.get("aliases", [])) for e in record["after"].get("entities", [])}
    if "entity" in record["after"]:
        after_aliases[record["after"]["entity"]["id"]] = set(record["after"]["entity"]["aliases"])
    for after_id, aliases in after_aliases.items():
        current = store.get_entity(after_id)
        target = restored_entities.get(back.get(after_id, after_id))
        if current is not None and target is not None:   # aliases gained after the operation stay
            target.add_aliases([a for a in current.aliases if a not in aliases])
    store.replace_entities(sorted(after_ids | set(restored_entities)), list(restored_entities.values()),
                           restored + later_relations)
    log.append({"op": "unmerge" if record["op"] == "merge" else "undo", "merge": record["id"],
                "undone": record["op"], "at": now_iso()})
    return {"undone": record["id"], "op": record["op"], "restored": ", ".join(sorted(restored_entities)),
            "relations_restored": len(restored),
            "later_evidence_kept": sum(len(r.evidence) for r in later_relations)}


def unmerge(store, name_or_id: str, state_dir: str | Path | None = None) -> dict:
    """Undo the latest merge that absorbed ``name_or_id`` (or, failing that, the latest merge into
    it): both entities and their relations come back exactly as they were; evidence the kept
    entity gained after the merge stays with it; evidence of documents since replaced stays gone.
    Refuses, naming what to undo first, when a later operation changed one of the two."""
    log = _log_for(store, state_dir)
    active = log.active_merges()
    record = _find_op(active, name_or_id, ("merge",))
    if record is None:
        raise EntityNotFound(f"no merge involving {name_or_id!r} to undo (see {log.path})",
                             [f"{r['merged']} -> {r['kept']}" for r in active if r["op"] == "merge"][-5:])
    result = _undo(store, log, record, active)
    return {"unmerged": record["id"], "kept": record["kept"], "restored": record["merged"],
            "relations_restored": result["relations_restored"],
            "later_evidence_kept": result["later_evidence_kept"]}


def undo(store, operation: str | None = None, state_dir: str | Path | None = None) -> dict:
    """Undo the latest operation still applied (merge, retype, split), or the one ``operation``
    names (its id from the log, or an entity it touched), under the same stack rule as
    :func:`unmerge`."""
    log = _log_for(store, state_dir)
    active = log.active_merges()
    if not active:
        raise EntityNotFound(f"nothing to undo: no merge, retype or split is applied (see {log.path})")
    record = active[-1] if operation is None else _find_op(active, operation, ("merge", "retype", "split"))
    if record is None:
        raise EntityNotFound(f"no applied operation matches {operation!r} (see {log.path})",
                             [_describe(r) for r in active[-5:]])
    return _undo(store, log, record, active)


def _mentions(sentence: str, surface: str) -> bool:
    """Whether ``surface`` occurs in ``sentence`` as whole words (case-insensitive)."""
    return re.search(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", sentence, re.IGNORECASE) is not None


def split(store, name_or_id: str, alias: str, into: str | None = None,
          state_dir: str | Path | None = None) -> dict:
    """Move ``alias`` off an entity onto a new entity named ``alias`` of the same type (or onto the
    existing entity ``into``), with the evidence whose sentence names the entity only by that
    alias. Logged; undo with ``fkg undo``."""
    log = _log_for(store, state_dir)
    ent = lookup(store, name_or_id)
    key = identity.normalize(query_text(alias))
    surface = next((a for a in ent.aliases if identity.normalize(a) == key), None)
    if surface is None:
        listed = ", ".join(repr(a) for a in ent.aliases) or "none"
        raise BadInput(f"{alias!r} is not an alias of {ent.name} ({ent.id}); its aliases: {listed}")
    if into is not None:
        target = lookup(store, into)
        if target.id == ent.id:
            raise BadInput(f"--into {into!r} is {ent.id} itself; name another entity")
        target = Entity(target.id, target.name, target.type, list(target.aliases))
    else:
        new_id = identity.entity_id(surface, ent.type)
        if store.get_entity(new_id) is not None:
            raise BadInput(f"an entity {new_id} already exists; pass --into {new_id} to move the alias onto it")
        target = Entity(new_id, identity.clean_surface(surface) or surface, ent.type)
    target.add_aliases([surface])
    rest = Entity(ent.id, ent.name, ent.type, [a for a in ent.aliases if a != surface])
    others = [ent.name, *rest.aliases]
    before_entities = [e for e in (store.get_entity(i) for i in sorted({ent.id, target.id})) if e]
    before = _touching(store, {ent.id, target.id})
    moved: dict[tuple, Relation] = {}
    for rel in before:
        stays, goes = [], []
        for ev in rel.evidence:
            by_alias = _mentions(ev.sentence, surface) and not any(_mentions(ev.sentence, n) for n in others)
            (goes if by_alias and ent.id in (rel.subject, rel.object) else stays).append(ev)
        for evidence, subject, obj in (
                (stays, rel.subject, rel.object),
                (goes, target.id if rel.subject == ent.id else rel.subject,
                 target.id if rel.object == ent.id else rel.object)):
            if evidence or (not rel.evidence and evidence is stays):
                new = Relation(subject, rel.predicate, obj, role=rel.role,
                               evidence=[Evidence(**ev.to_dict()) for ev in evidence])
                if new.key in moved:
                    moved[new.key].merge(new)
                else:
                    moved[new.key] = new
    after = list(moved.values())
    record = {"op": "split", "id": uuid.uuid4().hex[:12], "at": now_iso(), "entity": ent.id,
              "alias": surface, "into": target.id,
              "before": {"entities": [e.to_dict() for e in before_entities],
                         "relations": [_relation_to_json(r) for r in before]},
              "after": {"entities": [rest.to_dict(), target.to_dict()], "evidence": sorted(_evidence_keys(after))},
              "back": {ent.id: ent.id, target.id: target.id if into is not None else ent.id}}
    store.replace_entities(sorted({ent.id, target.id}), [rest, target], after)
    log.append(record)
    return {"split": record["id"], "from": ent.id, "alias": surface, "into": target.id,
            "relations_moved": sum(1 for r in after if target.id in (r.subject, r.object))}


# --- what a person should look at -----------------------------------------------------------
def log_resolution(state_dir: str | Path | None, decisions: Iterable[dict]) -> None:
    """Append the doubtful resolution decisions of an ingest (fuzzy, across types, ambiguous,
    alias conflicts) to ``resolution.jsonl`` in the store folder, for ``fkg review``."""
    rows = list(decisions)
    if state_dir is None or not rows:
        return
    path = Path(state_dir) / RESOLUTION_LOG
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


REVIEW_WEIGHT = {"alias on two entities": 4.0, "fuzzy match": 3.0, "types disagree": 2.5,
                 "merged across types": 2.0, "alias kept off": 1.8, "ambiguous name": 1.5,
                 "one-word name": 1.0}


def review(store, state_dir: str | Path | None = None, top: int = 50) -> list[dict]:
    """What a person should look at, most doubtful first: aliases held by two entities, fuzzy
    matches and merges across types made by ingest, entities whose documents gave several types,
    one-word names; each with its evidence. Doubt = the kind's weight plus a little per relation
    (a wrong decision on a busy node does more harm)."""
    folder = state_dir if state_dir is not None else getattr(store, "folder", None)
    entities = {e.id: e for e in store.entities()}
    degree: dict[str, int] = {}
    for rel in store.relations():
        degree[rel.subject] = degree.get(rel.subject, 0) + 1
        degree[rel.object] = degree.get(rel.object, 0) + 1
    rows: list[dict] = []

    def add(kind, entity_ids, evidence):
        ids = [i for i in entity_ids if i in entities]
        if not ids:
            return
        weight = REVIEW_WEIGHT[kind] + 0.1 * min(10, max(degree.get(i, 0) for i in ids))
        rows.append({"doubt": round(weight, 2), "kind": kind,
                     "entities": ", ".join(f"{entities[i].name} ({i})" for i in ids), "evidence": evidence})

    holders: dict[str, set[str]] = {}
    for ent in entities.values():
        for alias in ent.aliases:
            key = identity.normalize(alias)
            if key:
                holders.setdefault(key, set()).add(ent.id)
    for ent in entities.values():
        key = identity.normalize(ent.name)
        if key in holders:
            holders[key].add(ent.id)
    for key, ids in sorted(holders.items()):
        if len(ids) > 1 and any(key != identity.normalize(entities[i].name) for i in ids):
            add("alias on two entities", sorted(ids), f"{key!r} names all of them")
    seen = set()
    path = Path(folder) / RESOLUTION_LOG if folder is not None else None
    if path is not None and path.exists():
        kinds = {"fuzzy": "fuzzy match", "cross_type": "merged across types", "ambiguous": "ambiguous name"}
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row.get("how") == "types" and ("types", row["entity"]) not in seen:
                seen.add(("types", row["entity"]))
                add("types disagree", [row["entity"]], "documents typed it " + ", ".join(
                    f"{t} {n}" for t, n in sorted(row["votes"].items())))
                continue
            if row and row.get("how") == "alias_conflict" and ("conflict", row["alias"], row["entity"]) not in seen:
                seen.add(("conflict", row["alias"], row["entity"]))
                add("alias kept off", [row["entity"], *row["held_by"]],
                    f"{row['alias']!r} in {row['document']} was not made an alias of {row['entity']}: "
                    f"{', '.join(row['held_by'])} has it")
                continue
            if not row or row.get("how") not in kinds or (row["how"], row["mention"], row["entity"]) in seen:
                continue
            seen.add((row["how"], row["mention"], row["entity"]))
            score = f" (score {row['score']})" if row.get("score") is not None else ""
            add(kinds[row["how"]], [row["entity"]],
                f"{row['mention']!r} [{row['type']}] in {row['document']}{score}")
    for ent in entities.values():
        if len(identity.normalize(ent.name).split()) == 1 and degree.get(ent.id, 0) > 0 \
                and ent.type in (schema.PERSON, schema.ORGANIZATION):
            add("one-word name", [ent.id], f"{degree.get(ent.id, 0)} relations")
    rows.sort(key=lambda r: (-r["doubt"], r["kind"], r["entities"]))
    return rows[:top]
