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


# --- real faults for permission cases (tests run as root in CI) --------------------------------
import contextlib  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

NOBODY = 65534


@contextlib.contextmanager
def _unprivileged():
    """Run the block with the file permissions of an ordinary user. As root (the CI container)
    chmod does not stop root, so the block runs with effective uid/gid nobody (``seteuid``, undone
    afterwards); as any other user it changes nothing."""
    if os.geteuid() != 0:
        yield
        return
    os.setegid(NOBODY)
    os.seteuid(NOBODY)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


@pytest.fixture
def unprivileged():
    """``with unprivileged(): ...`` runs the block with an ordinary user's file permissions."""
    return _unprivileged


@pytest.fixture
def shared_dir():
    """A folder every user may enter (pytest's tmp_path is private to root), removed afterwards."""
    folder = tempfile.mkdtemp(prefix="fkg-test-")
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
