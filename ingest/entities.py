"""Entity mentions: spaCy NER + the shipped gazetteer + typing rules + stripped-link gaps.

A :class:`Mention` is a cleaned span of one sentence (titles, honorifics, a leading "the" and a
possessive "'s" trimmed off) with a type. Types come, strongest first, from the gazetteer
(``data/gazetteer.tsv`` plus the user's ``FKG_GAZETTEER`` file), from context cues around the
mention ("platform", "marketplace", "Ventures", "investors including ...", "summit", "Day") and
finally from the NER label.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from freelance_kg.errors import BadInput
from freelance_kg.graph import identity, schema

GAZETTEER_ENV = "FKG_GAZETTEER"
DATA_DIR = Path(__file__).parent / "data"
GAZETTEER_COLUMNS = ("name", "type", "aliases", "match", "source")

NER_TYPES = {"PERSON": schema.PERSON, "ORG": schema.ORGANIZATION, "GPE": schema.PLACE,
             "LOC": schema.PLACE, "EVENT": schema.EVENT, "FAC": schema.ORGANIZATION,
             "PRODUCT": schema.ORGANIZATION, "NORP": None, "WORK_OF_ART": None}

#: Words before a name that are titles, not part of it ("Hon. X", "Viscount X", "CEO X").
TITLES = frozenset("""
hon hon. honourable honorable rt right dr dr. mr mr. mrs mrs. ms ms. miss mx sir dame lord lady
viscount viscountess baron baroness earl countess prof prof. professor rev reverend mp senator sen
sen. rep rep. representative congressman congresswoman councilmember councilman councilwoman
assemblymember assemblyman assemblywoman alderman alderwoman alderperson councillor councilor
comptroller commissioner minister secretary governor mayor president ceo cto coo cfo chairman
chair founder co-founder cofounder host judge justice chancellor general gen. captain
""".split())
TRAILING_TITLES = frozenset({"mp", "mep", "qc", "kc", "obe", "mbe", "cbe", "phd", "jr", "jr.", "sr", "sr."})

#: Head nouns that give a type to the name they describe (apposition, premodifier, copula,
#: "investors including X", "X-backed").
CUE_TYPES = {
    schema.PLATFORM: {"platform", "marketplace", "market-place", "portal", "app", "startup",
                      "start-up", "website", "site", "toolkit", "exchange", "tool", "software", "neobank",
                      "wallet", "account"},
    schema.FUNDER: {"investor", "fund", "vc", "backer", "venture", "angel", "investment",
                    "foundation", "accelerator", "incubator"},
    schema.ORGANIZATION: {"association", "union", "group", "organization", "organisation",
                          "nonprofit", "non-profit", "charity", "coalition", "company", "firm",
                          "university", "college", "school", "party", "council", "agency",
                          "ministry", "department", "institute", "blog", "newspaper", "magazine",
                          "publication", "consultancy", "bank", "team", "club", "body",
                          "federation", "alliance", "community", "giant", "outlet", "think-tank",
                          "tank", "parliament", "government", "league", "society", "fintech", "insurer",
                          "retailer", "bank", "publisher"},
    schema.EVENT: {"summit", "conference", "festival", "forum", "expo", "hackathon", "meetup",
                   "event", "campaign", "initiative", "day", "month", "week", "congress",
                   "convention", "awards", "series", "hearing", "panel", "programme", "scheme",
                   "gathering", "edition", "showcase", "fair"},
}
#: Last word of a name that types it ("Redpoint Ventures", "National Freelancers Day").
NAME_HEAD_TYPES = {
    "ventures": schema.FUNDER, "capital": schema.FUNDER, "fund": schema.FUNDER,
    "investments": schema.FUNDER, "vc": schema.FUNDER, "foundation": schema.FUNDER,
    "angels": schema.FUNDER, "partners": schema.FUNDER,
    "day": schema.EVENT, "month": schema.EVENT, "week": schema.EVENT, "summit": schema.EVENT,
    "conference": schema.EVENT, "festival": schema.EVENT, "forum": schema.EVENT,
    "expo": schema.EVENT, "hackathon": schema.EVENT, "awards": schema.EVENT,
    "association": schema.ORGANIZATION, "union": schema.ORGANIZATION,
    "university": schema.ORGANIZATION, "college": schema.ORGANIZATION,
    "institute": schema.ORGANIZATION, "council": schema.ORGANIZATION,
    "party": schema.ORGANIZATION, "group": schema.ORGANIZATION, "coalition": schema.ORGANIZATION,
    "federation": schema.ORGANIZATION, "alliance": schema.ORGANIZATION,
    "society": schema.ORGANIZATION, "consulting": schema.ORGANIZATION,
    "communications": schema.ORGANIZATION, "bank": schema.ORGANIZATION,
    "lords": schema.ORGANIZATION, "commons": schema.ORGANIZATION,
    "parliament": schema.ORGANIZATION, "accelerator": schema.ORGANIZATION,
    "incubator": schema.ORGANIZATION,
}

#: Words of organisation names in other languages ("Sindicato Livre", "Liberi Professionisti Uniti",
#: "Itsenäiset ry") and endings of compound ones ("Svenska Frilansrådet"): no person is so named.
FOREIGN_ORG_WORDS = set("""
sindicato sindicat syndicat syndicats associação asociación associazione associació vereniging verband
bund genossenschaft collectief collectif colectivo coletivo colletivo federación federazione fédération
federação unión unione união uniti unidos unidas unis confederación confederazione cooperativa coöperatie
coopérative stichting fundación fundação fondazione fondation ry e.v. ev zväz związek instituto istituto
institut centro grupo gruppo groupe rede réseau rete consejo conselho consiglio conseil cámara chambre
liga lega ligue movimiento movimento mouvement plataforma piattaforma plateforme ordem ordine ordre
colegio collegio kollektiv forening föreningen forbund förbund förbundet liitto yhdistys sdružení
""".split())
FOREIGN_ORG_ENDINGS = ("rådet", "förbundet", "forbundet", "föreningen", "foreningen", "liitto", "verband",
                       "vereniging", "kollektivet", "yhdistys")


#: Lower-case words inside people's names ("Anouk de Vries", "Ludwig van der Berg").
_SURNAME_PARTICLES = {"de", "van", "der", "den", "von", "da", "di", "del", "della", "dos", "du", "le", "la", "ter",
                      "ten", "bin", "binti", "al", "el"}


def _person_like_name(span) -> bool:
    """Title-case words with at most two surname particles inside, no more than three words besides."""
    words = [t for t in span if not (t.lower_ in _SURNAME_PARTICLES and t.is_lower)]
    inner_only = all(not (t.lower_ in _SURNAME_PARTICLES and t.is_lower) for t in (span[0], span[-1]))
    return inner_only and 2 <= len(words) <= 3 and len(span) - len(words) <= 2 and all(t.is_title for t in words)


def _foreign_org_name(span) -> bool:
    return any(t.lower_ in FOREIGN_ORG_WORDS or t.lower_.endswith(FOREIGN_ORG_ENDINGS) for t in span)


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str
    aliases: tuple[str, ...]
    match: str          # "name": find in text; "type": only type NER mentions
    source: str


@dataclass
class Mention:
    """One cleaned name occurrence: tokens [start, end) of the spaCy Doc."""

    start: int
    end: int
    text: str
    type: str
    origin: str                     # "gazetteer", "ner"
    surface: str = ""               # text as written, titles included ("Hon. Seema Malhotra")
    typed_by: str = "ner"           # "gazetteer", "cue", "name", "ner"
    entity: int = -1                # index of the in-document entity (set by references)
    cues: set = field(default_factory=set)
    gaz_name: str = ""              # the gazetteer entry's name, when the gazetteer typed it

    @property
    def key(self) -> str:
        return identity.normalize(self.text)


# --- gazetteer --------------------------------------------------------------------------------
def _read_gazetteer(path: Path) -> list[GazetteerEntry]:
    entries = []
    try:
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
                 if ln.strip() and not ln.startswith("#")]
    except OSError as exc:
        raise BadInput(f"gazetteer {path}: {exc}; fix the path in {GAZETTEER_ENV}") from exc
    for n, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if row and row[0] == "name":
            continue
        if len(row) < 2 or row[1] not in schema.ENTITY_TYPES:
            raise BadInput(f"gazetteer {path}, row {n}: {row!r}: expected tab-separated columns "
                           f"{', '.join(GAZETTEER_COLUMNS)} with a type among "
                           f"{', '.join(schema.ENTITY_TYPES)}")
        row = row + [""] * (5 - len(row))
        aliases = tuple(a.strip() for a in row[2].split("|") if a.strip())
        match = row[3].strip() or "name"
        if match not in ("name", "type"):
            raise BadInput(f"gazetteer {path}, row {n}: match column is {match!r}; use 'name' or 'type'")
        entries.append(GazetteerEntry(row[0].strip(), row[1], aliases, match, row[4].strip()))
    return entries


#: Names the annotated real corpora give, with their types (written by scripts/train_models.py).
CORPUS_NAMES = DATA_DIR / "corpus-names.tsv"


@lru_cache(maxsize=8)
def _gazetteer_for(user_path: str, corpus_names: bool = True) -> tuple[GazetteerEntry, ...]:
    entries = _read_gazetteer(CORPUS_NAMES) if corpus_names and CORPUS_NAMES.exists() else []
    entries += _read_gazetteer(DATA_DIR / "gazetteer.tsv")     # later rows win: curated ones
    if user_path:
        entries += _read_gazetteer(Path(user_path))   # user rows come last and win
    return tuple(entries)


def load_gazetteer(corpus_names: bool = True) -> tuple[GazetteerEntry, ...]:
    """The shipped gazetteer, the names learned from the annotated corpora (unless
    ``corpus_names`` is false, as when training on those corpora) and the user's
    ``FKG_GAZETTEER`` file (same columns)."""
    return _gazetteer_for(os.environ.get(GAZETTEER_ENV, ""), corpus_names)


def gazetteer_index(entries=None) -> dict[str, GazetteerEntry]:
    """normalised name or alias -> entry (later entries win)."""
    index = {}
    for e in entries if entries is not None else load_gazetteer():
        for n in (e.name, *e.aliases):
            index[identity.normalize(n)] = e
    return index


# --- stripped-link gaps -------------------------------------------------------------------------
_GAP_AFTER = {"by", "from", "as", "in", "with", "of", "at", "for", "is", "and", "the", "like",
              "including", "to", "founded", "led", "joined", "between"}


#: Words that do not end a clause in normal prose ("funded by." / "such as and" lost a name).
_STRANDED = {"by", "from", "as", "including", "like", "with", "of", "at", "for", "the", "between"}


def doc_next(tok):
    """The token after ``tok`` in its document, or None."""
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None


def find_gaps(sent) -> list[int]:
    """Token indices where a hyperlinked name was probably stripped from the text.

    Cues: a preposition, verb or article directly followed by a comma, full stop, "and" or
    another comma (``funded by, and led by``, ``such as,,,``); a sentence that starts with a
    lowercase verb (``is an online platform``); ``is and its``.
    """
    gaps = []
    toks = list(sent)
    if toks and toks[0].is_lower and toks[0].pos_ in ("AUX", "VERB"):
        gaps.append(toks[0].i)
    for a, b in zip(toks, toks[1:]):
        low = a.lower_
        if a.text == "," and b.text in (",", "."):
            gaps.append(b.i)
        elif low == "is" and b.lower_ == "and" and doc_next(b) is not None and doc_next(b).lower_ in ("its", "their"):
            gaps.append(b.i)    # "... is and its sister organisation": the subject was stripped
        elif (low in _GAP_AFTER or a.pos_ == "ADP") and low not in ("and",) and \
                (b.text in (",", ".", ";") or (b.lower_ == "and" and low not in ("the",))):
            after = doc_next(b)
            if a.dep_ == "prt" or (low == "in" and b.text == ","):
                continue        # "figure it out," / "in, say, 2020"
            if b.text == "," and after is not None and after.pos_ not in ("CCONJ", "PUNCT", "VERB", "AUX", "SPACE",
                                                                         "DET"):
                continue        # "joined by, Shakers" / "followed up by, in my opinion"
            if b.text in (".", ";") and low not in _STRANDED:
                continue        # "the project I was working on."
            if b.lower_ == "and" and (low not in _STRANDED or after is None or
                                      after.pos_ in ("ADP", "ADV", "ADJ", "NOUN", "PROPN", "DET")):
                continue        # "up and down", "worked in and has", "by and large" are not gaps
            if a.pos_ in ("VERB", "AUX") and low not in _GAP_AFTER:
                continue
            gaps.append(b.i)
        elif low == "and" and b.text in (",", ".") and not a.is_sent_start:
            gaps.append(b.i)
        elif low == "is" and b.lower_ == "and":
            gaps.append(b.i)
        elif low in ("in", "from", "by", "with") and b.lower_ == "to" and b.head.pos_ != "ADP":
            gaps.append(b.i)
    return gaps


# --- mentions ------------------------------------------------------------------------------------
_MATCHERS: dict[tuple, tuple] = {}
_INDEXES: dict[int, dict] = {}


def _index_for(entries):
    if id(entries) not in _INDEXES:
        _INDEXES.clear()
        _INDEXES[id(entries)] = gazetteer_index(entries)
    return _INDEXES[id(entries)]


def _matcher(nlp, entries):
    from spacy.matcher import PhraseMatcher
    key = (id(nlp), id(entries))
    if key not in _MATCHERS:
        matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        labels = {}
        for e in entries:
            if e.match != "name":
                continue
            patterns = [nlp.tokenizer(n) for n in (e.name, *e.aliases)]
            matcher.add(e.name, patterns)
            labels[e.name] = e
        _MATCHERS.clear()
        _MATCHERS[key] = (matcher, labels)
    return _MATCHERS[key]


_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"}
_BEFORE_DATE = {"in", "since", "by", "until", "last", "this", "next", "early", "late", "mid", "on", "from",
                "through", "during", "of"}


_DASHES = {"-", "—", "–", "--"}


def _trim(doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners/titles and trailing possessives/titles from a span."""
    dash = next((j for j in range(start + 1, end - 1) if doc[j].text in _DASHES and doc[j].whitespace_), None)
    if dash is not None and all(t.is_upper or not t.is_alpha for t in doc[start:dash]):
        start = dash + 1        # a dateline: "PARIS / MADRID - Talentum Group"
    while start < end:
        t = doc[start]
        low = t.lower_
        if low in ("the", "a", "an") or low in TITLES or low.rstrip(".") in TITLES or t.is_punct or \
                t.text in ("and", "or") and end - start > 1:
            start += 1          # and NER's "and Skipthedishes"
        elif low in _MONTHS and end - start > 1 and start > 0 and doc[start - 1].lower_ in _BEFORE_DATE:
            start += 1      # "In January Brisa closed ..."
        else:
            break
    while end > start:
        t = doc[end - 1]
        if t.tag_ == "POS" or t.lower_ in ("'s", "’s", "'") or t.is_punct and t.text not in (".",) \
                or t.lower_ in TRAILING_TITLES:
            end -= 1
        elif t.text == "." and end - start > 1 and not doc[end - 2].text.endswith("."):
            end -= 1
        elif t.is_lower and t.is_alpha and t.tag_ in ("VBZ", "VBD", "VBP") and end - start > 1:
            end -= 1            # NER's "Empire State Freelance Alliance counts"
        else:
            break
    return start, end


