"""Cross-document entity resolution, the curated overrides file, and reversible merges.

When a document's extraction is ingested, each of its entities is matched against what the store
(and the documents before it in the same run) already hold, in this order:

1. **overrides** ``same_as``: a curated name is renamed to its canonical entity;
2. **redirects** left by ``fkg merge`` (a merged-away id points at the entity it went into);
3. **exact id** (``identity.entity_id``: type + normalised name);
4. **alias table**: one of its names equals a known name or alias of exactly one entity of the
   same type (a surname or other one-word person name never counts: "Jordan" alone is
   ambiguous across articles);
5. **fuzzy**: rapidfuzz ratio of the normalised names >= ``FUZZY_THRESHOLD``, same type, same
   digits, same word count for people, and exactly one such candidate.

An entity is never resolved across types (a Person and a Place both called "Washington" stay
two) and never onto a name listed with it in ``never_same``.

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
                 redirects: dict[str, str] | None = None, fuzzy_threshold: float = FUZZY_THRESHOLD):
        self.overrides = overrides or Overrides()
        self.redirects = dict(redirects or {})
        self.fuzzy_threshold = fuzzy_threshold
        self.known: dict[str, Entity] = {}
        self._keys: dict[tuple[str, str], set[str]] = {}
        self._names: dict[str, dict[str, str]] = {t: {} for t in schema.ENTITY_TYPES}   # type -> id -> key
        for ent in entities:
            self._remember(ent)

    @classmethod
    def for_store(cls, store, state_dir: str | Path | None = None, **kwargs) -> "Resolver":
        """A resolver over everything ``store`` holds, the overrides files and the merge log."""
        return cls(store.entities(), overrides=load_overrides(state_dir),
                   redirects=MergeLog(state_dir).redirects(strict=False) if state_dir else {}, **kwargs)

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
            if etype == schema.PERSON and len(other_key.split()) != len(key.split()):
                continue
            if self.overrides.forbids(etype, [ent.name, *ent.aliases], self._surfaces(other_id)):
                continue
            good.append((score, other_id))
        if len(good) == 1 or (len(good) > 1 and good[0][0] > good[1][0]):
            score, other_id = max(good)
            return other_id, "fuzzy", round(score, 1)
        return ent.id, ("ambiguous" if good else "new"), None

    def resolve(self, extraction: Extraction) -> tuple[Extraction, list[Decision]]:
        """The extraction with entity ids mapped onto known entities (aliases united, relations
        re-pointed, self-loops that only resolution created dropped), and how each was decided.
        The resolver then knows this document's entities too."""
        mapping: dict[str, str] = {}
        decisions: list[Decision] = []
        merged: dict[str, Entity] = {}
        for ent in extraction.entities:
            target, how, score = self._target(ent)
            mapping[ent.id] = target
            decisions.append(Decision(ent.name, ent.type, target, how, score))
            if target in merged:
                merged[target].add_aliases([ent.name, *ent.aliases])
                continue
            known = self.known.get(target)
            if known is not None:
                name = known.name
            elif how == "override":
                name = self.overrides.canonical(ent.type, next(
                    s for s in (ent.name, *ent.aliases) if self.overrides.canonical(ent.type, s)))
            else:
                name = ent.name
            out = Entity(id=target, name=name, type=ent.type)
            out.add_aliases([ent.name, *ent.aliases])
            merged[target] = out
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
        return Extraction(document=extraction.document, entities=list(merged.values()),
                          relations=list(relations.values())), decisions


# --- looking entities up by name ------------------------------------------------------------
def lookup(store, name_or_id: str, entity_type: str | None = None) -> Entity:
    """The one entity ``name_or_id`` means (an id, a canonical name or an alias; a close spelling
    is only suggested). Raises EntityNotFound or AmbiguousName with the candidates' names and ids."""
    text = query_text(name_or_id)
    if "/" in text:
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
    _NEEDS = {"merge": ("id", "merged", "kept"), "unmerge": ("merge",)}

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
        """Merge records not undone, oldest first."""
        records = self.records(strict)
        undone = {r["merge"] for r in records if r.get("op") == "unmerge"}
        return [r for r in records if r.get("op") == "merge" and r["id"] not in undone]

    def redirects(self, strict: bool = True) -> dict[str, str]:
        return {r["merged"]: r["kept"] for r in self.active_merges(strict)}


def _touching(store, entity_ids: set[str]) -> list[Relation]:
    return [r for r in store.relations() if r.subject in entity_ids or r.object in entity_ids]


