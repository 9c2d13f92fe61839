"""The ``fkg`` command line: thin click commands over the library.

Each command parses its options, calls one library function and renders the result. Library
errors (FkgError) become a one-line message and the error's exit code; no tracebacks for user
errors. Heavy libraries (spaCy, pyoxigraph, neo4j, igraph, pyvis) are imported inside commands,
so ``fkg --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys

import click

from freelance_kg import __version__
from freelance_kg.errors import FkgError
from freelance_kg.output import FORMATS, render, render_records

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                             show_default=True, help="Output format.")


def handle_errors(func):
    """Turn FkgError into a clean message + exit code (2 for bad input, ...)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except FkgError as exc:
            message = str(exc)
            candidates = getattr(exc, "candidates", None)
            if candidates:
                message += "\n  closest: " + ", ".join(candidates)
            click.echo(f"Error: {message}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; the store keeps its last complete transaction.", err=True)
            sys.exit(130)
    return wrapper


class Context:
    """Settings shared by all commands (from group options / environment)."""

    def __init__(self, store_path, backend, options):
        self.store_path = store_path
        self.backend = backend
        self.options = options

    def open_store(self, read_only: bool = False):
        from freelance_kg.graph.store import open_store
        return open_store(self.backend, self.store_path, read_only=read_only, **self.options)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="fkg")
@click.option("--store", "store_path", envvar="FKG_STORE", default=None, metavar="PATH",
              help="Embedded store folder [env FKG_STORE; default ./fkg-data].")
@click.option("--backend", envvar="FKG_BACKEND", default="oxigraph", show_default=True,
              type=click.Choice(["oxigraph", "neo4j"]),
              help="Store backend [env FKG_BACKEND].")
@click.option("--neo4j-uri", envvar="FKG_NEO4J_URI", default=None, metavar="URI",
              help="Bolt URI for --backend neo4j [env FKG_NEO4J_URI].")
@click.option("--neo4j-user", envvar="FKG_NEO4J_USER", default=None, metavar="USER",
              help="Neo4j user [env FKG_NEO4J_USER]. The password is read only from "
                   "FKG_NEO4J_PASSWORD or a prompt.")
@click.pass_context
def cli(ctx, store_path, backend, neo4j_uri, neo4j_user):
    """freelance-kg: map who's who and who knows whom in the freelance economy.

    Articles in (fkg ingest), a typed, evidence-backed knowledge graph on disk (SPARQL; or
    Neo4j), analytics (fkg smalltown, who-knows, brokers) and interactive pages (fkg viz).
    """
    options = {}
    if backend == "neo4j":
        options = {"uri": neo4j_uri, "user": neo4j_user}
    ctx.obj = Context(store_path, backend, options)


def main():
    cli(prog_name="fkg")


# ============================================================================================
# store commands (foundation)
# ============================================================================================

# ============================================================================================
# ingest commands
# ============================================================================================

# ============================================================================================
# analytics commands
# ============================================================================================

# ============================================================================================
# neo4j commands
# ============================================================================================

# ============================================================================================
# viz commands
# ============================================================================================


if __name__ == "__main__":
    main()