def _good_name(span) -> bool:
    text = span.text
    if span[0].is_lower or span[0].pos_ in ("ADP", "CCONJ", "PUNCT"):
        if not (span[0].is_lower and len(span) > 1 and span[-1].text[:1].isupper() and span[0].pos_ != "ADP"):
            return False      # "of Product"; but "firstminute Capital" is a name
    if not any(ch.isalpha() for ch in text):
        return False
    if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in span):
        return False    # "firstminute Capital" passes (one capitalised word); "freelancers" does not
    if len(span) == 1 and ((span[0].is_stop and not span[0].is_upper) or span[0].lower_ in TITLES):
        return False
    if all(t.lower_.rstrip(".,") in _CORPORATE_SUFFIXES or t.is_punct for t in span):
        return False    # "Inc." left over after the gazetteer took "Upwork"
    return True


_CORPORATE_SUFFIXES = {"inc", "ltd", "llc", "corp", "co", "plc", "gmbh", "sa", "ag", "bv", "nv", "sas", "srl",
                       "limited", "incorporated", "corporation", "holdings", "group"}


#: Capitalised words NER sometimes takes for names on their own.
GENERIC_NAMES = frozenset("""
city state government council parliament treasury series ipo plc finance ceo cto mps meps board mp mep
msp msps mla mlas td tds senator senators congressman congresswoman
company group team university web internet covid tl;dr ai hr it pr vp sme smes gdp api saas b2b
b2c coo cfo cmo cpo kpi roi usd gbp eur faq pdf diy esg dei ngo nyc la ok tv ceos ctos ipos q1 q2 q3
q4 ama pm am ad bc vc vcs ux ui seo
""".split()) | {"gen z", "uk plc", "us plc", "board of directors", "advisory board", "executive committee",
                "executive board", "supervisory board", "management board", "board of trustees"}
_ROUND_NAME = re.compile(r"^(?:the\s+)?(?:pre-)?series\s+[a-h]\d?\.?(?:\s+(?:round|funding|extension))?$", re.I)
_AFTER_PORTFOLIO = {"commissioner", "minister", "secretary", "director", "committee", "department",
                    "spokesperson", "officer"}


def _generic(doc, text: str) -> bool:
    """A generic word, unless the document defines it as an acronym: "... Independientes (API)"."""
    if _ROUND_NAME.match(text):
        return True             # "Series A", "Series C round": a funding round, not an organisation
    if text.casefold() not in GENERIC_NAMES:
        return False
    if "fkg_acronyms" not in doc.user_data:
        doc.user_data["fkg_acronyms"] = {
            t.text for t in doc[1:-1] if t.is_upper and len(t.text) >= 2 and doc[t.i - 1].text == "("
            and doc[t.i + 1].text == ")" and doc[t.i - 2].text[:1].isupper()}
    return text not in doc.user_data["fkg_acronyms"]


def _gazetteer_yields(doc, ent, start, end) -> bool:
    """Whether a gazetteer match inside a longer NER span is the name (not "Upwork Foundation")."""
    if ent is None or (ent.start >= start and ent.end <= end):
        return False
    for i in (start - 1, end):
        if ent.start <= i < ent.end:
            t = doc[i]
            if t.text[:1].isupper() and t.is_alpha and t.lower_ not in ("and", "the"):
                return True
    k = end + (1 if end < ent.end and doc[end].lower_ in ("of", "for") else 0)
    if k > end and k < ent.end and doc[k].lower_ == "the":
        k += 1
    if k > end and k < ent.end and doc[k].text[:1].isupper():
        return True         # "Freelancers Guild of the Philippines" is longer than "Freelancers Guild"
    return False


def prepare(nlp, gazetteer=None) -> None:
    """Build the gazetteer matcher and index for ``nlp`` now (they are built on first use
    otherwise): the ingest does this before parsing starts in its background thread, so nothing
    tokenizes in two threads at once."""
    entries = gazetteer if gazetteer is not None else load_gazetteer()
    _matcher(nlp, entries)
    _index_for(entries)


def find_mentions(doc, nlp, gazetteer=None) -> list[Mention]:
    """Named mentions of one parsed document (``nlp`` made it), cleaned and typed, in order."""
    entries = gazetteer if gazetteer is not None else load_gazetteer()
    index = _index_for(entries)
    matcher, labels = _matcher(nlp, entries)
    taken = [False] * len(doc)
    mentions: list[Mention] = []
    ent_at = {}
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            ent_at[i] = ent

    for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1], -(m[2] - m[1]))):
        if any(taken[start:end]) or _gazetteer_yields(doc, ent_at.get(start), start, end):
            continue
        entry = labels[doc.vocab.strings[match_id]]
        span = doc[start:end]
        mentions.append(Mention(start, end, span.text, entry.type, "gazetteer", span.text, "gazetteer",
                                gaz_name=entry.name))
        taken[start:end] = [True] * (end - start)

    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        # split "Guy Oseary's Sound Ventures" / "Demos's Alan Lockey" at the possessive, and
        # keep the parts of a span that a gazetteer name did not take
        parts, cur = [], []
        split_possessive = etype == schema.PERSON or any(taken[i] for i in range(ent.start, ent.end)) or \
            any((t.tag_ == "POS" or t.lower_ in ("'s", "’s")) and t.text not in ("'", "’") and
                t.i - ent.start >= 2 and ent.end - t.i > 2
                for t in ent)       # "Minneapolis City Council's Economic Development Committee": two bodies
                                    # (not a plural's "Workers' Action Centre")
        # "Northzone and Cherry Ventures": two investors in one NER span (not "Department of A and B")
        split_and = ent.label_ == "ORG" and len(ent) >= 3 and ent[-1].lower_ in _NAME_SUFFIXES and \
            not any(t.lower_ in ("of", "for", "the") for t in ent)
        for t in ent:
            possessive = t.tag_ == "POS" or t.lower_ in ("'s", "’s")
            comma = (t.text in (",", "(", ")") and ent.label_ in ("ORG", "PERSON")) or \
                (split_and and t.lower_ == "and" and ent.start < t.i < ent.end - 1) or \
                (ent.label_ == "ORG" and t.lower_ == "by" and ent.start < t.i < ent.end - 1)
            if taken[t.i] or (possessive and split_possessive) or comma:
                if cur:
                    parts.append((cur[0], cur[-1] + 1, possessive))
                cur = []
            else:
                cur.append(t.i)
        if cur:
            parts.append((cur[0], cur[-1] + 1, False))
        split = len(parts) > 1 or (parts and (parts[0][0] != ent.start or parts[0][1] != ent.end))
        for p_start, p_end, before_possessive in parts:
            start, end = _trim(doc, p_start, p_end)
            if etype == schema.PERSON and end - start >= 3 and doc[start].lower_ in _PERSON_PREMODS:
                start += 1        # "YouTuber Daniela Ochoa"
            p_start = max([p_start] + [j + 1 for j in range(p_start, start) if doc[j].text in _DASHES])
            if etype == schema.PERSON:
                while end > start + 2 and doc[end - 1].tag_ in ("VBZ", "VBD", "VBP", "VBG", "NNPS"):
                    end -= 1      # "Michael Jordan Invests" (title case headlines)
                if end - start >= 2 and doc[end - 1].tag_ == "NNPS":
                    etype = schema.ORGANIZATION       # "Charlotte Hornets": people are not plural
                last = doc[end - 1].lower_
                if end - start >= 2 and NAME_HEAD_TYPES.get(last) not in (None, schema.EVENT):
                    etype = NAME_HEAD_TYPES[last]     # "Portfolio Ventures" is no person
                elif end - start >= 2 and _foreign_org_name(doc[start:end]):
                    etype = schema.ORGANIZATION       # "Sindicato Livre", "Svenska Frilansrådet"
            if start >= end:
                continue
            span = doc[start:end]
            if not _good_name(span) or _generic(doc, span.text):
                continue
            if end - start == 1 and end < len(doc) and doc[end].lower_ in _AFTER_PORTFOLIO:
                continue          # "Finance Commissioner X": a portfolio, not an organisation
            if ent.label_ in ("FAC", "PRODUCT") and not _has_org_cue(doc, start, end) and \
                    not (doc[end - 1].lower_ in NAME_HEAD_TYPES or doc[end - 1].lower_ in _NAME_SUFFIXES) and \
                    not (YEAR.fullmatch(doc[end - 1].text) and
                         any(t.lower_ in _EVENT_HEADS | _INNER_EVENT_WORDS for t in span)) and \
                    not (start > 0 and doc[start - 1].lower_ in ("of", "at") and
                         doc[start - 1].head.ent_type_ == "PERSON"):
                continue          # "Amy King of GoodWork" keeps GoodWork
            if etype == schema.PERSON and end - start == 1 and end + 1 < len(doc) and \
                    doc[end].tag_ == "POS" and doc[end + 1].ent_type_ == "PERSON":
                etype = schema.ORGANIZATION   # "Demos's Alan Lockey"
            t_type = etype
            if etype == schema.ORGANIZATION and end == ent.end - 1 and doc[end].tag_ == "POS" and \
                    end - start == 2 and all(t.is_title for t in span) and ent.end < len(doc) and \
                    doc[ent.end].is_title:
                t_type = schema.PERSON        # "Guy Oseary's Sound Ventures" (NER: ORG "Guy Oseary's")
            elif split and before_possessive and etype != schema.PERSON and 2 <= end - start <= 3 \
                    and all(t.is_title for t in span) and doc[end - 1].lower_ not in NAME_HEAD_TYPES \
                    and doc[end - 1].lower_ not in _BODY_HEADS:
                t_type = schema.PERSON        # "Guy Oseary's Sound Ventures"
            elif split and before_possessive and etype == schema.PERSON and \
                    any(p[0] > p_start for p in parts):
                t_type = schema.ORGANIZATION  # "Demos's Alan Lockey"
            mentions.append(Mention(start, end, span.text, t_type, "ner", doc[p_start:p_end].text))
            taken[start:end] = [True] * (end - start)

    _split_listed_pairs(doc, mentions)
    _extend_hyphenated_names(doc, mentions, taken)
    _extend_described_names(doc, mentions, taken)
    _extend_of_names(doc, mentions, taken)
    _extend_particle_names(doc, mentions, taken)
    _extend_and_names(doc, mentions, taken)
    _extend_foreign_heads(doc, mentions, taken)
    _extend_event_years(doc, mentions, taken)
    _place_headed_names(doc, mentions, taken)
    mentions += _appositive_names(doc, taken)
    mentions += _who_names(doc, taken)
    mentions += _described_acronyms(doc, taken)
    mentions += _premodifier_events(doc, taken)
    mentions += _defined_acronyms(doc, taken, mentions)
    mentions += _coordinated_names(doc, taken, mentions)
    mentions += _loose_names(doc, taken, mentions)
    mentions += _trigger_arguments(doc, taken)
    mentions += _camel_names(doc, taken)
    mentions += _mistagged_names(doc, taken)
    _join_hyphen_chains(doc, mentions, taken)
    _acronym_chapters(doc, mentions, taken)
    _org_slots(doc, mentions)
    _people_lists(doc, mentions)
    _extend_preposition_names(doc, mentions, taken)
    _role_apposed_people(doc, mentions, taken)
    mentions += _propagate_names(doc, mentions, taken)
    mentions = [m for m in mentions if not _ROUND_NAME.match(m.text)]    # "Series C" is a round
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        _type_mention(doc, m, index)
        if m.type == schema.EVENT:
            _extend_subtitle(doc, m)
    _unify_types(mentions)
    return mentions


