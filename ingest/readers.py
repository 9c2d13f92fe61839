"""Readers: plain text, Markdown, HTML, URLs, RSS/Atom feeds, folders and JSONL -> Document.

Every reader yields :class:`ReadResult` items: either a :class:`Document` or the reason a source
was skipped. Bad input (an empty, binary, oversized or undecodable file, a malformed JSONL line, a
dead URL, a broken feed) never raises: it becomes a failed result, so one bad file never aborts a
batch. Only a mistake in how the readers are called (a bad glob, a bad limit) raises ``BadInput``.

>>> results = list(read_text("Upwork is based in San Francisco.", source="memo.txt"))
>>> results[0].document.source
'memo.txt'
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import stat
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from freelance_kg.errors import BadInput
from freelance_kg.graph.model import Document

#: Largest file or download read (bytes); bigger sources are skipped as "oversized".
MAX_BYTES = 10 * 1024 * 1024
#: Seconds to wait for a URL.
URL_TIMEOUT = 20.0
USER_AGENT = "freelance-kg/0.1 (+https://freelance-kg.org)"

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
IGNORE_FILE = ".fkgignore"
KNOWN_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml", "application/feed+json")
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_SNIFF = re.compile(rb"<(!doctype html|html|body|article|p)[\s>]", re.IGNORECASE)


@dataclass
class ReadResult:
    """One source's outcome: a document, or ``error`` saying why it was skipped.
    ``note`` records anything the user should know about a document that was read (e.g. a
    legacy encoding)."""

    source: str
    document: Document | None = None
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


def _fail(source: str, reason: str) -> ReadResult:
    return ReadResult(source=clean(source), error=clean(reason))


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(text: str) -> str:
    """``text`` without lone surrogates (a JSON ``"\\ud800"`` escape, an undecodable file
    name): each becomes U+FFFD, so the text can be hashed, stored and printed."""
    return _SURROGATE.sub("\ufffd", text) if text else text


# --- decoding ------------------------------------------------------------------------------
def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters, in the first 8 KiB: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and controls / len(head) > 0.05


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_BINARY = "binary file (not text); convert it to .txt, .md or .html first"


def has_bom(data: bytes) -> bool:
    """UTF-16 or UTF-32 byte-order mark: NUL bytes are expected, not a sign of binary data."""
    return data.startswith(_UTF16_BOMS + _UTF32_BOMS)


def decode_text(data: bytes, source: str) -> tuple[str | None, str | None, str | None]:
    """(text, note, error): UTF-8 (with or without BOM, or UTF-16 / UTF-32 with BOM), else
    Windows-1252 / latin-1 for legacy files, with a note saying so. Text that still holds NUL
    characters once decoded is binary."""
    if has_bom(data):
        for encoding in ("utf-32", "utf-16") if data.startswith(_UTF32_BOMS) else ("utf-16",):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text, None, None
        return None, None, "undecodable UTF-16/UTF-32 text; re-save it as UTF-8"
    if looks_binary(data):
        return None, None, _BINARY
    try:
        return data.decode("utf-8-sig"), None, None
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        return text, "not UTF-8: decoded as Windows-1252/latin-1", None
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return text, "not UTF-8: decoded as latin-1", None


def _not_regular(path: Path) -> str | None:
    """Why ``path`` is not read (a named pipe, socket, device, symlink loop), or None for a
    regular file. Only regular files are opened: opening a named pipe waits for a writer."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == 40:        # ELOOP
            return "symlink loop (the link points back to itself); fix or remove the link"
        if not os.path.exists(path) and os.path.lexists(path):
            return "broken symlink (its target does not exist); fix or remove the link"
        return f"cannot read file: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    kind = ("named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file")
    return f"not a regular file (a {kind}); skipped: only regular files are read"


def _resolved(path: str | Path) -> tuple[Path, str | None]:
    """(absolute path, None), or (the path as given, why it cannot be read)."""
    path = Path(path)
    try:
        return path.resolve(), _not_regular(path)
    except (OSError, RuntimeError):        # RuntimeError: a symlink loop (Python < 3.13)
        return path.absolute(), _not_regular(path) or "cannot resolve the path (symlink loop?)"


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    why = _not_regular(path)
    if why:
        return None, why
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, f"oversized file ({size:,} bytes > limit {max_bytes:,}); split it or raise the limit"
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1), None
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror or exc}"