def merge(store, keep: str, absorb: str, state_dir: str | Path | None = None) -> dict:
    """Merge entity ``absorb`` into ``keep`` (names or ids, same type): ``absorb``'s names become
    aliases of ``keep`` and its relations move onto ``keep``. Logged in ``state_dir`` (default:
    the store's folder); undo with :func:`unmerge`."""
    log = MergeLog(state_dir if state_dir is not None else getattr(store, "folder", None))
    kept, merged = lookup(store, keep), lookup(store, absorb)
    if kept.id == merged.id:
        raise BadInput(f"{keep!r} and {absorb!r} are the same entity ({kept.id}); nothing to merge")
    if kept.type != merged.type:
        raise BadInput(f"cannot merge a {merged.type} ({merged.name}) into a {kept.type} ({kept.name}): "
                       "entities of different types are never the same; pick two of one type")
    before = _touching(store, {kept.id, merged.id})
    new_entity = Entity(id=kept.id, name=kept.name, type=kept.type, aliases=list(kept.aliases))
    new_entity.add_aliases([merged.name, *merged.aliases])
    moved: dict[tuple, Relation] = {}
    for rel in before:
        subject = kept.id if rel.subject == merged.id else rel.subject
        obj = kept.id if rel.object == merged.id else rel.object
        new = Relation(subject, rel.predicate, obj, role=rel.role,
                       evidence=[Evidence(**ev.to_dict()) for ev in rel.evidence])
        if new.key in moved:
            moved[new.key].merge(new)
        else:
            moved[new.key] = new
    after = list(moved.values())
    record = {"op": "merge", "id": uuid.uuid4().hex[:12], "at": now_iso(),
              "kept": kept.id, "merged": merged.id,
              "before": {"entities": [kept.to_dict(), merged.to_dict()],
                         "relations": [_relation_to_json(r) for r in before]},
              "after": {"entity": new_entity.to_dict(), "evidence": sorted(_evidence_keys(after))}}
    store.replace_entities([kept.id, merged.id], [new_entity], after)
    log.append(record)
    return {"merge": record["id"], "kept": kept.id, "merged": merged.id,
            "aliases": len(new_entity.aliases), "relations_moved": sum(
                1 for r in before if merged.id in (r.subject, r.object))}


def unmerge(store, name_or_id: str, state_dir: str | Path | None = None) -> dict:
    """Undo the latest merge that absorbed ``name_or_id`` (or, failing that, the latest merge into
    it): both entities and their relations come back exactly as they were; evidence the kept
    entity gained after the merge stays with it."""
    log = MergeLog(state_dir if state_dir is not None else getattr(store, "folder", None))
    active = log.active_merges()
    wanted = name_or_id
    if "/" not in name_or_id:
        keys = {identity.normalize(name_or_id)}
        ids = set()
        for r in active:
            for ent in r["before"]["entities"]:
                if keys & {identity.normalize(n) for n in (ent["name"], *ent.get("aliases", []))}:
                    ids.add(ent["id"])
        if len(ids) > 1:
            raise AmbiguousName(f"{name_or_id!r} matches entities of several merges; pass an id",
                                sorted(ids))
        wanted = ids.pop() if ids else name_or_id
    record = next((r for r in reversed(active) if r["merged"] == wanted), None) or \
        next((r for r in reversed(active) if r["kept"] == wanted), None)
    if record is None:
        raise EntityNotFound(f"no merge involving {name_or_id!r} to undo (see {log.path})",
                             [f"{r['merged']} -> {r['kept']}" for r in active[-5:]])
    kept_id = record["kept"]
    restored_entities = [_entity_from_json(e) for e in record["before"]["entities"]]
    restored = [_relation_from_json(r) for r in record["before"]["relations"]]
    merged_evidence = set(record["after"]["evidence"])
    later: list[Relation] = []
    for rel in _touching(store, {kept_id, record["merged"]}):
        fresh = [ev for ev in rel.evidence if ev.key(rel.key) not in merged_evidence]
        if fresh:
            later.append(Relation(rel.subject, rel.predicate, rel.object, role=rel.role, evidence=fresh))
    current = store.get_entity(kept_id)
    if current is not None:   # aliases the kept entity gained after the merge stay with it
        after_aliases = set(record["after"]["entity"]["aliases"])
        extra = [a for a in current.aliases if a not in after_aliases]
        restored_entities[0].add_aliases(extra)
    store.replace_entities([kept_id, record["merged"]], restored_entities, restored + later)
    log.append({"op": "unmerge", "merge": record["id"], "at": now_iso(),
                "kept": kept_id, "merged": record["merged"]})
    return {"unmerged": record["id"], "kept": kept_id, "restored": record["merged"],
            "relations_restored": len(restored), "later_evidence_kept": sum(len(r.evidence) for r in later)}
