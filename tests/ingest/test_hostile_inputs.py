"""Hostile files, folders and URLs (issue 19, cases 1-8): each is reported as a failed source, or
read correctly, and never aborts the batch, hangs, or leaves an old version behind."""

from __future__ import annotations

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from freelance_kg.cli import cli
from freelance_kg.errors import StoreLocked
from freelance_kg.graph.rdf_store import OxigraphStore, StoreLock
from freelance_kg.graph.store import open_store
from freelance_kg.ingest import readers
from freelance_kg.ingest.nlp import load_nlp
from freelance_kg.ingest.pipeline import ingest

GOOD = ["Ingrid Solberg founded Quillmark in 2019.",
        "Tomas Verhoeven is the chief executive of Brightloom.",
        "Northwind Capital invested in Harbourline.",
        "Petra Okafor founded Harbourline in Accra.",
        "Amara Nwosu founded Kestrel Labs in Madrid."]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _read(*sources, **kw):
    return list(readers.read_sources([str(s) for s in sources], **kw))


def _failures(results):
    return {Path(r.source).name: r.error for r in results if r.error}


def _texts(results):
    return [r.document.text for r in results if r.ok]


# --- 1: a text longer than spaCy's max_length -----------------------------------------------
def test_a_text_over_spacys_length_limit_is_parsed_in_pieces_and_the_batch_is_written(
        tmp_path, store_path, nlp, monkeypatch):
    """spaCy refuses texts over nlp.max_length (1,000,000 characters, error E088). The limit is
    lowered here so the test parses a short text; the code path is the same."""
    monkeypatch.setattr(nlp, "max_length", 2000)
    folder = tmp_path / "in"
    folder.mkdir()
    for number, text in enumerate(GOOD):
        (folder / f"good{number}.txt").write_text(text + "\n", encoding="utf-8")
    filler = "\n\n".join(f"Paragraph {i} says nothing about anyone in particular today." for i in range(80))
    long_text = filler + "\n\nLucia Ferraro founded Wrenfield in Turin."
    assert len(long_text) > 2 * nlp.max_length
    (folder / "long.txt").write_text(long_text + "\n", encoding="utf-8")
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(folder)], store, nlp=nlp)
        assert (summary.new, summary.failed) == (6, [])
        names = {e.name for e in store.entities()}
    assert {"Lucia Ferraro", "Wrenfield"} <= names      # from the last piece of the long text
    from freelance_kg.ingest.nlp import parse
    assert parse(nlp, long_text).text == long_text      # one Doc over the whole text


# --- 2: a lone surrogate from a JSON escape ---------------------------------------------------
def test_a_jsonl_line_with_a_lone_surrogate_escape_is_read_with_a_replacement_character(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "Ingrid Solberg founded Quillmark. \\ud800", "title": "x\\udfff"}\n'
                    + json.dumps({"text": GOOD[1]}) + "\n", encoding="utf-8")
    results = _read(path)
    assert [r.error for r in results] == [None, None]
    assert _texts(results) == ["Ingrid Solberg founded Quillmark. \ufffd", GOOD[1]]
    assert results[0].document.title == "x\ufffd"


