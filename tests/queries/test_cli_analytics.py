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
    assert unknown.exit_code == 3 and "closest" in unknown.stderr


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