_APPOS_HEADS = {"company", "startup", "start-up", "platform", "marketplace", "firm", "venture",
                "business", "app", "service", "network", "agency", "nonprofit", "organization",
                "organisation", "association", "fund", "investor", "studio", "consultancy", "cooperative",
                "lender", "bank", "community", "collective", "chain", "provider", "maker", "school",
                "accelerator", "incubator", "union", "guild", "coalition", "alliance", "group", "house",
                "shop", "outfit", "insurer", "publisher", "magazine", "newspaper", "outlet", "foundation",
                "trust", "charity", "federation", "council", "body", "portal", "site", "fintech", "issuer"}


_CAMEL = re.compile(r"^[a-z]{1,3}[A-Z][a-z]+[A-Za-z]*$")


def _camel_names(doc, taken) -> list[Mention]:
    """Brands NER never sees because they start lowercase: "eMobilis", "iWork" (a short lowercase
    prefix, then a capitalised word); typed later by their cues, an organisation by default."""
    out = []
    for t in doc:
        if taken[t.i] or not _CAMEL.match(t.text) or t.like_url or t.like_email:
            continue
        out.append(Mention(t.i, t.i + 1, t.text, schema.ORGANIZATION, "syntax", t.text, "name"))
        taken[t.i] = True
    return out


_ROLE_HEADS = {"officer", "founder", "co-founder", "cofounder", "director", "partner",
                "executive", "president", "chair", "chairman", "chairwoman", "head", "manager",
                "secretary", "economist", "researcher", "analyst", "engineer", "investor"}


def _role_apposed_people(doc, mentions, taken) -> None:
    """"Our chief operating officer, Faith Njeri, ...": a one-word name NER took for an
    organisation, with a capitalised first name before it, in apposition to a person's role, is
    that person (first name included)."""
    for m in mentions:
        if m.end - m.start != 1 or m.type == schema.PERSON or m.typed_by == "gazetteer" or m.start < 2:
            continue
        first, name = doc[m.start - 1], doc[m.start]
        if taken[first.i] or not first.is_title or first.is_sent_start or first.pos_ != "PROPN" or \
                first.dep_ != "compound" or first.head != name or doc[m.start - 2].text != ",":
            continue
        if name.dep_ != "appos" or name.head.lemma_.lower() not in _ROLE_HEADS:
            continue
        taken[first.i] = True
        m.start -= 1
        m.text = m.surface = doc[m.start:m.end].text
        m.type, m.typed_by = schema.PERSON, "cue"


def _extend_preposition_names(doc, mentions, taken) -> None:
    """A capitalised preposition inside a sentence continues a name: "Pay Within 30",
    "Work For Good" (NER and the parser stop at the preposition)."""
    for m in mentions:
        if m.type == schema.PERSON or m.end + 1 >= len(doc):
            continue
        prep, nxt = doc[m.end], doc[m.end + 1]
        if prep.pos_ != "ADP" or not prep.is_title or prep.is_sent_start or taken[prep.i] or \
                prep.lower_ in ("of", "at", "in", "on", "by", "from", "to") or prep.i == prep.sent.start:
            continue
        if not (nxt.is_title or nxt.like_num and nxt.is_digit) or nxt.is_sent_start or taken[nxt.i]:
            continue
        end = m.end + 2
        while end < len(doc) and end - m.end < 4 and not taken[end] and not doc[end].is_sent_start and \
                (doc[end].is_title and doc[end].pos_ == "PROPN" or doc[end].is_digit):
            end += 1
        for i in range(m.end, end):
            taken[i] = True
        m.end = end
        m.text = m.surface = doc[m.start:end].text


def _extend_subtitle(doc, m: Mention) -> None:
    """"Modern Working: The age of self-employment": a short subtitle closing the line or
    sentence is part of an event's name."""
    if m.end + 1 >= len(doc) or doc[m.end].text != ":":
        return
    end = m.end + 1
    while end < len(doc) and end - m.end <= 9 and "\n" not in doc[end].text and doc[end].text not in (".", "!", "?"):
        if doc[end].pos_ in ("VERB", "AUX"):
            return
        end += 1
    if end - m.end > 9 or not doc[m.end + 1].text[:1].isupper():
        return
    m.end = end
    m.text = m.surface = doc[m.start:end].text


def _acronym_chapters(doc, mentions, taken) -> None:
    """"CFU Québec", "IFAT Karnataka": an organisation's acronym before a place names its chapter
    there, one organisation (the acronym is a name the article uses, or defines in brackets)."""
    defined = {doc[i].text for i in range(1, len(doc) - 1) if doc[i - 1].text == "(" and doc[i + 1].text == ")"}
    for m in list(mentions):
        if m.type not in (schema.PLACE, schema.ORGANIZATION) or m.end - m.start > 2 or m.start == 0 or \
                m.type == schema.ORGANIZATION and not (m.end - m.start == 1 and doc[m.start].is_title):
            continue
        a = doc[m.start - 1]
        if not (a.is_upper and a.is_alpha and 2 <= len(a) <= 6 and a.whitespace_ and
                a.sent.start == doc[m.start].sent.start):
            continue
        left = next((o for o in mentions if o.start == a.i and o.end == a.i + 1), None)
        if left is None and (taken[a.i] or a.text not in defined):
            continue
        if a.i > 0 and doc[a.i - 1].is_title and not doc[a.i - 1].is_sent_start:
            continue        # part of a longer name
        if left is not None:
            mentions.remove(left)
        m.start, m.text, m.surface = a.i, doc[a.i:m.end].text, doc[a.i:m.end].text
        m.type, m.typed_by, m.origin = schema.ORGANIZATION, "name", "syntax"
        taken[a.i] = True


def _join_hyphen_chains(doc, mentions, taken) -> None:
    """"Friedrich-Ebert-Stiftung": NER splits a hyphenated name into a person and an organisation;
    names joined by hyphens without spaces (through capitalised words) are one, typed by the last."""
    by_start = {m.start: m for m in mentions}
    for m in sorted(mentions, key=lambda m: m.start):
        if m not in mentions:
            continue
        k = m.end
        while k + 1 < len(doc) and doc[k].text in ("-", "‐") and not doc[k].whitespace_ and \
                not doc[k - 1].whitespace_ and doc[k + 1].is_title and \
                (k + 1 in by_start or not taken[k + 1] and k + 2 < len(doc) and doc[k + 2].text in ("-", "‐")):
            k += 1 if k + 1 in by_start else 2
            if k in by_start:
                nxt = by_start.pop(k)
                if nxt in mentions:
                    mentions.remove(nxt)
                m.type, m.typed_by, m.origin = nxt.type, nxt.typed_by, nxt.origin
                k = nxt.end
        if k > m.end:
            taken[m.start:k] = [True] * (k - m.start)
            m.end, m.text = k, doc[m.start:k].text
            m.surface = m.text


def _extend_hyphenated_names(doc, mentions, taken) -> None:
    """"Claire Dubois-Mahé" / "Dubois-Mahé": NER sometimes keeps only the part after the hyphen."""
    for m in mentions:
        if m.origin != "ner" or m.start < 2:
            continue
        hyphen, left = doc[m.start - 1], doc[m.start - 2]
        if hyphen.text in ("-", "‐") and not hyphen.whitespace_ and not left.whitespace_ and left.is_title \
                and left.is_alpha and not taken[m.start - 2] and not taken[m.start - 1]:
            start = m.start - 2
            if start > 0 and not taken[start - 1] and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" \
                    and doc[start - 1].ent_type_ == doc[m.start].ent_type_:
                start -= 1          # the first name before the double surname
            for i in range(start, m.start):
                taken[i] = True
            m.text = doc[start:m.end].text
            m.surface = m.text
            m.start = start


def _extend_described_names(doc, mentions, taken) -> None:
    """"the Dubai design collective Studio Qamar": NER often leaves out a name's first word; after a
    lowercase description, capitalised compounds of the name belong to it."""
    for m in mentions:
        if m.origin != "ner" or m.type not in (schema.ORGANIZATION, schema.PERSON):
            continue
        start = m.start
        while start - 1 > 0 and not taken[start - 1] and doc[start - 1].pos_ == "PROPN" and \
                doc[start - 1].is_title and doc[start - 1].dep_ == "compound" and \
                m.start <= doc[start - 1].head.i < m.end and doc[start - 1].lower_ not in TITLES and \
                doc[start - 1].ent_type_ not in ("GPE", "NORP", "LOC", "DATE"):
            start -= 1
        if start == m.start or not (doc[start - 1].is_lower and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ")):
            continue
        for i in range(start, m.start):
            taken[i] = True
        m.text = doc[start:m.end].text
        m.surface = doc[start:m.end].text if not m.surface or m.surface == doc[m.start:m.end].text else m.surface
        m.start = start


_SPEECH_VERBS = {"say", "tell", "add", "explain", "note", "recall", "argue", "believe", "think", "laugh", "smile"}


def _in_longer_name(doc, u) -> bool:
    return any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title for j in (u.i - 1, u.i + 1))


def _mistagged_names(doc, taken) -> list[Mention]:
    """A capitalised word inside a sentence that the tagger read as an adverb, adjective or verb
    and the model has no vector for is a brand name ("app Ledgerly is sponsoring", "Brieflane"); so is
    such a noun that opens a sentence as its subject ("Brieflane completed a seed round")."""
    if not len(doc.vocab.vectors):
        return []
    out = []
    for t in doc:
        if not t.is_title or t.pos_ not in ("ADV", "ADJ", "VERB", "NOUN", "PROPN") or taken[t.i] or \
                t.pos_ == "PROPN" and not t.is_sent_start or \
                t.is_sent_start and not (t.pos_ in ("NOUN", "PROPN") and t.dep_ in ("nsubj", "nsubjpass")) \
                or not t.is_alpha or len(t) < 4 or t.ent_type_ in ("DATE", "TIME") or not t.is_oov:
            continue
        prev = doc[t.i - 1] if not t.is_sent_start else None
        if prev is not None and (prev.text in ('"', "“", "‘", "'", ":", "(", "-", "—", "–") or
                                 prev.is_title and not prev.is_stop):
            continue        # a quotation's or a heading's first word, or part of a longer name
        if t.is_sent_start and t.i + 1 < len(doc) and doc[t.i + 1].is_title:
            continue        # a sentence's first word is a name only alone, as the subject ("Brieflane closed")
        if t.pos_ == "PROPN" and (t.head.lemma_.lower() in _SPEECH_VERBS or any(
                u.text == t.text and u.i != t.i and (u.ent_type_ == "PERSON" or _in_longer_name(doc, u))
                for u in doc)):
            continue        # "Nithya said": a person named in full elsewhere
        out.append(Mention(t.i, t.i + 1, t.text, schema.ORGANIZATION, "syntax", t.text))
        taken[t.i] = True
    return out


