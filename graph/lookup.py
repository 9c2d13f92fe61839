"""Finding the one entity a typed name means: the lookup behind
:func:`freelance_kg.queries.names.resolve_entity` (over a networkx graph) and
:func:`freelance_kg.ingest.resolve.lookup` (over a store, for ``fkg merge`` / ``fkg unmerge``).

Order: an exact entity id; then an exact canonical name or alias after
:func:`freelance_kg.graph.identity.normalize`; then (unless switched off) a fuzzy match
(rapidfuzz WRatio on the normal forms) that must be clearly better than the runner-up. Anything
else raises :class:`EntityNotFound` (nothing close enough) or :class:`AmbiguousName` (several
equally good), each with the closest names as "did you mean" candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.graph import identity

#: A fuzzy match is accepted only at or above this rapidfuzz WRatio score ...
FUZZY_ACCEPT = 85
#: ... and only when it beats the best other entity by this many points.
FUZZY_MARGIN = 4
#: How many candidates an error lists at most.
MAX_CANDIDATES = 5
#: A name is suggested ("closest: ...") only at or above this similarity (0-100, see
#: :meth:`NameIndex.suggestions`): below it a suggestion shares next to nothing with what was typed.
SUGGEST_MIN = 60

#: How a name was matched, as :func:`match_entity` reports it.
MATCHED_BY = ("id", "name", "alias", "close spelling")


def query_text(name) -> str:
    """What the user typed, without surrounding spaces; BadInput when nothing is left."""
    if name is None or not str(name).strip():
        raise BadInput("an entity name is required (got an empty name)")
    return str(name).strip()


class NameIndex:
    """Every canonical name and alias of a set of entities under its normal form.

    ``entries`` yields ``(entity, type, canonical name, aliases)``; ``entity`` is the entity's
    id (a node of a graph, an id in a store) and is what lookups return.

    >>> index = NameIndex([("person/ana-ruiz", "Person", "Ana Ruiz", ["Ruiz"])])
    >>> index.matches("  ana RUIZ")
    ['person/ana-ruiz']
    """

    def __init__(self, entries: Iterable[tuple[Hashable, str | None, str, Iterable[str]]]):
        self.types: dict = {}                # entity -> its type
        self.names: dict = {}                # entity -> its canonical name
        self.exact: dict[str, list] = {}     # normal form -> entities having it
        self.keys: list[str] = []            # every (entity, normal form) pair, for fuzzy search
        self.owners: list = []
        for entity, entity_type, name, aliases in entries:
            self.types[entity] = entity_type
            self.names[entity] = name
            for key in {identity.normalize(n) for n in (name, *aliases) if n}:
                if not key:
                    continue
                self.exact.setdefault(key, []).append(entity)
                self.keys.append(key)
                self.owners.append(entity)

    def fits(self, entity, entity_type: str | None) -> bool:
        return entity_type is None or self.types.get(entity) == entity_type

    def matches(self, name: str, entity_type: str | None = None) -> list:
        """Entities (of ``entity_type``) with a name or alias whose normal form is ``name``'s."""
        found = self.exact.get(identity.normalize(name), ())
        return [e for e in dict.fromkeys(found) if self.fits(e, entity_type)]

    def ranked(self, name: str, entity_type: str | None = None, limit: int = 50) -> list[tuple]:
        """[(entity, best score)] best first, one entry per entity, over the ``limit`` names
        closest to ``name`` (rapidfuzz WRatio of the normal forms)."""
        from rapidfuzz import fuzz, process

        best: dict = {}
        for _, score, position in process.extract(identity.normalize(name), self.keys,
                                                  scorer=fuzz.WRatio, limit=limit):
            entity = self.owners[position]
            if self.fits(entity, entity_type) and score > best.get(entity, -1):
                best[entity] = score
        return sorted(best.items(), key=lambda item: (-item[1], str(item[0])))

    def suggestions(self, name: str, entity_type: str | None = None,
                    minimum: float = SUGGEST_MIN) -> list[tuple]:
        """[(entity, similarity)] most similar first, only those at or above ``minimum``.

        Similarity of the normal forms is the best of rapidfuzz's ``ratio`` (spelling, "Sarah
        Horowitz" / "Sara Horowitz"), ``token_sort_ratio`` (word order) and 0.9 x
        ``token_set_ratio`` (a part of the name, "Horowitz" / "Sara Horowitz"). Unlike the
        WRatio used to accept a match, it does not reward a short name found inside a long
        one, so an organisation sharing no word with the query is not suggested."""
        from rapidfuzz import fuzz

        query = identity.normalize(name)
        best: dict = {}
        for key, entity in zip(self.keys, self.owners):
            if not self.fits(entity, entity_type):
                continue
            score = max(fuzz.ratio(query, key), fuzz.token_sort_ratio(query, key),
                        0.9 * fuzz.token_set_ratio(query, key))
            if score >= minimum and score > best.get(entity, -1):
                best[entity] = score
        return sorted(best.items(), key=lambda item: (-item[1], str(item[0])))


