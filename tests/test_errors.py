"""The one place an exception leaving a command becomes a message: one line on stderr, a
documented exit code, no traceback unless --debug or FKG_DEBUG=1 asks for it, no credentials."""

from __future__ import annotations

import errno

import pytest

from freelance_kg.cli import cli
from freelance_kg.errors import describe, redact
from freelance_kg.graph.model import Document
from freelance_kg.graph.rdf_store import OxigraphStore


@pytest.fixture
def small_store(store_path):
    with OxigraphStore(store_path) as store:
        store.add([Document.from_text("One short text.", source="a.txt")])
    return store_path


def _break_stats(monkeypatch, exc):
    """Inject an error no test input can cause (a bug, a full disk) into `fkg stats`."""
    def broken(self):
        raise exc
    monkeypatch.setattr(OxigraphStore, "stats", broken)


def test_an_unexpected_error_is_one_line_with_exit_1_and_no_traceback(runner, small_store, monkeypatch):
    monkeypatch.delenv("FKG_DEBUG", raising=False)
    _break_stats(monkeypatch, RuntimeError("boom\nsecond line"))
    result = runner.invoke(cli, ["--store", small_store, "stats"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == ("Error: unexpected error (RuntimeError: boom second line). Run the "
                             "command again with --debug (or FKG_DEBUG=1) to see the traceback, "
                             "and please report it\n")
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback_and_keeps_the_exit_code(runner, small_store, monkeypatch, how):
    monkeypatch.delenv("FKG_DEBUG", raising=False)
    _break_stats(monkeypatch, RuntimeError("boom"))
    args = ["--store", small_store, "stats"]
    if how == "flag":
        args.insert(0, "--debug")
    else:
        monkeypatch.setenv("FKG_DEBUG", "1")
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("Error: unexpected error (RuntimeError: boom)")


def test_a_full_disk_names_the_file_and_the_fix(runner, small_store, monkeypatch):
    _break_stats(monkeypatch, OSError(errno.ENOSPC, "No space left on device", "/data/x.part"))
    result = runner.invoke(cli, ["--store", small_store, "stats"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: No space left on device (/data/x.part): free some space and run "
                             "the command again; the store keeps its last complete transaction\n")


def test_interrupt_exits_130_with_the_store_note(runner, small_store, monkeypatch):
    _break_stats(monkeypatch, KeyboardInterrupt())
    result = runner.invoke(cli, ["--store", small_store, "stats"])
    assert result.exit_code == 130
    assert result.stderr == "Interrupted; the store keeps its last complete transaction.\n"


def test_errors_in_group_setup_are_handled_too(runner, monkeypatch):
    """The group's own code (the Neo4j options) runs inside the same handler."""
    def broken(user):
        raise ValueError("bad terminal")
    monkeypatch.setattr("freelance_kg.cli._neo4j_password", broken)
    result = runner.invoke(cli, ["--backend", "neo4j", "stats"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: unexpected error (ValueError: bad terminal).")


def test_credentials_are_redacted_in_every_message(monkeypatch):
    assert redact("cannot reach bolt://neo:s3cret@db.example:7687 now") == \
        "cannot reach bolt://neo:***@db.example:7687 now"
    assert redact("no password here: http://example.org/a@b") == "no password here: http://example.org/a@b"
    code, message = describe(RuntimeError("auth failed for hunter22"), secrets=("hunter22",))
    assert (code, "hunter22" in message, "***" in message) == (1, False, True)