def _who_names(doc, taken) -> list[Mention]:
    """"Lucía Gómez, who co-founded Freelanzia, ...": two or three capitalised words NER missed,
    right before ", who", are a person."""
    out = []
    for t in doc:
        if t.lower_ != "who" or t.i < 3 or doc[t.i - 1].text != ",":
            continue
        end = t.i - 1
        start = end
        while start - 1 >= doc[end - 1].sent.start and end - (start - 1) <= 3 and not taken[start - 1] and \
                doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and doc[start - 1].is_alpha and \
                not doc[start - 1].is_stop:
            start -= 1
        if end - start < 2 or start - 1 >= 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
            continue
        span = doc[start:end]
        if any(w.lower_ in _BODY_HEADS or w.lower_ in NAME_HEAD_TYPES or w.lower_ in FOREIGN_ORG_WORDS for w in span):
            continue
        out.append(Mention(start, end, span.text, schema.PERSON, "syntax", span.text))
        taken[start:end] = [True] * (end - start)
    return out


def _appositive_names(doc, taken) -> list[Mention]:
    """Names NER missed but the syntax shows: "his company, Remote, ...", "a platform, Contra"."""
    out = []
    for t in doc:
        if taken[t.i] or not t.text[:1].isupper() or t.pos_ != "PROPN" and not (t.is_oov and t.pos_ == "NOUN") or \
                t.i == t.sent.start and not (t.is_oov and len(doc.vocab.vectors)):
            continue        # a sentence's first word only when the model does not know it ("Workbase, a ...")
        head = None
        heads = _APPOS_HEADS | _EVENT_HEADS | PERSON_CUES
        if t.dep_ == "appos" and t.head.lemma_.lower() in heads:
            head = t.head
        elif any(c.dep_ == "appos" and c.lemma_.lower() in heads for c in t.children):
            head = next(c for c in t.children if c.dep_ == "appos")
        elif t.i >= 2 and doc[t.i - 1].is_lower and doc[t.i - 1].lemma_.lower() in _APPOS_HEADS and \
                doc[t.i - 1].pos_ == "NOUN" and (doc[t.i - 2].lower_ in ("the", "a", "an") or
                                                 doc[t.i - 2].is_lower and doc[t.i - 2].pos_ in ("NOUN", "ADJ")) and \
                not (t.i + 1 < len(doc) and doc[t.i + 1].pos_ == "PROPN"):
            head = doc[t.i - 1]     # "the payroll startup Ledgerly", "the gaming studio Moonbyte"
        if head is None and _member_of_a_body(t) and not (t.i >= 1 and doc[t.i - 1].dep_ == "compound"):
            head = next(c for c in t.children if c.dep_ == "appos")    # "Klusjes, a member of the coalition"
        if head is None:
            continue
        etype = schema.EVENT if head.lemma_.lower() in _EVENT_HEADS else schema.ORGANIZATION
        if head.lemma_.lower() in PERSON_CUES:
            # "Amaka Obi, the company's CEO": a two- or three-word name with a person noun
            if not (t.i >= 1 and doc[t.i - 1].dep_ == "compound" and doc[t.i - 1].pos_ == "PROPN"):
                continue
            etype = schema.PERSON
        start = t.i
        while start - 1 >= 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN" \
                and not taken[start - 1]:
            start -= 1
        span = doc[start:t.i + 1]
        if _good_name(span) and span.text.casefold() not in GENERIC_NAMES:
            out.append(Mention(start, t.i + 1, span.text, etype, "syntax", span.text))
            for i in range(start, t.i + 1):
                taken[i] = True
    return out


_ACRONYM_HEADS = {"federation", "union", "association", "alliance", "coalition", "council", "group", "body",
                  "agency", "organisation", "organization", "confederation", "chamber", "guild", "network"}


def _described_acronyms(doc, taken) -> list[Mention]:
    """An all-capitals word the parser did not take as a name, described right after it:
    "ATA, the federation of self-employed workers, ..." (an organisation)."""
    out = []
    for t in doc:
        if taken[t.i] or not (t.is_upper and t.is_alpha and 2 <= len(t.text) <= 6) or t.i + 3 >= len(doc):
            continue
        if doc[t.i + 1].text != "," or doc[t.i + 2].lower_ not in ("the", "a", "an"):
            continue
        nxt = [x for x in doc[t.i + 3:t.i + 6] if x.pos_ == "NOUN"]
        if nxt and nxt[0].lemma_.lower() in _ACRONYM_HEADS and not _generic(doc, t.text):
            out.append(Mention(t.i, t.i + 1, t.text, schema.ORGANIZATION, "syntax", t.text))
            taken[t.i] = True
    return out


#: Nouns that name an event when capitalised words stand before them ("the Pay Us Fairly campaign")
#: or in apposition ("its first congress, Freelance Days").
_EVENT_HEADS = {"campaign", "conference", "summit", "congress", "festival", "convention", "hackathon",
                "initiative", "forum", "expo", "meetup"}


_PLACE_HEADED_EVENTS = _EVENT_HEADS | {"series", "awards"}


def _place_headed_names(doc, mentions, taken) -> None:
    """"Freelance Friday Berlin, the monthly meetup": capitalised words before a place that an
    event or organisation noun describes in apposition make one name with it."""
    for m in list(mentions):
        if m not in mentions:
            continue
        if m.type != schema.PLACE or m.typed_by == "gazetteer" and m.origin == "gazetteer" or m.end - m.start != 1:
            continue
        root = doc[m.start]
        head = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN" and
                     c.lemma_.lower() in _PLACE_HEADED_EVENTS | _APPOS_HEADS), None)
        start = m.start
        while start - 1 >= root.sent.start and not taken[start - 1] and doc[start - 1].dep_ == "compound" and \
                doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and doc[start - 1].head == root:
            start -= 1
        # a known name right before the place ("Freelance Friday" + "Berlin", the meetup) is part of it
        known = next((p for p in mentions if p.end == m.start and p.type in (schema.EVENT, schema.ORGANIZATION)
                      and p.start >= root.sent.start), None) if head is not None and start == m.start else None
        if known is not None:
            mentions.remove(known)
            start = known.start
        if head is None or start == m.start:
            continue
        m.start, m.text, m.surface = start, doc[start:m.end].text, doc[start:m.end].text
        m.type = schema.EVENT if head.lemma_.lower() in _PLACE_HEADED_EVENTS else schema.ORGANIZATION
        m.typed_by = "cue"
        taken[start:m.end] = [True] * (m.end - start)


#: A four-digit year ("Summit 2025", "Freelance Futures Forum 2025" = "Freelance Futures Forum").
YEAR = re.compile(r"(?:19|20)\d\d")
#: Last words of an event's name after which NER leaves out the edition's year.
_EDITION_WORDS = _EVENT_HEADS | {"expo", "awards", "week", "day", "days", "fair"}


def _extend_event_years(doc, mentions, taken) -> None:
    """"Independent Workforce Summit 2025": NER leaves the edition's year out of an event's name."""
    for m in list(mentions):
        if doc[m.end - 1].lower_ not in _EDITION_WORDS:
            continue
        k = m.end
        if k + 1 < len(doc) and doc[k].is_title and doc[k].ent_type_ in ("GPE", "LOC", "NORP", "ORG", "EVENT") and \
                YEAR.fullmatch(doc[k + 1].text):
            k += 1              # "Creator Economy Awards Asia 2025"
        if k < len(doc) and YEAR.fullmatch(doc[k].text) and not taken[k]:
            _extend_mention(doc, m, m.end, k + 1, mentions, taken)


def _extend_of_names(doc, mentions, taken) -> None:
    """"the Freelancers Guild of the Philippines": NER often stops an organisation's name before
    "of the X"; a name ending in an organisation word takes the capitalised "of (the) X" after it."""
    for m in list(mentions):
        if m.type != schema.ORGANIZATION or doc[m.end - 1].lower_ not in _NAME_SUFFIXES | {"guild"} or \
                m.end + 1 >= len(doc) or doc[m.end].lower_ != "of":
            continue
        k = m.end + 1 + (1 if doc[m.end + 1].lower_ == "the" else 0)
        end = k
        while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha and \
                doc[end].sent.start == doc[m.start].sent.start:
            end += 1
        if end > k:
            _extend_mention(doc, m, k, end, mentions, taken)


def _extend_mention(doc, m, k, end, mentions, taken) -> None:
    """Stretch mention ``m`` to ``end`` ("Guild of X", "Union des Y"), absorbing the mentions that
    start inside the added words ``k:end``; do nothing if one of them runs past ``end``."""
    inner = [o for o in mentions if o is not m and k <= o.start < end]
    if any(o.end > end for o in inner):
        return
    for o in inner:
        mentions.remove(o)
    m.end = end
    m.text = m.surface = doc[m.start:end].text
    taken[m.start:end] = [True] * (end - m.start)


_PLURAL_LIST_HEADS = {"investor", "backer", "fund", "firm", "partner", "company", "startup", "platform",
                      "shareholder", "sponsor", "member", "rival", "competitor"}


def _split_listed_pairs(doc, mentions) -> None:
    """"Existing investors Ventures Platform and Future Africa": after a plural list noun, one NER
    span joined over "and" is two names (not "Media, Entertainment and Arts Alliance")."""
    for m in list(mentions):
        if m.start == 0 or m.type in (schema.PERSON, schema.PLACE):
            continue
        head = doc[m.start - 1]
        if head.tag_ != "NNS" or head.lemma_.lower() not in _PLURAL_LIST_HEADS:
            continue
        ands = [t.i for t in doc[m.start:m.end] if t.lower_ == "and"]
        if len(ands) != 1 or any(t.text == "," for t in doc[m.start:m.end]):
            continue
        k = ands[0]
        if k == m.start or k + 1 >= m.end or not doc[k + 1].text[:1].isupper():
            continue
        i = mentions.index(m)
        left = Mention(m.start, k, doc[m.start:k].text, m.type, m.origin, doc[m.start:k].text)
        right = Mention(k + 1, m.end, doc[k + 1:m.end].text, m.type, m.origin, doc[k + 1:m.end].text)
        mentions[i:i + 1] = [left, right]


#: Lower-case particles inside Romance-language organisation names ("Sindicato dos Trabalhadores").
_NAME_PARTICLES = {"de", "des", "du", "dos", "das", "da", "del", "della", "di", "do"}


#: First words of public bodies whose names list their remits ("Department of Employment and
#: Workplace Relations", "Ministry of Labour, Immigration, Training and Skills Development").
_REMIT_HEADS = {"department", "ministry", "secretariat", "office", "commission", "committee", "bureau", "agency",
                "secretaría", "secretaria", "ministerio", "ministère", "ministero", "ministério", "departamento",
                "dirección", "direction", "consejería", "conselleria"}
_REMIT_OF = _NAME_PARTICLES | {"of", "für"}
_REMIT_AND = {"and", "y", "e", "et", "und", "&"}


def _extend_and_names(doc, mentions, taken) -> None:
    """NER stops a ministry's name at its "and": take the remits that follow, when they are known
    capitalised words (not another name: "the Ministry of Labour and Deliveroo")."""
    for m in list(mentions):
        words = [t.lower_ for t in doc[m.start:m.end]]
        of = next((i for i, w in enumerate(words) if w in _REMIT_OF), None)
        if m.type != schema.ORGANIZATION or of is None or not (set(words[:of]) & _REMIT_HEADS):
            continue
        foreign = words[of] != "of"
        k = m.end - 1 if words[-1] in _REMIT_AND else m.end
        end, seen_and = k, False
        while end < len(doc) and doc[end].sent.start == doc[m.start].sent.start:
            t = doc[end]
            if t.lower_ in _REMIT_AND or t.text == "," and end + 1 < len(doc) and doc[end + 1].is_title:
                seen_and = seen_and or t.lower_ in _REMIT_AND
                end += 1
                continue
            known = t.is_alpha and (not t.is_oov or not len(doc.vocab.vectors) or foreign)
            lone_org = t.ent_iob_ == "B" and t.ent_type_ == "ORG" and doc[end - 1].lower_ == "and" and \
                (end + 1 >= len(doc) or doc[end + 1].ent_iob_ != "I")        # "... and Google"
            if not (t.is_title and known and (t.ent_type_ not in ("PERSON", "GPE", "NORP") or foreign) and
                    not lone_org and
                    not any(o.start == end and o.origin == "gazetteer" for o in mentions)):
                break
            end += 1
        while end > k and (doc[end - 1].lower_ in _REMIT_AND or doc[end - 1].text == ","):
            end -= 1
        if seen_and and end > k + 1 and doc[end - 1].is_title:
            _extend_mention(doc, m, m.end, end, mentions, taken)


