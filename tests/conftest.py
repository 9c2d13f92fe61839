"""Cheap fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from click.testing import CliRunner


@pytest.fixture
def store_path(tmp_path):
    """A fresh, not yet created, embedded store folder."""
    return str(tmp_path / "store")


@pytest.fixture
def runner():
    """click's CliRunner; run commands as ``runner.invoke(cli, [...])``."""
    return CliRunner()
