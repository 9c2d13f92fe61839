"""Name normalisation and entity ids: the only place ids are made.

``normalize`` is what identity means here: case-folded, Unicode-normalised (NFKC), honorifics and
a leading "the" dropped, punctuation folded to spaces, and (for organisations) corporate suffixes
dropped. ``entity_id`` derives a stable, IRI-safe id from the type and that normal form.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from freelance_kg.graph import schema

#: Titles and honorifics that are never part of a name ("Hon. X" is X).
HONORIFICS = frozenset("""
hon honourable honorable rt right dr doctor mr mrs ms miss mx sir dame lord lady viscount viscountess
baron baroness earl countess prof professor rev reverend mp
""".split())

#: Corporate suffixes dropped from organisation names ("Upwork Inc." is Upwork).
CORPORATE_SUFFIXES = frozenset("""
inc incorporated ltd limited llc llp plc gmbh corp corporation co sa sas sarl ag bv nv srl spa pty pte
""".split())

_PUNCT_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
    "\u00a0": " ",
})
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_ORG_TYPES = (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER)


def clean_surface(name: str) -> str:
    """Tidy a surface form for display: NFKC, straight quotes, single spaces, no edge punctuation."""
    text = unicodedata.normalize("NFKC", name).translate(_PUNCT_FOLD)
    text = " ".join(text.split())
    return text.strip(" ,;:!?\"'()[]{}")


@lru_cache(maxsize=1 << 16)
def normalize(name: str, entity_type: str | None = None) -> str:
    """The comparison key of a name.

    >>> normalize("The Hon. Albert  Azis-Clauson")
    'albert azis clauson'
    >>> normalize("Upwork Inc.", "Platform")
    'upwork'
    """
    text = unicodedata.normalize("NFKC", name).translate(_PUNCT_FOLD).casefold()
    text = text.replace("'s ", "s ").replace("&", " and ")
    words = [w for w in _NON_WORD.sub(" ", text).split() if w]
    while words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    if entity_type in _ORG_TYPES or entity_type is None:
        while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
            words = words[:-1]
    return " ".join(words)


def _ascii_slug(key: str) -> str:
    decomposed = unicodedata.normalize("NFKD", key)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def entity_id(name: str, entity_type: str) -> str:
    """Stable id from type + normalised name, safe in IRIs, file names and Cypher values.

    Readable where the name is plain ASCII; otherwise a short hash of the normal form keeps
    distinct Unicode names distinct.

    >>> entity_id("Albert Azis-Clauson", "Person")
    'person/albert-azis-clauson'
    >>> entity_id("Zoë Müller", "Person") != entity_id("Zoe Muller", "Person")
    True
    """
    schema.check_type(entity_type)
    key = normalize(name, entity_type)
    if not key:   # a name of punctuation or symbols only: keep it distinct from other such names
        key = unicodedata.normalize("NFKC", name).casefold().strip()
        if not key:
            raise ValueError("an entity name cannot be empty")
    slug = _ascii_slug(key)
    if not slug or slug.replace("-", " ") != key:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}" if slug else digest
    return f"{entity_type.lower()}/{slug}"


def type_of_id(eid: str) -> str:
    """The entity type encoded in an id made by :func:`entity_id`."""
    prefix = eid.split("/", 1)[0]
    for t in schema.ENTITY_TYPES:
        if t.lower() == prefix:
            return t
    raise ValueError(f"not an entity id: {eid!r}")


def content_hash(text: str) -> str:
    """Document id: a hash of the text (so the same article ingested twice is one document)."""
    normal = unicodedata.normalize("NFC", text).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]