_FOREIGN_JOINERS = (_NAME_PARTICLES | (_REMIT_AND - {"and", "&"}) |
                    {"delle", "dei", "degli", "la", "le", "les", "los", "las", "el", "per", "il", "lo", "für", "der",
                     "van", "voor", "en", "i"})


def _extend_foreign_heads(doc, mentions, taken) -> None:
    """"Associação Portuguesa de Profissionais Independentes": NER keeps only the first word of an
    organisation named in another language; its capitalised words and particles follow it."""
    for m in list(mentions):
        if m.type == schema.PLACE or m.end >= len(doc) or not (
                doc[m.end - 1].lower_ in FOREIGN_ORG_WORDS or doc[m.end].lower_ in _FOREIGN_JOINERS and
                doc[m.end].is_lower and any(t.lower_ in FOREIGN_ORG_WORDS for t in doc[m.start:m.end])):
            continue
        end, last = m.end, m.end
        while end < len(doc) and doc[end].sent.start == doc[m.start].sent.start and \
                (doc[end].is_title and doc[end].is_alpha or doc[end].lower_ in _FOREIGN_JOINERS and doc[end].is_lower):
            end += 1
            if doc[end - 1].is_title:
                last = end
        if last > m.end:
            _extend_mention(doc, m, m.end, last, mentions, taken)


def _extend_particle_names(doc, mentions, taken) -> None:
    """"Fédération des Auto-Entrepreneurs", "Sindicato dos Trabalhadores Independentes": NER
    stops an organisation's name at the particle; take the capitalised words after it."""
    for m in list(mentions):
        if m.type == schema.PLACE or m.end + 1 >= len(doc) or \
                doc[m.end].lower_ not in _NAME_PARTICLES or doc[m.end].text != doc[m.end].lower_:
            continue
        k = m.end + 1 + (1 if doc[m.end + 1].lower_ in ("la", "le", "les", "l'") else 0)
        end = k
        while end < len(doc) and doc[end].text[:1].isupper() and \
                (doc[end].is_alpha or "-" in doc[end].text) and doc[end].sent.start == doc[m.start].sent.start:
            end += 1
            while end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].text[:1].isupper():
                end += 2        # "Auto-Entrepreneurs" split at the hyphen
        if end > k:
            _extend_mention(doc, m, k, end, mentions, taken)


def _defined_acronyms(doc, taken, mentions) -> list[Mention]:
    """"Asociación de Profesionales Independientes (API)": the bracketed capitals right after a
    name whose initials they are name the same organisation, even where NER skipped them."""
    out = []
    for m in list(mentions):
        k = m.end
        if m.type in (schema.PERSON, schema.PLACE) or k + 2 >= len(doc) or doc[k].text != "(" or \
                doc[k + 2].text != ")" or taken[k + 1]:
            continue
        acro = doc[k + 1].text
        initials = "".join(t.text[0] for t in doc[m.start:m.end] if t.text[:1].isupper())
        if acro.isupper() and len(acro) >= 2 and acro == initials:
            out.append(Mention(k + 1, k + 2, acro, m.type, "syntax", acro, m.typed_by))
            taken[k + 1] = True
    return out


_EVENT_NAME_HEADS = {"summit", "conference", "congress", "festival", "expo", "forum", "week", "day",
                     "awards", "hackathon", "convention"}


def _premodifier_events(doc, taken) -> list[Mention]:
    """Event names NER missed: "the Fair Pay Freelance campaign" -> "Fair Pay Freelance"."""
    out = []
    for t in doc:
        if t.lower_ in _EVENT_NAME_HEADS and t.text[:1].isupper() and not taken[t.i] and t.i > t.sent.start:
            start = t.i             # "the first Gig Economy Summit": the head word is part of the name
            while start - 1 > t.sent.start and not taken[start - 1] and doc[start - 1].text[:1].isupper() \
                    and (doc[start - 1].is_alpha or doc[start - 1].like_num) and not doc[start - 1].is_stop:
                start -= 1      # stops at "On" in a title-case headline ("... Rally On Election Day")
            if start < t.i and doc[start - 1].lower_ not in TITLES:
                end = t.i + 1 + (1 if t.i + 1 < len(doc) and doc[t.i + 1].like_num and
                                 len(doc[t.i + 1].text) == 4 and not taken[t.i + 1] else 0)
                span = doc[start:end]
                if _good_name(span):
                    out.append(Mention(start, end, span.text, schema.EVENT, "syntax", span.text, "name"))
                    taken[start:end] = [True] * (end - start)
            continue
        if t.lemma_.lower() not in _EVENT_HEADS or not t.is_lower or t.i < 2:
            continue
        start = t.i
        while start - 1 > t.sent.start and not taken[start - 1] and doc[start - 1].text[:1].isupper() \
                and doc[start - 1].is_alpha and doc[start - 1].lower_ not in TITLES:
            start -= 1
        if start == t.i or doc[start - 1].lower_ not in ("the", "its", "their", "our", "'s", "’s", "a", "an"):
            continue
        span = doc[start:t.i]
        if _good_name(span) and not _generic(doc, span.text):
            out.append(Mention(start, t.i, span.text, schema.EVENT, "syntax", span.text, "cue"))
            for i in range(start, t.i):
                taken[i] = True
    return out


def _name_span(doc, t, taken):
    start = t.i
    while start - 1 >= t.sent.start and doc[start - 1].dep_ == "compound" and \
            doc[start - 1].pos_ == "PROPN" and not taken[start - 1] and doc[start - 1].is_title:
        start -= 1
    while start < t.i and (doc[start].lower_ in TITLES or doc[start].lemma_.lower() in _ROLE_NOUNS or
                           doc[start].lower_ in _MONTHS and start > 0 and doc[start - 1].lower_ in _BEFORE_DATE):
        start += 1                      # "Angels Mandeep Singh", "In January Brisa"
    return start, t.i + 1


_ROLE_NOUNS = {"angel", "angels", "investor", "investors", "founder", "founders", "ceo", "executive",
               "partner", "director", "chairman", "president", "host"}


def _coordinated_names(doc, taken, mentions) -> list[Mention]:
    """Proper names NER skipped that are listed with names it found ("A (Trouva), B (Turo)"):
    a name coordinated with a person is a person; a parenthesised name after a person is the
    person's organisation."""
    type_at = {}
    for m in mentions:
        for i in range(m.start, m.end):
            type_at[i] = m.type
    out = []
    for t in doc:
        if taken[t.i] or t.pos_ != "PROPN" or not t.is_title or t.dep_ == "compound":
            continue
        new_type = None
        partners = [c for c in t.conjuncts if c.i in type_at]
        if t.dep_ == "appos" and t.head.i in type_at and type_at[t.head.i] == schema.PERSON and \
                t.i > 0 and doc[t.i - 1].text == "(" and t.i + 1 < len(doc) and doc[t.i + 1].text == ")":
            new_type = schema.ORGANIZATION
        elif partners and all(type_at[c.i] == schema.PERSON for c in partners):
            new_type = schema.PERSON
        if new_type is None:
            continue
        start, end = _name_span(doc, t, taken)
        span = doc[start:end]
        if new_type == schema.PERSON and len(span) < 2:
            continue
        if not _good_name(span) or span.text.casefold() in GENERIC_NAMES:
            continue
        out.append(Mention(start, end, span.text, new_type, "syntax", span.text))
        for i in range(start, end):
            taken[i] = True
            type_at[i] = new_type
    return out


_NAME_SUFFIXES = {"capital", "ventures", "partners", "labs", "fund", "foundation", "holdings",
                  "technologies", "association", "union", "institute", "council", "alliance", "guild",
                  "collective", "coalition", "federation", "society", "investments"}
#: last words of an organisation's name before a possessive ("Minneapolis City Council's ...")
_BODY_HEADS = _NAME_SUFFIXES | {"committee", "commission", "network", "agency", "board", "assembly", "parliament",
                                "senate", "congress", "studio", "studios", "group", "company"}
#: Job titles right before a person's name ("Taskfield founder Tomas Keller", "Savanna Ventures partner A").
_PREMOD_ROLES = {"ceo", "founder", "co-founder", "cofounder", "president", "chairman", "chairwoman", "chair",
                 "cto", "coo", "cfo", "cmo", "chief", "executive", "boss", "head", "director", "partner"}


def _loose_names(doc, taken, mentions) -> list[Mention]:
    """Two more shapes NER misses: an acronym used as a name ("OA works with ...") and a
    multi-word proper name right before a person's name ("Golden State Warriors Steph Curry")."""
    person_starts = {m.start for m in mentions if m.type == schema.PERSON}
    out = []
    for t in doc:
        if taken[t.i]:
            continue
        if t.pos_ == "PROPN" and t.is_upper and t.is_alpha and 2 <= len(t.text) <= 5 and \
                t.lower_ not in GENERIC_NAMES and t.lower_ not in TITLES and \
                t.ent_type_ not in ("GPE", "LOC", "NORP", "PERSON") and t.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos"):
            out.append(Mention(t.i, t.i + 1, t.text, schema.ORGANIZATION, "syntax", t.text))
            taken[t.i] = True
        elif t.is_title and t.is_alpha and t.i + 2 < len(doc) and doc[t.i + 1].text == "-" and \
                doc[t.i + 2].lower_ in ("backed", "funded") and not t.is_stop:
            out.append(Mention(t.i, t.i + 1, t.text, schema.FUNDER, "syntax", t.text))   # "Atomic-backed"
            taken[t.i] = True
        elif t.is_title and t.lower_ in _NAME_SUFFIXES and t.i > t.sent.start and doc[t.i - 1].is_title \
                and not taken[t.i - 1] and doc[t.i - 1].lower_ not in ("the", "a", "an") \
                and not doc[t.i - 1].is_stop:
            start = t.i - 1     # "Nordhaven Capital", "Brightlane Labs" (NER missed them)
            while start - 1 >= t.sent.start and doc[start - 1].is_title and not taken[start - 1] \
                    and not doc[start - 1].is_stop and doc[start - 1].is_alpha:
                start -= 1
            span = doc[start:t.i + 1]
            if _good_name(span) and not any(w.lower_ in TITLES for w in span):
                out.append(Mention(start, t.i + 1, span.text, NAME_HEAD_TYPES.get(t.lower_, schema.ORGANIZATION),
                                   "syntax", span.text))
                for i in range(start, t.i + 1):
                    taken[i] = True
        elif t.pos_ == "PROPN" and t.is_title and t.lower_ not in TITLES and \
                any(t.i + k in person_starts and all(doc[j].lower_ in _PREMOD_ROLES for j in range(t.i + 1, t.i + k))
                    for k in (2, 3)) and (t.i + 1 >= len(doc) or doc[t.i + 1].lower_ in _PREMOD_ROLES):
            start = t.i         # "Taskfield founder Tomas Keller"
            while start - 1 >= t.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and not taken[start - 1]:
                start -= 1
            span = doc[start:t.i + 1]
            if _good_name(span) and span.text.casefold() not in GENERIC_NAMES:
                out.append(Mention(start, t.i + 1, span.text, schema.ORGANIZATION, "syntax", span.text))
                for i in range(start, t.i + 1):
                    taken[i] = True
        elif t.is_title and t.pos_ == "PROPN" and not t.is_stop and t.ent_type_ not in ("GPE", "LOC") and \
                t.lower_ not in TITLES and _before_bracketed_place(doc, t.i + 1):
            start = t.i         # "Workhive (Ireland)", "Remoto (Bologna)": a listed organisation and its place
            while start - 1 >= t.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and not taken[start - 1]:
                start -= 1
            span = doc[start:t.i + 1]
            if _good_name(span) and span.text.casefold() not in GENERIC_NAMES:
                out.append(Mention(start, t.i + 1, span.text, schema.ORGANIZATION, "syntax", span.text))
                for i in range(start, t.i + 1):
                    taken[i] = True
        elif t.i + 1 in person_starts and t.pos_ == "PROPN" and t.is_title:
            start = t.i
            while start - 1 >= t.sent.start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                    and not taken[start - 1]:
                start -= 1
            span = doc[start:t.i + 1]
            if len(span) >= 2 and (start != t.sent.start or all(w.pos_ == "PROPN" for w in span)) \
                    and not any(w.lower_ in TITLES for w in span) \
                    and _good_name(span):
                out.append(Mention(start, t.i + 1, span.text, schema.ORGANIZATION, "syntax", span.text))
                for i in range(start, t.i + 1):
                    taken[i] = True
    return out


