"""``fkg.types/1``: a learned re-typing of the entities of one article.

The rules type a name from the gazetteer, from cue words and from spaCy's NER label, and on real
news about a fifth of the names they find get the wrong type (a venture firm typed Person, a
delivery app typed Organization, an awards night typed Organization), which also loses every
relation the schema does not allow for the wrong type. This model sees, for each in-document
entity, what the rules saw (their type and how it was decided, the NER label, the gazetteer), the
words of its names (last word, suffixes, shape) and the words around its mentions (descriptions,
the verb or preposition it hangs on), and chooses one of the six types. It only overrules the
rules when it is confident (its probability at least the model's ``threshold``).

The weights (``data/types-model.json``) are trained by ``scripts/train_models.py`` on real
annotated articles; scoring an entity is one dictionary lookup per feature.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from freelance_kg.graph import identity
from freelance_kg.ingest.learned import SoftmaxModel, load_setting

NAME = "fkg.types"
VERSION = "1"
EXTRACTOR = f"{NAME}/{VERSION}"
MODEL_PATH = Path(__file__).parent / "data" / "types-model.json"
ENV_VAR = "FKG_TYPES_MODEL"
_MAX_MENTIONS = 6            # context features from the first mentions only



def _shape(word: str) -> str:
    s = re.sub(r"[A-Z]+", "A", word)
    s = re.sub(r"[a-z]+", "a", s)
    return re.sub(r"[0-9]+", "0", s)


def name_features(name: str) -> list[str]:
    """Features of a name's own words: what they are, not where they stand."""
    words = name.split()
    if not words:
        return []
    f = ["NW=" + str(min(len(words), 4))]
    low = [w.lower().strip(".,'’()") for w in words]
    f += ["W=" + w for w in low if w]
    f += ["LW=" + low[-1], "FW=" + low[0]]
    last = words[-1]
    if len(last) > 4:
        f.append("SUF=" + last[-3:].lower())
    f.append("SH=" + "_".join(_shape(w) for w in words[:3]))
    if any(c.isdigit() for c in name):
        f.append("DIGIT")
    if re.search(r"\.(com|io|co|org|net|ai|gov|bd|in|uk)\b", name, re.I):
        f.append("DOMAIN")
    if re.search(r"[a-z][A-Z]", name):
        f.append("CAMEL")
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 6:
        f.append("ACRONYM")
    return f


def features(doc, entity, known: dict[str, str] | None = None) -> list[str]:
    """Sparse features of one in-document entity (a :class:`references.DocEntity`)."""
    from freelance_kg.ingest.entities import descriptor_words

    f = ["bias", "T=" + entity.type]
    if entity.gazetteer_type:
        f.append("G=" + entity.gazetteer_type)
    f += name_features(entity.name)
    if known:
        for key in {identity.normalize(s) for s in entity.surfaces}:
            if key in known:
                f.append("K=" + known[key])
    if len(entity.mentions) > 1:
        f.append("MANY")
    for m in entity.mentions[:_MAX_MENTIONS]:
        f.append("MT=" + m.type + "|" + m.typed_by)
        f.append("O=" + m.origin)
        f += ["C=" + c for c in m.cues]
        span = doc[m.start:m.end]
        root = span.root
        if root.ent_type_:
            f.append("NER=" + root.ent_type_)
        f.append("DEP=" + root.dep_)
        head = root.head
        if head.i != root.i:
            f.append("H=" + head.lemma_.lower())
            f.append("DH=" + root.dep_ + "|" + head.lemma_.lower())
            if head.dep_ == "prep":
                f.append("HH=" + head.lemma_.lower() + "|" + head.head.lemma_.lower())
        if m.start > 0:
            f.append("P1=" + doc[m.start - 1].lemma_.lower())
            if m.start > 1:
                f.append("P2=" + doc[m.start - 2].lemma_.lower() + "|" + doc[m.start - 1].lemma_.lower())
        if m.end < len(doc):
            f.append("N1=" + doc[m.end].lemma_.lower())
            if m.end + 1 < len(doc):
                f.append("N2=" + doc[m.end].lemma_.lower() + "|" + doc[m.end + 1].lemma_.lower())
        f += ["DESC=" + w for w in descriptor_words(doc, m.start, m.end)]
    return f


def retypable(entity) -> bool:
    """Whether the model may type ``entity``: not when the curated gazetteer or the text's role
    for it (a funder of rounds, "the platform") decided, nor when a cue word gave a type more
    precise than "organisation" ("investors including X", "the X conference")."""
    from freelance_kg.graph import schema
    if entity.gazetteer_type or entity.role_type:
        return False
    return not any(m.typed_by == "cue" and m.type != schema.ORGANIZATION for m in entity.mentions)


class TypeModel(SoftmaxModel):
    """A softmax over the six entity types, plus the names it was trained on (``known``:
    normalised name -> type, from the training articles' annotations)."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.known: dict[str, str] = data.get("known", {})

    def retype(self, doc, entities) -> None:
        """Set ``learned_type`` on the entities the model confidently types otherwise."""
        for e in entities:
            if not retypable(e):
                continue
            probs = self.probabilities(features(doc, e, self.known), self.classes)
            best = max(probs, key=probs.get)
            if best != e.type and probs[best] >= self.threshold:
                e.learned_type = best


def default_model() -> TypeModel | None:
    """The model ``FKG_TYPES_MODEL`` names: unset, the shipped one; "off", none; else a file."""
    return _model_at(os.environ.get(ENV_VAR, "").strip())


@lru_cache(maxsize=4)
def _model_at(setting: str) -> TypeModel | None:
    return load_setting(TypeModel, ENV_VAR, setting, MODEL_PATH, "a type model", "the rules' types")
