"""The rule-based extractor ``fkg.rules/8``: Document -> Extraction (entities + relations).

Pipeline per document: spaCy parse (batched with ``nlp.pipe``) -> named mentions
(:mod:`entities`: NER + gazetteer + typing, stripped-link gaps) -> in-document entities and
reference resolution (:mod:`references`) -> dependency rules (:mod:`relations`) -> only relations
whose types :func:`schema.allowed` accepts, with the evidence sentence and its character offsets
-> for pairs of one sentence no rule links, the learned fallback ``fkg.pairs/1``
(:mod:`learned`), its relations marked with its own extractor name and a lower confidence.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Extraction, Relation

EXTRACTOR_NAME = "fkg.rules"
EXTRACTOR_VERSION = "8"
EXTRACTOR = f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}"
_SHIPPED = object()        # extraction_from_doc's default: the shipped learned model
_FUNDING_RULES = {"raise", "lead-round", "participate-round", "x-backed", "invest", "fund"}


def _funding_words() -> frozenset:
    """Words and lemmas without which none of ``_FUNDING_RULES`` fires and no rule sets the
    funding round's target (``Context.funding_target``)."""
    from freelance_kg.ingest.relations import FUND_VERBS, LEAD_VERBS, RAISE_VERBS
    return frozenset(FUND_VERBS | LEAD_VERBS | RAISE_VERBS |
                     {"raise", "invest", "participate", "take", "backed", "funded"})


def extract(document: Document, nlp=None, pairs=_SHIPPED, types=_SHIPPED) -> Extraction:
    """Entities and relations stated in ``document.text`` (``pairs``, ``types``: see
    :func:`extraction_from_doc`; default the shipped models)."""
    from freelance_kg.ingest.nlp import load_nlp
    nlp = nlp or load_nlp()
    return extraction_from_doc(document, nlp(document.text), nlp, pairs, types)