def _before_bracketed_place(doc, k) -> bool:
    """Whether tokens from ``k`` are "(" place names [, place names] ")": "(Ireland)", "(Lagos, Nigeria)"."""
    if k + 2 >= len(doc) or doc[k].text != "(":
        return False
    k += 1
    seen = False
    while k < len(doc) and doc[k].text != ")":
        if doc[k].text == "," and seen:
            k += 1
            continue
        if doc[k].ent_type_ not in ("GPE", "LOC"):
            return False
        seen = True
        k += 1
    return seen and k < len(doc)


#: Verbs whose subjects and objects are organisations (or people) in this genre.
_TRIGGER_VERBS = {"raise", "acquire", "buy", "found", "launch", "partner", "invest", "back", "fund",
                  "hire", "join", "announce", "merge", "collaborate", "sponsor", "incubate", "co-found",
                  "cofound", "establish", "secure", "close", "land", "leave", "quit", "base", "headquarter",
                  "count", "team"}


def _trigger_arguments(doc, taken) -> list[Mention]:
    """Capitalised proper nouns NER skipped in the argument slots of genre verbs
    ("Gigbridge has raised $12m", "partnered with Zentrix") are organisation names."""
    out = []
    for v in doc:
        lemma = v.lemma_.lower()
        if lemma != "be" and lemma not in _TRIGGER_NOUNS and lemma not in _TRIGGER_VERBS:
            continue            # most tokens: nothing to look at
        copula = lemma == "be" and any(c.dep_ == "attr" and c.lemma_.lower() in _APPOS_HEADS
                                       for c in v.children)
        if v.pos_ == "NOUN" and lemma in _TRIGGER_NOUNS:
            # "Gigwell's takeover of Lumiwork", "the acquisition of Pinmark by Talentreach"
            slots = [c for c in v.children if c.dep_ == "poss"]
            slots += [p for c in v.children if c.dep_ == "prep" and c.lower_ in ("of", "by", "with")
                      for p in c.children if p.dep_ == "pobj"]
            slots += [p for o in slots if o.dep_ == "pobj" for c in o.children
                      if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
            out += _slot_names(doc, slots, taken)
            continue
        if not copula and (lemma not in _TRIGGER_VERBS or v.pos_ != "VERB"):
            continue
        slots = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        if v.dep_ == "advcl" and v.tag_ == "VBN" and v.i < v.head.i:
            slots += [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]   # "Backed by A, X now ..."
        if v.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in v.children):
            slots += [c for c in v.head.children if c.dep_ == "nsubj"]   # "Cactus helped to incubate X"
        slots += [p for d in slots if d.lemma_.lower() in ("partnership", "deal", "merger", "alliance",
                                                           "agreement", "collaboration", "investment")
                  for c in d.children if c.dep_ == "prep" and c.lower_ in ("with", "between", "in")
                  for p in c.children if p.dep_ == "pobj"]
        slots += [p for c in v.children if c.dep_ in ("prep", "agent") and c.lower_ in ("with", "in", "from", "by")
                  for p in c.children if p.dep_ == "pobj"]
        out += _slot_names(doc, slots, taken)
    return out


_TRIGGER_NOUNS = {"acquisition", "takeover", "purchase", "buyout", "merger"}


def _slot_names(doc, slots, taken) -> list[Mention]:
    """Organisation names in the argument slots found by :func:`_trigger_arguments`."""
    out = []
    for t in slots:
        for g in [t] + [c for c in t.conjuncts if c.i > t.i]:
            unknown_noun = g.pos_ == "NOUN" and g.is_title and g.is_oov and len(doc.vocab.vectors) > 0
            if g.ent_type_ == "NORP" and g.is_oov and len(doc.vocab.vectors) > 0:
                pass            # "the acquisition of Talentis" (NER: NORP): no nationality word is unknown
            elif taken[g.i] or g.pos_ != "PROPN" and not unknown_noun or not g.text[:1].isupper() or g.ent_type_ in (
                    "DATE", "MONEY", "CARDINAL", "PERCENT", "TIME", "ORDINAL", "GPE", "LOC", "NORP"):
                continue
            start, end = _name_span(doc, g, taken)
            span = doc[start:end]
            if not _good_name(span) or span.text.casefold() in GENERIC_NAMES or \
                    any(w.lower_ in TITLES for w in span):
                continue
            out.append(Mention(start, end, span.text, schema.ORGANIZATION, "syntax", span.text))
            for i in range(start, end):
                taken[i] = True
    return out


#: Verbs whose object (or passive subject) is something made or bought, never a person.
_MADE_THINGS_VERBS = {"found", "co-found", "cofound", "launch", "co-launch", "establish", "incubate", "acquire",
                      "buy", "fund", "co-fund", "spin"}
_ROUND_WORDS = {"round", "series", "seed", "funding", "ipo"}
_ORG_ONLY_VERBS = {"acquire", "partner", "merge", "raise", "collaborate", "incubate"}


def _people_lists(doc, mentions) -> None:
    """"Jeremy Johnson and Iyinoluwa Aboyeji": a two- or three-word name NER called an
    organisation, listed with people only, with no organisation word in it, is a person."""
    type_at = {m.start: m for m in mentions}
    root_of = {doc[m.start:m.end].root.i: m for m in mentions}
    for m in mentions:
        span = doc[m.start:m.end]
        words = [t for t in span if t.text != "-"]      # "Jean-Baptiste" is one name, three tokens
        if m.type != schema.ORGANIZATION or m.typed_by not in ("ner",) or not (2 <= len(words) <= 3):
            continue
        if not all(t.is_title and t.pos_ == "PROPN" for t in words) or \
                any(t.lower_ in NAME_HEAD_TYPES or t.lower_ in _NAME_SUFFIXES for t in words) or \
                _foreign_org_name(span):
            continue
        partners = [root_of[c.i] for c in span.root.conjuncts if c.i in root_of]
        if partners and all(p.type == schema.PERSON for p in partners):
            m.type, m.typed_by = schema.PERSON, "cue"


def _org_slots(doc, mentions) -> None:
    """A lone word NER called a person but that acquires, merges, partners or raises money, and
    is no one's surname here, is an organisation ("Gigbridge partnered with Zentrix")."""
    surnames = {m.text.split()[-1] for m in mentions if m.type == schema.PERSON and " " in m.text}
    for m in mentions:
        if m.type != schema.PERSON or m.end - m.start != 1 or m.text in surnames:
            continue
        t = doc[m.start]
        verb = t.head.head if t.dep_ == "pobj" else t.head
        noun = t.head if t.dep_ == "poss" else t.head.head if t.dep_ == "pobj" else None
        if verb.lemma_.lower() in _ORG_ONLY_VERBS and t.dep_ in ("nsubj", "dobj", "pobj", "conj"):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"
        elif t.dep_ in ("dobj", "nsubjpass") and t.head.lemma_.lower() in _MADE_THINGS_VERBS:
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "co-founded Tarefa", "Kazimo was launched"
        elif t.dep_ == "nsubj" and any(p.dep_ == "poss" and p.lower_ == "its" for o in t.head.children
                                       if o.dep_ in ("dobj", "attr") for p in o.children):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Nordjobb has completed its acquisition"
        elif noun is not None and noun.pos_ in ("NOUN", "PROPN") and (
                noun.lemma_.lower() in _TRIGGER_NOUNS | _ROUND_WORDS or
                any(c.lemma_.lower() in _ROUND_WORDS for c in noun.children if c.dep_ == "compound")):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Lumiwork's Series B", "takeover of X"
        elif any(o.type in (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER)
                 for c in t.conjuncts for o in mentions if o.start <= c.i < o.end):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Gigbridge and Zentrix announced"
        elif m.start > 0 and doc[m.start - 1].text == "(" and m.end < len(doc) and doc[m.end].text == ")" \
                and m.start > 1 and doc[m.start - 2].ent_type_ == "PERSON":
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Xav Collins (Turo)"


def _propagate_names(doc, mentions, taken) -> list[Mention]:
    """Every other occurrence of a name already found is a mention too (NER is not consistent)."""
    patterns: dict[str, list[tuple[tuple[str, ...], Mention]]] = {}     # first word -> (words, source)
    seen = set()
    for m in mentions:
        if len(m.text) >= 2 and m.text not in seen and not _generic(doc, m.text):
            seen.add(m.text)
            words = tuple(t.text for t in doc[m.start:m.end])
            patterns.setdefault(words[0], []).append((words, m))
    words = [t.text for t in doc]
    matches = [(i, i + len(p), src) for i, w in enumerate(words) for p, src in patterns.get(w, ())
               if tuple(words[i:i + len(p)]) == p]
    out = []
    for start, end, src in sorted(matches, key=lambda x: (x[0], -(x[1] - x[0]))):
        if any(taken[start:end]):
            continue
        first = doc[start]
        if end - start == 1 and first.is_sent_start and first.pos_ != "PROPN" and \
                not (first.is_oov or first.text[1:] != first.text[1:].lower()):
            continue
        if doc[start].ent_type_ in ("DATE", "CARDINAL", "MONEY", "PERCENT", "ORDINAL", "TIME", "QUANTITY"):
            continue
        out.append(Mention(start, end, src.text, src.type, "propagated", doc[start:end].text,
                           "gazetteer" if src.typed_by == "gazetteer" else "copy", gaz_name=src.gaz_name))
        for i in range(start, end):
            taken[i] = True
    return out


def _unify_types(mentions: list[Mention]) -> None:
    """One name, one type: NER may call "Passionfruit" a place once and an organisation twice."""
    weight = {"gazetteer": 100, "cue": 10, "name": 5, "ner": 1, "copy": 0}
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    surnames = Counter(m.text for m in mentions if m.type == schema.PERSON and " " not in m.text)
    for group in groups.values():
        words = group[0].text.split()
        if len({m.type for m in group}) < 2 and not (
                2 <= len(words) <= 3 and group[0].type == schema.ORGANIZATION and surnames[words[-1]]
                and all(m.typed_by == "ner" for m in group) and not _org_words(words)):
            continue
        votes: dict[str, int] = {}
        for m in group:
            votes[m.type] = votes.get(m.type, 0) + weight.get(m.typed_by, 1)
        person_name = 2 <= len(words) <= 3 and not _org_words(words) and surnames[words[-1]] > 0
        if person_name:
            # "Amara Okafor" (NER: ORG once) ... "Okafor is chief executive" (PERSON): a person
            votes[schema.PERSON] = votes.get(schema.PERSON, 0) + surnames[words[-1]]
        best = max(votes, key=lambda t: (votes[t], t == schema.PERSON and person_name, t != schema.PLACE))
        if best == schema.PERSON and person_name:
            for m in group:
                if m.typed_by in ("ner", "copy") and m.type != best:
                    m.type, m.typed_by = best, "unified"
            continue
        for m in group:
            one_word = " " not in m.text
            if m.typed_by in ("ner", "name", "copy") and m.type != best and \
                    (schema.PERSON not in (m.type, best) or (one_word and best != schema.PLACE)
                     # "Indy Compta, a Paris startup" once outweighs NER calling it a person later
                     or m.typed_by == "ner" and votes[best] >= 10 and votes[best] > votes[m.type]
                     # a two-word name NER once took for a place ("Camille Dubois" in a headline)
                     or m.type == schema.PLACE and best == schema.PERSON):
                m.type, m.typed_by = best, "unified"


def _org_words(words) -> bool:
    """Whether a name carries a word only organisations, events and places have in their names."""
    low = {w.lower().strip(".,") for w in words}
    return bool(low & (set(NAME_HEAD_TYPES) | _NAME_SUFFIXES | _BODY_HEADS | _CORPORATE_SUFFIXES |
                       {"labs", "studio", "works", "digital", "global", "app", "network", "hub", "media"}))


def _has_org_cue(doc, start, end) -> bool:
    return bool(descriptor_words(doc, start, end) & set().union(*CUE_TYPES.values()))


