"""Every command has help text and appears in the README; fkg --help stays light."""

import re
import subprocess
import sys
from pathlib import Path

import click

from freelance_kg.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def all_commands(group=cli, prefix="fkg"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from all_commands(command, f"{prefix} {name}")


def test_every_command_has_help_and_is_in_the_readme():
    commands = list(all_commands())
    assert len(commands) >= 4
    for name, command in commands:
        assert (command.help or "").strip(), f"{name} has no help text"
        assert re.search(re.escape(name) + r"\b", README), f"{name} is not in README.md"


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from freelance_kg.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('spacy', 'pyoxigraph', 'neo4j', 'igraph', 'pyvis', 'matplotlib',"
            " 'rdflib', 'networkx', 'trafilatura') if m in sys.modules]\n"
            "print('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "freelance_kg", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("fkg")
