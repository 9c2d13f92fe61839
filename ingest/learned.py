"""``fkg.pairs/2``: a learned fallback for two entities of one sentence that no rule links.

The dependency rules (:mod:`relations`) are precise but miss phrasings they were not written
for. For every pair of entities that share a sentence (named, or referred to by a pronoun or a
description) and that no rule relates anywhere in the document, a multinomial logistic
regression over sparse features of the sentence (types, the dependency path and its lemmas,
the words between, distance, references) chooses "no relation" or one schema-allowed
predicate with its direction. Only a prediction above the model's threshold becomes a
relation, with the model's probability (scaled down) as its confidence and the model's name
(``fkg.pairs/2``) as its extractor, so a reader can always tell a rule's relation from a guessed one.

The weights (``data/pairs-model.json``) are trained by ``scripts/train_models.py``
(:mod:`training`) on real annotated articles and the project's own written sets; the model is
plain data read once, and scoring a pair is a dictionary lookup per feature.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from freelance_kg.graph import schema
from freelance_kg.ingest.references import (DESCRIPTIONS, ORG_PRONOUNS, PERSON_PRONOUNS,
                                            PLURAL_PRONOUNS)

NAME = "fkg.pairs"
VERSION = "2"
EXTRACTOR = f"{NAME}/{VERSION}"
MODEL_PATH = Path(__file__).parent / "data" / "pairs-model.json"
NONE = "NONE"
#: A learned relation's confidence is its probability times this (rules start at 0.85).
CONFIDENCE_SCALE = 0.6
_MAX_SENT_TOKENS = 80        # longer "sentences" are lists or run-ons: no guessing there

#: Pronouns Context.entity resolves ("we" / "our" / "us" are the speaker's organisation).
_REFERENCE_WORDS = PERSON_PRONOUNS | ORG_PRONOUNS | PLURAL_PRONOUNS | {"we", "our", "us"}


@dataclass
class Occurrence:
    entity: object           # references.DocEntity
    token: object            # the spaCy token standing for it (a name's head, a pronoun)
    reference: bool          # a pronoun or description, not a name


@dataclass
class Example:
    """One candidate pair of one sentence: ``left`` comes first in the text."""

    sent: object
    left: Occurrence
    right: Occurrence
    features: list[str]
    classes: list[str]       # the classes the schema allows for these types, NONE first
    linked: bool = False     # some rule already relates the two (only a trainer sees these)


def mention_span(sent, occ: Occurrence) -> tuple[int, int]:
    """Character offsets, in ``sent``'s text, of the name (or pronoun / description) ``occ`` stands on."""
    doc = sent.doc
    span = doc[occ.token.i:occ.token.i + 1]
    if not occ.reference:
        for m in occ.entity.mentions:
            if m.start <= occ.token.i < m.end:
                span = doc[m.start:m.end]
                break
    return span.start_char - sent.start_char, span.end_char - sent.start_char


def example_row(ex: Example) -> dict:
    """One example as plain data for a text classifier: the sentence, each side's span and type,
    the classes the schema allows."""
    def side(occ):
        return {"span": list(mention_span(ex.sent, occ)), "type": occ.entity.type,
                "name": occ.entity.name, "reference": occ.reference}
    return {"sentence": ex.sent.text, "left": side(ex.left), "right": side(ex.right),
            "classes": ex.classes}


def classes_for(left_type: str, right_type: str) -> list[str]:
    """NONE, then "P>" (left is the subject) / "P<" (right is the subject) where the schema allows."""
    out = [NONE]
    for name, pred in schema.PREDICATES.items():
        fwd, back = pred.allows(left_type, right_type), pred.allows(right_type, left_type)
        if name in schema.SYMMETRIC:
            if fwd or back:
                out.append(name + ">")
            continue
        if fwd:
            out.append(name + ">")
        if back:
            out.append(name + "<")
    return out


