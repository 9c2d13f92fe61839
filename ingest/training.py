"""Training and cross-validation of the learned components on annotated articles.

A corpus is a folder with ``articles/`` (plain text) and ``gold/`` (one JSON annotation per
article, the format of shared/schema.md). The learned components are

- ``fkg.types/1`` (:mod:`typer`): the type of each in-document entity;
- ``fkg.pairs/2`` (:mod:`learned`): a relation for two entities of one sentence no rule links.

Both are masked softmax regressions over sparse string features, fitted here with numpy (full
batch Adam, L2, seeded and deterministic). :func:`cross_validate` splits the articles into
``k`` folds stratified by slice (the file-name prefix, or the corpus), trains both components on
the other folds and scores the held-out fold with the schema's scoring, for the rules alone and
for the full extractor. Used by ``fkg eval --cv`` and ``scripts/train_models.py``.
"""

from __future__ import annotations

import random
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from freelance_kg.errors import BadInput
from freelance_kg.graph import identity, schema
from freelance_kg.ingest.evaluate import Article, load_articles

#: Features seen in fewer training inputs than this are dropped.
MIN_COUNT = 2
TYPE_CLASSES = list(schema.ENTITY_TYPES)


def load_corpus(folder, slice_by_prefix: bool = True) -> list[Article]:
    """The annotated articles of ``folder`` (``articles/`` + ``gold/``); see
    :func:`evaluate.load_articles`."""
    folder = Path(folder)
    return load_articles(folder / "gold", folder / "articles", slice_by_prefix)


def stratified_folds(articles: list[Article], k: int, seed: int = 0) -> list[int]:
    """The fold (0..k-1) of each article: each slice shuffled with ``seed`` and dealt round the
    folds, continuing where the previous slice stopped, so folds differ in size by at most one."""
    if k < 2 or k > len(articles):
        raise BadInput(f"--cv {k}: choose between 2 and the number of articles ({len(articles)})")
    rng = random.Random(seed)
    by_slice: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(articles):
        by_slice[a.slice].append(i)
    fold = [0] * len(articles)
    dealt = 0
    for name in sorted(by_slice):
        members = by_slice[name][:]
        rng.shuffle(members)
        for i in members:
            fold[i] = dealt % k
            dealt += 1
    return fold