# --- text and markdown ---------------------------------------------------------------------
_MD_RULES = [
    (re.compile(r"```.*?```", re.DOTALL), " "),               # fenced code
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),           # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),            # links -> anchor text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),           # reference links
    (re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.M), ""),  # link definitions
    (re.compile(r"<[^>\n]+>"), ""),                           # inline html tags
    (re.compile(r"^\s{0,3}#{1,6}\s*(.*)$", re.M), r"\n\1\n"),  # headings: own paragraph
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),                  # block quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), "\n"),                # bullets: own paragraph
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),                 # bold
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),   # italic
    (re.compile(r"`([^`]+)`"), r"\1"),                        # inline code
    (re.compile(r"^\s{0,3}([-*_]\s*){3,}$", re.M), ""),       # rules
]
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


def markdown_to_text(markdown: str) -> tuple[str, str, str]:
    """(text, title, date): Markdown markup removed, anchor and alt text kept. The title is the
    front matter's ``title`` or the first heading; the date comes from front matter."""
    title = date = ""
    match = _FRONT_MATTER.match(markdown)
    if match:
        for line in match.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            if key.strip().lower() == "title":
                title = value
            elif key.strip().lower() == "date":
                date = value
        markdown = markdown[match.end():]
    if not title:
        heading = re.search(r"^\s{0,3}#\s+(.+)$", markdown, re.M)
        title = heading.group(1).strip() if heading else ""
    text = markdown
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text, title, date


