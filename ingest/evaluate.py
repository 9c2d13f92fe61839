"""Score extraction against gold annotations (the "Scoring" rules of shared/schema.md).

Entities match when a predicted name or alias equals a gold name or alias after
:func:`identity.normalize` (case, honorifics, a leading "the", punctuation folded); a second
prediction for an already matched gold entity is a false positive. The typed score also needs
the type to match. Relations are compared as (subject, predicate, object) after mapping both ends
to gold entities (direction ignored for symmetric predicates); pairs ignore the predicate.
Precision, recall and F1 are micro-averaged over the articles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from freelance_kg.errors import BadInput
from freelance_kg.graph import identity, schema
from freelance_kg.graph.model import Document, Extraction

METRICS = ("entities_typed", "entities", "relations", "pairs")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleResult:
    """Scores of one article plus its misses and false positives (for ``--show``)."""

    name: str
    scores: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[str, str]] = field(default_factory=list)           # (metric, item)
    false_positives: list[tuple[str, str]] = field(default_factory=list)  # (metric, item)
    predicates: dict[str, "Score"] = field(default_factory=dict)         # relation scores per predicate


@dataclass
class EvalReport:
    articles: list[ArticleResult]
    totals: dict[str, Score]

    def article_rows(self) -> list[dict]:
        """One wide row per article: entity P/R/F1, typed F1, relation P/R/F1, pair F1."""
        out = []
        for art in self.articles:
            e, t, r, p = (art.scores[m] for m in METRICS[1:2] + METRICS[0:1] + METRICS[2:])
            out.append({"article": art.name, "ent_p": round(e.precision, 3), "ent_r": round(e.recall, 3),
                        "ent_f1": round(e.f1, 3), "typed_f1": round(t.f1, 3),
                        "rel_p": round(r.precision, 3), "rel_r": round(r.recall, 3),
                        "rel_f1": round(r.f1, 3), "pair_f1": round(p.f1, 3)})
        return out

    def total_rows(self) -> list[dict]:
        """Micro-averaged totals, one row per metric (what ``fkg eval`` prints last)."""
        return [{k: v for k, v in _row("TOTAL", m, self.totals[m]).items() if k != "article"}
                for m in METRICS]

    def rows(self) -> list[dict]:
        """One row per article and metric, the totals last."""
        out = []
        for art in self.articles:
            out += [_row(art.name, m, art.scores[m]) for m in METRICS]
        out += [_row("TOTAL", m, self.totals[m]) for m in METRICS]
        return out

    def details(self, name: str) -> list[dict]:
        """Misses and false positives of the article whose file name (or stem) is ``name``."""
        for art in self.articles:
            if name in (art.name, Path(art.name).stem):
                return ([{"article": art.name, "kind": "miss", "metric": m, "item": i} for m, i in art.misses]
                        + [{"article": art.name, "kind": "false_positive", "metric": m, "item": i}
                           for m, i in art.false_positives])
        raise BadInput(f"--show {name!r}: no such article; choose one of "
                       + ", ".join(a.name for a in self.articles))


def _row(article: str, metric: str, s: Score) -> dict:
    return {"article": article, "metric": metric, "tp": s.tp, "fp": s.fp, "fn": s.fn,
            "precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3)}


def _keys(name: str, aliases) -> set[str]:
    keys = {identity.normalize(n) for n in (name, *aliases) if n}
    return {k for k in keys if k}


def load_gold(path: Path) -> dict:
    """Read one gold file; BadInput names the file and what is wrong."""
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
        entities, relations = gold["entities"], gold.get("relations", [])
        for e in entities:
            schema.check_type(e["type"])
        for r in relations:
            schema.check_predicate(r["predicate"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"gold file {path}: {exc}; expected the format in shared/schema.md "
                       "({'article': ..., 'entities': [...], 'relations': [...]})") from exc
    return gold


@dataclass
class Article:
    """One annotated article: its file, its gold annotation and its text."""

    name: str
    slice: str           # stratum of cross-validation folds: file-name prefix ("ta") or corpus name
    path: Path
    gold: dict
    text: str = ""


def load_articles(gold_dir, articles_dir, slice_by_prefix: bool = True) -> list[Article]:
    """The articles of ``articles_dir`` that ``gold_dir`` annotates (BadInput names a missing
    folder or article). With ``slice_by_prefix`` an article's slice is its file name up to the
    first "-" when that is alphabetic ("ta-01-..." -> "ta"), else the name of the folder
    holding both folders."""
    gold_dir, articles_dir = Path(gold_dir), Path(articles_dir)
    for d, flag in ((gold_dir, "--gold"), (articles_dir, "--articles")):
        if not d.is_dir():
            raise BadInput(f"{flag} {d}: not a folder (a corpus is a folder with gold/ and articles/)")
    corpus_name = gold_dir.resolve().parent.name
    out = []
    for path in sorted(gold_dir.glob("*.json")):
        gold = load_gold(path)
        article = articles_dir / gold.get("article", path.stem + ".txt")
        if not article.is_file():
            raise BadInput(f"gold file {path} names article {article.name}, which is not in "
                           f"--articles {articles_dir}")
        prefix = article.name.split("-", 1)[0]
        stratum = prefix if slice_by_prefix and prefix.isalpha() else corpus_name
        out.append(Article(article.name, stratum, article, gold, article.read_text(encoding="utf-8")))
    if not out:
        raise BadInput(f"--gold {gold_dir}: no *.json gold files in it")
    return out


def gold_folders(gold_dir=None, articles_dir=None, corpora=(), single: bool = False):
    """The (gold folder, articles folder) pairs the options name: ``--gold`` with ``--articles``,
    and ``corpus/gold`` with ``corpus/articles`` for each ``--corpus``. ``single``: exactly one
    pair, returned alone."""
    pairs = []
    if (gold_dir is None) != (articles_dir is None):
        raise BadInput("--gold and --articles go together: give both, or use --corpus DIR "
                       "(a folder with gold/ and articles/)")
    if gold_dir is not None:
        pairs.append((Path(gold_dir), Path(articles_dir)))
    pairs += [(Path(c) / "gold", Path(c) / "articles") for c in corpora]
    if not pairs:
        raise BadInput("nothing to score: give --gold DIR --articles DIR, or --corpus DIR")
    if single:
        if len(pairs) > 1:
            raise BadInput("without --cv, score one corpus at a time (one --corpus, or --gold "
                           "with --articles)")
        return pairs[0]
    return pairs


def score_article(gold: dict, extraction: Extraction, name: str = "") -> ArticleResult:
    """Score one extraction against one gold annotation."""
    result = ArticleResult(name or gold.get("article", ""))
    gold_ents = gold["entities"]
    gold_keys = [_keys(g["name"], g.get("aliases", ())) for g in gold_ents]

    def match(typed: bool) -> tuple[dict[str, int], Score]:
        taken: dict[int, str] = {}
        mapping: dict[str, int] = {}
        score = Score()
        for ent in extraction.entities:
            keys = _keys(ent.name, ent.aliases)
            hit = None
            for i, g in enumerate(gold_ents):
                if keys & gold_keys[i] and (not typed or g["type"] == ent.type):
                    if i not in taken:
                        hit = i
                        break
                    if hit is None:
                        hit = -1 - i    # a duplicate of an already matched gold entity
            if hit is not None and hit >= 0:
                taken[hit] = ent.id
                mapping[ent.id] = hit
                score.tp += 1
            else:
                score.fp += 1
                if hit is not None and not typed:
                    mapping[ent.id] = -1 - hit   # duplicates still map ends of relations
                label = f"{ent.name} [{ent.type}]" + (" (duplicate)" if hit is not None else "")
                result.false_positives.append(("entities_typed" if typed else "entities", label))
        for i, g in enumerate(gold_ents):
            if i not in taken:
                score.fn += 1
                result.misses.append(("entities_typed" if typed else "entities",
                                      f"{g['name']} [{g['type']}]"))
        return mapping, score

    _, typed_score = match(True)
    mapping, untyped = match(False)
    result.scores["entities_typed"] = typed_score
    result.scores["entities"] = untyped

    def gold_index(name: str) -> int | None:
        key = identity.normalize(name)
        for i, keys in enumerate(gold_keys):
            if key in keys:
                return i
        return None

    def triple(s, p, o):
        if p in schema.SYMMETRIC and o is not None and s is not None and str(o) < str(s):
            s, o = o, s
        return (s, p, o)

    gold_triples = set()
    for r in gold.get("relations", []):
        s, o = gold_index(r["subject"]), gold_index(r["object"])
        gold_triples.add(triple(s if s is not None else r["subject"], r["predicate"],
                                o if o is not None else r["object"]))
    names = {e.id: e.name for e in extraction.entities}
    pred_triples = set()
    for rel in extraction.relations:
        s = mapping.get(rel.subject, "?" + names.get(rel.subject, rel.subject))
        o = mapping.get(rel.object, "?" + names.get(rel.object, rel.object))
        pred_triples.add(triple(s, rel.predicate, o))

    def label(i):
        return gold_ents[i]["name"] if isinstance(i, int) else str(i)

    def compare(metric, predicted, expected, show):
        score = Score(len(predicted & expected), len(predicted - expected), len(expected - predicted))
        result.misses += [(metric, show(t)) for t in sorted(expected - predicted, key=str)]
        result.false_positives += [(metric, show(t)) for t in sorted(predicted - expected, key=str)]
        result.scores[metric] = score

    for p in schema.PREDICATES:
        mine = {t for t in pred_triples if t[1] == p}
        theirs = {t for t in gold_triples if t[1] == p}
        result.predicates[p] = Score(len(mine & theirs), len(mine - theirs), len(theirs - mine))
    compare("relations", pred_triples, gold_triples,
            lambda t: f"{label(t[0])} -{t[1]}-> {label(t[2])}")
    pair = lambda t: frozenset((t[0], t[2]))  # noqa: E731
    compare("pairs", {pair(t) for t in pred_triples}, {pair(t) for t in gold_triples},
            lambda p: " -- ".join(sorted(label(x) for x in p)))
    return result


def evaluate(gold_dir, articles_dir, nlp=None, model: str | None = None) -> EvalReport:
    """Extract every article that has a gold file and score it; totals are micro-averaged.

    ``gold_dir`` holds ``NN-slug.json`` files naming their ``article``; ``articles_dir`` holds
    the plain-text articles (read with :meth:`Document.from_text`).
    """
    from freelance_kg.ingest.extractor import extract_many
    from freelance_kg.ingest.nlp import load_nlp

    articles = load_articles(gold_dir, articles_dir)
    docs = [Document.from_text(a.text, source=str(a.path)) for a in articles]
    nlp = nlp or load_nlp(model)
    results = [score_article(a.gold, extraction, a.name)
               for a, extraction in zip(articles, extract_many(docs, nlp=nlp))]
    totals = {m: Score() for m in METRICS}
    for res in results:
        for m in METRICS:
            totals[m].add(res.scores[m])
    return EvalReport(results, totals)
