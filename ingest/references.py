"""In-document reference: group mentions into entities and resolve pronouns / descriptions.

* Surnames and first names join the one person whose full name they end or start
  ("Azis-Clauson", "Ben"), acronyms and shortened names join the organisation they abbreviate
  ("CTW, the Center for Work Transformation"; "the Association" = "Association for the Future of
  Work"), "Contra" = "Contra.com". Different kinds never merge: a person and a place both called
  "Washington" stay two entities.
* :class:`Resolver` maps a pronoun ("he", "its") or a definite description ("the company",
  "the platform", "the nonprofit") to the closest earlier entity of a fitting type.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from freelance_kg.graph import identity, schema
from freelance_kg.ingest.entities import YEAR, Mention

ORGISH = (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER, schema.EVENT)
_STOP = {"the", "of", "for", "and", "&", "a", "an", "in", "on", "at", "to"}
#: Words that a short form of an organisation's name may leave out ("Cactus Communications").
GENERIC_ORG_WORDS = set("""
association union institute foundation council coalition alliance federation society group fund
center centre agency commission network communications consulting consultancy holdings
technologies technology labs lab partners ventures capital media global international corporation
company systems solutions services inc ltd llc plc co corp limited gmbh software digital
accelerator incubator guild collective trust forum chamber league cooperative studio studios works committee
""".split())


def kind(entity_type: str) -> str:
    """Types that may share a name across mentions: person, place, or any organisation/event."""
    if entity_type in (schema.PERSON, schema.PLACE):
        return entity_type
    return "org"


_TYPE_WEIGHTS = {"gazetteer": 100, "cue": 10, "name": 5, "unified": 3, "ner": 1, "copy": 0}


@dataclass
class DocEntity:
    """One real-world thing in one document: its mentions and resolved type."""

    index: int
    kind: str
    mentions: list[Mention] = field(default_factory=list)
    gazetteer_type: str | None = None
    role_type: str | None = None      # set when the text shows the role, e.g. a funder of rounds
    learned_type: str | None = None   # set by the learned typing (typer.py) when it overrules
    _voted: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def surfaces(self) -> list[str]:
        seen = []
        for m in self.mentions:
            for s in (m.text, m.surface):
                if s and s not in seen:
                    seen.append(s)
        return seen

    @property
    def name(self) -> str:
        """The fullest form: most words, then longest; an all-capitals acronym only if alone."""
        texts = [m.text for m in self.mentions]
        full = [t for t in texts if not _is_acronym(t)] or texts
        return max(full, key=lambda t: (len(t.split()), len(t), -texts.index(t)))

    @property
    def type(self) -> str:
        if self.role_type:
            return self.role_type
        if self.learned_type:
            return self.learned_type
        if self.gazetteer_type:
            return self.gazetteer_type
        key = (len(self.mentions), self.mentions[-1].type if self.mentions else None)
        if self._voted is not None and self._voted[0] == key:
            return self._voted[1]       # rules ask for types thousands of times per article
        votes = Counter()
        for m in self.mentions:
            votes[m.type] += _TYPE_WEIGHTS.get(m.typed_by, 1)
        best = votes.most_common()
        top = [t for t, v in best if v == best[0][1]]
        voted = next((t for t in top if t != schema.PLACE), top[0])
        self._voted = (key, voted)
        return voted

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


#: Last words that make a longer name a part of the body its first words name (a committee of a
#: chamber, a union's branch): "Senate" and "Unifor" are not their committee and their local.
_PART_WORDS = {"committee", "subcommittee", "caucus", "branch", "chapter", "local", "section"}


def _is_acronym(text: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", text)
    return 2 <= len(letters) <= 6 and letters.isupper() and " " not in text.strip()


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[\s\-]+", re.sub(r"\.com$", "", text)) if w)


def _initials(text: str) -> str:
    return "".join(w[0].upper() for w in _words(text) if w.lower() not in _STOP and w[:1].isalpha())


@functools.lru_cache(maxsize=4096)
def _content(text: str) -> tuple[str, ...]:
    return tuple(w.casefold().strip(".,'’") for w in _words(text) if w.casefold() not in _STOP)


def _joins_person(short: Mention, full: DocEntity) -> bool:
    words = short.text.split()
    for m in full.mentions:
        if m is short:
            continue
        fw = m.text.split()
        if len(fw) > len(words) and (fw[-len(words):] == words or
                                     (len(words) == 1 and fw[0] == words[0])):
            return True
        if [w.casefold() for w in fw[-len(words):]] == [w.casefold() for w in words] and len(fw) > len(words):
            return True
    return False


def _joins_org(short: Mention, full: DocEntity) -> bool:
    s_text = short.text
    for m in full.mentions:
        if m is short:
            continue
        f_text = m.text
        if identity.normalize(re.sub(r"\.com$", "", s_text)) == identity.normalize(re.sub(r"\.com$", "", f_text)):
            return True
        if full.gazetteer_type and m.typed_by == "gazetteer":
            sc, fc = _content(s_text), _content(f_text)
            if len(sc) == 1 and sc[0] in GENERIC_ORG_WORDS and sc[0] in fc:
                return True     # "the Union" = "Freelancers Union"
            continue        # gazetteer names only take their listed aliases ("Bloomberg" != "Bloomberg Beta")
        if _is_acronym(s_text) and len(_words(f_text)) > 1 and s_text.replace(".", "") in (
                _initials(f_text), "".join(w[0] for w in _words(f_text) if w[:1].isupper())):
            return True         # "API" = "Asociación de Profesionales Independientes" too
        sc, fc = _content(s_text), _content(f_text)
        if not sc or not set(sc) <= set(fc):
            continue
        if len(sc) == len(fc):
            return True         # "Association for Future Work" = "Association for the Future of Work"
        rest = [w for w in fc if w not in sc]
        if fc[-1] in _PART_WORDS and fc[-1] not in sc or rest and rest[0] in _PART_WORDS:
            continue            # "Senate" != "Senate Education and Employment Legislation Committee"
        if (sc[0] == fc[0] and all(w in GENERIC_ORG_WORDS or YEAR.fullmatch(w) for w in rest)) or \
                (len(sc) == 1 and sc[0] in GENERIC_ORG_WORDS):
            return True         # "Cactus" = "Cactus Communications"; "the Association" = "Association for ..."
        if len(sc) >= 2 and fc[-len(sc):] == sc:
            return True         # "Talent Exchange" = "PwC Talent Exchange"
        if len(sc) == 1 and len(fc) >= 2 and sc[0] == fc[0] and short.text[:1].isupper() and \
                len(sc[0]) > 3 and f_text.split()[0] == s_text.strip():
            return True         # "Harcourt" = "Harcourt Talent Group" (the only such name in the article)
    return False


def cluster(doc, mentions: list[Mention]) -> list[DocEntity]:
    """Group a document's mentions into entities (sets ``mention.entity``)."""
    entities: list[DocEntity] = []
    by_key: dict[tuple[str, str], DocEntity] = {}
    linked = _apposition_links(doc, mentions)
    order = sorted(range(len(mentions)),
                   key=lambda i: (-len(_words(mentions[i].text)), -len(mentions[i].text), mentions[i].start))
    for i in order:
        m = mentions[i]
        k = kind(m.type)
        target = by_key.get((k, m.key))
        if target is None and m.gaz_name:
            target = by_key.get((k, "gaz:" + m.gaz_name))
        if target is None and i in linked and mentions[linked[i]].entity >= 0:
            other = entities[mentions[linked[i]].entity]
            if other.kind == k:
                target = other
        if target is None and m.typed_by != "gazetteer":
            if k == schema.PERSON or (k == "org" and len(m.text.split()) == 1 and (
                    m.origin == "ner" and m.typed_by in ("ner", "unified", "cue", "name")
                    or m.origin == "propagated" and m.typed_by == "copy")):
                # a surname NER or a cue took for an organisation ("Under Haddad, ...") joins the person
                people = [e for e in entities if e.kind == schema.PERSON and _joins_person(m, e)]
                if len(people) == 1:
                    target, k = people[0], schema.PERSON
            if target is None and k == schema.PLACE and m.origin == "ner" and len(m.text.split()) == 1 \
                    and not _place_context(doc, m):
                people = [e for e in entities if e.kind == schema.PERSON and _joins_person(m, e)]
                if len(people) == 1:       # "Jordan" after "Michael Jordan" (NER said GPE)
                    target, k = people[0], schema.PERSON
            if target is None and k in (schema.PLACE, schema.PERSON) and m.origin == "ner" \
                    and len(m.text.split()) == 1 and not _place_context(doc, m) and \
                    (doc[m.start].dep_ == "poss" or doc[m.start].is_oov and len(doc.vocab.vectors)):
                # "Savannah's managing partner" after "Savannah Seed Partners" (NER said GPE)
                orgs = [e for e in entities if e.kind == "org" and len(_words(e.name)) > 1
                        and _words(e.name)[0] == m.text]
                if len(orgs) == 1:
                    target, k = orgs[0], "org"
                    m.type, m.typed_by = orgs[0].type, "unified"
            if target is None and k in (schema.PLACE, schema.PERSON) and m.origin == "ner" \
                    and not _place_context(doc, m):
                # "Northlake partner A" after "Northlake Ventures", "Spree Valley's B" after "Spree
                # Valley Partners" (NER said GPE / LOC): the name without its corporate word
                orgs = [e for e in entities if e.kind == "org" and _short_of(doc, m, e) is not None]
                if len(orgs) == 1:
                    m.start = _short_of(doc, m, orgs[0])
                    m.text = doc[m.start:m.end].text
                    target, k = orgs[0], "org"
                    m.type, m.typed_by = orgs[0].type, "unified"
            if target is None and k == "org":
                orgs = [e for e in entities if e.kind == "org" and _joins_org(m, e)]
                if len(orgs) == 1:
                    target = orgs[0]
        if target is None:
            target = DocEntity(len(entities), k)
            entities.append(target)
        m.entity = target.index
        if k == schema.PERSON:
            m.type = schema.PERSON
        target.mentions.append(m)
        if m.typed_by == "gazetteer" and not target.gazetteer_type:
            target.gazetteer_type = m.type
        by_key.setdefault((k, m.key), target)
        if m.gaz_name:
            by_key.setdefault((k, "gaz:" + m.gaz_name), target)
    for e in entities:
        e.mentions.sort(key=lambda m: m.start)
    return entities


