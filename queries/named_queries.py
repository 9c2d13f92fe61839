"""Named queries shipped in ``queries/named/``: ``<name>.rq`` (SPARQL) and ``<name>.cypher``
(its Cypher twin), run by ``fkg sparql @name`` / ``fkg cypher @name``.

Each file starts with comment lines: a one-line description, then ``params: a, b`` naming the
values the caller binds (``--param a=...``; SPARQL gets them as ``VALUES`` bindings, Cypher as
``$a``), and ``twin:`` the networkx function a test compares the answer with.
"""

from __future__ import annotations

import re
from pathlib import Path

from freelance_kg.errors import BadInput

NAMED_DIR = Path(__file__).parent / "named"
EXTENSIONS = {"sparql": ".rq", "cypher": ".cypher"}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_HEADER = re.compile(r"^\s*(?:#|//)\s?(.*)$")


def _extension(language: str) -> str:
    try:
        return EXTENSIONS[language]
    except KeyError:
        raise BadInput(f"unknown query language {language!r}; expected one of "
                       f"{', '.join(EXTENSIONS)}") from None


def named_query_names(language: str = "sparql") -> list[str]:
    """Names of the shipped queries in ``language`` (sorted)."""
    ext = _extension(language)
    return sorted(p.name[: -len(ext)] for p in NAMED_DIR.glob(f"*{ext}"))


def named_query_path(name: str, language: str = "sparql") -> Path:
    """The file of a named query; BadInput listing the available names if there is none."""
    ext = _extension(language)
    name = name[1:] if name.startswith("@") else name
    path = NAMED_DIR / f"{name}{ext}"
    if not _NAME.fullmatch(name) or not path.is_file():
        available = ", ".join(named_query_names(language)) or "none"
        raise BadInput(f"no named {language} query {name!r}; available: {available} "
                       f"(files in {NAMED_DIR})")
    return path


def load_named_query(name: str, language: str = "sparql") -> str:
    """The text of ``queries/named/<name>.rq`` (or ``.cypher`` with ``language="cypher"``)."""
    return named_query_path(name, language).read_text(encoding="utf-8")


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        match = _HEADER.match(line)
        if not match:
            break
        lines.append(match.group(1).strip())
    return lines


def named_query_params(name: str, language: str = "sparql") -> list[str]:
    """Parameter names declared by the query's ``params:`` header line (may be empty)."""
    for line in _header(load_named_query(name, language)):
        if line.lower().startswith("params:"):
            value = line.split(":", 1)[1]
            return [p.strip() for p in value.split(",") if p.strip() and p.strip() != "(none)"]
    return []


def named_queries(language: str = "sparql") -> list[dict]:
    """name, description, params of every shipped query (for ``fkg named-queries``)."""
    records = []
    for name in named_query_names(language):
        header = _header(load_named_query(name, language))
        description = next((h for h in header if h and not h.lower().startswith(("params:", "twin:"))), "")
        records.append({"name": name, "params": ", ".join(named_query_params(name, language)),
                        "description": description, "language": language})
    return records
