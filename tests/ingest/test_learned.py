"""The learned fallback ``fkg.pairs/1``: schema-bound classes, the shipped model, its place
beside the rules (never replacing them, never across a stripped link), and the trainer."""

import importlib.util
import json
from pathlib import Path

from extraction_helpers import run

from freelance_kg.graph import schema
from freelance_kg.ingest import extractor, learned

ROOT = Path(__file__).resolve().parents[2]


def _trainer():
    spec = importlib.util.spec_from_file_location("train_pairs", ROOT / "scripts" / "train_pairs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _learned(ex):
    return {(r.subject, r.predicate, r.object) for r in ex.relations
            if any(e.extractor == learned.EXTRACTOR for e in r.evidence)}


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


def test_shipped_model_was_not_trained_on_dev_or_on_the_sets_kept_unseen():
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    trainer = _trainer()
    assert data["name"] == learned.EXTRACTOR
    assert set(data["trained_on"]) == set(trainer.TRAIN_SETS)
    assert not set(data["trained_on"]) & set(trainer.HELD_OUT)
    assert "dev" not in " ".join(data["trained_on"])
    assert 0 < data["threshold"] < 1
    assert set(data["classes"]) >= {learned.NONE, "WORKS_FOR>", "LOCATED_IN>", "FUNDS<"}
    assert all(len(w) == len(data["classes"]) for w in data["weights"].values())


def test_the_model_adds_a_pair_the_rules_miss_marked_as_learned(nlp):
    text = "Nadia Sato, formerly at Craftbase, joined the board last week."
    assert run(nlp, text).relations == []
    ex = run(nlp, text, pairs=learned.default_model())
    assert _learned(ex) == {("person/nadia-sato", "WORKS_FOR", "organization/craftbase")}
    ev = ex.relations[0].evidence[0]
    assert ev.extractor == "fkg.pairs/1"
    assert 0 < ev.confidence <= learned.CONFIDENCE_SCALE
    assert text[ev.start:ev.end] == ev.sentence


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
    model = learned.PairModel({"classes": [learned.NONE, "WORKS_FOR>", "LEADS>"],
                               "weights": {"bias": [1.0, 0.0, 0.0], "B=at": [0.0, 3.0, 0.0]},
                               "threshold": 0.5})
    at = learned.Example(None, None, None, ["bias", "B=at"], [learned.NONE, "WORKS_FOR>", "LEADS>"])
    plain = learned.Example(None, None, None, ["bias"], [learned.NONE, "WORKS_FOR>", "LEADS>"])
    only_none = learned.Example(None, None, None, ["bias", "B=at"], [learned.NONE])
    assert model.decide(at)[0] == "WORKS_FOR>"
    assert model.decide(plain) is None
    assert model.decide(only_none) is None
    assert abs(sum(model.probabilities(at).values()) - 1) < 1e-9


def test_trainer_learns_a_separable_toy_problem():
    trainer = _trainer()
    classes = [learned.NONE, "FOUNDED>", "WORKS_FOR>"]
    rows = ([{"features": ["bias", "founded"], "classes": classes, "label": "FOUNDED>"}] * 6 +
            [{"features": ["bias", "at"], "classes": classes, "label": "WORKS_FOR>"}] * 6 +
            [{"features": ["bias", "said"], "classes": classes, "label": learned.NONE}] * 12)
    weights = trainer.fit(rows, classes, epochs=200)
    model = learned.PairModel({"classes": classes, "weights": weights, "threshold": 0.5})
    for feature, want in (("founded", "FOUNDED>"), ("at", "WORKS_FOR>")):
        assert model.decide(learned.Example(None, None, None, ["bias", feature], classes))[0] == want
    assert model.decide(learned.Example(None, None, None, ["bias", "said"], classes)) is None


def test_extractor_default_uses_the_shipped_model(nlp):
    text = "Nadia Sato, formerly at Craftbase, joined the board last week."
    from freelance_kg.graph.model import Document
    assert _learned(extractor.extract(Document.from_text(text), nlp))


def test_the_setting_turns_the_model_off_or_names_another(nlp, monkeypatch, tmp_path):
    import pytest
    from freelance_kg.errors import BadInput
    text = "Nadia Sato, formerly at Craftbase, joined the board last week."
    from freelance_kg.graph.model import Document
    monkeypatch.setenv(learned.ENV_VAR, "off")
    assert learned.default_model() is None
    assert not _learned(extractor.extract(Document.from_text(text), nlp))
    copy = tmp_path / "model.json"
    copy.write_text(learned.MODEL_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv(learned.ENV_VAR, str(copy))
    assert _learned(extractor.extract(Document.from_text(text), nlp))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv(learned.ENV_VAR, str(broken))
    with pytest.raises(BadInput, match="FKG_PAIRS_MODEL"):
        learned.default_model()


def test_registry_names_the_rules_alone_and_the_rules_with_the_fallback(nlp):
    from freelance_kg.graph.model import Document
    assert f"{extractor.EXTRACTOR}+{learned.EXTRACTOR}" in extractor.EXTRACTORS
    text = Document.from_text("Nadia Sato, formerly at Craftbase, joined the board last week.")
    assert not _learned(extractor.EXTRACTORS[extractor.EXTRACTOR](text, nlp))
    assert _learned(extractor.EXTRACTORS[f"{extractor.EXTRACTOR}+{learned.EXTRACTOR}"](text, nlp))