def descriptor_words(doc, start: int, end: int) -> set[str]:
    """Lemmas of common nouns that describe the name at [start, end): premodifiers
    ("freelance platform Contra"), appositions ("Contra, a platform"), copula ("X is a fund"),
    list heads ("investors including X"), "X-backed", "the X platform"."""
    words: set[str] = set()
    root = doc[start:end].root
    heads = [root]
    # conjuncts share the description of the first item ("investors including A, B and C")
    t = root
    while t.dep_ == "conj" and t.head != t:
        t = t.head
        heads.append(t)
    for h in heads:
        for c in h.children:
            if c.dep_ in ("compound", "amod", "nmod", "appos") and (c.pos_ == "NOUN" or c.pos_ == "PROPN"
                                                                    and c.is_lower):
                words.add(c.lemma_.lower())
                if c.dep_ == "appos":       # "Quillo, a briefing and invoicing app"
                    words.update(x.lemma_.lower() for x in c.conjuncts if x.pos_ == "NOUN")
        if h.dep_ == "appos" and h.head.pos_ == "NOUN" and not (
                h.head.dep_ == "pobj" and h.i > h.head.i and
                not any(c.dep_ in ("nsubj", "nsubjpass") for c in h.sent.root.children)):
            words.add(h.head.lemma_.lower())    # not "On the sidelines of the summit, APPI and Malt announced"
        if h.dep_ in ("compound", "amod", "nmod") and h.head.pos_ == "NOUN" and h.head.i == end:
            words.add(h.head.lemma_.lower())     # "the Upwork platform"
        if h.dep_ == "pobj" and h.head.lower_ in ("including", "like", "as") and h.head.head.pos_ == "NOUN":
            words.add(h.head.head.lemma_.lower())
        if h.dep_ in ("oprd", "dobj", "attr") and h.head.lemma_ in ("call", "name", "dub", "brand") and \
                h.head.dep_ == "acl" and h.head.head.pos_ == "NOUN":
            words.add(h.head.head.lemma_.lower())     # "the programme, called Ajira Plus"
        if h.dep_ == "oprd" and h.head.lemma_ in ("call", "name", "dub"):
            for c in h.head.children:       # "The programme, called Ajira Plus, ..." parsed as a clause
                if c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.i < h.i:
                    words.add(c.lemma_.lower())
        if h.dep_ == "nsubj" and h.head.lemma_ == "be":
            for c in h.head.children:
                if c.dep_ == "attr" and c.pos_ == "NOUN":
                    words.add(c.lemma_.lower())
    # "Skillmint, a Berlin-based marketplace for ..." even when the parser missed the apposition
    if end + 2 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in ("a", "an", "the"):
        for k in range(end + 2, min(end + 8, len(doc))):
            t = doc[k]
            if t.pos_ == "NOUN" and k + 1 < len(doc) and doc[k + 1].tag_ == "POS":
                continue        # "Demir, the company's CEO": the company is someone else
            nounish = lambda x: x.pos_ == "NOUN" or x.pos_ == "PROPN" and x.is_lower  # noqa: E731
            if nounish(t) and not (k + 1 < len(doc) and nounish(doc[k + 1])):
                words.add(t.lemma_.lower())
                break
            if t.is_punct and t.text != "-" or t.pos_ in ("VERB", "AUX", "ADP") and t.lower_ != "based":
                break
    # immediate left neighbour noun ("platform Contra", "investors Horowitz")
    if start > 0 and doc[start - 1].pos_ == "NOUN" and doc[start - 1].is_lower:
        words.add(doc[start - 1].lemma_.lower())
    # "X-backed" / "X-funded"
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in ("backed", "funded"):
        words.add("backer")
    return words


_ORG_HEAD_NOUNS = {"ceo", "cto", "coo", "cfo", "founder", "co-founder", "cofounder", "executive",
                   "chairman", "chair", "investor", "investors", "round", "funding", "staff", "employees",
                   "platform", "app", "board", "shareholders", "customers", "users"}


def _unknown_word_name(doc, m) -> bool:
    """A name the model has no word vector for (an invented brand, not a known city)."""
    if not len(doc.vocab.vectors):
        return False          # models without vectors cannot tell
    return all(t.is_oov for t in doc[m.start:m.end] if t.is_alpha)


def _org_position(root) -> bool:
    """"CEO of X", "X's seed round", "X's founder": slots a place does not fill."""
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "at") and root.head.head.lemma_.lower() in _ORG_HEAD_NOUNS:
        return True
    if root.dep_ == "pobj" and root.head.lower_ in ("of", "by") and \
            root.head.head.lemma_.lower() in _TRIGGER_NOUNS:
        return True         # "the acquisition of Pinmark by Talentreach"
    return root.dep_ == "poss" and root.head.lemma_.lower() in _ORG_HEAD_NOUNS | {"seed", "series"}


#: Nouns that describe a person, in apposition or as a list head ("A and B, both former employees").
PERSON_CUES = {"employee", "founder", "co-founder", "cofounder", "entrepreneur", "designer", "translator",
               "developer", "engineer", "journalist", "economist", "researcher", "architect", "freelancer",
               "student", "ceo", "cto", "coo", "cfo", "executive", "consultant", "spokesperson", "director",
               "manager", "analyst", "editor", "writer", "programmer", "courier", "driver", "woman", "man",
               "head", "chair", "chairman", "chairwoman", "chairperson", "president", "officer", "correspondent",
               "reporter", "professor", "lecturer", "secretary", "treasurer", "lawyer", "attorney", "adviser",
               "advisor", "strategist", "organiser", "organizer", "campaigner", "principal", "associate",
               "vice-president", "vp", "lead", "leader", "chief", "author", "owner", "spokeswoman", "spokesman",
               "mp", "mep", "senator", "minister", "councillor", "councilor", "councilmember", "mayor", "politician",
               "lawmaker", "legislator"}
#: Chambers whose members are people ("a member of parliament"; "a member of the coalition" is not).
_CHAMBERS = {"parliament", "congress", "house", "senate", "bundestag", "assembly", "legislature", "lords",
             "commons", "cortes", "riksdag", "knesset", "sejm", "storting", "folketing"}
#: Role nouns after which "at X" names an employer, not a place ("a partner at McKinsey").
_EMPLOYER_SLOT_NOUNS = {"president", "vice", "partner", "director", "manager", "executive", "engineer",
                        "analyst", "officer", "head", "employee", "consultant", "researcher", "associate",
                        "year", "month", "stint", "job", "career", "decade", "operations", "product", "marketing",
                        "chief", "lead", "staff", "intern", "designer", "developer", "economist", "founder"}


def _person_apposition(root) -> bool:
    """Whether the name (or the list it is in) has a person noun in apposition, or is the one
    hired or appointed "as" something ("has hired Juliana Costa as chief executive")."""
    group = [root, *root.conjuncts]
    if root.dep_ == "dobj" and root.head.lemma_.lower() in _HIRING_VERBS and \
            any(c.dep_ == "prep" and c.lower_ == "as" for c in root.head.children):
        return True
    if root.dep_ == "nsubj" and root.head.lemma_ == "be" and \
            any(c.dep_ == "attr" and c.lemma_.lower() in PERSON_CUES | {"chair", "chairman", "president"}
                for c in root.head.children):
        return True         # "Mateo Quispe is the co-founder and CEO of Obrero Digital"
    if root.dep_ == "nsubjpass" and root.head.lemma_.lower() in _HIRING_VERBS and \
            any(c.dep_ in ("oprd", "attr") and c.pos_ != "PROPN" for c in root.head.children):
        return True         # "Ana Souza has been elected general secretary of X" (not "named Platform of the Year")
    before = root.doc[root.left_edge.i - 1] if root.left_edge.i > 0 else None
    if any(c.dep_ == "relcl" and any(w.lower_ == "who" and w.dep_ in ("nsubj", "nsubjpass") for w in c.children)
           for c in root.children) and not (before is not None and before.is_lower and before.pos_ == "NOUN"):
        return True         # "A, who directs the association" (not "the group A Better Balance, who")
    return any(c.dep_ == "appos" and (c.lemma_.lower() in PERSON_CUES or _chamber_member(c))
               for h in group for c in h.children)


def _bodies_of_member(noun) -> list:
    """What "member of" names: the objects of a "member" noun's "of"."""
    if noun.lemma_.lower() != "member":
        return []
    return [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]


def _chamber_member(noun) -> bool:
    """"a member of parliament", "a member of the House of Representatives"."""
    return any(o.lemma_.lower() in _CHAMBERS for o in _bodies_of_member(noun))


def _member_of_a_body(t) -> bool:
    """A one-word name with "a member of" an association, coalition or network in apposition:
    an organisation (people in apposition have two names: "Anouk de Vries, a member of ...")."""
    return any(not _chamber_member(c) and any(o.ent_type_ == "ORG" or o.lemma_.lower() in _APPOS_HEADS
                                              for o in _bodies_of_member(c)[:1])
               for c in t.children if c.dep_ == "appos")


#: Occupation nouns that stand right before a person's name ("angel investor A", "journalist B").
_PERSON_PREMODS = {"investor", "angel", "journalist", "researcher", "illustrator", "writer", "designer",
                   "economist", "nurse", "lawyer", "entrepreneur", "photographer", "developer", "engineer",
                   "freelancer", "activist", "author", "artist", "reporter", "columnist", "professor",
                   "senator", "councillor", "councilmember", "academic", "translator", "musician", "actor",
                   "filmmaker", "broadcaster", "novelist", "poet", "scientist", "peer", "minister",
                   "youtuber", "influencer", "podcaster", "streamer", "blogger", "vlogger", "tiktoker"}
_HIRING_VERBS = {"hire", "appoint", "name", "promote", "recruit", "tap", "elect", "install", "choose"}


def _employer_slot(root, nouns_only: bool = False) -> bool:
    """Whether the name is where someone works: "vice president at Zalando", "worked at McKinsey",
    "joins from Malt"; ``nouns_only``: only after a post ("consultants at Roland Berger"), the
    test for names NER calls people."""
    while root.dep_ == "conj" and root.head != root:
        root = root.head            # "worked at Zalando and McKinsey"
    if root.dep_ != "pobj":
        return False
    prep, head = root.head.lower_, root.head.head.lemma_.lower()
    if nouns_only:
        return prep == "at" and head in _EMPLOYER_SLOT_NOUNS and root.head.head.pos_ == "NOUN"
    return prep == "at" and (head in _EMPLOYER_SLOT_NOUNS or head in ("work", "intern", "stay", "train")) or \
        prep == "from" and head in _MOVED_FROM_VERBS      # "she joins from Zalando"


_MOVED_FROM_VERBS = {"join", "poach", "hire", "recruit", "defect"}


#: nouns for a company's people: a one-word name before them is the company ("Zalando executive")
_STAFF_NOUNS = {"executive", "employee", "engineer", "manager", "staffer", "spokesperson", "spokesman",
                "spokeswoman", "alum", "alumnus", "veteran", "analyst", "founder", "co-founder", "cofounder",
                "ceo", "cto", "coo", "cfo", "boss", "partner", "investor", "director", "colleague",
                "consultant"}

#: Verbs whose subject, with a sum or a round as object, is a company ("Brisa closed a €22 million Series B").
_ROUND_VERBS = {"raise", "close", "secure", "land", "complete", "announce", "bag", "net"}
#: verbs whose object is what was set up: never a person
_FOUNDING_VERBS = {"found", "co-found", "cofound", "launch", "start", "establish", "incorporate"}

_ACQUIRE_FUND_VERBS = {"acquire", "buy", "purchase", "back", "fund", "finance", "incubate"}


def _org_verb_slot(root) -> bool:
    """A one-word name in a slot only an organisation fills: what is bought, backed or funded, the
    buyer of a passive acquisition ("was bought by Brieflane"), what is invested in."""
    head = root.head
    if root.dep_ == "dobj" and head.lemma_.lower() in _ACQUIRE_FUND_VERBS - {"back", "fund", "finance"}:
        return True
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent" and \
            head.head.lemma_.lower() in ("acquire", "buy", "purchase"):
        return True
    return root.dep_ == "nsubj" and head.lemma_.lower() in ("acquire", "buy", "purchase")


_VENUE_WORDS = {"centre", "center", "hall", "arena", "hotel", "building", "park", "house", "stadium", "campus",
                "hub", "square", "palace", "pavilion", "venue", "theatre", "theater", "forum"}
_INNER_EVENT_WORDS = {"summit", "conference", "congress", "festival", "expo", "hackathon", "awards", "week", "day"}


