"""The one vocabulary: entity types, predicates, their domain/range and symmetry, RDF IRIs.

This mirrors ``shared/schema.md`` (schema v1). Nothing else in the code base invents a type or a
predicate: extractors, stores, exports and queries all take them from here.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION = "1"

# --- namespaces -----------------------------------------------------------------------------
FKG = "https://freelance-kg.org/ns#"          # project vocabulary (types and predicates schema.org lacks)
FKG_ENTITY = "https://freelance-kg.org/id/"    # entity IRIs:   FKG_ENTITY + entity id
FKG_DOC = "https://freelance-kg.org/doc/"      # document IRIs: FKG_DOC + content hash
FKG_EVIDENCE = "https://freelance-kg.org/ev/"  # evidence IRIs
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"

PREFIXES = {
    "fkg": FKG,
    "ent": FKG_ENTITY,
    "doc": FKG_DOC,
    "ev": FKG_EVIDENCE,
    "schema": SCHEMA,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "dct": DCT,
}


def sparql_prefixes() -> str:
    """The PREFIX block every named query and example may rely on."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


# --- entity types ---------------------------------------------------------------------------
PERSON, PLATFORM, ORGANIZATION, FUNDER, PLACE, EVENT = (
    "Person", "Platform", "Organization", "Funder", "Place", "Event")
ENTITY_TYPES: tuple[str, ...] = (PERSON, PLATFORM, ORGANIZATION, FUNDER, PLACE, EVENT)

#: rdf:type IRIs. Platform and Funder are also schema:Organization (added as a second rdf:type
#: so that generic schema.org consumers still see an organisation).
TYPE_IRI = {
    PERSON: SCHEMA + "Person",
    PLATFORM: FKG + "Platform",
    ORGANIZATION: SCHEMA + "Organization",
    FUNDER: FKG + "Funder",
    PLACE: SCHEMA + "Place",
    EVENT: SCHEMA + "Event",
}
IRI_TYPE = {iri: t for t, iri in TYPE_IRI.items()}
ORG_SUPERTYPE_IRI = SCHEMA + "Organization"

_ORGS = (ORGANIZATION, PLATFORM, FUNDER)


@dataclass(frozen=True)
class Predicate:
    name: str
    subjects: frozenset[str]
    objects: frozenset[str]
    symmetric: bool = False
    cues: str = ""

    @property
    def iri(self) -> str:
        return FKG + self.name

    def allows(self, subject_type: str, object_type: str) -> bool:
        """Whether (subject_type, object_type) respects the schema, either way round if symmetric."""
        if subject_type in self.subjects and object_type in self.objects:
            return True
        return self.symmetric and object_type in self.subjects and subject_type in self.objects


def _p(name, subjects, objects, symmetric=False, cues=""):
    return Predicate(name, frozenset(subjects), frozenset(objects), symmetric, cues)


PREDICATES: dict[str, Predicate] = {p.name: p for p in (
    _p("FOUNDED", (PERSON, *_ORGS), (*_ORGS, EVENT),
       cues="founded, co-founded, set up, created, launched, conceived, started"),
    _p("LEADS", (PERSON,), (*_ORGS, EVENT),
       cues="CEO, president, chair, director, head of, leads, runs, led by"),
    _p("WORKS_FOR", (PERSON,), _ORGS,
       cues="works at, executive of, VP, partner at, employee, analyst at"),
    _p("FUNDS", (PERSON, FUNDER, ORGANIZATION, PLATFORM), (ORGANIZATION, PLATFORM, EVENT),
       cues="funded, financed, invested in, backed, sponsored, raised from (reverse)"),
    _p("MEMBER_OF", (PERSON, *_ORGS), (ORGANIZATION,),
       cues="joined, member of, part of a coalition/association/board/parliament"),
    _p("PARTNERS_WITH", _ORGS, _ORGS, symmetric=True,
       cues="partnered, partnership, joint venture, collaborate with, alliance"),
    _p("AFFILIATED_WITH", _ORGS, _ORGS, symmetric=True,
       cues="sister organisation, branch of, subsidiary, parent company, division"),
    _p("ACQUIRED", _ORGS, (ORGANIZATION, PLATFORM),
       cues="acquired, bought, merged into (acquirer is subject)"),
    _p("PARTICIPATED_IN", (PERSON, *_ORGS), (EVENT, ORGANIZATION),
       cues="attended, took part in, spoke at, joined the meeting of"),
    _p("LOCATED_IN", (*_ORGS, EVENT), (PLACE,),
       cues="based in, headquartered in, set up in (city), Spanish/UK platform"),
)}
PREDICATE_NAMES: tuple[str, ...] = tuple(PREDICATES)
IRI_PREDICATE = {p.iri: name for name, p in PREDICATES.items()}
SYMMETRIC = frozenset(n for n, p in PREDICATES.items() if p.symmetric)

#: Predicates that carry a ``role`` attribute (schema.md: LEADS / WORKS_FOR / MEMBER_OF).
ROLE_PREDICATES = frozenset({"LEADS", "WORKS_FOR", "MEMBER_OF"})

#: Derived, never extracted (schema.md "Derived, never annotated").
KNOWS = "KNOWS"
MENTIONED_WITH = "MENTIONED_WITH"


def check_type(entity_type: str) -> str:
    """Return ``entity_type`` if it is one of the six types, else raise ValueError."""
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}; expected one of {', '.join(ENTITY_TYPES)}")
    return entity_type


def check_predicate(predicate: str) -> Predicate:
    """Return the Predicate for ``predicate``, else raise ValueError."""
    try:
        return PREDICATES[predicate]
    except KeyError:
        raise ValueError(f"unknown predicate {predicate!r}; expected one of {', '.join(PREDICATES)}") from None


def allowed(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether a relation respects the schema's subject/object types."""
    p = PREDICATES.get(predicate)
    return p is not None and p.allows(subject_type, object_type)
