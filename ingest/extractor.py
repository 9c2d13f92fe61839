"""The rule-based extractor ``fkg.rules/7``: Document -> Extraction (entities + relations).

Pipeline per document: spaCy parse (batched with ``nlp.pipe``) -> named mentions
(:mod:`entities`: NER + gazetteer + typing, stripped-link gaps) -> in-document entities and
reference resolution (:mod:`references`) -> dependency rules (:mod:`relations`) -> only relations
whose types :func:`schema.allowed` accepts, with the evidence sentence and its character offsets.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Extraction, Relation

EXTRACTOR_NAME = "fkg.rules"
EXTRACTOR_VERSION = "7"
EXTRACTOR = f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"
_FUNDING_RULES = {"raise", "lead-round", "participate-round", "x-backed", "invest", "fund"}


def extract(document: Document, nlp=None) -> Extraction:
    """Entities and relations stated in ``document.text``."""
    from freelance_kg.ingest.nlp import load_nlp
    nlp = nlp or load_nlp()
    return extraction_from_doc(document, nlp(document.text), nlp)


def extract_many(documents: Iterable[Document], nlp=None, batch_size: int = 32,
                 n_process: int = 1) -> Iterator[Extraction]:
    """Extract many documents through ``nlp.pipe`` (``n_process`` worker processes), in order."""
    from freelance_kg.ingest.nlp import load_nlp
    nlp = nlp or load_nlp()
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield extraction_from_doc(document, doc, nlp)


def extraction_from_doc(document: Document, doc, nlp) -> Extraction:
    """The Extraction of one already parsed spaCy Doc."""
    from freelance_kg.ingest.entities import find_gaps, find_mentions
    from freelance_kg.ingest.references import Resolver, cluster
    from freelance_kg.ingest.relations import RULES, Context, former_names

    mentions = find_mentions(doc, nlp)
    doc_entities = cluster(doc, mentions)
    gaps = [g for sent in doc.sents for g in find_gaps(sent)]
    resolver = Resolver(doc, mentions, doc_entities, gaps)
    # first pass: an organisation the text shows funding rounds is a Funder (schema: "whose role
    # in the text is to invest in or fund others"); then extract with the corrected types
    _platforms_by_description(doc, resolver)
    ctx = Context(doc, resolver, gaps)
    candidates = [(sent, [c for rule in RULES for c in rule(ctx, sent)]) for sent in doc.sents]
    funders = {c.subject.index for _, found in candidates for c in found
               if c.predicate == "FUNDS" and c.rule in _FUNDING_RULES}
    retyped = False
    for de in doc_entities:
        if de.index in funders and de.type == schema.ORGANIZATION and not de.gazetteer_type:
            de.role_type = schema.FUNDER
            retyped = True
    if retyped:     # types steer some rules: extract again (most articles skip this second pass)
        ctx = ctx.fresh()
        candidates = [(sent, [c for rule in RULES for c in rule(ctx, sent)]) for sent in doc.sents]
    # a former name ("operated under the name Y", "formerly known as Y") is an alias, not an entity
    renamed = {old.index: new for sent in doc.sents for old, new in former_names(ctx, sent)}

    entities: dict[str, Entity] = {}
    ids: dict[int, str] = {}
    for de in sorted(doc_entities, key=lambda e: e.first):
        if de.index in renamed:
            continue
        ent = Entity.make(de.name, de.type, de.surfaces)
        if ent.id in entities:
            entities[ent.id].add_aliases([ent.name, *ent.aliases])
        else:
            entities[ent.id] = ent
        ids[de.index] = ent.id
    for old_index, new in renamed.items():
        while new.index in renamed and renamed[new.index].index != old_index:
            new = renamed[new.index]
        if new.index in ids:
            old = next(de for de in doc_entities if de.index == old_index)
            entities[ids[new.index]].add_aliases([old.name, *old.surfaces])
            ids[old_index] = ids[new.index]

    relations: dict[tuple, Relation] = {}
    for sent, found in candidates:
        for c in found:
            if not schema.allowed(c.predicate, c.subject.type, c.object.type):
                continue
            role = c.role if c.predicate in schema.ROLE_PREDICATES else None
            text = sent.text.strip()
            offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            ev = Evidence(document.id, text, offset, offset + len(text), EXTRACTOR,
                          c.confidence, role)
            rel = Relation(ids[c.subject.index], c.predicate, ids[c.object.index], role, [ev])
            if rel.subject == rel.object:
                continue
            if rel.key in relations:
                relations[rel.key].merge(rel)
            else:
                relations[rel.key] = rel
    return Extraction(document, list(entities.values()), list(relations.values()))


#: Descriptions that call an organisation a platform ("the marketplace", "the app").
_PLATFORM_WORDS = {"platform", "marketplace", "app"}


def _platforms_by_description(doc, resolver) -> None:
    """An organisation the text later calls "the platform" / "the marketplace" / "the app" (with
    no platform named in reach for it to mean) is a platform: the schema types the company that
    runs a platform as the platform."""
    from freelance_kg.ingest.references import BODY_WORDS, NEW_THING_MODIFIERS, institution

    for tok in doc:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in _PLATFORM_WORDS or resolver.entity_at(tok.i):
            continue
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "poss")}
        mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound")}
        if not dets & {"the", "this"} or mods & NEW_THING_MODIFIERS or \
                any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue
        if resolver._closest(tok.i, (schema.PLATFORM,), max_sents=2) is not None:
            continue
        e = resolver._salient(tok.i, (schema.ORGANIZATION,), max_sents=2)
        if e is not None and not e.gazetteer_type and e.role_type is None and not institution(e) and \
                not any(w.casefold() in BODY_WORDS for s in e.surfaces for w in s.split()):
            e.role_type = schema.PLATFORM


#: Named, versioned extractors (a plain registry; a behaviour change means a new version).
EXTRACTORS = {EXTRACTOR: extract}