def occurrences(ctx, sent) -> list[Occurrence]:
    """The entities of one sentence, first occurrence of each, named ones before references."""
    r = ctx.r
    seen: dict[int, Occurrence] = {}
    for m in r.in_span(sent.start, sent.end):
        e = r.entities[m.entity]
        if e.index not in seen:
            seen[e.index] = Occurrence(e, r.root(m), False)
    refs = [tok for tok in sent if r.entity_at(tok.i) is None and (
        tok.lower_ in _REFERENCE_WORDS and tok.pos_ == "PRON" or
        tok.pos_ == "NOUN" and tok.lemma_.lower() in DESCRIPTIONS and
        any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children))]
    if len(seen) + len(refs) < 2:
        return []           # no pair here: skip resolving the references
    for tok in refs:
        e, _ = ctx.entity(tok)
        if e is not None and e.index not in seen:
            seen[e.index] = Occurrence(e, tok, True)
    return sorted(seen.values(), key=lambda o: o.token.i)


def _path(a, b):
    """(tokens from a up to the common ancestor, tokens from b up to it, the ancestor)."""
    up_a = [a]
    while up_a[-1].head.i != up_a[-1].i:
        up_a.append(up_a[-1].head)
    ids = {t.i: k for k, t in enumerate(up_a)}
    up_b = [b]
    while up_b[-1].i not in ids and up_b[-1].head.i != up_b[-1].i:
        up_b.append(up_b[-1].head)
    if up_b[-1].i not in ids:
        return None
    lca = up_b[-1]
    return up_a[:ids[lca.i]], up_b[:-1], lca


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-6" if n < 7 else "7-12" if n < 13 else "13+"


def features(ctx, sent, left: Occurrence, right: Occurrence, related: set[int]) -> list[str]:
    """Sparse binary features of one pair (strings; the model knows which ones matter)."""
    a, b = left.token, right.token
    types = f"{left.entity.type}>{right.entity.type}"
    lemmas = ctx.lemmas
    f = ["bias", "T=" + types]
    between = [t for t in ctx.doc[a.i + 1:b.i] if not t.is_punct]
    f.append("D=" + _bucket(len(between)))
    others = {e.index for t in between for e in (ctx.r.entity_at(t.i),) if e is not None} - \
        {left.entity.index, right.entity.index}
    f.append("E=" + _bucket(len(others)))
    if len(between) <= 12:
        for t in between:
            f.append("B=" + lemmas[t.i])
            f.append("TB=" + types + "|" + lemmas[t.i])
    else:
        f.append("B=far")
    if a.i > sent.start:
        f.append("W-=" + lemmas[a.i - 1])
    if b.i + 1 < sent.end:
        f.append("W+=" + lemmas[b.i + 1])
    if left.reference:
        f.append("RL")
    if right.reference:
        f.append("RR")
    if left.entity.index in related:
        f.append("HL")
    if right.entity.index in related:
        f.append("HR")
    path = _path(a, b)
    if path is None:
        f.append("P=none")
        return f
    up, down, lca = path
    labels = [t.dep_ + "^" for t in up] + ["@" + lca.pos_] + [t.dep_ + "v" for t in reversed(down)]
    p = " ".join(labels)
    f += ["P=" + p, "TP=" + types + "|" + p, "PL=" + str(len(labels) - 1)]
    lca_lemma = lemmas[lca.i] if lca.i not in (a.i, b.i) else "<end>"
    f += ["LCA=" + lca_lemma, "TLCA=" + types + "|" + lca_lemma]
    for t in up[1:] + down[1:]:
        f.append("L=" + lemmas[t.i])
        f.append("TL=" + types + "|" + lemmas[t.i])
    if up:
        f.append("DA=" + up[0].dep_)
    if down:
        f.append("DB=" + down[0].dep_)
    if all(t.dep_ in ("conj", "appos", "compound", "cc") for t in up + down):
        f.append("FLAT=" + (up[0].dep_ if up else down[0].dep_ if down else ""))
    return f


def examples(ctx, sents, covered: set[frozenset], related: dict[int, set[int]]) -> list[Example]:
    """The pairs of ``sents`` no rule relates (``covered``: entity-index pairs the rules linked;
    ``related``: per sentence start, the entities some rule relation there uses)."""
    out = []
    for sent in sents:
        if len(sent) > _MAX_SENT_TOKENS or any(sent.start < g <= sent.end for g in ctx.gaps):
            continue
        occ = occurrences(ctx, sent)
        if len(occ) < 2:
            continue
        rel = related.get(sent.start, set())
        for i, left in enumerate(occ):
            for right in occ[i + 1:]:
                if frozenset((left.entity.index, right.entity.index)) in covered:
                    continue
                classes = classes_for(left.entity.type, right.entity.type)
                if len(classes) == 1:
                    continue
                out.append(Example(sent, left, right, features(ctx, sent, left, right, rel), classes))
    return out