def _short_of(doc, m: Mention, full: DocEntity) -> int | None:
    """Where the short form ``m`` of the organisation ``full`` starts, when ``m`` (or ``m`` with the
    capitalised word before it) is one of its names without the trailing corporate words
    ("Northlake" of "Northlake Ventures", "Spree" + "Valley" of "Spree Valley Partners")."""
    for start in (m.start, m.start - 1):
        if start < 0 or start < m.start and not (doc[start].pos_ == "PROPN" and doc[start].is_title):
            continue
        words = [t.text for t in doc[start:m.end]]
        for other in full.mentions:
            fw = _words(other.text)
            if len(fw) > len(words) and list(fw[:len(words)]) == words and \
                    all(w.lower() in GENERIC_ORG_WORDS for w in fw[len(words):]):
                return start
    return None


def _place_context(doc, m: Mention) -> bool:
    """Whether a place-typed word is used as a place ("in Washington", "Washington-based")."""
    before = doc[m.start - 1].lower_ if m.start > 0 else ""
    after = doc[m.end].text if m.end < len(doc) else ""
    return before in ("in", "at", "from", "across", "throughout", "near", "around", "visit", "visited",
                      "outside", "inside", "of") or after == "-"


def _apposition_links(doc, mentions: list[Mention]) -> dict[int, int]:
    """Mention index -> mention index it renames: "CTW, the Center for Work Transformation",
    "Center for Work Transformation (CTW)"."""
    at = {}
    for i, m in enumerate(mentions):
        for t in range(m.start, m.end):
            at[t] = i
    links = {}
    for i, m in enumerate(mentions):
        if kind(m.type) != "org":
            continue
        j = None
        nxt = m.end
        if nxt < len(doc) and doc[nxt].text in (",", "("):
            k = nxt + 1
            while k < len(doc) and doc[k].lower_ in ("the", "a"):
                k += 1
            if k in at and mentions[at[k]].start == k:
                j = at[k]
        if j is None:
            continue
        other = mentions[j]
        if kind(other.type) != "org":
            continue
        acronym, full = (m, other) if _is_acronym(m.text) else (other, m)
        letters = set(re.sub(r"[^A-Z]", "", acronym.text))
        if _is_acronym(acronym.text) and not _is_acronym(full.text) and \
                letters == set(_initials(full.text)):
            links[i] = j
            links[j] = i
    return links