def _first_line_title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:200]
    return ""


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines: paragraphs are separated by blank lines, and a single line break
    inside a paragraph is a space ("Stratis\\nKaramanlakis" is one name)."""
    paragraphs = _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def read_text(text: str, source: str, title: str = "", date: str = "",
              note: str | None = None, wrapped: bool = False) -> Iterator[ReadResult]:
    """A document from text already in memory (empty text is a failure). ``wrapped``: the text
    is hard-wrapped (a .txt or .md file), so single line breaks are joined (:func:`unwrap`)."""
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    source, title, date = clean(source), clean(title), clean(date)
    if wrapped:
        text = unwrap(text)
    if not text:
        yield _fail(source, "empty (no text)")
        return
    yield ReadResult(source, Document.from_text(text, source=source, title=title or _first_line_title(text),
                                                date=date), note=note)


# --- html ------------------------------------------------------------------------------------
def html_to_text(html: bytes | str, url: str | None = None) -> tuple[str, str, str, str]:
    """(text, title, date, url) of an HTML page's main text, via trafilatura; link anchor text is
    kept in the text. Falls back to the page's whole visible text when trafilatura finds no
    article (very short pages)."""
    import trafilatura

    text = title = date = found_url = ""
    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_recall=True,
                                          include_comments=False, include_tables=True)
    except Exception:  # noqa: BLE001  trafilatura raises assorted lxml errors on broken pages
        doc = None
    if doc is not None:
        text = doc.text or ""
        title, date, found_url = doc.title or "", doc.date or "", doc.url or ""
    if not text.strip():
        text = _visible_text(html)
        if not title:
            title = _html_title(html)
    return text, title, date, found_url or (url or "")


def _visible_text(html: bytes | str) -> str:
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # noqa: BLE001  lxml ParserError / ValueError on empty or broken pages
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    blocks = []
    for el in tree.iter("p", "h1", "h2", "h3", "h4", "li", "td", "blockquote", "pre"):
        t = " ".join(el.text_content().split())
        if t:
            blocks.append(t)
    if not blocks:
        blocks = [" ".join(tree.text_content().split())]
    return "\n".join(blocks)


def _html_title(html: bytes | str) -> str:
    import lxml.html

    try:
        titles = lxml.html.fromstring(html).xpath("//title/text()")
    except Exception:  # noqa: BLE001
        return ""
    return titles[0].strip() if titles else ""


def read_html(html: bytes | str, source: str, url: str | None = None,
              note: str | None = None) -> Iterator[ReadResult]:
    """A document from an HTML page (title, date and url kept when the page gives them)."""
    text, title, date, _ = html_to_text(html, url=url)
    if not text.strip():
        yield _fail(source, "no article text found in the HTML page")
        return
    # one block (paragraph, heading, list item) per line: keep them apart as paragraphs
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    yield from read_text(text, source=source, title=title, date=date, note=note)


# --- jsonl -----------------------------------------------------------------------------------
def read_jsonl(path: str | Path, max_bytes: int = MAX_BYTES) -> Iterator[ReadResult]:
    """One article per line: ``text`` or ``html``, plus optional ``url``, ``title``, ``date``.

    A malformed line is a failure naming its line number; the other lines are still read. The
    document's source is its ``url`` when given (so a changed article replaces the old one), else
    ``path:line``."""
    path, why = _resolved(path)
    if why:
        yield _fail(str(path), why)
        return
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _fail(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    with fh:
        for lineno, raw in enumerate(fh, start=1):
            where = f"{path}:{lineno}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield _fail(where, f"line {lineno}: oversized record ({len(raw):,} bytes)")
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                yield _fail(where, f"line {lineno}: not UTF-8; re-save the file as UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield _fail(where, f"line {lineno}: malformed JSON ({exc.msg}, column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield _fail(where, f"line {lineno}: expected a JSON object with 'text' or 'html'")
                continue
            text, html = record.get("text"), record.get("html")
            url = record.get("url") or ""
            title = str(record.get("title") or "")
            date = str(record.get("date") or "")
            source = str(url) if url else where
            if isinstance(text, str) and text.strip():
                yield from read_text(text, source=source, title=title, date=date)
            elif isinstance(html, str) and html.strip():
                for result in read_html(html, source=source, url=url or None):
                    if result.document is not None:
                        result.document.title = title or result.document.title
                        result.document.date = date or result.document.date
                    elif result.error:
                        result.error = f"line {lineno}: {result.error}"
                    yield result
            else:
                yield _fail(where, f"line {lineno}: no 'text' or 'html' field with content")


# --- feeds ----------------------------------------------------------------------------------
def read_feed(data: bytes, source: str, fetch_links: bool = True, timeout: float = URL_TIMEOUT,
              max_bytes: int = MAX_BYTES) -> Iterator[ReadResult]:
    """Each entry of an RSS/Atom feed: its full content when the feed carries it, else the page
    it links to (fetched like any URL), else its summary."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f": {problem}" if problem else ""
        yield _fail(source, f"broken or empty feed (no entries{why})")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") or ""
        entry_source = link or f"{source}#entry-{entry.get('id') or number}"
        title = entry.get("title") or ""
        date = _feed_date(entry)
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        summary = entry.get("summary") or ""
        # a feed that carries the article (content:encoded / atom content) wins over a fetch
        body = content if len(_strip_tags(content)) >= 200 else ""
        if not body and link and fetch_links and link.startswith(("http://", "https://")):
            fetched = list(read_url(link, timeout=timeout, max_bytes=max_bytes))
            if fetched and fetched[0].ok:
                for result in fetched:
                    if result.document is not None:
                        result.document.title = title or result.document.title
                        result.document.date = date or result.document.date
                    yield result
                continue
            body = content or summary
            reason = fetched[0].error if fetched else "no content"
            if not _strip_tags(body).strip():
                yield _fail(entry_source, f"feed entry {number}: linked page failed ({reason}) "
                                          "and the feed carries no text")
                continue
            note = f"linked page failed ({reason}); used the feed's own text"
        else:
            note = None
        body = body or content or summary
        if not _strip_tags(body).strip():
            yield _fail(entry_source, f"feed entry {number}: no content, summary or link")
            continue
        for result in read_html(f"<html><body><article>{body}</article></body></html>",
                                source=entry_source, url=link or None, note=note):
            if result.document is not None:
                result.document.title = title or result.document.title
                result.document.date = date or result.document.date
            yield result


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html or "")


def _feed_date(entry) -> str:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    return entry.get("published") or entry.get("updated") or ""


