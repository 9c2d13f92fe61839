"""The analytics commands on a real on-disk store, in every output format."""

from __future__ import annotations

import csv
import io
import json

import pytest

from freelance_kg.cli import cli


def run(runner, store, *args):
    return runner.invoke(cli, ["--store", store, *args])


def test_who_knows_table_json_csv(runner, eco_store):
    table = run(runner, eco_store, "who-knows", "Ana Ruiz", "Hugo Brandt")
    assert table.exit_code == 0, table.output
    assert "Ana Ruiz -FOUNDED-> GigHub" in table.stdout
    assert "Ben Okafor sits on the board of the Freelancers Guild." in table.stdout
    hops = json.loads(run(runner, eco_store, "who-knows", "Ana Ruiz", "Hugo Brandt",
                          "--format", "json").stdout)
    assert [h["hop"] for h in hops] == [1, 2, 3, 4]
    assert all(h["sentence"] and h["source"] for h in hops)
    rows = list(csv.DictReader(io.StringIO(run(runner, eco_store, "who-knows", "ruiz", "hugo",
                                               "--format", "csv").stdout)))
    assert [r["predicate"] for r in rows] == ["FOUNDED", "FOUNDED", "MEMBER_OF", "MEMBER_OF"]


def test_who_knows_no_path_and_bad_names(runner, eco_store):
    none = run(runner, eco_store, "who-knows", "Ana Ruiz", "Hugo Brandt", "--max-hops", "3")
    assert none.exit_code == 0 and "No connection" in none.stderr and none.stdout == ""
    ambiguous = run(runner, eco_store, "who-knows", "Ana Ruiz", "Muller")
    assert ambiguous.exit_code == 3
    assert "Kai Muller (Person)" in ambiguous.stderr and "Traceback" not in ambiguous.output
    unknown = run(runner, eco_store, "ego", "Zygmunt Quarrel")
    # nothing in the graph looks like it: no unrelated organisations or places suggested
    assert unknown.exit_code == 3
    assert unknown.stderr == "Error: no entity named 'Zygmunt Quarrel' in the graph\n"
    misspelled = run(runner, eco_store, "ego", "Graze Kin")
    assert misspelled.exit_code == 3
    assert misspelled.stderr.splitlines()[-1] == "  closest: Grace Kim (Person)"


@pytest.mark.parametrize("args, expect", [
    (["centrality", "--measure", "betweenness", "--type", "Person", "--top", "1"], "Ben Okafor"),
    (["centrality", "--engine", "igraph"], "pagerank"),
    (["brokers", "--type", "Person", "--top", "2"], "Ben Okafor"),
    (["communities", "--seed", "1"], "Chloe Martin"),
    (["communities", "--method", "louvain", "--min-size", "3", "--stability-seeds", "1"],
     "Muller Studio"),
    (["smalltown"], "share_within_2_hops"),
    (["smalltown", "--view", "people"], "sigma"),
    (["ego", "Dev Patel", "--hops", "1"], "TalentLoop"),
    (["knows", "Grace Kim"], "Ines Costa"),
    (["introductions", "Ana Ruiz"], "Grace Kim"),
    (["named-queries"], "path-between"),
])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_commands_in_every_format(runner, eco_store, args, expect, fmt):
    result = run(runner, eco_store, *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert expect in result.stdout
    if fmt == "table" and args[0] in ("communities", "smalltown"):
        assert ("modularity" if args[0] == "communities" else "within 2 steps") in result.stdout
    if fmt == "json":
        json.loads(result.stdout)
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(result.stdout)))) >= 2


def test_sparql_named_query_with_params(runner, eco_store):
    result = run(runner, eco_store, "sparql", "@path-between", "--param", "person_a=Ben Okafor",
                 "--param", "person_b=Ines Costa", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["hops"] for r in rows] == [2, 3]


def test_bad_options_are_explained(runner, eco_store):
    result = run(runner, eco_store, "centrality", "--type", "Company")
    assert result.exit_code == 2 and "Person" in result.stderr
    result = run(runner, eco_store, "centrality", "--measure", "closeness")
    assert result.exit_code == 2


@pytest.mark.parametrize("args, scope", [
    (["centrality"], "Scope: all entities of the graph"),
    (["centrality", "--measure", "eigenvector"], "Scope: entities of the largest component only"),
    (["brokers"], "Scope: every entity except places (2 left out"),
    (["communities"], "Scope: communities of at least 2 members"),
    (["smalltown"], "Scope: clustering, reach and the inner circle"),
])
def test_every_report_starts_with_coverage_and_scope(runner, eco_store, args, scope):
    table = run(runner, eco_store, *args)
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].startswith("Coverage: ") and " connected components; the largest holds " in lines[0]
    assert lines[1].startswith(scope)
    report = json.loads(run(runner, eco_store, *args, "--format", "json").stdout)
    assert list(report)[:2] == ["coverage", "scope"] and report["scope"].startswith(scope)
    assert report["coverage"]["components"] == 2
    csv_run = run(runner, eco_store, *args, "--format", "csv")
    assert csv_run.stderr.startswith("Coverage: ") and not csv_run.stdout.startswith("Coverage")


