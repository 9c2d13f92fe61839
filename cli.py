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

@cli.command()
@FORMAT_OPTION
@pass_ctx
@handle_errors
def stats(ctx, fmt):
    """Counts of documents, entities (by type), relations (by predicate) and evidence."""
    with ctx.open_store(read_only=True) as store:
        result = store.stats()
    if fmt == "json":
        click.echo(render_records([result], "json"))
        return
    rows = [[k, v] for k, v in result.items() if not isinstance(v, dict)]
    for group in ("entities_by_type", "relations_by_predicate"):
        rows += [[f"  {k}", v] for k, v in result.get(group, {}).items()]
    click.echo(render(["what", "count"], rows, fmt))


@cli.command()
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="Bind ?KEY to VALUE (repeatable); values are bound as RDF terms, never pasted.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def sparql(ctx, query, params, fmt):
    """Run a SPARQL query: QUERY text, @file.rq, or @name of a shipped named query.

    The prefixes fkg:, ent:, doc:, ev:, schema:, prov:, rdf:, rdfs:, xsd: are predeclared.
    """
    from freelance_kg.queries.query_args import parse_params, read_query
    text = read_query(query, "sparql")
    with ctx.open_store(read_only=True) as store:
        result = store.sparql(text, parse_params(params))
    click.echo(render(result.columns, result.rows, fmt))


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nq", "jsonld", "graphml", "csv", "neo4j-csv"]),
              default="ttl", show_default=True, help="Output format.")
@click.option("-o", "--output", default=None, metavar="PATH",
              help="File to write (a folder for csv and neo4j-csv); RDF formats default to stdout.")
@pass_ctx
@handle_errors
def export_cmd(ctx, fmt, output):
    """Export the graph: Turtle, N-Quads, JSON-LD (lossless), GraphML, CSV or neo4j-admin CSV."""
    from freelance_kg.graph.formats import export
    target = output if output is not None or fmt not in ("ttl", "nq", "jsonld") \
        else sys.stdout.buffer
    with ctx.open_store(read_only=True) as store:
        result = export(store, fmt, target)
    if output is not None:
        click.echo(render_records([result], "table"), err=True)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["ttl", "nq", "jsonld", "nt"]), default=None,
              help="RDF format (default: from the file extension).")
@pass_ctx
@handle_errors
def import_cmd(ctx, file, fmt):
    """Import an RDF file written by `fkg export` (Turtle, N-Quads, JSON-LD), in one transaction."""
    from freelance_kg.graph.formats import import_file
    with ctx.open_store() as store:
        result = import_file(store, file, fmt)
    click.echo(render_records([result], "table"))

# ============================================================================================
# ingest commands
# ============================================================================================

@cli.command("ingest")
@click.argument("sources", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="spaCy worker processes (n_process) for extraction.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only files matching GLOB inside folders (repeatable), e.g. '*.md'.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip files or folders matching GLOB (repeatable), e.g. 'drafts/*'.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(min=1),
              help="Documents per write transaction.")
@click.option("--timeout", default=20.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for each URL.")
@click.option("--model", envvar="FKG_SPACY_MODEL", default=None, metavar="NAME",
              help="spaCy model [env FKG_SPACY_MODEL; default: best installed English model].")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Summary format.")
@pass_ctx
@handle_errors
def ingest_cmd(ctx, sources, workers, include, exclude, batch_size, timeout, model, fmt):
    """Read files, folders, JSONL, RSS/Atom feeds and URLs into the store.

    Documents are keyed by their text: ingesting again is a no-op, and a changed text at the
    same path or URL replaces the old version's evidence. Writes one transaction per batch.
    Prints documents new / unchanged / replaced / failed (with reasons); exits 1 if any failed.
    """
    from freelance_kg.ingest.pipeline import ingest

    bar = None

    def progress(done, total):
        nonlocal bar
        if bar is None and total >= 20 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(1)
            if done == total:
                bar.__exit__(None, None, None)

    with ctx.open_store() as store:
        summary = ingest(sources, store, include=include, exclude=exclude, workers=workers,
                         batch_size=batch_size, model=model, timeout=timeout, progress=progress)
    if fmt == "json":
        click.echo(render_records([summary.to_dict()], "json"))
    else:
        click.echo(render(["what", "count"], summary.rows(), "table"))
        if summary.notes:
            click.echo("\nnotes:\n" + render_records(summary.notes, "table"))
        if summary.failed:
            click.echo("\nfailed:\n" + render_records(summary.failed, "table"))
    if not summary.ok:
        sys.exit(1)


@cli.command("extract")
@click.argument("source", metavar="FILE|URL")
@click.option("--model", envvar="FKG_SPACY_MODEL", default=None, metavar="NAME",
              help="spaCy model [env FKG_SPACY_MODEL; default: best installed English model].")
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json",
              show_default=True, help="json is exactly Extraction.to_json() (a stable contract).")
@handle_errors
def extract_cmd(source, model, fmt):
    """Show one document's entities and relations, without touching the store."""
    import json

    from freelance_kg.ingest.pipeline import extract_source

    extraction = extract_source(source, model=model)
    if fmt == "json":
        click.echo(json.dumps(extraction.to_json(), ensure_ascii=False, indent=2))
        return
    click.echo(render_records([e.to_dict() for e in extraction.entities], "table"))
    click.echo()
    click.echo(render_records([{k: v for k, v in r.to_dict().items() if k != "evidence"}
                               | {"evidence": r.evidence[0].sentence if r.evidence else ""}
                               for r in extraction.relations], "table"))


@cli.command("merge")
@click.argument("keep", metavar="A")
@click.argument("absorb", metavar="B")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def merge_cmd(ctx, keep, absorb, fmt):
    """Merge entity B into A (names or ids, one type): B's names become A's aliases and its
    relations move to A. Logged in the store folder; undo with `fkg unmerge B`."""
    from freelance_kg.ingest.resolve import merge

    with ctx.open_store() as store:
        result = merge(store, keep, absorb)
    click.echo(render_records([result], fmt))


@cli.command("unmerge")
@click.argument("name", metavar="NAME")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def unmerge_cmd(ctx, name, fmt):
    """Undo the latest merge of NAME (the merged-away or the kept entity), restoring both
    entities and their relations exactly."""
    from freelance_kg.ingest.resolve import unmerge

    with ctx.open_store() as store:
        result = unmerge(store, name)
    click.echo(render_records([result], fmt))


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
