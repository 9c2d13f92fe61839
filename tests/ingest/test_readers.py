"""Readers: files, folders, JSONL, feeds and URLs (served by a real http.server on 127.0.0.1)."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from freelance_kg.errors import BadInput
from freelance_kg.graph import identity
from freelance_kg.ingest import readers

FIXTURES = Path(__file__).parent / "fixtures"


# --- a real local web server -----------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server API)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, ctype, body = route
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    """(base url, routes dict path -> (status, content type, body)) of a live local server."""
    handler = type("Handler", (_Handler,), {"routes": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.routes
    server.shutdown()
    server.server_close()


def _docs(results):
    return [r.document for r in results if r.document is not None]


def _errors(results):
    return {r.source: r.error for r in results if r.error}


# --- files -----------------------------------------------------------------------------------
def test_html_keeps_main_text_title_date_and_anchor_text():
    [result] = list(readers.read_file(FIXTURES / "page.html"))
    doc = result.document
    assert doc.title == "Quillmark opens a Lisbon office"
    assert doc.date == "2024-03-05"
    # anchor text of links stays in the sentence it belongs to
    assert "The freelance marketplace Quillmark said on Tuesday" in " ".join(doc.text.split())
    assert "Its chief executive, Ingrid Solberg, told reporters" in " ".join(doc.text.split())
    assert "do not read me" not in doc.text          # script
    assert "All rights reserved" not in doc.text     # footer boilerplate
    assert doc.id == identity.content_hash(doc.text)
    assert doc.source == str((FIXTURES / "page.html").resolve())


def test_markdown_markup_removed_and_front_matter_used():
    [result] = list(readers.read_file(FIXTURES / "notes.md"))
    doc = result.document
    assert doc.title == "Markdown notes on Kestrel Labs"
    assert doc.date == "2024-02-10"
    assert "Kestrel Labs, a talent network for data engineers, hired" in " ".join(doc.text.split())
    assert "She previously worked for Fieldnote." in doc.text
    assert "**" not in doc.text and "](" not in doc.text and "---" not in doc.text


def test_latin1_file_is_decoded_with_a_note():
    [result] = list(readers.read_file(FIXTURES / "legacy-latin1.txt"))
    assert result.document.text == "Café Liberté was founded by Renée Dubois in Liège."
    assert "latin-1" in result.note


@pytest.mark.parametrize("name, reason", [("empty.txt", "empty"), ("binary.txt", "binary")])
def test_empty_and_binary_files_fail_with_reason(name, reason):
    [result] = list(readers.read_file(FIXTURES / name))
    assert result.document is None and reason in result.error


def test_oversized_file_fails(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Gigharbor is based in Cork. " * 200)
    [result] = list(readers.read_file(big, max_bytes=1000))
    assert result.document is None and "oversized" in result.error


def test_jsonl_reads_good_lines_and_names_bad_line_numbers():
    results = list(readers.read_jsonl(FIXTURES / "articles.jsonl"))
    docs = _docs(results)
    assert [d.title for d in docs] == ["One", "Three"]
    assert docs[0].source == "https://news.example.org/one" and docs[0].date == "2024-01-02"
    assert docs[1].text == "Orla Byrne works for Gigharbor in Cork."     # html field -> text
    assert docs[1].source.endswith("articles.jsonl:3")                     # no url: path:line
    errors = sorted(r.error for r in results if r.error)
    assert errors[0].startswith("line 2: malformed JSON")
    assert errors[1].startswith("line 4: expected a JSON object")
    assert errors[2].startswith("line 5: no 'text' or 'html'")


def test_rss_file_uses_entry_content_and_summary():
    results = list(readers.read_file(FIXTURES / "feed.rss"))
    docs = _docs(results)
    assert [d.title for d in docs] == ["Brightloom names a new chief executive",
                                       "Harbourline joins the Independent Workers Alliance"]
    assert docs[0].source == "https://news.example.org/brightloom-ceo"
    assert docs[0].date == "2024-03-04"
    assert "Tomas Verhoeven" in docs[0].text
    assert docs[1].text == "Harbourline joined the Independent Workers Alliance this week."


def test_broken_feed_fails(tmp_path):
    bad = tmp_path / "bad.rss"
    bad.write_text("<rss><channel><title>half a feed")
    [result] = list(readers.read_file(bad))
    assert result.document is None and "feed" in result.error


def test_folder_recursive_with_include_and_exclude(tmp_path):
    root = tmp_path / "corpus"
    (root / "drafts").mkdir(parents=True)
    (root / "2024").mkdir()
    (root / "a.txt").write_text("Northwind Capital backed Quillmark.")
    (root / "2024" / "b.md").write_text("# B\n\nIngrid Solberg leads Quillmark.")
    (root / "drafts" / "c.txt").write_text("A draft about Brightloom.")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / ".hidden.txt").write_text("hidden")

    def names(**kw):
        return sorted(Path(r.source).name for r in readers.read_sources([str(root)], **kw))

    assert names() == ["a.txt", "b.md", "c.txt"]             # known suffixes only, no hidden
    assert names(exclude=["drafts"]) == ["a.txt", "b.md"]
    assert names(include=["*.md"]) == ["b.md"]
    assert names(include=["*.txt"], exclude=["drafts/*"]) == ["a.txt"]
    [empty] = list(readers.read_sources([str(root)], include=["*.rst"]))
    assert "no readable files" in empty.error
    (root / ".fkgignore").write_text("# not articles\nc.txt\n*.md\n")
    assert names() == ["a.txt"]


def test_example_corpus_reads_cleanly():
    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus"
    results = list(readers.read_sources([str(corpus)]))
    assert all(r.ok for r in results) and 6 <= len(results) <= 10
    assert not any(r.source.endswith("SOURCES.md") for r in results)
    for r in results:
        assert 150 <= len(r.document.text.split()) <= 400, r.source


def test_missing_path_and_bad_scheme_fail_without_raising(tmp_path):
    results = list(readers.read_sources([str(tmp_path / "nope.txt"), "ftp://example.org/a.txt"]))
    assert [r.error for r in results] == ["no such file or folder",
                                          "unsupported URL scheme; use http:// or https://"]
    with pytest.raises(BadInput):
        list(readers.read_sources(["x"], max_bytes=0))


# --- URLs and feeds over HTTP ----------------------------------------------------------------
def test_url_html_page(web):
    base, routes = web
    routes["/story"] = (200, "text/html; charset=utf-8", (FIXTURES / "page.html").read_bytes())
    [result] = list(readers.read_sources([base + "/story"]))
    assert result.document.source == base + "/story"
    assert result.document.title == "Quillmark opens a Lisbon office"
    assert "Ingrid Solberg" in result.document.text


def test_url_failures_are_reported(web):
    base, routes = web
    routes["/blob"] = (200, "application/octet-stream", b"\x00\x01\x02" * 100)
    routes["/empty"] = (200, "text/html", b"")
    routes["/big"] = (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>")
    errors = _errors(readers.read_sources([base + "/missing", base + "/blob", base + "/empty",
                                           base + "/big"], max_bytes=2000))
    assert errors[base + "/missing"].startswith("HTTP 404")
    assert "unsupported content type 'application/octet-stream'" in errors[base + "/blob"]
    assert errors[base + "/empty"] == "empty response"
    assert "oversized" in errors[base + "/big"]


def test_dead_server_fails_cleanly():
    # a port nobody listens on (bound then closed)
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    [result] = list(readers.read_sources([f"http://127.0.0.1:{port}/x"], timeout=2))
    assert result.document is None and result.error.startswith("cannot fetch URL")


def test_feed_url_follows_links_to_pages(web):
    base, routes = web
    routes["/a"] = (200, "text/html", "<html><head><title>A</title></head><body><article><p>"
                    "Ravi Menon leads Skillforge, a platform based in Pune. " * 3 + "</p></article></body></html>")
    routes["/feed"] = (200, "application/rss+xml", f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>t</title>
<item><title>Skillforge story</title><link>{base}/a</link><pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate></item>
<item><title>Gone story</title><link>{base}/gone</link><description>Gigharbor is based in Cork.</description></item>
<item><title>Nothing at all</title><link>{base}/gone2</link></item>
</channel></rss>""")
    results = list(readers.read_sources([base + "/feed"]))
    docs = _docs(results)
    assert docs[0].source == base + "/a" and docs[0].title == "Skillforge story"
    assert docs[0].date == "2024-03-06" and "Ravi Menon leads Skillforge" in docs[0].text
    assert docs[1].source == base + "/gone" and docs[1].text == "Gigharbor is based in Cork."
    assert "HTTP 404" in results[1].note
    assert "HTTP 404" in _errors(results)[base + "/gone2"]


