"""The README's main job end to end: ingest the example corpus, then the quick-start questions."""

import json
from pathlib import Path

import pytest

from freelance_kg.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
ARTICLES = [p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html") and p.name != "SOURCES.md"]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    from click.testing import CliRunner
    path = str(tmp_path_factory.mktemp("quickstart") / "store")
    result = CliRunner().invoke(cli, ["--store", path, "ingest", str(CORPUS), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)[0]
    assert summary["new"] == len(ARTICLES) and summary["failed"] == 0
    return path


def test_example_corpus_ingests_cleanly(runner, example_store):
    stats = json.loads(runner.invoke(cli, ["--store", example_store, "stats", "--format", "json"]).output)[0]
    assert stats["documents"] == len(ARTICLES)
    assert stats["entities_by_type"]["Person"] >= 15 and stats["relations_by_predicate"]["FOUNDED"] >= 8


def test_quickstart_who_knows_has_evidence_for_every_hop(runner, example_store):
    result = runner.invoke(cli, ["--store", example_store, "who-knows", "Sara Horowitz", "Hayden Brown",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and all(row["sentence"] and row["source"] for row in rows)
    assert any("Freelancers Union" in row["link"] for row in rows)


def test_ingesting_the_corpus_again_changes_nothing(runner, example_store):
    before = runner.invoke(cli, ["--store", example_store, "export", "--format", "nq"]).output
    again = runner.invoke(cli, ["--store", example_store, "ingest", str(CORPUS), "--format", "json"])
    assert again.exit_code == 0
    assert json.loads(again.output)[0]["unchanged"] == len(ARTICLES)
    after = runner.invoke(cli, ["--store", example_store, "export", "--format", "nq"]).output
    assert sorted(before.splitlines()) == sorted(after.splitlines())