class SoftmaxModel:
    """A masked multinomial logistic regression stored as plain data: weights per feature and
    class (the "bias" feature is on for every input), the class names and an acceptance
    threshold. Shared by the pair model and the type model (:mod:`typer`)."""

    def __init__(self, data: dict):
        self.classes: list[str] = data["classes"]
        self.index = {c: k for k, c in enumerate(self.classes)}
        self.weights: dict[str, list[float]] = data["weights"]
        self.threshold: float = data["threshold"]
        self.name: str = data.get("name", "")

    @classmethod
    def load(cls, path: Path):
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def probabilities(self, features: list[str], classes: list[str]) -> dict[str, float]:
        """Softmax over ``classes`` (those the model knows) given the active ``features``."""
        cols = [self.index[c] for c in classes if c in self.index]
        scores = [0.0] * len(cols)
        for name in features:
            w = self.weights.get(name)
            if w is not None:
                for k, col in enumerate(cols):
                    scores[k] += w[col]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {self.classes[col]: e / total for col, e in zip(cols, exps)}


class PairModel(SoftmaxModel):
    """The pair classifier: classes are NONE and the schema's predicates with a direction."""

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "PairModel":
        return super().load(path)

    def decide(self, ex: Example) -> tuple[str, float] | None:
        """(class, probability) of the likeliest relation, or None below the threshold."""
        probs = self.probabilities(ex.features, ex.classes)
        best = max((c for c in probs if c != NONE), key=probs.get, default=None)
        if best is None or probs[best] < self.threshold or probs[best] < probs.get(NONE, 0.0):
            return None
        return best, probs[best]


class Chain:
    """Several pair models in order: each example goes to the first, and those a model leaves
    undecided go on to the next. A relation's evidence names the model that decided it."""

    def __init__(self, *models):
        self.models = [m for m in models if m is not None]
        self.name = "+".join(getattr(m, "name", "") or "?" for m in self.models)

    def decide_all(self, examples) -> list:
        decisions: list = [None] * len(examples)
        todo = list(range(len(examples)))
        for model in self.models:
            if not todo:
                break
            batch = [examples[i] for i in todo]
            decide_all = getattr(model, "decide_all", None)
            got = decide_all(batch) if decide_all else [model.decide(ex) for ex in batch]
            for i, d in zip(todo, got):
                if d is not None:
                    decisions[i] = (*d[:2], getattr(model, "name", ""))
            todo = [i for i in todo if decisions[i] is None]
        return decisions


ENV_VAR = "FKG_PAIRS_MODEL"


def default_model() -> PairModel | None:
    """The model ``FKG_PAIRS_MODEL`` names: unset, the shipped one; "off", none (the rules
    alone); else a model file written by ``scripts/train_models.py``."""
    import os
    return _model_at(os.environ.get(ENV_VAR, "").strip())


@lru_cache(maxsize=4)
def _model_at(setting: str) -> PairModel | None:
    return load_setting(PairModel, ENV_VAR, setting, MODEL_PATH, "a pair model", "the rules alone")


def load_setting(cls, env_var: str, setting: str, shipped: Path, what: str, off_means: str):
    """The model a setting names: "" the ``shipped`` file (None when it is not there), "off"
    (or none / 0 / false) None, else the file at that path read by ``cls.load``; BadInput names
    the variable and the remedy."""
    from freelance_kg.errors import BadInput
    if setting.lower() in ("off", "none", "0", "false"):
        return None
    path = Path(setting) if setting else shipped
    if not setting and not path.exists():
        return None
    try:
        return cls.load(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"{env_var}={setting}: cannot read {what} from {path} ({exc}); give a file "
                       f"written by scripts/train_models.py, or 'off' for {off_means}") from exc


def split(label: str, ex: Example):
    """(subject occurrence, predicate, object occurrence) of a class label for ``ex``."""
    pred, arrow = label[:-1], label[-1]
    return (ex.left, pred, ex.right) if arrow == ">" else (ex.right, pred, ex.left)