def test_plain_text_url(web):
    base, routes = web
    routes["/t.txt"] = (200, "text/plain", "Lumen Guild was founded by Petra Okafor.")
    [result] = list(readers.read_sources([base + "/t.txt"]))
    assert result.document.text == "Lumen Guild was founded by Petra Okafor."


def test_fixture_folder_reads_every_kind(tmp_path):
    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES, folder)
    results = list(readers.read_sources([str(folder)]))
    failed = sorted(Path(r.source).name for r in results if not r.ok)
    assert failed == ["articles.jsonl:2", "articles.jsonl:4", "articles.jsonl:5", "binary.txt", "empty.txt"]
    assert sum(r.ok for r in results) == 7   # 2 jsonl + 2 feed entries + html + md + latin-1


def test_hard_wrapped_text_is_unwrapped_but_paragraphs_stay(tmp_path):
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text("Headline here\n\noDesk was founded by Odysseas Tsatalos and Stratis\n"
                       "Karamanlakis in 2003.\n  \nA second paragraph.\r\n")
    [result] = list(readers.read_file(wrapped))
    assert result.document.text == ("Headline here\n\noDesk was founded by Odysseas Tsatalos and "
                                    "Stratis Karamanlakis in 2003.\n\nA second paragraph.")
    assert result.document.title == "Headline here"


def test_atom_feed_with_full_content(web):
    base, routes = web
    body = ("<p>Lumen Guild, a cooperative of independent translators, was founded by Petra Okafor "
            "in Accra. The guild says it now has four hundred members in Ghana and Nigeria and "
            "plans to open a second office in Lagos after a grant from the Tidewater Fund.</p>")
    routes["/atom"] = (200, "application/atom+xml", f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom test</title><id>urn:test</id>
<updated>2024-04-01T00:00:00Z</updated>
<entry><title>Lumen Guild grows</title><id>urn:test:1</id><link href="{base}/never-fetched"/>
<updated>2024-04-01T12:00:00Z</updated><content type="html"><![CDATA[{body}]]></content></entry>
</feed>""")
    [result] = list(readers.read_sources([base + "/atom"]))
    assert result.ok and result.note is None
    assert result.document.title == "Lumen Guild grows" and result.document.date == "2024-04-01"
    assert result.document.source == base + "/never-fetched"
    assert result.document.text.startswith("Lumen Guild, a cooperative of independent translators")
