"""Scoring against gold (schema.md "Scoring") and the `fkg eval` command."""

from __future__ import annotations

import json

import pytest

from freelance_kg.cli import cli
from freelance_kg.errors import BadInput
from freelance_kg.graph.model import Document, Entity, Extraction, Relation
from freelance_kg.ingest.evaluate import Score, evaluate, score_article

GOLD = {
    "article": "01-test.txt",
    "entities": [
        {"name": "Maria Okafor", "type": "Person", "aliases": ["Okafor"]},
        {"name": "Brightwork", "type": "Platform", "aliases": []},
        {"name": "Association for Independent Professionals", "type": "Organization",
         "aliases": ["Association"]},
        {"name": "Leeds", "type": "Place", "aliases": []},
    ],
    "relations": [
        {"subject": "Maria Okafor", "predicate": "LEADS", "object": "Brightwork", "evidence": "x"},
        {"subject": "Brightwork", "predicate": "PARTNERS_WITH",
         "object": "Association for Independent Professionals", "evidence": "x"},
        {"subject": "Association for Independent Professionals", "predicate": "LOCATED_IN",
         "object": "Leeds", "evidence": "x"},
    ],
}


def extraction(entities, relations):
    return Extraction(Document.from_text("t"), entities, relations)


def test_scores_entities_relations_and_pairs_exactly():
    maria = Entity.make("Hon. Maria Okafor", "Person")            # honorific folded away
    bright = Entity.make("Brightwork", "Organization")             # right name, wrong type
    assoc = Entity.make("The Association", "Organization")         # alias, leading "the"
    dup = Entity.make("Okafor", "Person")                          # second entity for Maria
    extra = Entity.make("Zentrix", "Platform")                     # not in gold
    rels = [Relation(maria.id, "LEADS", bright.id),
            Relation(assoc.id, "PARTNERS_WITH", bright.id),        # symmetric: reversed is fine
            Relation(dup.id, "FOUNDED", bright.id),                # wrong predicate, same pair
            Relation(extra.id, "PARTNERS_WITH", bright.id)]        # unknown end
    res = score_article(GOLD, extraction([maria, bright, assoc, dup, extra], rels))
    s = res.scores
    assert (s["entities"].tp, s["entities"].fp, s["entities"].fn) == (3, 2, 1)
    assert (s["entities_typed"].tp, s["entities_typed"].fp, s["entities_typed"].fn) == (2, 3, 2)
    assert (s["relations"].tp, s["relations"].fp, s["relations"].fn) == (2, 2, 1)
    # pairs: Maria-Brightwork (twice, counted once), Assoc-Brightwork; Zentrix-Brightwork is wrong
    assert (s["pairs"].tp, s["pairs"].fp, s["pairs"].fn) == (2, 1, 1)
    assert ("relations", "Association for Independent Professionals -LOCATED_IN-> Leeds") in res.misses
    assert any("Zentrix" in item for _, item in res.false_positives)


def test_direction_matters_for_directed_predicates():
    maria, bright = Entity.make("Maria Okafor", "Person"), Entity.make("Brightwork", "Platform")
    res = score_article(GOLD, extraction([maria, bright], [Relation(bright.id, "LEADS", maria.id)]))
    assert res.scores["relations"].tp == 0 and res.scores["relations"].fp == 1
    assert res.scores["pairs"].tp == 1


def test_score_arithmetic():
    s = Score(tp=3, fp=1, fn=2)
    assert s.precision == 0.75 and s.recall == 0.6
    assert round(s.f1, 4) == round(2 * 0.75 * 0.6 / 1.35, 4)
    assert Score().f1 == 0.0


def write_corpus(root):
    gold, arts = root / "gold", root / "articles"
    gold.mkdir()
    arts.mkdir()
    (arts / "01-test.txt").write_text(
        "Daniel Brandt, co-founder of Zentrix, spoke in Lisbon. Nordhaven Capital invested in Zentrix.",
        encoding="utf-8")
    (gold / "01-test.json").write_text(json.dumps({
        "article": "01-test.txt",
        "entities": [{"name": "Daniel Brandt", "type": "Person", "aliases": []},
                     {"name": "Zentrix", "type": "Organization", "aliases": []},
                     {"name": "Lisbon", "type": "Place", "aliases": []},
                     {"name": "Nordhaven Capital", "type": "Funder", "aliases": []}],
        "relations": [{"subject": "Daniel Brandt", "predicate": "FOUNDED", "object": "Zentrix"},
                      {"subject": "Nordhaven Capital", "predicate": "FUNDS", "object": "Zentrix"},
                      {"subject": "Zentrix", "predicate": "LOCATED_IN", "object": "Lisbon"}]}),
        encoding="utf-8")
    return gold, arts


def test_evaluate_end_to_end(tmp_path):
    gold, arts = write_corpus(tmp_path)
    report = evaluate(gold, arts, model="md")
    rel = report.totals["relations"]
    assert (rel.tp, rel.fp, rel.fn) == (2, 0, 1)
    assert report.totals["entities_typed"].tp == 4


def test_fkg_eval_prints_totals_last(runner, tmp_path):
    gold, arts = write_corpus(tmp_path)
    result = runner.invoke(cli, ["eval", "--gold", str(gold), "--articles", str(arts), "--model", "md"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-6:]
    assert last[0].split()[:4] == ["metric", "tp", "fp", "fn"]
    assert [line.split()[0] for line in last[2:]] == ["entities_typed", "entities", "relations", "pairs"]
    assert last[4].split()[1:4] == ["2", "0", "1"]


def test_fkg_eval_show_lists_misses(runner, tmp_path):
    gold, arts = write_corpus(tmp_path)
    result = runner.invoke(cli, ["eval", "--gold", str(gold), "--articles", str(arts), "--model", "md",
                                 "--show", "01-test", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)[0]
    assert {"kind": "miss", "metric": "relations", "item": "Zentrix -LOCATED_IN-> Lisbon",
            "article": "01-test.txt"} in data["details"]
    assert data["totals"][2]["metric"] == "relations"


def test_bad_gold_file_names_the_file(runner, tmp_path):
    gold, arts = write_corpus(tmp_path)
    (gold / "02-bad.json").write_text('{"article": "01-test.txt", "entities": [{"name": "X", '
                                      '"type": "Robot"}]}', encoding="utf-8")
    result = runner.invoke(cli, ["eval", "--gold", str(gold), "--articles", str(arts)])
    assert result.exit_code == 2
    assert "02-bad.json" in result.output and "Robot" in result.output


def test_missing_folder_and_unknown_show(tmp_path):
    with pytest.raises(BadInput, match="--gold"):
        evaluate(tmp_path / "nope", tmp_path)
    gold, arts = write_corpus(tmp_path)
    report = evaluate(gold, arts, model="md")
    with pytest.raises(BadInput, match="01-test.txt"):
        report.details("99-missing")
