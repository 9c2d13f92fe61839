"""The store, its files and its queries under hostile input and faults (issue 19, cases 9-22):
a clear one-line error with a documented exit code, never a traceback, never a changed store."""

from __future__ import annotations

import errno
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from freelance_kg.cli import cli
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore

TEXT = "Micha Kaufman co-founded Fiverr, a marketplace based in Tel Aviv."


def build(store_path):
    doc = Document.from_text(TEXT, source="mem://fiverr", title="Fiverr")
    micha, fiverr = Entity.make("Micha Kaufman", "Person"), Entity.make("Fiverr", "Platform")
    tlv = Entity.make("Tel Aviv", "Place")
    ev = lambda: [Evidence(doc.id, TEXT, 0, len(TEXT), "test/1", 0.9)]     # noqa: E731
    with OxigraphStore(store_path) as store:
        store.add([doc], [micha, fiverr, tlv], [
            Relation(micha.id, "FOUNDED", fiverr.id, evidence=ev()),
            Relation(fiverr.id, "LOCATED_IN", tlv.id, evidence=ev())])


def run(runner, store_path, *args):
    result = runner.invoke(cli, ["--store", store_path, *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def snapshot(store_path):
    with OxigraphStore(store_path, read_only=True) as store:
        return sorted(str(q) for q in store.db)


# --- 12, 13: export paths ----------------------------------------------------------------------
def test_export_into_the_store_folder_is_refused_and_the_store_survives(runner, store_path):
    build(store_path)
    before = snapshot(store_path)
    target = os.path.join(store_path, "oxigraph", "CURRENT")
    result = run(runner, store_path, "export", "-o", target)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: -o {target} is inside the store folder {store_path}; writing "
                             "there would destroy the store: pick a path outside it\n")
    assert run(runner, store_path, "export", "--format", "csv", "-o", store_path).exit_code == 2
    assert snapshot(store_path) == before


def test_export_to_a_missing_folder_a_folder_or_csv_onto_a_file_is_bad_input(runner, store_path, tmp_path):
    build(store_path)
    missing = tmp_path / "nope" / "graph.ttl"
    result = run(runner, store_path, "export", "-o", str(missing))
    assert (result.exit_code, result.stderr) == (2, f"Error: cannot write {missing}: the folder "
                                                    f"{missing.parent} does not exist; create it first "
                                                    "or pick another path\n")
    result = run(runner, store_path, "export", "--format", "graphml", "-o", str(tmp_path))
    assert (result.exit_code, result.stderr) == (2, f"Error: -o {tmp_path} is a folder; --format "
                                                    "graphml writes one file: give a file path, e.g. "
                                                    f"{tmp_path / 'graph.graphml'}\n")
    existing = tmp_path / "keep.txt"
    existing.write_text("mine")
    result = run(runner, store_path, "export", "--format", "csv", "-o", str(existing))
    assert (result.exit_code, result.stderr) == (2, f"Error: -o {existing} is a file; --format csv "
                                                    "writes a folder of CSV files: give a folder path "
                                                    "(it is created if missing)\n")
    assert existing.read_text() == "mine"


# --- 11: a full disk during export; a lock file replaced by a folder --------------------------
def test_a_full_disk_during_export_leaves_no_part_file(runner, store_path, tmp_path, monkeypatch):
    build(store_path)

    def full_disk(self, output, fmt):      # a real full disk needs a small mount; injected here
        with open(output, "wb") as fh:
            fh.write(b"@prefix half")
        raise OSError(errno.ENOSPC, "No space left on device", str(output))
    monkeypatch.setattr(OxigraphStore, "dump", full_disk)
    target = tmp_path / "graph.ttl"
    result = run(runner, store_path, "export", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: No space left on device ({target}.part): free some space and "
                             "run the command again; the store keeps its last complete transaction\n")
    assert sorted(os.listdir(tmp_path)) == ["store"]


def test_a_lock_file_replaced_by_a_folder_is_a_clear_error(runner, store_path):
    build(store_path)
    lock = Path(store_path) / "fkg.lock"
    lock.unlink()
    lock.mkdir()
    result = run(runner, store_path, "stats")
    assert result.exit_code == 5
    assert result.stderr == (f"Error: {lock} is a folder, not the store's lock file: remove it "
                             f"(rmdir {lock}) and run the command again\n")


# --- 9: a read-only store ----------------------------------------------------------------------
def test_a_read_only_store_answers_reads_and_refuses_writes(runner, shared_dir, unprivileged, tmp_path):
    store_path = os.path.join(shared_dir, "store")
    build(store_path)
    for root, dirs, files in os.walk(shared_dir):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    bad = Path(shared_dir) / "more.ttl"
    bad.write_text("<https://e/a> <https://e/b> <https://e/c> .\n")
    os.chmod(bad, 0o644)
    import pyoxigraph  # noqa: F401  imported before the user changes (site-packages may be private)
    with unprivileged():
        stats = run(runner, store_path, "stats", "--format", "json")
        write = run(runner, store_path, "import", str(bad))
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)[0]["relations"] == 2
    assert write.exit_code == 5
    assert write.stderr.startswith(f"Error: cannot write to the store at {store_path}: it is read-only")


