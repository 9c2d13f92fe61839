"""Training and cross-validation of the learned components (ingest/training.py,
scripts/train_models.py, ``fkg eval --cv``), on a set of articles written for the project."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from freelance_kg.cli import cli
from freelance_kg.errors import BadInput
from freelance_kg.graph.model import Document
from freelance_kg.ingest import training
from freelance_kg.ingest.extractor import extract
from freelance_kg.ingest.typer import TypeModel

ROOT = Path(__file__).resolve().parents[2]
WRITTEN = Path(__file__).parent / "blind"          # 12 articles written and annotated for the project
SHARED = ROOT.parent / "shared" / "corpus"


def _articles(slices):
    return [training.Article(f"{s}-{i}.txt", s, Path(f"{s}-{i}.txt"), {"entities": [], "relations": []})
            for s, n in slices.items() for i in range(n)]


def test_folds_are_stratified_balanced_and_seeded():
    arts = _articles({"ta": 7, "tb": 5, "dev": 3})
    folds = training.stratified_folds(arts, 5, seed=0)
    assert sorted(Counter(folds).values()) == [3, 3, 3, 3, 3]
    for s, n in {"ta": 7, "tb": 5, "dev": 3}.items():
        per_fold = Counter(f for a, f in zip(arts, folds) if a.slice == s)
        assert max(per_fold.values()) - min(per_fold.values(), default=0) <= 1
        assert len(per_fold) == min(n, 5)
    assert training.stratified_folds(arts, 5, seed=0) == folds
    assert training.stratified_folds(arts, 5, seed=1) != folds


@pytest.mark.parametrize("k", [1, 16])
def test_folds_refuse_an_impossible_k(k):
    with pytest.raises(BadInput, match=f"--cv {k}: choose between 2 and the number of articles"):
        training.stratified_folds(_articles({"ta": 15}), k)


def test_fit_learns_a_separable_problem_deterministically():
    rows = ([{"features": ["bias", "w=fund"], "classes": ["A", "B"], "label": "A"}] * 6
            + [{"features": ["bias", "w=app"], "classes": ["A", "B"], "label": "B"}] * 6
            + [{"features": ["bias", "w=app"], "classes": ["A"], "label": "A"}] * 2)   # masked rows
    weights = training.fit_softmax(rows, ["A", "B"])
    assert weights == training.fit_softmax(rows, ["A", "B"])
    model = TypeModel({"classes": ["A", "B"], "weights": weights, "threshold": 0.5})
    assert model.probabilities(["bias", "w=fund"], ["A", "B"])["A"] > 0.9
    assert model.probabilities(["bias", "w=app"], ["A", "B"])["B"] > 0.9
    assert model.probabilities(["bias", "w=app"], ["A"]) == {"A": 1.0}


def _typer(threshold):
    """A type model that calls any name with the word 'Nordhaven' an Event, and nothing else."""
    classes = training.TYPE_CLASSES
    return TypeModel({"classes": classes, "threshold": threshold,
                      "weights": {"W=nordhaven": [8.0 if c == "Event" else 0.0 for c in classes]}})


def test_a_confident_type_model_overrules_the_rules_types(nlp):
    text = "Lena Brandt founded Nordhaven in 2019."
    doc = Document.from_text(text)
    assert {e.name: e.type for e in extract(doc, nlp, pairs=None, types=None).entities} == {
        "Lena Brandt": "Person", "Nordhaven": "Organization"}
    retyped = extract(doc, nlp, pairs=None, types=_typer(0.9))
    assert {e.name: e.type for e in retyped.entities} == {"Lena Brandt": "Person", "Nordhaven": "Event"}
    # below the model's threshold the rules' type stays (a probability near 0.99 < 0.999)
    kept = extract(doc, nlp, pairs=None, types=_typer(0.9999))
    assert {e.name: e.type for e in kept.entities} == {"Lena Brandt": "Person", "Nordhaven": "Organization"}


def test_corpus_gazetteer_lists_names_with_their_majority_type(nlp):
    arts = training.load_corpus(WRITTEN)
    entries = {e.name: e for e in training.corpus_gazetteer(arts, nlp)}
    gold = [e for a in arts for e in a.gold["entities"]]
    assert set(entries) >= {e["name"] for e in gold if len(e["name"]) >= 3} - {
        e["name"] for e in gold for other in gold if other is not e and other["name"].lower() == e["name"].lower()}
    person = next(e for e in gold if e["type"] == "Person" and e.get("aliases"))
    assert entries[person["name"]].aliases == ()          # a surname alone is never looked for
    assert all(e.source == "annotated corpus" and e.match in ("name", "type") for e in entries.values())


def test_cross_validation_reports_rules_and_full_over_every_article(nlp):
    arts = training.load_corpus(WRITTEN)
    report = training.cross_validate(arts, nlp, k=3, seed=0)
    gold_relations = sum(len({(r["subject"], r["predicate"], r["object"]) for r in a.gold["relations"]})
                         for a in arts)
    assert report["articles"] == 12 and report["slices"] == {"blind": 12}
    for name in ("rules", "full"):
        totals = {row["metric"]: row for row in report["systems"][name]["totals"]}
        assert set(totals) == {"entities_typed", "entities", "relations", "pairs"}
        rel = totals["relations"]
        assert rel["tp"] + rel["fn"] == gold_relations
        preds = report["systems"][name]["predicates"]
        assert sum(p["tp"] for p in preds) == rel["tp"]
        assert sum(p["fp"] for p in preds) == rel["fp"]
        assert sum(p["fn"] for p in preds) == rel["fn"]
        assert rel["f1_min"] <= rel["f1_mean"] <= rel["f1_max"]


def test_eval_cv_command_prints_both_systems_and_the_predicates():
    result = CliRunner().invoke(cli, ["eval", "--cv", "2", "--corpus", str(WRITTEN), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)[0]
    assert report["k"] == 2 and report["articles"] == 12
    assert [(r["system"], r["metric"]) for r in report["totals"]] == [
        (s, m) for s in ("rules", "full") for m in ("entities_typed", "entities", "relations", "pairs")]
    assert {r["predicate"] for r in report["predicates"]} == {
        "FOUNDED", "LEADS", "WORKS_FOR", "FUNDS", "MEMBER_OF", "PARTNERS_WITH", "AFFILIATED_WITH",
        "ACQUIRED", "PARTICIPATED_IN", "LOCATED_IN"}


@pytest.mark.parametrize("args, message", [
    (["--cv", "5", "--corpus", "no-such-folder"], "--gold no-such-folder/gold: not a folder"),
    (["--cv", "1", "--corpus", str(WRITTEN)], "--cv 1: choose between 2 and the number of articles (12)"),
    (["--gold", str(WRITTEN / "gold")], "--gold and --articles go together"),
    ([], "nothing to score: give --gold DIR --articles DIR, or --corpus DIR"),
    (["--corpus", str(WRITTEN), "--corpus", str(WRITTEN)], "without --cv, score one corpus at a time"),
])
def test_eval_bad_options_exit_2_with_one_line(args, message):
    result = CliRunner().invoke(cli, ["eval", *args])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: {message}" or message in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def _train(out: Path):
    subprocess.run([sys.executable, str(ROOT / "scripts" / "train_models.py"), "--corpus", str(WRITTEN), "--no-written",
                    "--out", str(out)], check=True, capture_output=True, text=True)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


def test_training_twice_gives_identical_files(tmp_path):
    first, second = _train(tmp_path / "a"), _train(tmp_path / "b")
    assert set(first) == {"corpus-names.tsv", "types-model.json", "pairs-model.json"}
    assert first == second
    types = json.loads((tmp_path / "a" / "types-model.json").read_text(encoding="utf-8"))
    assert types["name"] == "fkg.types/1" and types["trained_on"]["articles"] == 12
    assert "text" not in json.dumps(types["trained_on"])


@pytest.mark.skipif(not (SHARED / "train" / "gold").is_dir(), reason="needs ../shared/corpus")
def test_shipped_models_were_trained_on_the_real_corpora_as_they_are():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from train_models import corpus_hash
    finally:
        sys.path.pop(0)
    arts = training.load_corpus(SHARED / "train") + training.load_corpus(SHARED / "dev")
    for file in ("types-model.json", "pairs-model.json"):
        meta = json.loads((ROOT / "ingest" / "data" / file).read_text(encoding="utf-8"))["trained_on"]
        assert meta["articles"] == len(arts) == 153
        assert meta["sha256"] == corpus_hash(arts)


def test_sentence_candidates_are_labelled_pairs_with_their_spans(nlp):
    article = training.load_corpus(WRITTEN)[0]
    rows = training.sentence_candidates(article, nlp(article.text), nlp)
    assert rows
    gold_pairs = {frozenset((r["subject"], r["object"])) for r in article.gold["relations"]}
    for row in rows:
        assert row["label"] in row["classes"] or row["label"] in ("NONE", "NONE?")
        assert set(row["rules"]) <= set(row["classes"])
        for side in ("left", "right"):
            s, e = row[side]["span"]
            if not row[side]["reference"]:
                assert row["sentence"][s:e] in article.text
    assert any(r["label"] not in ("NONE", "NONE?") for r in rows)
    assert len(gold_pairs) > 0


def test_out_of_fold_predictions_answer_for_exactly_their_pairs(nlp):
    article = training.load_corpus(WRITTEN)[0]
    doc = nlp(article.text)
    rows = training.sentence_candidates(article, doc, nlp)
    unlinked = [r for r in rows if not r["rules"] and len(r["classes"]) > 1]
    chosen = unlinked[0]
    probs = [{c: (0.9 if c == chosen["classes"][1] else 0.1 / (len(r["classes"]) - 1)) if r is chosen
              else (1.0 if c == "NONE" else 0.0) for c in r["classes"]} for r in rows]
    model = training.OutOfFold(rows, probs, threshold=0.5, name="fkg.oof/test")
    ex = training.score([article], [doc], nlp, None, model)[0][0]
    added = [r for r in ex.relations if any(e.extractor == "fkg.oof/test" for e in r.evidence)]
    assert len(added) == 1 and added[0].predicate == chosen["classes"][1][:-1]
    with pytest.raises(BadInput, match="candidates but"):
        training.OutOfFold(rows, probs[:-1])