def test_a_lone_surrogate_does_not_stop_the_cli_ingest(runner, tmp_path, store_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "\\ud800"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["--store", store_path, "ingest", str(path), "--format", "json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["new"] == 1


# --- 3: a symlink loop -----------------------------------------------------------------------
def test_a_symlink_loop_is_a_failed_source_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD[0], encoding="utf-8")
    os.symlink("b.txt", folder / "a.txt")
    os.symlink("a.txt", folder / "b.txt")
    results = _read(folder)
    assert _texts(results) == [GOOD[0]]
    loop = "symlink loop (the link points back to itself); fix or remove the link"
    assert _failures(results) == {"a.txt": loop, "b.txt": loop}
    assert _failures(_read(folder / "a.txt")) == {"a.txt": loop}


# --- 4: a named pipe --------------------------------------------------------------------------
def test_a_named_pipe_is_skipped_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD[0], encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    os.mkfifo(folder / "pipe.jsonl")
    found = {}
    worker = threading.Thread(target=lambda: found.update(results=_read(folder), direct=_read(folder / "pipe.txt")),
                              daemon=True)
    worker.start()
    worker.join(60)     # a guard against a hang (opening a pipe waits for a writer), not a timing
    assert not worker.is_alive(), "reading a folder with a named pipe hung"
    reason = "not a regular file (a named pipe); skipped: only regular files are read"
    assert _texts(found["results"]) == [GOOD[0]]
    assert _failures(found["results"]) == {"pipe.jsonl": reason, "pipe.txt": reason}
    assert _failures(found["direct"]) == {"pipe.txt": reason}


# --- 5: an unreadable sub-folder ------------------------------------------------------------
def test_an_unreadable_sub_folder_is_a_failed_source(shared_dir, unprivileged):
    folder = Path(shared_dir) / "in"
    (folder / "private").mkdir(parents=True)
    for path in (folder, folder / "private"):
        os.chmod(path, 0o755)
    (folder / "good.txt").write_text(GOOD[0], encoding="utf-8")
    (folder / "private" / "hidden.txt").write_text(GOOD[1], encoding="utf-8")
    os.chmod(folder / "good.txt", 0o644)
    os.chmod(folder / "private", 0o000)
    try:
        with unprivileged():
            results = _read(folder)
    finally:
        os.chmod(folder / "private", 0o755)
    assert _texts(results) == [GOOD[0]]
    assert _failures(results) == {"private": "cannot read folder: Permission denied; its files were "
                                             "not ingested (check its permissions)"}


# --- 6: a URL that drips bytes ---------------------------------------------------------------
def test_timeout_bounds_the_whole_download_and_the_fetch_happens_before_the_lock(runner, store_path):
    OxigraphStore(store_path).close()       # the store exists; its lock is free
    seen = {}

    class Drip(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            lock = StoreLock(Path(store_path), exclusive=True)
            try:
                lock.acquire()
                lock.release()
                seen["lock"] = "free"
            except StoreLocked:
                seen["lock"] = "held"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(25):            # 25 x 0.3 s: each byte well inside the timeout
                    self.wfile.write(b"word ")
                    self.wfile.flush()
                    time.sleep(0.3)
            except OSError:
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/slow"
        result = runner.invoke(cli, ["--store", store_path, "ingest", url, "--timeout", "1",
                                     "--format", "json"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    [summary] = json.loads(result.stdout)
    assert summary["failures"] == [{"source": url, "reason": "timed out after 1s (the whole "
                                                             "download is bounded by --timeout)"}]
    assert seen["lock"] == "free"


# --- 7: UTF-32 with a byte-order mark --------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be-bom", "utf-16"])
def test_utf32_and_utf16_files_with_a_bom_are_decoded(tmp_path, encoding):
    text = "Ingrid Solberg founded Quillmark in Łódź."
    data = (b"\x00\x00\xfe\xff" + text.encode("utf-32-be")) if encoding == "utf-32-be-bom" \
        else text.encode(encoding)
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    results = _read(path)
    assert _texts(results) == [text] and _failures(results) == {}


def test_text_that_still_holds_nul_characters_is_binary(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\x00" + "cd".encode("utf-16-le"))
    assert _failures(_read(path)) == {"a.txt": "undecodable UTF-16/UTF-32 text; re-save it as UTF-8"}


# --- 8: an article changed to another article's text -----------------------------------------
def test_an_article_changed_to_another_articles_text_drops_its_old_version(tmp_path, store_path, nlp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD[0] + "\n", encoding="utf-8")
    (folder / "b.txt").write_text(GOOD[1] + "\n", encoding="utf-8")
    with open_store("oxigraph", store_path) as store:
        ingest([str(folder)], store, nlp=nlp)
        old_a = next(d.id for d in store.documents() if d.source.endswith("a.txt"))
        (folder / "a.txt").write_text(GOOD[1] + "\n", encoding="utf-8")
        summary = ingest([str(folder)], store, nlp=nlp)
        assert (summary.new, summary.unchanged, summary.replaced) == (0, 1, 1)
        assert summary.notes == [{"source": str(folder / "a.txt"), "note": "its text is now identical "
                                  "to a document already stored; the old version was removed"}]
        docs = list(store.documents())
        assert [d.source for d in docs] == [str(folder / "b.txt")]
        assert old_a not in {ev.document_id for r in store.relations() for ev in r.evidence}
        again = ingest([str(folder)], store, nlp=nlp)
        assert (again.new, again.unchanged, again.replaced) == (0, 2, 0)


# --- 17: a corrupt merge log ----------------------------------------------------------------
@pytest.mark.parametrize("line", ["{not json", '{"op": "merge", "kept": "person/a"}', "[1, 2]"])
def test_a_corrupt_merge_log_line_is_skipped_by_ingest_and_said_so(tmp_path, store_path, nlp, line):
    OxigraphStore(store_path).close()
    log = Path(store_path) / "merges.jsonl"
    log.write_text(line + "\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(GOOD[0] + "\n", encoding="utf-8")
    with open_store("oxigraph", store_path) as store:
        summary = ingest([str(tmp_path / "a.txt")], store, nlp=nlp)
    assert (summary.new, summary.failed) == (1, [])
    assert summary.notes == [{"source": str(log), "note": f"merge log {log} line 1 is corrupt (not a "
                              "merge or unmerge record); fix or remove that line"}]


def test_unmerge_refuses_a_corrupt_merge_log_with_a_clear_error(runner, store_path):
    OxigraphStore(store_path).close()
    log = Path(store_path) / "merges.jsonl"
    log.write_text('{"op": "unmerge"}\n', encoding="utf-8")
    result = runner.invoke(cli, ["--store", store_path, "unmerge", "Ana Lima"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: merge log {log} line 1 is corrupt (not a merge or unmerge "
                             "record); fix or remove that line\n")


# --- 15: kill -9 of a --workers 2 ingest ------------------------------------------------------
def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _holds(pid: int, path: Path) -> bool:
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            pass
    return False


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_workers_of_a_killed_ingest_die_with_it_and_never_hold_the_lock(tmp_path, store_path):
    import signal
    import subprocess
    import sys
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(400):
        (folder / f"{number:03d}.txt").write_text(f"{GOOD[number % 5]} Story {number}.\n", encoding="utf-8")
    OxigraphStore(store_path).close()
    lock = Path(store_path).resolve() / "fkg.lock"
    proc = subprocess.Popen([sys.executable, "-m", "freelance_kg", "--store", store_path, "ingest",
                             str(folder), "--workers", "2"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180           # a guard against a hang, not a timing
        workers: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2 and not any(_holds(w, lock) for w in workers):
                break
            time.sleep(0.05)
        assert proc.poll() is None and len(workers) >= 2, "the ingest ended before its workers were seen without the store lock"
        assert not any(_holds(w, lock) for w in workers), "a worker kept the store lock"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        lock_now = StoreLock(Path(store_path), exclusive=True)
        lock_now.acquire()                           # free at once: no worker holds it
        lock_now.release()
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "orphan workers live on"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