# --- fitting ---------------------------------------------------------------------------------
def fit_softmax(rows: list[dict], classes: list[str], epochs: int = 300, l2: float = 1e-3,
                lr: float = 0.05, balance: str | None = None) -> dict[str, list[float]]:
    """Weights {feature: [per class]} of a softmax regression masked to each row's classes.

    ``rows``: dicts with ``features`` (strings), ``classes`` (allowed labels) and ``label``.
    ``balance``: a label (e.g. "NONE") whose rows outnumber the others; the others are weighted
    up by the square root of the ratio. Deterministic: no random initialisation or sampling.
    """
    import numpy as np

    counts = Counter(f for r in rows for f in set(r["features"]))
    vocab = {f: k for k, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    col = {c: k for k, c in enumerate(classes)}
    n, C = len(rows), len(classes)
    feat_idx, owner = [], []
    for i, r in enumerate(rows):
        ids = sorted({vocab[f] for f in r["features"] if f in vocab})
        feat_idx += ids
        owner += [i] * len(ids)
    feat_idx, owner = np.array(feat_idx, dtype=np.int64), np.array(owner, dtype=np.int64)
    mask = np.full((n, C), -1e9)
    y = np.zeros((n, C))
    for i, r in enumerate(rows):
        mask[i, [col[c] for c in r["classes"]]] = 0.0
        y[i, col[r["label"]]] = 1.0
    weight = np.ones((n, 1))
    if balance is not None:
        pos = y[:, col[balance]] == 0
        ratio = max(1.0, (~pos).sum() / max(pos.sum(), 1)) ** 0.5
        weight = np.where(pos, ratio, 1.0)[:, None]
    W = np.zeros((len(vocab), C))
    m, v = np.zeros_like(W), np.zeros_like(W)
    for step in range(1, epochs + 1):
        logits = np.zeros((n, C))
        np.add.at(logits, owner, W[feat_idx])
        logits += mask
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        g = (p - y) * weight / n
        grad = np.zeros_like(W)
        np.add.at(grad, feat_idx, g[owner])
        grad += l2 * W
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        W -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    names = sorted(vocab, key=vocab.get)
    return {f: [round(float(x), 4) for x in W[k]] for k, f in enumerate(names)
            if np.abs(W[k]).max() >= 0.01}


# --- gold lookups ----------------------------------------------------------------------------
def _gold_keys(gold: dict) -> list[set[str]]:
    from freelance_kg.ingest.evaluate import _keys
    return [_keys(e["name"], e.get("aliases", [])) for e in gold["entities"]]


def _match(entity, keys: list[set[str]]) -> int | None:
    """The gold entity one of whose names equals one of ``entity``'s (a DocEntity)."""
    from freelance_kg.ingest.evaluate import _keys
    mine = _keys(entity.name, entity.surfaces)
    return next((k for k, gk in enumerate(keys) if gk & mine), None)


def known_names(articles: list[Article]) -> dict[str, str]:
    """Normalised name or alias -> its most frequent gold type over ``articles``."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for a in articles:
        for e in a.gold["entities"]:
            for n in (e["name"], *e.get("aliases", [])):
                key = identity.normalize(n)
                if key and len(key) > 1 and len(n.split()) <= 8:
                    votes[key][e["type"]] += 1
    return {k: c.most_common(1)[0][0] for k, c in sorted(votes.items())}


# --- collectors: stand-in models that record what the extractor offers -----------------------
class TypeCollector:
    """Records each entity the extractor would retype, with its features, and changes nothing."""

    def __init__(self, known: dict[str, str]):
        self.known = known
        self.seen: list[tuple[object, list[str]]] = []

    def retype(self, doc, entities) -> None:
        from freelance_kg.ingest.typer import features, retypable
        self.seen += [(e, features(doc, e, self.known)) for e in entities if retypable(e)]


class PairCollector:
    """Records every pair example the extractor offers and accepts none."""

    offer_linked = False

    def __init__(self):
        self.examples = []

    def decide(self, example):
        self.examples.append(example)
        return None


def corpus_gazetteer(articles: list[Article], nlp) -> list:
    """Gazetteer entries for the names the annotations of ``articles`` give (one per name, its
    most frequent type, its aliases): a name that is also an everyday word (it has a word
    vector in lower case, e.g. "Indeed", "Remote") only types what NER found."""
    from freelance_kg.ingest.entities import GazetteerEntry

    votes: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, str] = {}
    aliases: dict[str, set] = defaultdict(set)

    def everyday(name: str) -> bool:       # "Indeed", "Remote", "Association"
        words = name.split()
        return len(words) == 1 and (name.islower() or nlp.vocab.has_vector(name.lower()))

    for a in articles:
        for e in a.gold["entities"]:
            key = identity.normalize(e["name"])
            if not key or len(e["name"]) < 3 or len(e["name"].split()) > 8:
                continue          # too short to look for; a long title is no name to look for
            votes[key][e["type"]] += 1
            names.setdefault(key, e["name"])
            if e["type"] != schema.PERSON:     # a surname alone is no name to look for
                aliases[key].update(x for x in e.get("aliases", [])
                                    if len(x) > 2 and not everyday(x) and len(x.split()) <= 8)
    out = []
    for key in sorted(votes):
        name = names[key]
        out.append(GazetteerEntry(name, votes[key].most_common(1)[0][0], tuple(sorted(aliases[key])),
                                  "type" if everyday(name) else "name", "annotated corpus"))
    return out


def type_rows(article: Article, doc, nlp, known: dict[str, str], gazetteer=None) -> list[dict]:
    """Labelled typing inputs of one article: each entity the gold annotates, with its gold type."""
    from freelance_kg.graph.model import Document
    from freelance_kg.ingest.extractor import extraction_from_doc

    collector = TypeCollector(known)
    extraction_from_doc(Document.from_text(article.text, source=str(article.path)), doc, nlp,
                        pairs=None, types=collector, gazetteer=gazetteer)
    keys = _gold_keys(article.gold)
    rows = []
    for entity, feats in collector.seen:
        g = _match(entity, keys)
        if g is not None:
            rows.append({"features": feats, "classes": TYPE_CLASSES,
                         "label": article.gold["entities"][g]["type"]})
    return rows


class _GoldPairs:
    """The gold relations of one article, to label the pair examples of its sentences."""

    def __init__(self, article: Article):
        gold, text = article.gold, article.text
        self.keys = _gold_keys(gold)
        index = {e["name"]: k for k, e in enumerate(gold["entities"])}
        self.spans = []       # (gold subject, gold object, predicate, evidence start, end)
        for r in gold["relations"]:
            start = text.find(r["evidence"])
            self.spans.append((index.get(r["subject"]), index.get(r["object"]), r["predicate"], start,
                               start + len(r["evidence"]) if start >= 0 else -1))
        self.pairs = {frozenset((s, o)) for s, o, *_ in self.spans}

    def label(self, ex) -> str | None:
        """The gold predicate and direction when a gold relation joins the two with evidence in
        the example's sentence ("NONE?" when the schema forbids it for the types found), NONE
        when the gold has no relation between them, None when the gold relates them only in
        another sentence (no lesson about this one)."""
        gl, gr = _match(ex.left.entity, self.keys), _match(ex.right.entity, self.keys)
        if gl is None or gr is None or frozenset((gl, gr)) not in self.pairs:
            return "NONE"
        here = [(s, o, p) for s, o, p, a, b in self.spans if {s, o} == {gl, gr} and a >= 0
                and a < ex.sent.end_char and b > ex.sent.start_char]
        if not here:
            return None
        s, o, p = here[0]
        label = p + (">" if s == gl or p in schema.SYMMETRIC else "<")
        return label if label in ex.classes else "NONE?"


def pair_rows(article: Article, doc, nlp, types, gazetteer=None) -> list[dict]:
    """Labelled pair examples of one article (see :meth:`_GoldPairs.label`; pairs the gold
    relates only in another sentence, or with a predicate the types found forbid, left out)."""
    from freelance_kg.graph.model import Document
    from freelance_kg.ingest.extractor import extraction_from_doc

    collector = PairCollector()
    extraction_from_doc(Document.from_text(article.text, source=str(article.path)), doc, nlp,
                        pairs=collector, types=types, gazetteer=gazetteer)
    gold = _GoldPairs(article)
    rows = []
    for ex in collector.examples:
        label = gold.label(ex)
        if label is not None and label != "NONE?":
            rows.append({"features": ex.features, "classes": ex.classes, "label": label})
    return rows


def pair_classes() -> list[str]:
    from freelance_kg.ingest.learned import classes_for
    return sorted({c for t1 in schema.ENTITY_TYPES for t2 in schema.ENTITY_TYPES
                   for c in classes_for(t1, t2)})


@dataclass
class Settings:
    """What training does; the defaults are the ones the cross-validation chose."""

    type_threshold: float = 0.6
    pair_threshold: float = 0.5
    use_types: bool = True
    use_pairs: bool = True
    use_known: bool = True
    use_names: bool = True


@dataclass
class Trained:
    types: object | None
    pairs: object | None
    gazetteer: list | None = None                 # shipped entries + the corpus's names
    data: dict = field(default_factory=dict)      # the JSON of each model, by component


def train(articles: list[Article], docs: list, nlp, settings: Settings = Settings(),
          extra: list[Article] = (), extra_docs: list = ()) -> Trained:
    """Fit the type model, then the pair model on entities typed by it. ``extra``: more
    annotated articles (parsed as ``extra_docs``) for both models whose names are not to be
    shipped as known actors (the project's own written sets, with invented names)."""
    from freelance_kg.ingest.entities import load_gazetteer
    from freelance_kg.ingest.learned import PairModel
    from freelance_kg.ingest.typer import TypeModel

    types = pairs = None
    data = {}
    gazetteer = list(load_gazetteer(corpus_names=False))     # never the shipped corpus names
    if settings.use_names:
        data["names"] = corpus_gazetteer(articles, nlp)
        gazetteer = data["names"] + gazetteer                  # later rows win: the curated ones
    known = known_names(articles) if settings.use_known else {}
    everything = list(zip(articles, docs)) + list(zip(extra, extra_docs))
    if settings.use_types:
        rows = [r for a, d in everything for r in type_rows(a, d, nlp, known, gazetteer)]
        weights = fit_softmax(rows, TYPE_CLASSES)
        data["types"] = {"name": "fkg.types/1", "classes": TYPE_CLASSES, "weights": weights,
                         "threshold": settings.type_threshold, "known": known}
        types = TypeModel(data["types"])
    if settings.use_pairs:
        classes = pair_classes()
        rows = [r for a, d in everything for r in pair_rows(a, d, nlp, types, gazetteer)]
        weights = fit_softmax(rows, classes, balance="NONE")
        data["pairs"] = {"name": "fkg.pairs/2", "classes": classes, "weights": weights,
                         "threshold": settings.pair_threshold}
        pairs = PairModel(data["pairs"])
    return Trained(types, pairs, gazetteer, data)


# --- cross-validation ------------------------------------------------------------------------
def score(articles: list[Article], docs: list, nlp, types, pairs, gazetteer=None):
    """Per-article results (:class:`evaluate.ArticleResult`) of the extractor with these models."""
    from freelance_kg.graph.model import Document
    from freelance_kg.ingest.evaluate import score_article
    from freelance_kg.ingest.extractor import extraction_from_doc

    out = []
    for a, d in zip(articles, docs):
        ex = extraction_from_doc(Document.from_text(a.text, source=str(a.path)), d, nlp,
                                 pairs=pairs, types=types, gazetteer=gazetteer)
        out.append((ex, score_article(a.gold, ex, a.name)))
    return out


def cross_validate(articles: list[Article], nlp, k: int = 5, seed: int = 0,
                   settings: Settings = Settings(), progress=None, extra: list[Article] = (),
                   encoder=None) -> dict:
    """Scores of ``k``-fold cross-validation: per fold, the rules alone and the full extractor
    trained on the other folds (and on ``extra``, articles that are never scored); totals
    micro-averaged over every held-out article, and the mean and spread (population standard
    deviation) of the per-fold F1. ``encoder``: a pair model trained on none of ``articles``
    (the shipped pair encoder, trained on the written sets alone) that decides first in the
    full extractor, the fold's pair model deciding what it leaves."""
    from freelance_kg.ingest.entities import load_gazetteer
    from freelance_kg.ingest.learned import Chain
    from freelance_kg.ingest.evaluate import METRICS, Score

    fold = stratified_folds(articles, k, seed)
    docs = list(nlp.pipe(a.text for a in articles))
    extra = list(extra)
    extra_docs = list(nlp.pipe(a.text for a in extra))
    systems = {"rules": {}, "full": {}}
    for name in systems:
        systems[name] = {"folds": [], "totals": {m: Score() for m in METRICS},
                         "predicates": {p: Score() for p in schema.PREDICATES}}
    for f in range(k):
        train_idx = [i for i in range(len(articles)) if fold[i] != f]
        test_idx = [i for i in range(len(articles)) if fold[i] == f]
        trained = train([articles[i] for i in train_idx], [docs[i] for i in train_idx], nlp, settings,
                        extra, extra_docs)
        held = [articles[i] for i in test_idx]
        held_docs = [docs[i] for i in test_idx]
        rules_gazetteer = list(load_gazetteer(corpus_names=False))    # never the shipped corpus names
        for name, models in (("rules", (None, None, rules_gazetteer)),
                             ("full", (trained.types, Chain(encoder, trained.pairs) if encoder else
                                       trained.pairs, trained.gazetteer))):
            results = score(held, held_docs, nlp, *models)
            fold_totals = {m: Score() for m in METRICS}
            for _, res in results:
                for m in METRICS:
                    fold_totals[m].add(res.scores[m])
                    systems[name]["totals"][m].add(res.scores[m])
            for _, res in results:
                for p, s in res.predicates.items():
                    systems[name]["predicates"][p].add(s)
            systems[name]["folds"].append(fold_totals)
        if progress:
            progress(f, k)
    report = {"k": k, "seed": seed, "articles": len(articles),
              "slices": dict(sorted(Counter(a.slice for a in articles).items())), "systems": {}}
    for name, sysdata in systems.items():
        rows = []
        for m in METRICS:
            t = sysdata["totals"][m]
            f1s = [fold[m].f1 for fold in sysdata["folds"]]
            rows.append({"metric": m, "tp": t.tp, "fp": t.fp, "fn": t.fn,
                         "precision": round(t.precision, 3), "recall": round(t.recall, 3),
                         "f1": round(t.f1, 3), "f1_mean": round(statistics.fmean(f1s), 3),
                         "f1_sd": round(statistics.pstdev(f1s), 3),
                         "f1_min": round(min(f1s), 3), "f1_max": round(max(f1s), 3)})
        preds = [{"predicate": p, "tp": s.tp, "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 3),
                  "recall": round(s.recall, 3), "f1": round(s.f1, 3)}
                 for p, s in sysdata["predicates"].items()]
        report["systems"][name] = {"totals": rows, "predicates": preds}
    return report


def cross_validate_corpora(folders, k: int = 5, seed: int = 0, model: str | None = None,
                           settings: Settings = Settings(), train_also=()) -> dict:
    """:func:`cross_validate` over the articles of (gold folder, articles folder) pairs, every
    fold also training on the corpus folders ``train_also``, as flat rows: ``totals`` (one per system and metric) and ``predicates`` (one per system and
    predicate)."""
    from freelance_kg.ingest.nlp import load_nlp

    articles = [a for gold_dir, articles_dir in folders for a in load_articles(gold_dir, articles_dir)]
    also = [a for folder in train_also for a in load_corpus(folder)]
    report = cross_validate(articles, load_nlp(model), k, seed, settings, extra=also)
    flat = {key: report[key] for key in ("k", "seed", "articles", "slices")}
    flat["trained_also"] = len(also)
    flat["totals"] = [{"system": name, **row} for name, data in report["systems"].items()
                      for row in data["totals"]]
    flat["predicates"] = [{"system": name, **row} for name, data in report["systems"].items()
                          for row in data["predicates"]]
    return flat


class _AllPairs(PairCollector):
    offer_linked = True


def sentence_candidates(article: Article, doc, nlp, types=None, gazetteer=None) -> list[dict]:
    """Every pair of entities sharing a sentence (named, or a resolved pronoun/description),
    linked by a rule or not, as plain data for a text classifier: the sentence, both mentions'
    character spans in it, their types, the gold label (as :func:`pair_rows`), the classes the
    schema allows and the rules' predicates between the two."""
    from freelance_kg.graph.model import Document, Entity
    from freelance_kg.ingest.extractor import extraction_from_doc
    from freelance_kg.ingest.learned import example_row

    collector = _AllPairs()
    extraction = extraction_from_doc(Document.from_text(article.text, source=str(article.path)), doc,
                                     nlp, pairs=collector, types=types, gazetteer=gazetteer)
    rule_labels: dict[frozenset, list[tuple[str, str, str]]] = defaultdict(list)
    for r in extraction.relations:
        rule_labels[frozenset((r.subject, r.object))].append((r.subject, r.predicate, r.object))
    gold = _GoldPairs(article)
    out = []
    for ex in collector.examples:
        label = gold.label(ex)
        if label is None:
            continue
        left_id = Entity.make(ex.left.entity.name, ex.left.entity.type, []).id
        right_id = Entity.make(ex.right.entity.name, ex.right.entity.type, []).id
        rules = []
        for s, p, o in rule_labels.get(frozenset((left_id, right_id)), []):
            rules.append(p + (">" if s == left_id or p in schema.SYMMETRIC else "<"))
        row = example_row(ex)
        out.append({"article": article.name, "sent_start": ex.sent.start_char, **row,
                    "label": label, "rules": sorted(set(rules))})
    return out


class OutOfFold:
    """A pair model that answers from predictions made elsewhere (``scripts/train_encoder.py
    --cv`` writes, for each candidate of :func:`sentence_candidates`, the probabilities of the
    fold model that did not train on it): lets the cross-validation score the extractor with a
    model this environment cannot train. Pairs it has no prediction for are not added."""

    def __init__(self, candidates: list[dict], probabilities: list[dict], threshold: float = 0.5,
                 name: str = "fkg.encoder/1"):
        if len(candidates) != len(probabilities):
            raise BadInput(f"{len(candidates)} candidates but {len(probabilities)} predictions: "
                           "give the predictions written for these candidates")
        self.table = {self.key(c): p for c, p in zip(candidates, probabilities)}
        self.threshold = threshold
        self.name = name
        self.missing = 0

    @staticmethod
    def key(row: dict) -> tuple:
        return (row["sentence"], tuple(row["left"]["span"]), tuple(row["right"]["span"]))

    def decide(self, ex):
        from freelance_kg.ingest.learned import NONE, example_row
        probs = self.table.get(self.key(example_row(ex)))
        if probs is None:
            self.missing += 1
            return None
        allowed = {c: p for c, p in probs.items() if c in ex.classes}
        best = max((c for c in allowed if c != NONE), key=allowed.get, default=None)
        if best is None or allowed[best] < self.threshold or allowed[best] <= allowed.get(NONE, 0.0):
            return None
        return best, allowed[best]