@pytest.mark.parametrize("view", ["entities", "people"])
def test_smalltown_seed_is_reproducible_across_processes(town_store, view):
    import os
    import subprocess
    import sys

    outputs = []
    for hash_seed in ("1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-m", "freelance_kg", "--store", town_store,
                               "smalltown", "--view", view, "--seed", "0", "--format", "json"],
                              capture_output=True, text=True, env=env, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    measures = json.loads(outputs[0])["measures"]
    assert measures["largest_component_nodes"] >= 20
    assert measures["random_clustering"] is not None and measures["random_references"] == 3
    if view == "people":
        assert measures["sigma"] > 1 and -1 <= measures["omega"] <= 1


def test_matched_name_and_how_are_printed(runner, eco_store):
    fuzzy = run(runner, eco_store, "ego", "Ana Ruis", "--hops", "1")
    assert fuzzy.exit_code == 0
    assert fuzzy.stderr == "'Ana Ruis' is Ana Ruiz (Person), by close spelling\n"
    alias = run(runner, eco_store, "knows", "ruiz")
    assert alias.stderr == "'ruiz' is Ana Ruiz (Person), by alias\n" and "Ben Okafor" in alias.stdout
    exact = run(runner, eco_store, "knows", "Ana Ruiz")
    assert exact.stderr == "" and "Ben Okafor" in exact.stdout
    by_id = run(runner, eco_store, "who-knows", "person/ana-ruiz", "Hugo Brandt", "--format", "json")
    assert by_id.stderr == "'person/ana-ruiz' is Ana Ruiz (Person), by id\n"


def test_empty_answers_say_why(runner, eco_store):
    far = run(runner, eco_store, "who-knows", "Ana Ruiz", "Hugo Brandt", "--max-hops", "3")
    assert far.stderr == ("No connection between Ana Ruiz and Hugo Brandt within 3 hops; the "
                          "shortest is 4 hops (try --max-hops 4).\n")
    apart = run(runner, eco_store, "who-knows", "Ana Ruiz", "Kai Muller")
    assert apart.stderr == ("Ana Ruiz and Kai Muller are in separate parts of the graph: no "
                            "chain of relations of any length joins them.\n")
    assert "--max-hops" not in apart.stderr
    alone = run(runner, eco_store, "introductions", "Kai Muller")
    assert alone.exit_code == 0 and alone.stdout == ""
    assert alone.stderr == ("Nobody new to meet through Kai Muller's 1 acquaintance(s): everyone "
                            "they know, Kai Muller already knows.\n")


def test_introductions_json_keeps_every_reason_whole(runner, eco_store):
    rows = json.loads(run(runner, eco_store, "introductions", "Ana Ruiz", "--format", "json").stdout)
    grace = rows[0]
    assert (grace["introduce_to"], grace["through"], grace["score"]) == ("Grace Kim", "Ben Okafor", 2.0)
    assert len(grace["why"]) > 80 and not grace["why"].endswith("…")
    sentences = {ev["sentence"] for reason in grace["reasons"] for ev in reason["evidence"]}
    assert "Ben Okafor sits on the board of the Freelancers Guild." in sentences
    assert {r["between"] for r in grace["reasons"]} == {"Ana Ruiz and Ben Okafor",
                                                        "Ben Okafor and Grace Kim"}
    table = run(runner, eco_store, "introductions", "Ana Ruiz")
    assert "reasons" not in table.stdout.splitlines()[0] and "also_through" in table.stdout


@pytest.mark.parametrize("args", [
    ["communities", "--min-size", "1", "--stability-seeds", "3"],
    ["centrality", "--measure", "harmonic", "--top", "200"],
    ["centrality", "--measure", "eigenvector", "--component", "each", "--top", "200"],
    ["brokers", "--top", "200"],
])
def test_rankings_are_reproducible_across_processes(town_store, args):
    """Ties (equal scores, equal counts) are broken the same way whatever PYTHONHASHSEED is."""
    import os
    import subprocess
    import sys

    outputs = [subprocess.run([sys.executable, "-m", "freelance_kg", "--store", town_store, *args,
                               "--format", "json"], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": hash_seed}).stdout
               for hash_seed in ("1", "12345")]
    assert outputs[0] == outputs[1] and json.loads(outputs[0])["coverage"]["nodes"] == 98