def _type_mention(doc, m: Mention, index) -> None:
    entry = index.get(m.key) or index.get(identity.normalize(re.sub(r"\.com$", "", m.text)))
    if entry is not None and (m.origin == "gazetteer" or m.type != schema.PERSON or entry.type == schema.PERSON
                              or m.end - m.start == 1 or entry.type == schema.PLACE):
        if m.type != schema.PLACE or entry.type == schema.PLACE or m.origin == "gazetteer":
            m.type, m.typed_by, m.gaz_name = entry.type, "gazetteer", entry.name
            return
    words = descriptor_words(doc, m.start, m.end)
    m.cues = words
    last = doc[m.end - 1].lower_
    if m.end - m.start > 2 and doc[m.end - 1].like_num:
        last = doc[m.end - 2].lower_        # "Indie Summit 2024"
    if m.type in (schema.ORGANIZATION, schema.PERSON) and m.end - m.start == 1 and m.origin == "ner" and \
            m.end + 1 < len(doc) and doc[m.end].text in ("-", "–") and doc[m.end + 1].lower_ in ("based",
                                                                                               "headquartered"):
        m.type, m.typed_by = schema.PLACE, "cue"         # "the Galway-based delivery platform"
        return
    root = doc[m.start:m.end].root
    if m.type == schema.PERSON and m.origin == "ner" and (
            root.dep_ == "pobj" and root.head.lower_ == "from" and root.head.head.lemma_.lower() in _MOVED_FROM_VERBS
            or m.end - m.start == 1 and root.dep_ == "dobj" and root.head.lemma_.lower() in ("join", "rejoin")):
        m.type, m.typed_by = schema.ORGANIZATION, "cue"   # "joins Lanzo from Mercado Libre"
        return
    if (m.type == schema.PLACE or m.type == schema.PERSON and m.end - m.start == 1) and m.origin == "ner" \
            and _employer_slot(doc[m.start:m.end].root) or \
            m.type == schema.PERSON and m.origin == "ner" and _employer_slot(doc[m.start:m.end].root, nouns_only=True):
        m.type, m.typed_by = schema.ORGANIZATION, "cue"   # "vice president at Zalando" (not in the place list)
        return
    if m.type == schema.PERSON:
        if m.start > 0 and doc[m.start - 1].is_lower and doc[m.start - 1].lemma_.lower() in _PERSON_PREMODS:
            return          # "angel investor Wanjiru Kamau" is a person whatever else is said
        root = doc[m.start:m.end].root
        if m.end - m.start == 1 and _member_of_a_body(root):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Taakwijs, a member of the coalition"
            return
        described = any(c.dep_ == "appos" and c.lemma_.lower() in _APPOS_HEADS and c.left_edge.i <= m.end + 1
                        for c in root.children)     # "Kvik Talent, the Gothenburg marketplace"
        if m.end - m.start >= 2 and not described and _person_apposition(root):
            return          # "Ana Souza has been elected general secretary", "A, who directs ..."
        k = m.end
        while k < len(doc) and k < m.end + 3 and doc[k].lower_ in _PREMOD_ROLES | {"-", "co"}:
            k += 1
        if k > m.end and k < len(doc) and doc[k].ent_type_ == "PERSON" and doc[k].pos_ == "PROPN":
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Codeyard co-founder Yasmin Aziz"
            return
        if _before_bracketed_place(doc, m.end) and any(
                c.ent_type_ != "PERSON" and c.pos_ == "PROPN" and _before_bracketed_place(doc, c.i + 1)
                for c in root.conjuncts):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Tasqa (Spain) and Pracuj Solo (Poland)"
            return
        if root.dep_ == "conj" and root.head.ent_type_ == "PERSON" and m.end + 2 < len(doc) and \
                doc[m.end].text == "," and doc[m.end + 1].lower_ == "the" and doc[m.end + 2].dep_ == "nsubj":
            return          # "by Inês Carvalho and Tomás Reis, the startup ...": listed with a person
        # NER calls some companies persons; a strong company cue overrides ("startup Gigster")
        if words & {"initiative", "campaign", "programme", "scheme", "summit", "conference", "festival"} \
                and m.end - m.start > 1:
            m.type, m.typed_by = schema.EVENT, "cue"    # "Ajira Digital, the government initiative"
        elif words & (CUE_TYPES[schema.PLATFORM] - {"network", "service", "site"}):
            m.type, m.typed_by = schema.PLATFORM, "cue"
        elif words & {"company", "firm", "organization", "organisation", "operator", "rival", "provider",
                      "maker", "brand", "startup", "start-up", "investor", "fund", "agency", "consultancy",
                      "association", "union", "nonprofit", "non-profit", "bank", "cooperative", "studio",
                      "lender", "insurer", "charity", "federation", "coalition", "magazine", "newspaper",
                      "publication", "outlet", "issuer", "publisher", "broadcaster", "chain", "accelerator",
                      "incubator", "collective", "guild", "network", "community", "foundation", "trust"}:
            m.type, m.typed_by = schema.ORGANIZATION, "cue"
        elif m.end - m.start == 1 and root.dep_ == "compound" and root.head.lemma_.lower() in _STAFF_NOUNS:
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "a former Zalando executive"
        elif m.end - m.start == 1 and _unknown_word_name(doc, m) and any(
                c.dep_ == "amod" and c.lower_ in ("based", "headquartered") for c in root.children):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Lagos-based Gigwave"
        elif root.dep_ == "dobj" and root.head.pos_ == "VERB" and (
                root.head.lemma_.lower() in _FOUNDING_VERBS or root.head.lemma_ == "set" and any(
                    c.dep_ == "prt" and c.lower_ == "up" for c in root.head.children)):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "who started Brieflane", "before launching Lumo Talent"
        elif m.end - m.start == 1 and _org_verb_slot(root):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "was bought by Brieflane", "backed Crewline"
        elif root.dep_ == "nsubj" and root.head.lemma_ in _ROUND_VERBS and any(
                t.ent_type_ == "MONEY" or t.lower_ in ("round", "series") for c in root.head.children
                if c.dep_ == "dobj" for t in c.subtree):
            m.type, m.typed_by = schema.ORGANIZATION, "cue"     # "Kazi Hub had raised $9 million"
        return
    name_type = NAME_HEAD_TYPES.get(last) if m.end - m.start > 1 else None
    inner = doc[m.start + 1:m.end - 1]
    if name_type is None and m.end - m.start > 2 and any(t.lower_ in _INNER_EVENT_WORDS for t in inner) \
            and doc[m.end - 1].lower_ not in _BODY_HEADS | _VENUE_WORDS:
        name_type = schema.EVENT        # "Independent Work Summit Asia", "Freelance Expo 2025 Berlin"
    if m.type in (schema.ORGANIZATION, schema.PLACE) and m.typed_by != "gazetteer" and 2 <= m.end - m.start <= 4 and \
            _person_like_name(doc[m.start:m.end]) and name_type is None and \
            not _foreign_org_name(doc[m.start:m.end]) and _person_apposition(doc[m.start:m.end].root):
        m.type, m.typed_by = schema.PERSON, "cue"      # "Elif Demir, a former employee of ..."
        return
    if m.type in (schema.ORGANIZATION, schema.PLACE) and m.typed_by != "gazetteer" and 2 <= m.end - m.start <= 3 and \
            all(t.is_title for t in doc[m.start:m.end]) and name_type is None and m.start > 0 and \
            not _foreign_org_name(doc[m.start:m.end]) and \
            (doc[m.start - 1].is_lower and doc[m.start - 1].lemma_.lower() in _PERSON_PREMODS or
             doc[m.start - 1].lower_ in _PREMOD_ROLES and doc[m.start - 1].dep_ == "compound" or
             doc[m.start - 1].text in ("MP", "MEP", "MSP", "MLA")):
        m.type, m.typed_by = schema.PERSON, "cue"      # "angel investor Wanjiru Kamau", "Labour MP Justin Madders"
        return
    if m.type == schema.PLACE and name_type in (schema.EVENT, schema.ORGANIZATION, schema.FUNDER):
        m.type, m.typed_by = name_type, "name"      # "Asia Pacific Freelance Summit" is no place
        return
    first = doc[m.start].sent[0] if m.start < len(doc) else None
    if m.type == schema.PLACE and m.end - m.start == 1 and doc[m.start].is_oov and len(doc.vocab.vectors) and \
            m.start >= 2 and doc[m.start - 1].text == "," and first is not None and first.tag_ == "VBN" and \
            first.lemma_.lower() in ("found", "co-found", "launch", "establish", "start", "create", "back", "fund"):
        m.type, m.typed_by = schema.ORGANIZATION, "name"     # "Founded in 2017 by A and B, Stafflane lets ..."
        return
    if m.type == schema.PLACE and m.end - m.start == 1 and doc[m.start].is_oov and len(doc.vocab.vectors) and \
            m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 1].ent_type_ == "GPE" and \
            doc[m.end + 2].text == ")":
        m.type, m.typed_by = schema.ORGANIZATION, "name"     # "Gigbridge (Netherlands), Tasqa (Spain)"
        return
    if m.type == schema.PLACE and (m.start >= 2 and doc[m.start - 1].lower_ in ("based", "headquartered")
                                   and doc[m.start - 2].text in ("-", "–") or
                                   m.end - m.start == 1 and doc[m.start].is_oov and
                                   any(c.dep_ == "poss" and c.ent_type_ == "GPE"
                                       for c in doc[m.start:m.end].root.children)):
        m.type, m.typed_by = schema.ORGANIZATION, "name"    # "Mumbai-based Kaamwala" (a "startup" cue still wins)
        return
    if m.type == schema.PLACE:
        root = doc[m.start:m.end].root
        verb = root.head.head if root.dep_ == "pobj" else root.head
        strong_platform = words & {"platform", "marketplace", "startup", "start-up", "app", "portal", "tool",
                                   "software", "neobank", "wallet"}
        strong_funder = words & {"investor", "fund", "vc", "backer"}
        if root.dep_ == "compound" and root.head.i == m.end and root.head.pos_ == "NOUN" and \
                not _unknown_word_name(doc, m) and (m.start == 0 or doc[m.start - 1].lower_ in ("a", "an", "the")):
            return          # "Tarifa, a Quebec City platform": a known place describing the platform
        if strong_platform or strong_funder:
            m.type, m.typed_by = (schema.PLATFORM if strong_platform else schema.FUNDER), "cue"
        elif words & {"group", "organization", "organisation", "company", "firm", "association", "consultancy",
                      "agency", "studio", "cooperative", "nonprofit", "non-profit", "union", "bank", "lender",
                      "insurer", "provider", "operator", "maker", "shop", "charity", "guild", "collective",
                      "accelerator", "incubator", "hub", "network", "community", "chain", "school"}:
            m.type, m.typed_by = schema.ORGANIZATION, "cue"
        elif (root.dep_ == "pobj" and root.head.lower_ in ("in", "into") and
              root.head.head.lemma_.lower() in ("round", "stake", "investment", "funding", "financing")) or \
                (root.dep_ == "dobj" and root.head.lemma_ in ("acquire", "buy", "fund", "back", "found",
                                                           "launch", "join", "incubate")) or \
                (root.dep_ == "pobj" and root.head.lower_ == "in" and verb.lemma_ in ("invest",)) or \
                (root.dep_ == "nsubj" and root.head.lemma_ in ("raise", "hire", "launch", "announce",
                                                               "acquire", "employ")) or \
                (root.dep_ == "nsubjpass" and root.head.lemma_ in ("found", "co-found", "establish", "launch",
                                                                   "acquire", "back", "fund", "incubate",
                                                                   "buy")) or \
                (_unknown_word_name(doc, m) and _org_position(root)):
            m.type, m.typed_by = schema.ORGANIZATION, "ner"   # a place does not raise money
        return
    if name_type is not None and last in ("accelerator", "incubator"):
        m.type, m.typed_by = name_type, "name"      # "Ruche Accelerator, a Montreal programme" is no event
        return
    for t in (schema.EVENT, schema.FUNDER, schema.PLATFORM):
        if words & CUE_TYPES[t] and not (t == schema.EVENT and m.type != schema.EVENT and
                                         words & {"hearing", "panel", "series"}):
            if t == schema.PLATFORM and words <= {"network", "service", "site", "exchange"} \
                    and m.type == schema.ORGANIZATION and name_type:
                continue
            m.type, m.typed_by = t, "cue"
            return
    if name_type is not None:
        m.type, m.typed_by = name_type, "name"
