"""A SPARQL lexer: enough of the grammar to find things in a query by its tokens, never by
searching its text. Comments, strings (all four quote forms) and IRIs are single tokens, so a
``WHERE {`` or ``SERVICE`` inside a comment, a string or an IRI is never taken for syntax.

Used to bind ``--param`` values (a ``VALUES`` block placed at the start of the query's WHERE
group, the terms serialised by pyoxigraph) and to find ``SERVICE`` calls (federated queries
reach the network, which the embedded store refuses unless asked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from freelance_kg.errors import BadInput

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\ufffd]+)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<word>[A-Za-z_\u00c0-\ufffd][A-Za-z0-9_\-\u00b7\u00c0-\ufffd]*(?::[A-Za-z0-9_\-\u00c0-\ufffd%]*)?
             |:[A-Za-z0-9_\-\u00c0-\ufffd%]*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass
class Token:
    kind: str
    text: str
    start: int
    end: int


def tokens(query: str) -> list[Token]:
    """The query's tokens (whitespace dropped), each with its character span."""
    return [Token(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN.finditer(query)
            if m.lastgroup != "space"]


def variables(query: str) -> set[str]:
    """Names of the variables the query mentions (``?x`` and ``$x`` are the same variable)."""
    return {t.text[1:] for t in tokens(query) if t.kind == "var"}


def uses_service(query: str) -> bool:
    """True when the query calls ``SERVICE`` (a federated query that would reach the network)."""
    return any(t.kind == "word" and t.text.upper() == "SERVICE" for t in tokens(query))


def where_group_start(query: str) -> int | None:
    """Character offset just inside the brace that opens the query's WHERE group: the first
    ``{`` after a top-level ``WHERE`` keyword, else (``SELECT * { ... }``, ``ASK { ... }``) the
    first top-level ``{``. None when the query has no group."""
    toks = tokens(query)
    depth, first_open, after_where = 0, None, False
    for tok in toks:
        if tok.kind == "open":
            if depth == 0:
                if after_where:
                    return tok.end
                if first_open is None:
                    first_open = tok.end
            depth += 1
        elif tok.kind == "close":
            depth = max(depth - 1, 0)
        elif tok.kind == "word" and depth == 0 and tok.text.upper() == "WHERE":
            after_where = True
    return first_open


def bind_values(query: str, bindings: dict, term) -> str:
    """``query`` with ``VALUES ?k { term(v) }`` for each binding placed at the start of its WHERE
    group (found by :func:`where_group_start`). ``term`` turns a value into an RDF term whose
    ``str`` is its SPARQL serialisation. Raises BadInput for a name that is not a variable of
    the query, or a query without a WHERE group."""
    for name in bindings:
        if not _NAME.fullmatch(name):
            raise BadInput(f"--param name {name!r} is not a SPARQL variable name (letters, digits, _)")
    known = variables(query)
    for name in bindings:
        if name not in known:
            listed = ", ".join(f"?{v}" for v in sorted(known)) or "none"
            raise BadInput(f"--param {name}: the query has no variable ?{name} (its variables: "
                           f"{listed}); check the spelling")
    at = where_group_start(query)
    if at is None:
        raise BadInput("cannot bind --param values: the query has no WHERE { ... } group")
    block = " ".join(f"VALUES ?{k} {{ {term(v)} }}" for k, v in bindings.items())
    return query[:at] + " " + block + " " + query[at:]
