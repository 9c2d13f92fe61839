"""One exception tree for the library.

The library raises these and never prints or exits; only ``cli.py`` turns them into messages
and exit codes. Every message says what went wrong *and* how to fix it.
"""

from __future__ import annotations

import errno
import re


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


#: Exit code of an interrupted command (Ctrl-C), as shells report SIGINT.
INTERRUPTED = 130

_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@\s:]*):(?P<secret>[^/@\s]*)@")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with credentials removed: ``scheme://user:password@host`` becomes
    ``scheme://user:***@host``, and any of ``secrets`` (e.g. the Neo4j password) becomes ``***``."""
    text = _CREDENTIALS.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def describe(exc: BaseException, secrets: tuple[str, ...] = ()) -> tuple[int, str]:
    """(exit code, one-line message) for any exception that escapes a command: FkgError keeps
    its code and words; an OSError says which file and what to do (exit 1); anything else is an
    unexpected error (exit 1) whose message points to ``--debug``. Credentials are redacted."""
    if isinstance(exc, FkgError):
        code, message = exc.exit_code, str(exc)
        candidates = getattr(exc, "candidates", None)
        if candidates:
            message += "\n  closest: " + ", ".join(candidates)
        return code, redact(message, secrets)
    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED, "Interrupted; the store keeps its last complete transaction."
    if isinstance(exc, MemoryError):
        message = ("out of memory; the store keeps its last complete transaction. Free memory, "
                   "or ingest fewer or smaller files at a time")
        return FkgError.exit_code, message
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        what = exc.strerror or str(exc) or type(exc).__name__
        if exc.errno == errno.ENOSPC:
            fix = "free some space and run the command again; the store keeps its last complete transaction"
        elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            fix = "check the permissions of that path, or use another one"
        else:
            fix = "check that path and run the command again"
        return FkgError.exit_code, redact(_one_line(f"{what}{where}: {fix}"), secrets)
    detail = _one_line(str(exc))
    detail = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return FkgError.exit_code, redact(
        f"unexpected error ({detail}). Run the command again with --debug (or FKG_DEBUG=1) to see "
        "the traceback, and please report it", secrets)


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