def extract_many(documents: Iterable[Document], nlp=None, batch_size: int = 32,
                 n_process: int = 1) -> Iterator[Extraction]:
    """Extract many documents through ``nlp.pipe`` (``n_process`` worker processes), in order."""
    from freelance_kg.ingest.nlp import load_nlp
    nlp = nlp or load_nlp()
    pairs = ((d.text, d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield extraction_from_doc(document, doc, nlp)


def prepare(nlp) -> None:
    """Build what extraction builds lazily for ``nlp`` (the gazetteer matcher) before the ingest
    starts parsing in a background thread."""
    from freelance_kg.ingest.entities import prepare as prepare_entities
    prepare_entities(nlp)


def extraction_from_doc(document: Document, doc, nlp, pairs=_SHIPPED, types=_SHIPPED,
                        gazetteer=None) -> Extraction:
    """The Extraction of one already parsed spaCy Doc. ``pairs``: the learned fallback for
    pairs no rule links (:mod:`learned`; default the shipped model, None for the
    rules alone), any object with ``decide(example) -> (class, probability) | None``.
    ``types``: the learned typing (:mod:`typer`; default the shipped model, None for the rules'
    types), any object with ``retype(doc, entities)``. ``gazetteer``: entries to use instead of
    :func:`entities.load_gazetteer`."""
    from freelance_kg.ingest import learned, typer
    from freelance_kg.ingest.entities import find_gaps, find_mentions
    from freelance_kg.ingest.references import Resolver, cluster
    from freelance_kg.ingest.relations import RULES, Context, former_names

    mentions = find_mentions(doc, nlp, gazetteer)
    doc_entities = cluster(doc, mentions)
    gaps = [g for sent in doc.sents for g in find_gaps(sent)]
    resolver = Resolver(doc, mentions, doc_entities, gaps)
    # first pass: an organisation the text shows funding rounds is a Funder (schema: "whose role
    # in the text is to invest in or fund others"); then extract with the corrected types
    _platforms_by_description(doc, resolver)
    ctx = Context(doc, resolver, gaps)
    sents = list(doc.sents)
    funding_words = _funding_words()
    # the funding rules fire only on sentences with a funding word, and the one state rules carry
    # from sentence to sentence (the funding round's target) is set only there: running those
    # sentences first gives the same funders as a full pass, and their candidates are kept
    # unless a retyping changes what the rules see
    funding, target_after = {}, {}
    for sent in sents:
        if not ctx.words(sent).isdisjoint(funding_words):
            funding[sent.start] = [c for rule in RULES for c in rule(ctx, sent)]
            target_after[sent.start] = ctx.funding_target
    funders = {c.subject.index for found in funding.values() for c in found
               if c.predicate == "FUNDS" and c.rule in _FUNDING_RULES}
    retyped = False
    for de in doc_entities:
        if de.index in funders and de.type == schema.ORGANIZATION and not de.gazetteer_type:
            de.role_type = schema.FUNDER
            retyped = True
    if retyped:     # types steer some rules: extract everything with the corrected types
        funding = {}
    ctx = ctx.fresh()
    candidates = []
    for sent in sents:
        found = funding.get(sent.start)
        if found is None:
            found = [c for rule in RULES for c in rule(ctx, sent)]
        else:
            ctx.funding_target = target_after[sent.start]
        candidates.append((sent, found))
    # a former name ("operated under the name Y", "formerly known as Y") is an alias, not an entity
    renamed = {old.index: new for sent in doc.sents for old, new in former_names(ctx, sent)}
    # the learned typing decides the entities' final types once the rules have run with theirs:
    # the schema then checks each rule's relation against the final types
    if types is _SHIPPED:
        types = typer.default_model()
    if types is not None:
        types.retype(doc, doc_entities)

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

    found_by = [(sent, c, EXTRACTOR) for sent, found in candidates for c in found
                if schema.allowed(c.predicate, c.subject.type, c.object.type)]
    if pairs is _SHIPPED:
        pairs = learned.default_model()
    if pairs is not None:
        name = getattr(pairs, "name", "") or learned.EXTRACTOR
        found_by += [(ex.sent, c, c.rule if c.rule != "learned" else name)
                     for ex, c in _learned(ctx, sents, found_by, ids, pairs)]

    relations: dict[tuple, Relation] = {}
    for sent, c, extractor in found_by:
        role = c.role if c.predicate in schema.ROLE_PREDICATES else None
        text = sent.text.strip()
        offset = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        ev = Evidence(document.id, text, offset, offset + len(text), extractor,
                      c.confidence, role)
        rel = Relation(ids[c.subject.index], c.predicate, ids[c.object.index], role, [ev])
        if rel.subject == rel.object:
            continue
        if rel.key in relations:
            relations[rel.key].merge(rel)
        else:
            relations[rel.key] = rel
    return Extraction(document, list(entities.values()), list(relations.values()))


def _learned(ctx, sents, found_by, ids, model):
    """(example, candidate) for the pairs no rule links that ``model`` accepts."""
    from freelance_kg.ingest import learned
    from freelance_kg.ingest.relations import Candidate

    covered = {frozenset((ids[c.subject.index], ids[c.object.index])) for _, c, _ in found_by}
    linked = {frozenset((c.subject.index, c.object.index)) for _, c, _ in found_by}
    related: dict[int, set[int]] = {}
    for sent, c, _ in found_by:
        related.setdefault(sent.start, set()).update((c.subject.index, c.object.index))
    offer_linked = getattr(model, "offer_linked", False)     # a trainer's collector sees all pairs
    offered = []
    for ex in learned.examples(ctx, sents, set() if offer_linked else linked, related):
        if ex.left.entity.index not in ids or ex.right.entity.index not in ids:
            continue
        ex.linked = frozenset((ids[ex.left.entity.index], ids[ex.right.entity.index])) in covered
        if ex.linked and not offer_linked:
            continue
        offered.append(ex)
    # a model that reads text decides a document's pairs in batches
    decide_all = getattr(model, "decide_all", None)
    decisions = decide_all(offered) if decide_all else [model.decide(ex) for ex in offered]
    out = []
    for ex, decision in zip(offered, decisions):
        if decision is None:
            continue
        label, probability = decision[:2]
        by = decision[2] if len(decision) > 2 and decision[2] else "learned"   # a chain names its model
        subject, predicate, obj = learned.split(label, ex)
        out.append((ex, Candidate(subject.entity, predicate, obj.entity, ex.sent,
                                  round(probability * learned.CONFIDENCE_SCALE, 3), rule=by)))
    return out


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


def extract_rules_only(document: Document, nlp=None) -> Extraction:
    """:func:`extract` without the learned components: the rules' types and relations alone."""
    return extract(document, nlp, pairs=None, types=None)


#: Named, versioned extractors (a plain registry; a behaviour change means a new version). The
#: default, :func:`extract`, is the rules with the learned components that are shipped.
DEFAULT = f"{EXTRACTOR}+fkg.types/1+fkg.pairs/2"
EXTRACTORS = {EXTRACTOR: extract_rules_only, DEFAULT: extract}
