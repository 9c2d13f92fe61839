"""Quality floors on three sets of articles written and annotated for this project.

``tests/ingest/heldout/`` (13 articles), ``tests/ingest/fresh/`` (3 articles) and
``tests/ingest/round3/`` (10 articles) hold short news, profile and interview pieces about freelance
platforms, founders, investors, unions, hearings and events (invented people and companies, real
places, varied nationalities), with gold annotations in the format of shared/schema.md, each
written before the extractor was run on it. The held-out set guided the second round of rules;
the fresh set was written after that round, and round3 before the third, to estimate what unseen
articles get (round3's untouched first run with ``fkg.rules/2``: typed entity F1 0.85, relations
P/R/F1 0.91 / 0.52 / 0.66, pairs F1 0.68). The floors sit a little below what ``fkg.rules/3``
reaches with the medium model (held-out: typed entity F1 0.915, relations P/R/F1 0.985 / 0.78 /
0.87, pairs F1 0.89; fresh: typed F1 0.87, relations 1.0 / 0.73 / 0.84; round3: typed F1 0.91,
relations 0.96 / 0.75 / 0.845, pairs F1 0.855), so a change that loses ground fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from freelance_kg.graph import schema
from freelance_kg.ingest.evaluate import evaluate
from freelance_kg.ingest.nlp import load_nlp

HELDOUT = Path(__file__).parent / "heldout"
FRESH = Path(__file__).parent / "fresh"
ROUND3 = Path(__file__).parent / "round3"


@pytest.fixture(scope="module")
def report():
    return evaluate(HELDOUT / "gold", HELDOUT / "articles", nlp=load_nlp("md"))


@pytest.fixture(scope="module")
def fresh_report():
    return evaluate(FRESH / "gold", FRESH / "articles", nlp=load_nlp("md"))


@pytest.fixture(scope="module")
def round3_report():
    return evaluate(ROUND3 / "gold", ROUND3 / "articles", nlp=load_nlp("md"))


@pytest.mark.parametrize("folder", [HELDOUT, FRESH, ROUND3], ids=["heldout", "fresh", "round3"])
def test_gold_files_follow_the_schema(folder, max_words=400):
    for path in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert (folder / "articles" / gold["article"]).exists(), path
        article = (folder / "articles" / gold["article"]).read_text(encoding="utf-8")
        names = {e["name"] for e in gold["entities"]}
        assert all(e["type"] in schema.ENTITY_TYPES for e in gold["entities"]), path
        for r in gold["relations"]:
            assert r["subject"] in names and r["object"] in names, (path, r)
            assert r["predicate"] in schema.PREDICATES, (path, r)
            assert r["evidence"] in article, (path, r["evidence"])
        assert 120 <= len(article.split()) <= max_words, path


def test_heldout_relation_precision_stays_high(report):
    rel = report.totals["relations"]
    assert rel.precision >= 0.94, (rel.tp, rel.fp, rel.fn)


def test_heldout_relation_recall_and_f1_floors(report):
    rel = report.totals["relations"]
    assert rel.recall >= 0.75, (rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= 0.84, (rel.tp, rel.fp, rel.fn)


def test_heldout_pair_floor(report):
    assert report.totals["pairs"].f1 >= 0.87


def test_heldout_typed_entity_floor(report):
    typed = report.totals["entities_typed"]
    assert typed.f1 >= 0.89, (typed.tp, typed.fp, typed.fn)
    assert report.totals["entities"].f1 >= 0.95


def test_fresh_set_floors(fresh_report):
    rel, typed = fresh_report.totals["relations"], fresh_report.totals["entities_typed"]
    assert rel.precision >= 0.88, (rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= 0.80, (rel.tp, rel.fp, rel.fn)
    assert typed.f1 >= 0.84, (typed.tp, typed.fp, typed.fn)


def test_round3_set_floors(round3_report):
    rel, typed = round3_report.totals["relations"], round3_report.totals["entities_typed"]
    assert rel.precision >= 0.93, (rel.tp, rel.fp, rel.fn)
    assert rel.recall >= 0.70, (rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= 0.80, (rel.tp, rel.fp, rel.fn)
    assert round3_report.totals["pairs"].f1 >= 0.81
    assert typed.f1 >= 0.88, (typed.tp, typed.fp, typed.fn)


ROUND5 = Path(__file__).parent / "round5"


@pytest.fixture(scope="module")
def round5_report():
    return evaluate(ROUND5 / "gold", ROUND5 / "articles", nlp=load_nlp("md"))


def test_round5_gold_follows_the_schema():
    test_gold_files_follow_the_schema(ROUND5)


def test_round5_set_floors(round5_report):
    """``tests/ingest/round5/``: 8 articles (funding round with lists, conference recap, founder's
    first-person post, Q&A, acquisition, accelerator cohort, coalition, founder profile) written
    and annotated before the fifth round. Untouched first run with ``fkg.rules/4``: typed entity
    F1 0.83, relations P/R/F1 0.74 / 0.47 / 0.57, pairs F1 0.59; ``fkg.rules/5``: typed F1 0.86,
    relations 0.95 / 0.68 / 0.79, pairs F1 0.80."""
    rel, typed = round5_report.totals["relations"], round5_report.totals["entities_typed"]
    assert rel.precision >= 0.90, (rel.tp, rel.fp, rel.fn)
    assert rel.recall >= 0.64, (rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= 0.76, (rel.tp, rel.fp, rel.fn)
    assert round5_report.totals["pairs"].f1 >= 0.77
    assert typed.f1 >= 0.84, (typed.tp, typed.fp, typed.fn)


BLIND = Path(__file__).parent / "blind"


@pytest.fixture(scope="module")
def blind_report():
    return evaluate(BLIND / "gold", BLIND / "articles", nlp=load_nlp("md"))


def test_blind_gold_follows_the_schema():
    test_gold_files_follow_the_schema(BLIND)


def test_blind_set_floors(blind_report):
    """``tests/ingest/blind/``: 12 articles written and annotated by someone who never saw the
    rules. Untouched until ``fkg.rules/6`` (typed entity F1 0.90, relations P/R/F1 0.94 / 0.47 /
    0.625, pairs F1 0.64); the seventh round was written against it (``fkg.rules/7``: typed 0.95,
    relations 0.95 / 0.70 / 0.81, pairs 0.82), so the unseen estimate moved to ``blind5`` and
    ``blind6``. The floors only guard against regressions."""
    rel, typed = blind_report.totals["relations"], blind_report.totals["entities_typed"]
    assert rel.precision >= 0.92, (rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= 0.78, (rel.tp, rel.fp, rel.fn)
    assert blind_report.totals["pairs"].f1 >= 0.80
    assert typed.f1 >= 0.92, (typed.tp, typed.fp, typed.fn)


#: Sets written for the seventh round, each by a helper who saw neither the rules nor the other
#: sets, in different genres (funding, M&A, association news, conference recaps, hearings,
#: profiles, Q&As, company and investor blogs, newsletters, press releases, obituaries, market
#: maps, "people moves", awards nights, analyst notes, accelerator cohorts). name -> (untouched
#: first run, floors on (relation precision, relation F1, pair F1, typed entity F1)).
ROUND7_SETS = {
    # rules/6 first run: typed 0.84, relations 0.82 / 0.39 / 0.53, pairs 0.55; tuned on in round 7
    "blind2": (0.88, 0.74, 0.74, 0.86),
    # rules/6: typed 0.83, relations 0.77 / 0.36 / 0.49, pairs 0.51; tuned on in round 7
    "blind3": (0.82, 0.64, 0.66, 0.83),
    # rules/6: typed 0.84, relations 0.94 / 0.36 / 0.52, pairs 0.51; first rules/7 run 0.56; tuned on
    "blind4": (0.90, 0.60, 0.60, 0.82),
    # rules/6: typed 0.84, relations 0.94 / 0.33 / 0.49, pairs 0.50; untouched rules/7 run: typed
    # 0.87, relations 0.86 / 0.40 / 0.55, pairs 0.575 (then a few rules were written against it)
    "blind5": (0.84, 0.55, 0.58, 0.85),
    # rules/6: typed 0.82, relations 0.79 / 0.38 / 0.515, pairs 0.54; untouched rules/7 run 0.64; tuned on
    "blind6": (0.85, 0.65, 0.65, 0.82),
    # rules/6: typed 0.86, relations 0.89 / 0.44 / 0.59, pairs 0.62; untouched rules/7 run 0.64; tuned on
    "blind7": (0.80, 0.59, 0.62, 0.83),
    # never tuned on (the honest estimate for unseen articles): rules/6 typed 0.85, relations 0.80 /
    # 0.32 / 0.46, pairs 0.49; rules/7 typed 0.86, relations 0.81 / 0.395 / 0.53, pairs 0.58
    "blind8": (0.77, 0.50, 0.55, 0.83),
    # the sets kept unseen (no rule written against them, not in fkg.pairs/1's training):
    # untouched rules/7 runs: blind9 relations 0.79 / 0.54 / 0.64, pairs 0.66; blind10 0.71 /
    # 0.46 / 0.56, 0.595; blind11 0.84 / 0.465 / 0.60, 0.63; blind12 0.86 / 0.48 / 0.615, 0.64
    "blind9": (0.75, 0.62, 0.64, 0.86),
    "blind10": (0.66, 0.54, 0.59, 0.86),
    "blind11": (0.78, 0.59, 0.63, 0.80),
    "blind12": (0.79, 0.59, 0.62, 0.81),
}


@pytest.mark.parametrize("name", sorted(ROUND7_SETS))
def test_round7_gold_follows_the_schema(name):
    test_gold_files_follow_the_schema(Path(__file__).parent / name)


def _assert_set_floors(name, floors):
    """Score ``tests/ingest/<name>`` with the medium model and check (relation precision, relation
    F1, pair F1, typed entity F1) against ``floors``."""
    folder = Path(__file__).parent / name
    report = evaluate(folder / "gold", folder / "articles", nlp=load_nlp("md"))
    rel, pairs, typed = (report.totals[m] for m in ("relations", "pairs", "entities_typed"))
    min_p, min_rel_f1, min_pair_f1, min_typed_f1 = floors
    assert rel.precision >= min_p, (name, rel.tp, rel.fp, rel.fn)
    assert rel.f1 >= min_rel_f1, (name, rel.tp, rel.fp, rel.fn)
    assert pairs.f1 >= min_pair_f1, (name, pairs.tp, pairs.fp, pairs.fn)
    assert typed.f1 >= min_typed_f1, (name, typed.tp, typed.fp, typed.fn)


@pytest.mark.parametrize("name", sorted(ROUND7_SETS))
def test_round7_set_floors(name):
    _assert_set_floors(name, ROUND7_SETS[name])


#: Sets written for the eighth round by helpers who saw neither the rules nor the other sets
#: (10 articles each, 360-500 words): funding in Africa and the Middle East (blind13), coalitions,
#: unions and hearings (blind14), people moves and profiles (blind15), events, deals and market
#: maps (blind16). Each was measured untouched first (pairs model on): blind13 relations 0.85 /
#: 0.58 / 0.69, pairs 0.715; blind14 0.67 / 0.36 / 0.47, 0.48; blind15 0.84 / 0.69 / 0.76, 0.79;
#: blind16 0.83 / 0.45 / 0.58, 0.61; blind17 (a newsletter's mix of genres) and blind18 (platforms
#: and their ecosystems), written last, first run with the final rules: 0.88 / 0.64 / 0.74, 0.78 and
#: 0.88 / 0.58 / 0.70, 0.72. blind14 and blind16 were then tuned on; blind13, blind15, blind17 and
#: blind18 were not. name -> floors on (relation precision, relation F1, pair F1, typed entity F1).
ROUND8_SETS = {
    "blind13": (0.82, 0.66, 0.69, 0.83),
    "blind14": (0.77, 0.55, 0.57, 0.81),
    "blind15": (0.80, 0.72, 0.76, 0.86),
    "blind16": (0.85, 0.62, 0.66, 0.85),
    "blind17": (0.85, 0.71, 0.75, 0.88),
    "blind18": (0.85, 0.67, 0.69, 0.82),
}


@pytest.mark.parametrize("name", sorted(ROUND8_SETS))
def test_round8_gold_follows_the_schema(name):
    test_gold_files_follow_the_schema(Path(__file__).parent / name, max_words=520)


@pytest.mark.parametrize("name", sorted(ROUND8_SETS))
def test_round8_set_floors(name):
    _assert_set_floors(name, ROUND8_SETS[name])
