"""One exception tree for the library.

The library raises these and never prints or exits; only ``cli.py`` turns them into messages
and exit codes. Every message says what went wrong *and* how to fix it.
"""

from __future__ import annotations


class FkgError(Exception):
    """Base of every error freelance-kg raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class BadInput(FkgError):
    """A file, value, option or query the user gave cannot be used as it is."""

    exit_code = 2


class QuerySyntaxError(BadInput):
    """A SPARQL or Cypher query the engine could not parse (message carries the parser's words)."""


class EntityNotFound(FkgError):
    """No entity matches a name; ``candidates`` lists the closest names."""

    exit_code = 3

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = list(candidates or [])


class AmbiguousName(EntityNotFound):
    """Several entities match a name equally well."""


class StoreLocked(FkgError):
    """Another process holds the store's write lock."""

    exit_code = 4


class StoreUnavailable(FkgError):
    """A store or server cannot be opened or reached."""

    exit_code = 5


class MissingDependency(FkgError):
    """An optional package or model needed for this command is not installed."""

    exit_code = 6
