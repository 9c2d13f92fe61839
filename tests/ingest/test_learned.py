"""The learned pair fallback ``fkg.pairs/2``: schema-bound classes, the shipped model, its place
beside the rules (never replacing them, never across a stripped link)."""

import json
from pathlib import Path

from extraction_helpers import run

from freelance_kg.graph import schema
from freelance_kg.ingest import extractor, learned

ROOT = Path(__file__).resolve().parents[2]
#: A hand-made model: "at" between two names makes WORKS_FOR (left is the subject).
AT_MODEL = {"name": "fkg.pairs/test", "classes": [learned.NONE, "WORKS_FOR>", "LEADS>"],
            "weights": {"bias": [2.0, 0.0, 0.0], "B=at": [0.0, 4.0, 0.0]}, "threshold": 0.5}
#: The rules relate nothing here; the two names have "at" between them.
AT_TEXT = "Nadia Sato, formerly at Craftbase, joined the board last week."


def _learned(ex, name=learned.EXTRACTOR):
    return {(r.subject, r.predicate, r.object) for r in ex.relations
            if any(e.extractor == name for e in r.evidence)}


def test_classes_are_exactly_what_the_schema_allows():
    for left in schema.ENTITY_TYPES:
        for right in schema.ENTITY_TYPES:
            classes = learned.classes_for(left, right)
            assert classes[0] == learned.NONE
            for label in classes[1:]:
                pred, arrow = label[:-1], label[-1]
                s, o = (left, right) if arrow == ">" else (right, left)
                assert schema.allowed(pred, s, o) or pred in schema.SYMMETRIC and schema.allowed(pred, o, s)
    assert learned.classes_for(schema.PERSON, schema.PLACE) == [learned.NONE]
    assert "FOUNDED<" in learned.classes_for(schema.PLATFORM, schema.PERSON)
    assert "FOUNDED>" not in learned.classes_for(schema.PLATFORM, schema.PERSON)


def test_shipped_model_is_pairs_2_over_schema_classes():
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert data["name"] == learned.EXTRACTOR == "fkg.pairs/2"
    assert data["trained_on"]["corpora"] == ["train", "dev"] and data["trained_on"]["articles"] == 153
    assert 0 < data["threshold"] < 1
    assert set(data["classes"]) >= {learned.NONE, "WORKS_FOR>", "LOCATED_IN>", "FUNDS<"}
    assert all(len(w) == len(data["classes"]) for w in data["weights"].values())


def test_a_model_adds_a_pair_the_rules_miss_marked_with_its_name(nlp):
    assert run(nlp, AT_TEXT).relations == []
    ex = run(nlp, AT_TEXT, pairs=learned.PairModel(AT_MODEL))
    assert _learned(ex, "fkg.pairs/test") == {("person/nadia-sato", "WORKS_FOR", "organization/craftbase")}
    assert [r.key for r in ex.relations] == [("person/nadia-sato", "WORKS_FOR", "organization/craftbase")]
    ev = ex.relations[0].evidence[0]
    assert ev.extractor == "fkg.pairs/test"
    assert 0 < ev.confidence <= learned.CONFIDENCE_SCALE
    assert AT_TEXT[ev.start:ev.end] == ev.sentence


class _Always:
    """A model that accepts every pair it is offered as its first allowed relation class: shows
    what the extractor offers and that whatever a model says stays inside the schema."""

    def __init__(self):
        self.asked = []

    def decide(self, example):
        self.asked.append(example)
        return example.classes[1], 0.9


def test_pairs_the_rules_link_are_never_offered_and_predictions_respect_the_schema(nlp):
    text = ("Tomas Reyes founded Quillmark in Lisbon in 2016. Reyes met Sofia Costa of the "
            "Independent Workers Alliance at the Remote Work Summit in Berlin.")
    rules = run(nlp, text)
    linked = {frozenset((r.subject, r.object)) for r in rules.relations}
    assert frozenset(("person/tomas-reyes", "organization/quillmark")) in linked
    model = _Always()
    ex = run(nlp, text, pairs=model)
    assert model.asked
    types = {e.id: e.type for e in ex.entities}
    for r in ex.relations:
        assert schema.allowed(r.predicate, types[r.subject], types[r.object])
    for ex_ in model.asked:
        assert ex_.left.entity.index != ex_.right.entity.index
    offered = {frozenset((a.left.entity.name, a.right.entity.name)) for a in model.asked}
    assert frozenset(("Tomas Reyes", "Quillmark")) not in offered
    rule_keys = {r.key for r in rules.relations}
    assert rule_keys <= {r.key for r in ex.relations}      # the fallback only adds