# --- 10: damaged database files -----------------------------------------------------------------
@pytest.mark.parametrize("damage", ["truncate-sst", "garbage-current"])
def test_a_damaged_store_says_so_with_exit_5(runner, store_path, tmp_path, damage):
    build(store_path)
    db = Path(store_path) / "oxigraph"
    if damage == "truncate-sst":
        for sst in db.glob("*.sst"):
            os.truncate(sst, 100)
        assert list(db.glob("*.sst"))
    else:
        (db / "CURRENT").write_text("garbage\n")
    (tmp_path / "a.txt").write_text(TEXT)
    for args in (["stats"], ["export", "--format", "nq"], ["ingest", str(tmp_path / "a.txt")],
                 ["sparql", "SELECT * WHERE { ?s ?p ?o }"]):
        result = run(runner, store_path, *args)
        assert result.exit_code == 5, (args, result.output)
        assert result.stderr.startswith(f"Error: the store at {store_path} is damaged (Corruption: ")
        assert result.stderr.endswith("Restore the folder from a backup, or `fkg import` an earlier "
                                      "`fkg export` into a new --store, or remove the folder and "
                                      "ingest the articles again\n")


# --- 14: scratch folders of a killed import ---------------------------------------------------
def test_scratch_folders_of_a_killed_import_are_removed_at_the_next_write_open(store_path):
    build(store_path)
    scratch = Path(store_path) / ".import-k1ll3d"
    (scratch / "oxigraph").mkdir(parents=True)
    (scratch / "oxigraph" / "000001.sst").write_bytes(b"\0" * 4096)
    OxigraphStore(store_path, read_only=True).close()
    assert scratch.exists()                 # a reader never deletes anything
    OxigraphStore(store_path).close()
    assert sorted(os.listdir(store_path)) == ["fkg.lock", "oxigraph"]


# --- 16: a writer refused by a reader names the reader -----------------------------------------
def test_a_writer_refused_while_a_reader_holds_the_store_names_the_readers_pid(runner, store_path, tmp_path):
    build(store_path)
    data = tmp_path / "more.nt"
    data.write_text("<https://e/a> <https://e/b> <https://e/c> .\n")
    with OxigraphStore(store_path, read_only=True):
        result = run(runner, store_path, "import", str(data))
    assert result.exit_code == 4
    assert result.stderr == (f"Error: cannot write to the store at {store_path}: it is in use by pid "
                             f"{os.getpid()} (reading). Wait for that command to finish (only one "
                             "writer at a time; readers wait for writers), or use another --store.\n")


