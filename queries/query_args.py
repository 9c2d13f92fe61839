"""How the CLI's query arguments are read: literal text, ``@file`` or ``@name`` of a named query,
plus ``--param key=value`` pairs."""

from __future__ import annotations

import math
import os
import re

from freelance_kg.errors import BadInput


def read_query(argument: str, language: str = "sparql") -> str:
    """``QUERY`` as given, ``@path`` read from a file, ``@name`` a shipped named query."""
    if not argument.startswith("@"):
        return argument
    target = argument[1:]
    if os.path.isfile(target):
        try:
            with open(target, encoding="utf-8") as fh:
                return fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read query file {target}: {exc}") from None
    if os.sep in target or target.endswith((".rq", ".sparql", ".cypher", ".cql")):
        raise BadInput(f"no such query file: {target}")
    from freelance_kg.queries.named_queries import load_named_query
    return load_named_query(target, language=language)


def parse_params(pairs) -> dict:
    """``["k=v", "n=3"]`` -> ``{"k": "v", "n": 3}`` (integers and floats converted)."""
    params = {}
    for pair in pairs or ():
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadInput(f"--param {pair!r} is not key=value; write e.g. --param person='Sara Horowitz'")
        params[key.strip()] = _number(value)
    return params


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?")


def _number(value: str):
    """Whole numbers and decimals become numbers; anything else (``Infinity``, ``NaN``,
    ``1_000``, `` 3``) stays the text it is."""
    if _INTEGER.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        number = float(value)
        return number if math.isfinite(number) else value
    return value