def test_no_guess_across_a_stripped_link(nlp):
    text = "Gridwise, a Lisbon platform for freelance engineers, is funded by , and led by , Ana Mota."
    model = _Always()
    run(nlp, text, pairs=model)
    assert model.asked == []


def test_the_model_reads_its_weights_per_allowed_class():
    model = learned.PairModel(AT_MODEL)
    classes = [learned.NONE, "WORKS_FOR>", "LEADS>"]
    at = learned.Example(None, None, None, ["bias", "B=at"], classes)
    plain = learned.Example(None, None, None, ["bias"], classes)
    only_none = learned.Example(None, None, None, ["bias", "B=at"], [learned.NONE])
    assert model.decide(at)[0] == "WORKS_FOR>"
    assert model.decide(plain) is None
    assert model.decide(only_none) is None
    assert abs(sum(model.probabilities(at.features, at.classes).values()) - 1) < 1e-9


def test_the_setting_turns_the_model_off_or_names_another(nlp, monkeypatch, tmp_path):
    import pytest
    from freelance_kg.errors import BadInput
    from freelance_kg.graph.model import Document
    monkeypatch.setenv(learned.ENV_VAR, "off")
    assert learned.default_model() is None
    assert not _learned(extractor.extract(Document.from_text(AT_TEXT), nlp, types=None), "fkg.pairs/test")
    copy = tmp_path / "model.json"
    copy.write_text(json.dumps(AT_MODEL), encoding="utf-8")
    monkeypatch.setenv(learned.ENV_VAR, str(copy))
    assert _learned(extractor.extract(Document.from_text(AT_TEXT), nlp, types=None), "fkg.pairs/test")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv(learned.ENV_VAR, str(broken))
    with pytest.raises(BadInput, match="FKG_PAIRS_MODEL"):
        learned.default_model()


def test_registry_names_the_rules_alone_and_the_full_extractor(nlp):
    from freelance_kg.graph.model import Document
    assert set(extractor.EXTRACTORS) == {extractor.EXTRACTOR, extractor.DEFAULT}
    text = Document.from_text("Ana Mota and Rui Lobo run Gridwise, a Lisbon platform. Gridwise "
                              "joined the Independent Platforms Alliance.")
    rules = extractor.EXTRACTORS[extractor.EXTRACTOR](text, nlp)
    assert all(e.extractor == extractor.EXTRACTOR for r in rules.relations for e in r.evidence)


class _Batch:
    """A text model's protocol: ``decide_all`` gets every offered pair of a document at once."""

    def __init__(self):
        self.calls = []

    def decide_all(self, examples):
        self.calls.append(len(examples))
        return [None] * len(examples)


def test_a_text_model_decides_a_documents_pairs_in_one_call(nlp):
    model = _Batch()
    run(nlp, "Tomas Reyes met Sofia Costa and Ines Duarte of the Independent Workers Alliance in Berlin.",
        pairs=model)
    assert model.calls == [2]          # two pairs no rule links, in one call


def test_a_chain_asks_the_next_model_only_what_the_first_leaves():
    first = learned.PairModel(AT_MODEL)
    second = learned.PairModel({**AT_MODEL, "name": "fkg.pairs/second",
                                "weights": {"bias": [0.0, 0.0, 3.0]}})
    chain = learned.Chain(first, None, second)
    classes = [learned.NONE, "WORKS_FOR>", "LEADS>"]
    at = learned.Example(None, None, None, ["bias", "B=at"], classes)
    plain = learned.Example(None, None, None, ["bias"], classes)
    decided = chain.decide_all([at, plain])
    assert [(d[0], d[2]) for d in decided] == [("WORKS_FOR>", "fkg.pairs/test"), ("LEADS>", "fkg.pairs/second")]
    assert chain.name == "fkg.pairs/test+fkg.pairs/second"


def test_evidence_names_the_chained_model_that_decided(nlp):
    second = learned.PairModel({**AT_MODEL, "name": "fkg.pairs/second"})
    ex = run(nlp, AT_TEXT, pairs=learned.Chain(learned.PairModel({**AT_MODEL, "weights": {}}), second))
    assert [e.extractor for r in ex.relations for e in r.evidence] == ["fkg.pairs/second"]
