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