def find_entity(index: NameIndex, name, **options):
    """The entity of ``index`` that ``name`` means (its id, a name or alias, or a close
    spelling); the options and errors are :func:`match_entity`'s."""
    return match_entity(index, name, **options)[0]


def match_entity(index: NameIndex, name, *, entity_type: str | None = None,
                 label: Callable[[Hashable], str] = str, where: str = "the graph", hint: str = "",
                 fuzzy: bool = True, prefer_canonical: bool = False,
                 suggest_from: float = SUGGEST_MIN) -> tuple:
    """``(entity, how)``: the entity of ``index`` that ``name`` means and how it was matched,
    one of :data:`MATCHED_BY` ("id", "name" for its canonical name, "alias", "close spelling").

    Parameters
    ----------
    entity_type : only entities of this type count (e.g. "Person").
    label : how a candidate is written in an error ("Ana Ruiz (Person)").
    where, hint : the not-found message reads "no entity named 'X' in {where}{hint}".
    fuzzy : accept a clearly best fuzzy match; when False only exact names count and close
        spellings are only suggested (what a merge wants).
    prefer_canonical : among several exact matches, take the one whose canonical name it is.
    suggest_from : lowest similarity (:meth:`NameIndex.suggestions`) listed as a candidate
        when nothing is found.

    Raises BadInput (empty name), AmbiguousName or EntityNotFound with up to
    :data:`MAX_CANDIDATES` candidates.
    """
    text = query_text(name)
    if text in index.types and index.fits(text, entity_type):
        return text, "id"
    hits = index.matches(text, entity_type)
    if len(hits) > 1 and prefer_canonical:
        canonical = [e for e in hits if identity.normalize(index.names[e], index.types[e])
                     == identity.normalize(text, index.types[e])]
        hits = canonical if len(canonical) == 1 else hits
    if len(hits) == 1:
        canonical = identity.normalize(index.names[hits[0]]) == identity.normalize(text)
        return hits[0], "name" if canonical else "alias"
    if hits:
        raise AmbiguousName(f"{text!r} names {len(hits)} entities; give the full name or the id",
                            candidates=sorted(label(e) for e in hits)[:MAX_CANDIDATES])
    ranked = index.ranked(text, entity_type)
    if fuzzy and ranked and ranked[0][1] >= FUZZY_ACCEPT:
        best, best_score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if best_score - runner_up >= FUZZY_MARGIN:
            return best, "close spelling"
        tied = [label(e) for e, score in ranked if best_score - score < FUZZY_MARGIN]
        raise AmbiguousName(f"{text!r} is close to several entities; give the full name",
                            candidates=tied[:MAX_CANDIDATES])
    what = f"{entity_type} " if entity_type else ""
    close = [label(e) for e, _ in index.suggestions(text, entity_type, suggest_from)]
    raise EntityNotFound(f"no {what}entity named {text!r} in {where}{hint}",
                         candidates=close[:MAX_CANDIDATES])