# --- pronouns and descriptions -----------------------------------------------------------------
PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
ORG_PRONOUNS = {"it", "its", "itself"}
PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
#: Descriptions of membership bodies, and the words their names carry ("... Association").
BODY_DESCRIPTIONS = {"association", "union", "federation", "guild", "coalition", "alliance", "council",
                     "chamber", "society", "league", "confederation", "committee"}
BODY_WORDS = BODY_DESCRIPTIONS | {"group", "network", "forum", "committee", "institute", "body", "collective",
                                  "assembly", "board", "club", "movement", "syndicate", "sindicato",
                                  "fédération", "federación", "associação", "asociación", "congress", "lobby"}

DESCRIPTIONS = {
    "company": ORGISH[:2], "firm": ORGISH[:3], "business": ORGISH[:2], "startup": ORGISH[:2],
    "start-up": ORGISH[:2], "venture": ORGISH[:2],
    "platform": (schema.PLATFORM,), "marketplace": (schema.PLATFORM,), "site": ORGISH[:2],
    "website": ORGISH[:2], "service": (schema.PLATFORM,), "app": (schema.PLATFORM,),
    "nonprofit": (schema.ORGANIZATION,), "non-profit": (schema.ORGANIZATION,),
    "association": (schema.ORGANIZATION,), "organization": (schema.ORGANIZATION,),
    "organisation": (schema.ORGANIZATION,), "coalition": (schema.ORGANIZATION,),
    "union": (schema.ORGANIZATION,), "group": (schema.ORGANIZATION,), "charity": (schema.ORGANIZATION,),
    "network": (schema.ORGANIZATION, schema.PLATFORM), "body": (schema.ORGANIZATION,),
    "fund": (schema.FUNDER,), "investor": (schema.FUNDER,),
    "event": (schema.EVENT,), "conference": (schema.EVENT,), "summit": (schema.EVENT,),
    "giant": ORGISH[:3],
    "cooperative": (schema.ORGANIZATION, schema.PLATFORM), "co-op": (schema.ORGANIZATION, schema.PLATFORM),
    "guild": (schema.ORGANIZATION,), "federation": (schema.ORGANIZATION,), "alliance": (schema.ORGANIZATION,),
    "consultancy": (schema.ORGANIZATION,), "agency": (schema.ORGANIZATION,), "bank": (schema.ORGANIZATION,),
    "lender": (schema.ORGANIZATION,), "studio": (schema.ORGANIZATION,), "campaign": (schema.EVENT,),
    "congress": (schema.EVENT,), "festival": (schema.EVENT,),
    "foundation": (schema.FUNDER, schema.ORGANIZATION), "committee": (schema.ORGANIZATION,),
    "programme": (schema.EVENT,), "initiative": (schema.EVENT,), "club": (schema.ORGANIZATION,),
    "trust": (schema.FUNDER, schema.ORGANIZATION), "collective": (schema.ORGANIZATION,), "hub": ORGISH[:2],
    "centre": (schema.ORGANIZATION,), "center": (schema.ORGANIZATION,), "lab": (schema.ORGANIZATION,),
    "council": (schema.ORGANIZATION,), "commission": (schema.ORGANIZATION,), "chamber": (schema.ORGANIZATION,),
    "secretariat": (schema.ORGANIZATION,), "ministry": (schema.ORGANIZATION,), "department": (schema.ORGANIZATION,),
    "forum": (schema.EVENT,), "expo": (schema.EVENT,), "hackathon": (schema.EVENT,), "meetup": (schema.EVENT,),
    "assembly": (schema.EVENT, schema.ORGANIZATION), "show": (schema.EVENT,), "fair": (schema.EVENT,),
    "society": (schema.ORGANIZATION,), "league": (schema.ORGANIZATION,), "confederation": (schema.ORGANIZATION,),
    "institute": (schema.ORGANIZATION,), "accelerator": (schema.ORGANIZATION,),
    "philanthropy": (schema.FUNDER, schema.ORGANIZATION),
    "pilot": (schema.EVENT,), "scheme": (schema.EVENT,), "project": (schema.EVENT,), "podcast": (schema.ORGANIZATION,),
    "school": (schema.ORGANIZATION, schema.PLATFORM),
}