# --- urls -----------------------------------------------------------------------------------
def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(url: str, timeout: float = URL_TIMEOUT, max_bytes: int = MAX_BYTES) -> tuple[bytes, str, str]:
    """(body, content type, final url). Raises OSError/ValueError subclasses with a readable
    message on failure (HTTP error, oversize), and TimeoutError when the whole download
    (connection, headers and body) takes longer than ``timeout`` seconds: a server that sends
    a few bytes at a time never holds a command for longer."""
    deadline = time.monotonic() + timeout
    outcome: dict = {}
    cancelled = threading.Event()

    def download():
        try:
            outcome["value"] = _download(url, timeout, max_bytes, deadline, cancelled)
        except BaseException as exc:  # noqa: BLE001  handed to the caller
            outcome["error"] = exc

    worker = threading.Thread(target=download, name="fkg-fetch", daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    if worker.is_alive():        # stuck in a read: it stops at its next chunk or socket timeout
        cancelled.set()
        raise TimeoutError(f"timed out after {timeout:g}s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _download(url: str, timeout: float, max_bytes: int, deadline: float,
              cancelled: threading.Event) -> tuple[bytes, str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                   "Accept": "text/html, application/xhtml+xml, "
                                                             "application/rss+xml, application/atom+xml, "
                                                             "text/xml, text/plain;q=0.8"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/https checked)
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise ValueError(f"oversized response ({int(length):,} bytes > limit {max_bytes:,})")
        chunks, size = [], 0
        while size <= max_bytes:
            if cancelled.is_set() or time.monotonic() > deadline:
                raise TimeoutError(f"timed out after {timeout:g}s")
            chunk = response.read1(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        body = b"".join(chunks)
        if len(body) > max_bytes:
            raise ValueError(f"oversized response (more than {max_bytes:,} bytes)")
        ctype = (response.headers.get_content_type() or "").lower()
        return body, ctype, response.geturl()


def read_url(url: str, timeout: float = URL_TIMEOUT, max_bytes: int = MAX_BYTES,
             follow_feeds: bool = True) -> Iterator[ReadResult]:
    """An http(s) URL: an HTML page (main text), a feed (each entry) or plain text."""
    if not is_url(url):
        yield _fail(url, "not an http(s) URL")
        return
    try:
        body, ctype, final = fetch(url, timeout=timeout, max_bytes=max_bytes)
    except urllib.error.HTTPError as exc:
        yield _fail(url, f"HTTP {exc.code} {exc.reason}")
        return
    except urllib.error.URLError as exc:
        yield _fail(url, f"cannot fetch URL: {exc.reason}")
        return
    except TimeoutError:
        yield _fail(url, f"timed out after {timeout:g}s (the whole download is bounded by --timeout)")
        return
    except (OSError, ValueError) as exc:
        yield _fail(url, f"cannot fetch URL: {exc}")
        return
    if not body.strip():
        yield _fail(url, "empty response")
        return
    if follow_feeds and (ctype in _FEED_TYPES and ctype != "application/feed+json"
                         or _FEED_SNIFF.search(body[:2048])) and not ctype.startswith("text/html"):
        yield from read_feed(body, source=url, timeout=timeout, max_bytes=max_bytes)
    elif ctype in _HTML_TYPES or (not ctype and _HTML_SNIFF.search(body[:4096])):
        if looks_binary(body):
            yield _fail(url, "binary response labelled as HTML")
            return
        yield from read_html(body, source=url, url=final)
    elif ctype.startswith("text/"):
        text, note, error = decode_text(body, url)
        if error:
            yield _fail(url, error)
        else:
            yield from read_text(text, source=url, note=note, wrapped=True)
    else:
        yield _fail(url, f"unsupported content type {ctype or 'unknown'!r} (expected HTML, a feed or text)")


# --- files and folders ----------------------------------------------------------------------
def read_file(path: str | Path, max_bytes: int = MAX_BYTES, fetch_links: bool = True) -> Iterator[ReadResult]:
    """One file, by suffix (.txt .md .html .jsonl .rss/.atom/.xml), else sniffed from content."""
    path, why = _resolved(path)
    source = str(path)
    if why:
        yield _fail(source, why)
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(path, max_bytes=max_bytes)
        return
    data, error = _read_bytes(path, max_bytes)
    if error:
        yield _fail(source, error)
        return
    if not data.strip():
        yield _fail(source, "empty file")
        return
    if looks_binary(data) and not has_bom(data):
        yield _fail(source, _BINARY)
        return
    head = data[:4096].lstrip()
    if suffix in FEED_SUFFIXES or (suffix not in KNOWN_SUFFIXES and _FEED_SNIFF.search(head[:2048])):
        if suffix == ".xml" and not _FEED_SNIFF.search(head[:2048]):
            yield _fail(source, "XML file that is not an RSS/Atom feed")
            return
        yield from read_feed(data, source=source, fetch_links=fetch_links, max_bytes=max_bytes)
        return
    if suffix in HTML_SUFFIXES or (suffix not in KNOWN_SUFFIXES and _HTML_SNIFF.search(head)):
        yield from read_html(data, source=source)
        return
    text, note, error = decode_text(data, source)
    if error:
        yield _fail(source, error)
        return
    if suffix in MARKDOWN_SUFFIXES:
        text, title, date = markdown_to_text(text)
        yield from read_text(text, source=source, title=title, date=date, note=note, wrapped=True)
        return
    yield from read_text(text, source=source, note=note, wrapped=True)


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_folder(folder: str | Path, include: Iterable[str] = (), exclude: Iterable[str] = (),
                errors: list[ReadResult] | None = None) -> Iterator[Path]:
    """Files under ``folder`` (recursive, sorted, hidden files and folders skipped). ``include``
    globs (default: the known suffixes) and ``exclude`` globs match the path relative to the folder
    or the bare file name (``*.md``, ``drafts/*``). A ``.fkgignore`` file in ``folder`` adds
    exclude globs, one per line (``#`` comments), e.g. for a README or SOURCES.md beside articles.
    A sub-folder that cannot be listed (permissions) is appended to ``errors`` as a failure."""
    folder = Path(folder)
    include, exclude = list(include), list(exclude)
    ignore = folder / IGNORE_FILE
    if ignore.is_file():
        try:
            lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            lines = []
            if errors is not None:
                errors.append(_fail(str(ignore), f"cannot read the ignore file: {exc.strerror or exc}"))
        exclude += [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]

    def unreadable(exc: OSError) -> None:
        if errors is not None:
            errors.append(_fail(str(exc.filename or folder),
                                f"cannot read folder: {exc.strerror or exc}; its files were not "
                                "ingested (check its permissions)"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = Path(root) / name
            rel = full.relative_to(folder).as_posix()
            if include:
                if not _matches(rel, name, include):
                    continue
            elif full.suffix.lower() not in KNOWN_SUFFIXES:
                continue
            if exclude and (_matches(rel, name, exclude)
                            or any(fnmatch.fnmatch(part, p) for part in Path(rel).parts[:-1] for p in exclude)):
                continue
            yield full


@dataclass
class Fetched:
    """A URL already read (by :func:`prefetch`): ``read_sources`` yields its results."""

    source: str
    results: list[ReadResult]


def prefetch(sources: Iterable, timeout: float = URL_TIMEOUT, max_bytes: int = MAX_BYTES) -> list:
    """``sources`` with every http(s) URL downloaded now (a :class:`Fetched`), so a command can
    fetch before it takes the store's write lock; files and folders stay as they are."""
    return [Fetched(str(s), list(read_url(str(s), timeout=timeout, max_bytes=max_bytes)))
            if isinstance(s, str) and is_url(s) else s for s in sources]


def read_sources(sources: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = (),
                 timeout: float = URL_TIMEOUT, max_bytes: int = MAX_BYTES) -> Iterator[ReadResult]:
    """Read every source in order: URLs, files and folders (recursively, with glob filters).
    A missing path is a failed result, not an exception."""
    if max_bytes <= 0:
        raise BadInput(f"max_bytes must be positive, not {max_bytes}")
    include, exclude = list(include), list(exclude)
    for source in sources:
        if isinstance(source, Fetched):
            yield from source.results
            continue
        source = str(source)
        if is_url(source):
            yield from read_url(source, timeout=timeout, max_bytes=max_bytes)
            continue
        path = Path(source)
        if path.is_dir():
            found = False
            errors: list[ReadResult] = []
            for file in iter_folder(path, include, exclude, errors=errors):
                found = True
                yield from errors
                errors.clear()
                yield from read_file(file, max_bytes=max_bytes)
            yield from errors
            if not found and not errors:
                yield _fail(source, "folder holds no readable files (check --include/--exclude)")
        elif path.is_file():
            if exclude and _matches(path.as_posix(), path.name, exclude):
                continue
            yield from read_file(path, max_bytes=max_bytes)
        elif "://" in source:
            yield _fail(source, "unsupported URL scheme; use http:// or https://")
        elif os.path.lexists(source):       # a named pipe, socket, device or symlink loop
            yield from read_file(path, max_bytes=max_bytes)
        else:
            yield _fail(source, "no such file or folder")
