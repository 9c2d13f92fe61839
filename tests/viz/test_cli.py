"""`fkg viz` over a real embedded store."""

from __future__ import annotations

import json

import pytest

from freelance_kg.cli import cli
from freelance_kg.graph.store import open_store


@pytest.fixture
def filled_store(store_path, small_parts):
    documents, entities, relations = small_parts
    with open_store("oxigraph", store_path) as store:
        store.add(documents, entities, relations)
    return store_path


def test_viz_writes_page_and_png(runner, filled_store, tmp_path):
    html, png = tmp_path / "graph.html", tmp_path / "overview.png"
    result = runner.invoke(cli, ["--store", filled_store, "viz", "-o", str(html), "--png", str(png),
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)[0]
    assert summary["nodes"] == 8 and summary["edges"] == 9
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_viz_focus(runner, filled_store, tmp_path):
    html = tmp_path / "bob.html"
    result = runner.invoke(cli, ["--store", filled_store, "viz", "-o", str(html), "--focus", "Bob Stone",
                                 "--hops", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["nodes"] == 3


@pytest.mark.parametrize("args, code, message", [
    (["--focus", "Zelda Quartz"], 3, "Zelda Quartz"),
    (["--type", "Robot"], 2, "Robot"),
    (["--png", "overview.jpg"], 2, "must end in .png"),
    (["--community", "42"], 2, "--community 42"),
])
def test_viz_errors(runner, filled_store, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--store", filled_store, "viz", *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_viz_defaults_to_graph_html(runner, filled_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--store", filled_store, "viz", "--type", "Person"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.html").is_file()
    assert not list(tmp_path.glob("*.png"))


def test_viz_png_only(runner, filled_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--store", filled_store, "viz", "--png", "overview.png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "overview.png").is_file()
    assert not (tmp_path / "graph.html").exists()