# --- 22, 21: imports ---------------------------------------------------------------------------
def test_a_bad_file_imported_into_an_empty_store_is_exit_2_with_the_parsers_words(runner, store_path, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://e/a> <https://e/b> .\n")
    result = run(runner, store_path, "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad} is not valid ttl: Parser error at line 1 column ")
    assert "lock" not in result.stderr
    assert sorted(os.listdir(store_path)) == ["fkg.lock", "oxigraph"]
    assert snapshot(store_path) == []


XSD_INT = "<http://www.w3.org/2001/XMLSchema#integer>"


@pytest.mark.parametrize("empty", [True, False])
def test_an_ill_typed_literal_is_rejected_on_import_and_nothing_is_written(runner, store_path, tmp_path, empty):
    if not empty:
        build(store_path)
    before = snapshot(store_path) if not empty else []
    bad = tmp_path / "bad.nt"
    bad.write_text('<https://e/a> <https://e/b> <https://e/c> .\n'
                   f'<https://freelance-kg.org/ev/1> <https://freelance-kg.org/ns#start> "x"^^{XSD_INT} .\n'
                   '<https://freelance-kg.org/ev/1> <https://freelance-kg.org/ns#end> "7" .\n')
    result = run(runner, store_path, "import", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {bad}: 2 value(s) the fkg vocabulary cannot read, so nothing was imported: "
        f'<https://freelance-kg.org/ev/1> <https://freelance-kg.org/ns#start> "x"^^{XSD_INT}: not a '
        'valid xsd:integer; <https://freelance-kg.org/ev/1> <https://freelance-kg.org/ns#end> "7": '
        "must be a number (xsd:integer). Fix them and import again\n")
    assert snapshot(store_path) == before


def test_commands_survive_an_ill_typed_literal_already_in_the_store(runner, store_path, tmp_path):
    """A store another tool wrote into: readers take what they find."""
    import pyoxigraph as ox
    build(store_path)
    with OxigraphStore(store_path) as store:
        ev = next(q.subject for q in store.db.quads_for_pattern(None, store.v.start, None, None))
        store.db.remove(next(iter(store.db.quads_for_pattern(ev, store.v.start, None, None))))
        store.db.add(ox.Quad(ev, store.v.start, ox.Literal("x", datatype=ox.NamedNode(XSD_INT[1:-1]))))
    for args in (["stats"], ["export", "--format", "ttl"], ["export", "--format", "csv", "-o", str(tmp_path / "csv")],
                 ["export", "--format", "graphml", "-o", str(tmp_path / "g.graphml")],
                 ["export", "--format", "neo4j-csv", "-o", str(tmp_path / "neo")],
                 ["communities", "--stability-seeds", "1"], ["brokers"], ["knows", "Micha Kaufman"],
                 ["centrality"], ["smalltown", "--random", "0"], ["ego", "Micha Kaufman"],
                 ["who-knows", "Micha Kaufman", "Fiverr"], ["introductions", "Micha Kaufman"],
                 ["viz", "-o", str(tmp_path / "g.html")]):
        result = run(runner, store_path, *args)
        assert result.exit_code == 0, (args, result.output)


# --- 18, 19, 20: SPARQL parameters and SERVICE -------------------------------------------------
def test_a_param_is_bound_in_the_where_group_not_in_a_comment(runner, store_path):
    build(store_path)
    query = ("# find who founded WHERE { ?x } what\n"
             'SELECT ?name WHERE { ?p fkg:FOUNDED ?x . ?x schema:name ?platform . ?p schema:name ?name '
             'FILTER(?name != "WHERE {") }')
    result = run(runner, store_path, "sparql", query, "--param", "platform=Upwork", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    result = run(runner, store_path, "sparql", query, "--param", "platform=Fiverr", "--format", "json")
    assert json.loads(result.stdout) == [{"name": "Micha Kaufman"}]


def test_a_param_naming_no_variable_of_the_query_is_bad_input(runner, store_path):
    build(store_path)
    result = run(runner, store_path, "sparql", "SELECT ?s WHERE { ?s ?p ?o } # ?platform",
                 "--param", "platform=Fiverr")
    assert (result.exit_code, result.stderr) == (2, "Error: --param platform: the query has no variable "
                                                    "?platform (its variables: ?o, ?p, ?s); check the spelling\n")


@pytest.mark.parametrize("value", ["http://a b", "https://x/<y>"])
def test_a_param_that_starts_like_an_iri_but_is_not_one_is_bad_input(runner, store_path, value):
    build(store_path)
    result = run(runner, store_path, "sparql", "SELECT ?s WHERE { ?s ?p ?o }", "--param", f"o={value}")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: --param value {value!r} starts like an IRI but is not one (")


def test_infinity_and_nan_stay_valid_json(runner, store_path):
    build(store_path)
    result = run(runner, store_path, "sparql", "SELECT ?v ?w WHERE { ?s ?p ?o . FILTER(STR(?o) = STR(?v)) }"
                 " LIMIT 1", "--param", "v=Infinity", "--param", "w=NaN", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = run(runner, store_path, "sparql", 'SELECT (xsd:double("INF") AS ?a) (xsd:double("NaN") AS ?b) '
                 '(-xsd:double("INF") AS ?c) WHERE {}', "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [{"a": "INF", "b": "NaN", "c": "-INF"}]


@pytest.fixture
def endpoint():
    """A local SPARQL 'endpoint' that only records that it was called."""
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            calls.append(self.path)
            self.send_error(500, "not an endpoint")
        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", calls
    server.shutdown()
    server.server_close()


def test_service_is_refused_unless_allowed(runner, store_path, endpoint):
    url, calls = endpoint
    build(store_path)
    query = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    result = run(runner, store_path, "sparql", query)
    assert result.exit_code == 2
    assert result.stderr == ("Error: the query calls SERVICE, which sends a request over the network; "
                             "the embedded store answers offline. Pass --allow-service to let this "
                             "query reach the remote endpoint\n")
    assert calls == []
    quoted = run(runner, store_path, "sparql", '# SERVICE\nSELECT ?s WHERE { ?s schema:name "SERVICE" }')
    assert quoted.exit_code == 0       # the word in a comment or a string is not a call
    allowed = run(runner, store_path, "sparql", query, "--allow-service")
    assert allowed.exit_code != 0 and len(calls) == 1      # it did reach the endpoint


# --- 23: a Bolt server that answers nonsense; credentials in a URI ----------------------------
@pytest.fixture
def broken_bolt():
    """A TCP server that agrees to Bolt 4.4, then answers the hello with bytes that are no
    Bolt message."""
    import socket
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                conn.recv(20)
                conn.sendall(b"\x00\x00\x04\x04")
                conn.recv(65536)
                conn.sendall(b"\x00\x05\xb1\x70\xa1\x81\x61\x00\x00")
                conn.recv(65536)
            except OSError:
                pass
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_malformed_bolt_reply_is_exit_5_without_traceback_or_password(runner, broken_bolt, monkeypatch):
    monkeypatch.setenv("FKG_NEO4J_PASSWORD", "hunter22x")
    result = runner.invoke(cli, ["--backend", "neo4j", "--neo4j-uri", f"bolt://{broken_bolt}",
                                 "--neo4j-user", "neo", "stats"])
    assert result.exit_code == 5, result.output
    assert result.stderr.startswith(f"Error: cannot reach Neo4j at bolt://{broken_bolt}: ")
    assert len(result.stderr.splitlines()) == 1
    assert "hunter22x" not in result.output and "Traceback" not in result.output


def test_a_password_inside_the_uri_is_never_echoed(runner, broken_bolt):
    result = runner.invoke(cli, ["--backend", "neo4j", "--neo4j-uri", f"bolt://neo:s3cretpw@{broken_bolt}",
                                 "stats"])
    assert result.exit_code == 2
    assert "s3cretpw" not in result.output
    assert result.stderr.startswith(f"Error: cannot use Neo4j URI 'bolt://neo:***@{broken_bolt}': ")


# --- 11: a full disk and a deleted store folder while writing ----------------------------------
class FullDisk:
    """The database of a store whose disk is full: every write and flush fails with ENOSPC
    (a real full disk needs a small mount, which the tests cannot make)."""

    def __init__(self, db):
        self._db = db

    def __getattr__(self, name):
        return getattr(self._db, name)

    def _full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    extend = update = flush = _full


def test_a_full_disk_while_writing_is_one_clear_error_and_the_lock_is_released(store_path):
    from freelance_kg.errors import StoreUnavailable
    from freelance_kg.graph.rdf_store import StoreLock
    build(store_path)
    before = snapshot(store_path)
    with pytest.raises(StoreUnavailable) as caught:
        with OxigraphStore(store_path) as store:
            real = store.db
            store.db = FullDisk(real)
            try:
                store.add([Document.from_text("Another text.", source="b.txt")])
            finally:
                store.db = FullDisk(real)    # the flush at close fails too: no chained error
    assert str(caught.value) == (f"the disk holding the store at {store_path} is full ([Errno 28] No "
                                 "space left on device); free some space and run the command again")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__   # one error, not a chain
    lock = StoreLock(Path(store_path), exclusive=True)
    lock.acquire()
    lock.release()
    assert snapshot(store_path) == before


def test_a_store_folder_deleted_while_writing_says_so(store_path):
    from freelance_kg.errors import StoreUnavailable
    build(store_path)
    with pytest.raises(StoreUnavailable) as caught:
        with OxigraphStore(store_path) as store:
            import shutil
            shutil.rmtree(store_path)
            store.add([Document.from_text(f"Text number {i}.", source=f"{i}.txt") for i in range(50)])
    assert str(caught.value).startswith(f"the store folder {store_path} was deleted or moved while "
                                        "the command ran (")