_COMPANY_HEADS = {"company", "firm", "business", "startup", "start-up", "venture"}
_INSTITUTION_WORDS = {"university", "college", "school", "institute", "ministry", "department", "council",
                      "committee", "union", "association", "government", "parliament", "commission", "agency",
                      "hospital", "guild", "federation", "coalition", "alliance", "society", "foundation", "trust"}


def institution(entity) -> bool:
    """Whether a name says the entity is an institution (a university, union, ministry, trust ...)."""
    return any(w.casefold() in _INSTITUTION_WORDS for s in entity.surfaces for w in s.split())


#: Modifiers that make a description refer to something other than an entity named before.
NEW_THING_MODIFIERS = {"combined", "merged", "new", "other", "rival", "parent", "former", "another",
                       "competing", "acquiring", "sister", "larger", "bigger", "smaller", "joint"}


class Resolver:
    """Resolve pronouns and definite descriptions to entities, closest fitting earlier one first."""

    def __init__(self, doc, mentions: list[Mention], entities: list[DocEntity], gaps=()):
        self.doc = doc
        self.entities = entities
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]
        self.gaps = set(gaps)
        self._roots: dict = {}
        self._sents: list | None = None
        self.at = {}
        for m in mentions:
            for t in range(m.start, m.end):
                self.at[t] = m

    def sent_of(self, i: int):
        """The sentence (a Span) of token ``i``, built once per document."""
        if self._sents is None:
            self._sents = [None] * len(self.doc)
            for sent in self.doc.sents:
                for k in range(sent.start, sent.end):
                    self._sents[k] = sent
        return self._sents[i]

    def root(self, m) -> object:
        """The syntactic head token of mention ``m`` (cached: resolution asks for it constantly)."""
        got = self._roots.get((m.start, m.end))
        if got is None:
            got = self._roots[(m.start, m.end)] = self.doc[m.start:m.end].root
        return got

    def before(self, i: int, window: int = 600) -> list[Mention]:
        """Mentions (with an entity) that start in the ``window`` tokens before token ``i``."""
        lo = bisect.bisect_left(self.starts, i - window)
        hi = bisect.bisect_left(self.starts, i)
        return [m for m in self.mentions[lo:hi] if m.entity >= 0]

    def in_span(self, start: int, end: int) -> list[Mention]:
        """Mentions (with an entity) that start in tokens [start, end)."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return [m for m in self.mentions[lo:hi] if m.entity >= 0]

    def entity_at(self, i: int) -> DocEntity | None:
        m = self.at.get(i)
        return self.entities[m.entity] if m is not None and m.entity >= 0 else None

    def _after_gap(self, i: int) -> bool:
        return any(g in self.gaps for g in range(max(0, i - 3), i))

    def _closest_named(self, i: int, head: str) -> DocEntity | None:
        """The closest earlier organisation whose name contains the description's noun."""
        for m in reversed(self.before(i)):
            e = self.entities[m.entity]
            if e.kind == "org" and any(head in w.casefold().rstrip("s") or w.casefold() == head
                                       for s in e.surfaces for w in s.split()):
                if i - m.start < 400:
                    return e
        return None

    def _closest(self, i: int, types, prefer_subject: bool = False, max_sents: int = 3,
                 subjects_first: bool = False) -> DocEntity | None:
        sent_start = self.sent_of(i).start
        earlier = self.before(i)
        if subjects_first:
            earlier = [m for m in earlier if self.root(m).dep_ in ("nsubj", "nsubjpass")]
        if prefer_subject:
            same = [m for m in earlier if m.start >= sent_start and
                    self.root(m).dep_ in ("nsubj", "nsubjpass")]
            for m in reversed(same):
                e = self.entities[m.entity]
                if e.type in types:
                    return e
        sents_back = 0
        current = self.sent_of(i)
        for m in reversed(earlier):
            s = self.sent_of(m.start)
            if s.start != current.start:
                sents_back += 1 if s.start < current.start else 0
                current = s
                if sents_back > max_sents:
                    return None
            e = self.entities[m.entity]
            if e.type in types:
                return e
        return None

    def _described_subject(self, sent, before: int | None = None) -> DocEntity | None:
        """The organisation a subject description of ``sent`` ("the alliance", "the guild") means."""
        for t in sent:
            if before is not None and t.i >= before:
                break
            subject = t.dep_ in ("nsubj", "nsubjpass") or t.dep_ == "poss" and t.head.dep_ in ("nsubj", "nsubjpass")
            if subject and t.pos_ == "NOUN" and t.lemma_.lower() in DESCRIPTIONS \
                    and t.i not in self.at:
                e, _ = self.resolve(t)
                if e is not None and e.type in ORGISH[:3]:
                    return e
        return None

    def _salient(self, i: int, types, max_sents: int = 3) -> DocEntity | None:
        """The closest entity of ``types``, unless it is only named in passing ("eight years at
        Amazon") while an entity the text keeps returning to (named more often, and as a
        subject) is also in reach: "the company" / "it" then means the latter."""
        closest = self._closest(i, types, max_sents=max_sents)
        if closest is None:
            return None
        window_start = self.sent_of(i).start
        k = 0
        while k < max_sents + 2 and window_start > 0:
            window_start = self.sent_of(window_start - 1).start
            k += 1
        counts, subject = Counter(), set()
        for m in self.before(i):
            e = self.entities[m.entity]
            if e.type not in types:
                continue
            counts[e.index] += 1
            if self.root(m).dep_ in ("nsubj", "nsubjpass", "poss"):
                subject.add(e.index)
        in_reach = {m.entity for m in self.before(i) if m.start >= window_start}
        best = max((x for x in in_reach if x in counts), key=lambda x: (counts[x], x in subject), default=None)
        margin = 0 if closest.index not in subject else 2      # "nine years at Nubank" is in passing
        last = [m for m in self.before(i) if m.entity == closest.index][-1]
        if best is not None and best != closest.index and counts[best] > counts[closest.index] and \
                closest.index not in subject and self._in_passing(last):
            return self.entities[best]      # "A, a former manager at Flipkart": a previous job, in passing
        if best is not None and best != closest.index and counts[best] >= counts[closest.index] + margin \
                and best in subject:
            return self.entities[best]
        if closest.index not in subject and counts[closest.index] == 1 and self._in_passing(last):
            return None     # only named once, in someone's past ("... at Andela, started the company")
        return closest

    def _in_passing(self, m) -> bool:
        """A name inside a person's apposition: "A, a former manager at Flipkart"."""
        root = self.root(m)
        if root.dep_ == "pobj" and root.head.head.dep_ == "appos":
            return True
        for a in root.ancestors:        # "A, who was previously a manager at Andela, started the company"
            if a.dep_ in ("relcl", "appos"):
                heads = [a.head, *a.head.conjuncts]     # "Founder and CEO A, who was ..."
                return any((self.entity_at(h.i) is not None and self.entity_at(h.i).type == schema.PERSON)
                           for h in heads)
        return False

    def resolve_group(self, token) -> list[tuple[DocEntity, float]]:
        """"they": the people or organisations named together just before ("A and B ... they")."""
        if self._after_gap(token.i):
            return []
        sent_start = self.sent_of(token.i).start
        earlier = [m for m in self.before(token.i) if sent_start - 200 < m.start]
        if not earlier:
            return []
        last = earlier[-1]
        root = self.root(last)
        group = {root.i} | {c.i for c in root.conjuncts}
        members = []
        for m in earlier:
            if self.root(m).i in group:
                e = self.entities[m.entity]
                if e not in members:
                    members.append(e)
        if len(members) >= 2:
            return [(e, 0.7) for e in members]
        # "A and B met at X, which they both joined": the people named together before
        start = sent_start if sent_start == 0 else self.sent_of(sent_start - 1).start
        for m in reversed([m for m in earlier if m.start >= start]):
            root = self.root(m)
            if self.entities[m.entity].type != schema.PERSON or not root.conjuncts:
                continue
            group = {root.i} | {c.i for c in root.conjuncts}
            people = []
            for x in earlier:
                e = self.entities[x.entity]
                if self.root(x).i in group and e.type == schema.PERSON and e not in people:
                    people.append(e)
            if len(people) >= 2:
                return [(e, 0.65) for e in people]
        e = self._closest(token.i, ORGISH[:3], max_sents=2)
        return [(e, 0.6)] if e is not None else []

    def resolve(self, token) -> tuple[DocEntity | None, float]:
        """(entity, confidence factor) for a pronoun or description token; (None, 0) if none."""
        low = token.lower_
        if self._after_gap(token.i):
            return None, 0.0        # the antecedent was a stripped link
        if low in PERSON_PRONOUNS:
            return self._closest(token.i, (schema.PERSON,)), 0.8
        if low in ORG_PRONOUNS:
            if token.dep_ in ("nsubj", "nsubjpass"):
                for t in self.sent_of(token.i)[:token.i - self.sent_of(token.i).start]:
                    if t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass"):
                        return self.resolve(t)      # "it completed X, and it opened Y": one "it"
            same = [m for m in self.before(token.i) if self.sent_of(token.i).start <= m.start
                    and self.entities[m.entity].type in ORGISH[:3]]
            if same:        # "its" in a sentence: the subject, else the first organisation named
                subj = [m for m in same if self.root(m).dep_ in ("nsubj", "nsubjpass") or
                        self.root(m).dep_ == "pobj" and
                        self.root(m).head.lower_ == "by"]     # "the purchase of Y by X"
                subj = [m for m in subj if m.start < token.i] or subj
                if not subj:        # "the guild signed ... with Lancers, and announced that it had joined"
                    described = self._described_subject(self.sent_of(token.i), before=token.i)
                    if described is not None:
                        return described, 0.65
                return self.entities[(subj or same)[0].entity], 0.7
            prev = self.sent_of(self.sent_of(token.i).start - 1) if self.sent_of(token.i).start > 0 else None
            if prev is not None:        # "X, a nonprofit, launched Y. Its director ...": X
                subj = [m for m in self.in_span(prev.start, prev.end)
                        if self.entities[m.entity].type in ORGISH[:3]
                        and self.root(m).dep_ in ("nsubj", "nsubjpass")]
                if len(subj) == 1:
                    return self.entities[subj[0].entity], 0.7
                described = self._described_subject(prev)   # "The alliance was set up by ... It is ..."
                if described is not None:
                    return described, 0.65
                only = {m.entity for m in self.in_span(prev.start, prev.end)
                        if self.entities[m.entity].type in ORGISH[:3]}
                passing = any(self._in_passing(m) for m in self.in_span(prev.start, prev.end) if m.entity in only)
                if len(only) == 1 and not subj and not passing:   # "We acquired X, a job board. Its founder ...": X
                    return self.entities[only.pop()], 0.65
            return self._salient(token.i, ORGISH[:3], max_sents=2), 0.7
        if low in PLURAL_PRONOUNS and token.dep_ == "poss":
            return self._closest(token.i, ORGISH[:3], max_sents=3), 0.6
        if token.lemma_.lower() in DESCRIPTIONS and (token.pos_ == "NOUN" or token.pos_ == "PROPN" and
                                                     token.i > 0 and self.doc[token.i - 1].lower_ == "the"):
            dets = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
            if any(c.dep_ == "poss" and c.lemma_.lower() in ("year", "month", "week", "today", "season")
                   and any(d.lower_ == "this" for d in c.children) for c in token.children):
                dets.add("the")         # "this year's event" is the event the article is about
            mods = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
            superlative = any(c.tag_ == "JJS" or any(g.lower_ in ("most", "least") for g in c.children)
                              for c in token.children if c.dep_ == "amod")
            if mods & NEW_THING_MODIFIERS or superlative:
                return None, 0.0        # "the combined company", "the largest platform": not an earlier one
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.head.i in (token.i, nxt.i) \
                    and nxt.dep_ in ("appos", "compound", "pobj", "dobj", "nsubj", "conj"):
                return None, 0.0        # "bought the invoicing app AND CO": a new name, not an earlier one
            if any(c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN") and c.lemma_.lower() not in
                   ("year", "month", "week", "today", "season") for c in token.children):
                return None, 0.0        # "the campaign's website" belongs to the campaign
            if dets & {"the", "this", "that"}:
                head = token.lemma_.lower()
                lead = token.left_edge.i
                if lead >= 2 and self.doc[lead - 1].text == "," and self.entity_at(lead - 2) is not None \
                        and self.entity_at(lead - 2).kind == "org":
                    return self.entity_at(lead - 2), 0.9      # "ATA, the federation of ...": apposition
                if any(c.dep_ == "prep" and c.lower_ == "of" and not any(self.entity_at(p.i) for p in c.subtree)
                       for c in token.children):
                    return None, 0.0        # "the federation of self-employed workers": a new description
                # "the network" -> "... Network" (not "the company" -> "McKinsey & Company": a
                # corporate word in a name says nothing about which company is meant)
                named = self._closest_named(token.i, head) if head not in ("company", "firm", "business") else None
                if named is not None:
                    return named, 0.8
                types = DESCRIPTIONS[head]
                if head in BODY_DESCRIPTIONS:
                    found = self._salient(token.i, types, max_sents=4)
                    if found is None or not any(w.casefold().strip("'’s") in BODY_WORDS
                                                for x in found.surfaces for w in x.split()):
                        return None, 0.0    # "the federation" is no bank: only a body-like name
                    return found, 0.7
                # an event is what a report is about: "the conference" reaches further back
                reach = 10 if types == (schema.EVENT,) else 4
                found = self._salient(token.i, types, max_sents=reach)
                if found is not None and head in _COMPANY_HEADS and institution(found):
                    # "The startup is backed by ...": not the university named in passing before
                    found = next((self.entities[m.entity] for m in reversed(self.before(token.i, 400))
                                  if self.entities[m.entity].type in types
                                  and not institution(self.entities[m.entity])), None)
                return found, 0.7
        return None, 0.0
