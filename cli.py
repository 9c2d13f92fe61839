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
from freelance_kg.errors import INTERRUPTED, describe, redact
from freelance_kg.output import FORMATS, render, render_records

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table",
                             show_default=True, help="Output format.")


def _debug() -> bool:
    """--debug on the command line or FKG_DEBUG=1: show tracebacks."""
    import os
    if os.environ.get("FKG_DEBUG", "").strip().lower() not in ("", "0", "false", "no"):
        return True
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))


def fail(exc: BaseException):
    """The one place an exception leaving a command becomes a one-line message on stderr and a
    documented exit code (errors.describe); with --debug / FKG_DEBUG=1 the traceback comes
    first. Credentials (a password in a URI, FKG_NEO4J_PASSWORD) never appear."""
    import os
    secrets = tuple(s for s in (os.environ.get("FKG_NEO4J_PASSWORD"),) if s)
    if _debug():
        import traceback
        click.echo(redact("".join(traceback.format_exception(exc)).rstrip(), secrets), err=True)
    code, message = describe(exc, secrets)
    click.echo(message if code == INTERRUPTED else f"Error: {message}", err=True)
    sys.exit(code)


def handle_errors(func):
    """Any exception a command raises -> :func:`fail` (a clean message + exit code)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001  every error becomes a message + exit code
            fail(exc)
    return wrapper


class FkgGroup(click.Group):
    """The ``fkg`` group: whatever escapes a command (or the group's own setup) goes to
    :func:`fail`, so no command ever shows a traceback unless --debug asks for it."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001
            fail(exc)


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


@click.group(cls=FkgGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
@click.option("--debug", is_flag=True, help="Show the traceback of an error [env FKG_DEBUG=1].")
@click.pass_context
def cli(ctx, store_path, backend, neo4j_uri, neo4j_user, debug):
    """freelance-kg: map who's who and who knows whom in the freelance economy.

    Articles in (fkg ingest), a typed, evidence-backed knowledge graph on disk (SPARQL; or
    Neo4j), analytics (fkg smalltown, who-knows, brokers) and interactive pages (fkg viz).
    """
    options = {}
    if backend == "neo4j":
        options = {"uri": neo4j_uri, "user": neo4j_user, "password": _neo4j_password(neo4j_user)}
    ctx.obj = Context(store_path, backend, options)
    ctx.obj.neo4j = {"uri": neo4j_uri, "user": neo4j_user}   # for fkg push / fkg cypher


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
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE calls reach remote SPARQL endpoints (refused by default: offline).")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def sparql(ctx, query, params, allow_service, fmt):
    """Run a SPARQL query: QUERY text, @file.rq, or @name of a shipped named query.

    The prefixes fkg:, ent:, doc:, ev:, schema:, prov:, rdf:, rdfs:, xsd: are predeclared.
    """
    from freelance_kg.queries.query_args import parse_params, read_query
    text = read_query(query, "sparql")
    with ctx.open_store(read_only=True) as store:
        result = store.sparql(text, parse_params(params), allow_service=allow_service)
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
    from freelance_kg.ingest.readers import prefetch

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

    sources = prefetch(sources, timeout=timeout)     # downloads happen before the write lock
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
@click.option("--as-type", "as_type", default=None, metavar="TYPE",
              help="Merge entities of different types; the merged entity gets TYPE.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def merge_cmd(ctx, keep, absorb, as_type, fmt):
    """Merge entity B into A (names or ids): B's names become A's aliases and its relations move
    to A. Logged in the store folder; undo with `fkg unmerge B`."""
    from freelance_kg.ingest.resolve import merge

    with ctx.open_store() as store:
        result = merge(store, keep, absorb, as_type=as_type)
    click.echo(render_records([result], fmt))


@cli.command("unmerge")
@click.argument("name", metavar="NAME")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def unmerge_cmd(ctx, name, fmt):
    """Undo the latest merge of NAME (the merged-away or the kept entity), restoring both
    entities and their relations exactly; refuses, naming it, while a later operation on them
    is still applied."""
    from freelance_kg.ingest.resolve import unmerge

    with ctx.open_store() as store:
        result = unmerge(store, name)
    click.echo(render_records([result], fmt))


@cli.command("retype")
@click.argument("name", metavar="NAME")
@click.argument("entity_type", metavar="TYPE")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def retype_cmd(ctx, name, entity_type, fmt):
    """Give entity NAME the type TYPE (its id changes; relations follow). Logged; undo with
    `fkg undo`."""
    from freelance_kg.ingest.resolve import retype

    with ctx.open_store() as store:
        result = retype(store, name, entity_type)
    click.echo(render_records([result], fmt))


@cli.command("split")
@click.argument("name", metavar="NAME")
@click.argument("alias", metavar="ALIAS")
@click.option("--into", default=None, metavar="NAME",
              help="Move the alias onto this existing entity (default: a new entity named ALIAS).")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def split_cmd(ctx, name, alias, into, fmt):
    """Move ALIAS off entity NAME, with the evidence whose sentence names it only by ALIAS, onto a
    new entity (or --into an existing one). Logged; undo with `fkg undo`."""
    from freelance_kg.ingest.resolve import split

    with ctx.open_store() as store:
        result = split(store, name, alias, into=into)
    click.echo(render_records([result], fmt))


@cli.command("undo")
@click.argument("operation", required=False, metavar="[ID|NAME]")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def undo_cmd(ctx, operation, fmt):
    """Undo the latest merge, retype or split still applied (or the one ID or NAME names, if no
    later operation changed the same entities)."""
    from freelance_kg.ingest.resolve import undo

    with ctx.open_store() as store:
        result = undo(store, operation)
    click.echo(render_records([result], fmt))


@cli.command("review")
@click.option("--top", default=50, show_default=True, type=click.IntRange(min=1), help="How many to show.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def review_cmd(ctx, top, fmt):
    """What to check by hand, most doubtful first: aliases on two entities, fuzzy matches and
    merges across types, entities the articles type differently, one-word names; with evidence."""
    from freelance_kg.ingest.resolve import review

    with ctx.open_store(read_only=True) as store:
        rows = review(store, top=top)
    _show(rows, fmt, empty="Nothing to review.")


@cli.command("eval")
@click.option("--gold", "gold_dir", default=None, type=click.Path(file_okay=False),
              help="Folder of gold annotation files (NN-slug.json).")
@click.option("--articles", "articles_dir", default=None, type=click.Path(file_okay=False),
              help="Folder of the plain-text articles the gold files name.")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(file_okay=False),
              help="An annotated corpus: a folder with articles/ and gold/ (repeatable).")
@click.option("--cv", "folds", default=None, type=int, metavar="K",
              help="Cross-validate: train the learned components on K-1 folds of the --corpus "
                   "articles, score the held-out fold, for every fold.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed of the folds (with --cv).")
@click.option("--train-also", "train_also", multiple=True, type=click.Path(file_okay=False),
              help="With --cv: an annotated corpus every fold also trains on, never scored (repeatable).")
@click.option("--show", "show", default=None, metavar="NAME",
              help="Also list one article's misses and false positives (file name or stem).")
@click.option("--model", envvar="FKG_SPACY_MODEL", default=None, metavar="NAME",
              help="spaCy model [env FKG_SPACY_MODEL; default: best installed English model].")
@FORMAT_OPTION
@handle_errors
def eval_cmd(gold_dir, articles_dir, corpora, folds, seed, train_also, show, model, fmt):
    """Score extraction against gold annotations: entities (typed and untyped), relations and
    pairs, precision/recall/F1 per article and micro-averaged; the totals are printed last.
    With --cv K: K-fold cross-validation over the --corpus folders (rules alone and the full
    extractor; totals, per-fold mean and spread, and per-predicate scores)."""
    from freelance_kg.ingest.evaluate import evaluate, gold_folders

    if folds is not None:
        from freelance_kg.ingest.training import cross_validate_corpora

        report = cross_validate_corpora(gold_folders(gold_dir, articles_dir, corpora), folds, seed, model,
                                        train_also=train_also)
        if fmt == "json":
            click.echo(render_records([report], "json"))
            return
        click.echo(f"{report['k']}-fold cross-validation (seed {report['seed']}) over "
                   f"{report['articles']} articles; slices: "
                   + ", ".join(f"{k} {v}" for k, v in report["slices"].items()))
        for rows in (report["totals"], report["predicates"]):
            click.echo()
            click.echo(render_records(rows, fmt))
        return
    gold_dir, articles_dir = gold_folders(gold_dir, articles_dir, corpora, single=True)
    report = evaluate(gold_dir, articles_dir, model=model)
    details = report.details(show) if show else []
    if fmt == "json":
        click.echo(render_records([{"articles": report.article_rows(), "details": details,
                                    "totals": report.total_rows()}], "json"))
        return
    click.echo(render_records(report.article_rows(), fmt))
    if details:
        click.echo()
        click.echo(render_records(details, fmt))
    click.echo()
    click.echo(render_records(report.total_rows(), fmt))


# ============================================================================================
# analytics commands
# ============================================================================================

ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto",
    show_default=True, help="Graph engine; auto uses igraph above 5,000 nodes.")
SEED_OPTION = click.option("--seed", default=0, show_default=True, type=int,
                           help="Seed for everything random (sampling, community search).")


def _analytics_graph(ctx):
    """The store's graph projection (read-only)."""
    with ctx.open_store(read_only=True) as store:
        return store.to_networkx()


def _show_report(report, fmt, key="rows", empty="Nothing found."):
    """A report that starts with its coverage and scope: the whole object as JSON; for a table
    the coverage and scope lines first, then the rows; CSV keeps stdout to the rows and puts
    the two lines on stderr."""
    if fmt == "json":
        import json
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    from freelance_kg.queries._graphs import coverage_text
    header = coverage_text(report["coverage"]) + "\n" + report["scope"]
    click.echo(header + ("\n" if fmt == "table" else ""), err=fmt != "table")
    _show(report[key], fmt, empty)


def _show_found(report, fmt, *matches, drop=()):
    """Rows found for names the user typed: first, on stderr, which entity each name was
    taken to mean (unless it was typed as its canonical name); then the rows, or the report's
    own reason why there are none."""
    from freelance_kg.queries.names import match_note
    for match in matches:
        note = match_note(match)
        if note:
            click.echo(note, err=True)
    rows = report["rows"]
    if drop and fmt != "json":
        rows = [{k: v for k, v in r.items() if k not in drop} for r in rows]
    _show(rows, fmt, report["empty"] or "Nothing found.")


def _show(rows, fmt, empty="Nothing found."):
    """Render records; an empty table becomes a one-line note on stderr."""
    if not rows and fmt == "table":
        click.echo(empty, err=True)
        return
    click.echo(render_records(rows, fmt))


@cli.command("centrality")
@click.option("--measure", type=click.Choice(["degree", "betweenness", "eigenvector", "pagerank",
                                              "harmonic"]), default="pagerank", show_default=True,
              help="Centrality measure.")
@click.option("--type", "entity_type", default=None, metavar="TYPE",
              help="Only entities of this type (Person, Platform, Organization, Funder, Place, Event).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="How many to show.")
@click.option("--k", default=None, type=click.IntRange(min=1),
              help="Betweenness: sample K sources (default exact up to 5,000 nodes, else 256).")
@click.option("--component", default="largest", show_default=True,
              type=click.Choice(["largest", "each"]),
              help="Eigenvector only: rank the largest component, or each component on its own "
                   "scale (labelled).")
@SEED_OPTION
@ENGINE_OPTION
@FORMAT_OPTION
@pass_ctx
@handle_errors
def centrality_cmd(ctx, measure, entity_type, top, k, component, seed, engine, fmt):
    """Who sits at the centre: the top entities by degree, betweenness, eigenvector, PageRank
    or harmonic closeness, after the graph's coverage (components, isolated nodes)."""
    from freelance_kg.queries.centrality import centrality_report
    report = centrality_report(_analytics_graph(ctx), measure, entity_type=entity_type, top=top,
                               seed=seed, k=k, engine=engine, component=component)
    _show_report(report, fmt, empty="No entities (of that type) in the graph.")


@cli.command("communities")
@click.option("--method", type=click.Choice(["leiden", "louvain"]), default="leiden",
              show_default=True, help="Community detection method (modularity).")
@click.option("--min-size", default=2, show_default=True, type=click.IntRange(min=1),
              help="Hide communities smaller than this (1 shows isolated nodes too).")
@click.option("--stability-seeds", default=10, show_default=True, type=click.IntRange(min=1),
              help="Seeds to measure stability over (1 skips it; each seed reruns the search).")
@SEED_OPTION
@ENGINE_OPTION
@FORMAT_OPTION
@pass_ctx
@handle_errors
def communities_cmd(ctx, method, min_size, stability_seeds, seed, engine, fmt):
    """Clusters of the graph, each labelled by its most central members; single isolated
    nodes hidden (counted); modularity and stability over 10 seeds (adjusted Rand index)
    within the largest component, where detection decides."""
    from freelance_kg.queries.communities import community_report
    report = community_report(_analytics_graph(ctx), method, seed=seed, engine=engine,
                              min_size=min_size, stability_seeds=stability_seeds)
    _show_report(report, fmt, "communities", "No communities of that size in the graph.")


@cli.command("smalltown")
@click.option("--view", type=click.Choice(["entities", "people"]), default="entities",
              show_default=True,
              help="entities: people, organisations, platforms, funders, events; people: the "
                   "derived people-only KNOWS graph.")
@click.option("--random", "n_random", default=3, show_default=True, type=click.IntRange(min=0),
              help="Degree-preserving random references for sigma and omega.")
@click.option("--sample", default=200, show_default=True, type=click.IntRange(min=1),
              help="BFS sources sampled for path lengths on large graphs.")
@SEED_OPTION
@ENGINE_OPTION
@FORMAT_OPTION
@pass_ctx
@handle_errors
def smalltown_cmd(ctx, view, n_random, sample, seed, engine, fmt):
    """Is it a small town? Clustering, path lengths, diameter, small-world sigma and omega,
    the inner circle (k-core) and how many people are within 2 and 3 steps, in plain words."""
    from freelance_kg.queries.smallworld import smalltown
    report = smalltown(_analytics_graph(ctx), view=view, n_random=n_random, sample=sample,
                       seed=seed, engine=engine)
    if fmt == "json":
        import json
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo("\n".join(report["summary"]) + "\n")
    elif report["scope"]:
        click.echo(report["summary"][0] + "\n" + report["scope"], err=True)
    click.echo(render(["measure", "value"], [[k, v] for k, v in report["measures"].items()], fmt))


@cli.command("who-knows")
@click.argument("person_a", metavar="A")
@click.argument("person_b", metavar="B")
@click.option("--max-hops", default=4, show_default=True, type=click.IntRange(min=1),
              help="Longest connection to look for.")
@click.option("--paths", "n_paths", default=3, show_default=True, type=click.IntRange(min=1),
              help="How many shortest connections to show.")
@click.option("--via-places", is_flag=True, help="Also connect through places (cities, countries).")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def who_knows_cmd(ctx, person_a, person_b, max_hops, n_paths, via_places, fmt):
    """How A and B are connected: the shortest paths, every hop with its relation, the evidence
    sentence and its source. A and B are names, aliases or ids (close spellings are accepted)."""
    from freelance_kg.queries.paths import who_knows_report
    report = who_knows_report(_analytics_graph(ctx), person_a, person_b, max_hops=max_hops,
                              paths=n_paths, via_places=via_places)
    if fmt == "table":
        report["rows"] = [{k: r[k] for k in ("path", "hop", "link", "sentence", "source")}
                          for r in report["rows"]]
    _show_found(report, fmt, report["from"], report["to"])


@cli.command("ego")
@click.argument("name")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(min=1),
              help="How far from NAME to go.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def ego_cmd(ctx, name, hops, fmt):
    """NAME's neighbourhood: everyone within --hops steps, with the chain that reaches them."""
    from freelance_kg.queries.paths import ego_report
    report = ego_report(_analytics_graph(ctx), name, hops=hops)
    _show_found(report, fmt, report["centre"])


@cli.command("knows")
@click.argument("name")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def knows_cmd(ctx, name, fmt):
    """The people NAME knows (derived KNOWS: co-founders, same organisation, event, funder or
    sentence), strongest first, with the reasons and the evidence."""
    from freelance_kg.queries.paths import acquaintances_report
    report = acquaintances_report(_analytics_graph(ctx), name)
    _show_found(report, fmt, report["person"])


@cli.command("brokers")
@click.option("--type", "entity_type", default=None, metavar="TYPE",
              help="Only entities of this type (e.g. Person).")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="How many to show.")
@click.option("--k", default=None, type=click.IntRange(min=1),
              help="Sample K betweenness sources (default exact up to 5,000 nodes, else 256).")
@click.option("--include-places", is_flag=True,
              help="Rank places and let paths run through them (left out by default, as in who-knows).")
@SEED_OPTION
@ENGINE_OPTION
@FORMAT_OPTION
@pass_ctx
@handle_errors
def brokers_cmd(ctx, entity_type, top, k, include_places, seed, engine, fmt):
    """Who bridges separate groups: high betweenness together with low Burt's constraint
    (places left out unless --include-places)."""
    from freelance_kg.queries.brokers import broker_report
    report = broker_report(_analytics_graph(ctx), entity_type=entity_type, top=top, seed=seed,
                           k=k, engine=engine, include_places=include_places)
    _show_report(report, fmt, empty="No entities (of that type) in the graph.")


@cli.command("introductions")
@click.argument("name")
@click.option("--top", default=20, show_default=True, type=click.IntRange(min=1), help="How many to show.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def introductions_cmd(ctx, name, top, fmt):
    """Who could introduce NAME to whom: people two acquaintances away, through the introducer
    with the strongest two ties, and why each tie exists (--format json: every reason with its
    evidence sentences and sources)."""
    from freelance_kg.queries.paths import introductions_report
    report = introductions_report(_analytics_graph(ctx), name, top=top)
    _show_found(report, fmt, report["person"], drop=("reasons",))


@cli.command("named-queries")
@click.option("--language", type=click.Choice(["sparql", "cypher"]), default="sparql",
              show_default=True, help="Which named queries to list.")
@FORMAT_OPTION
@handle_errors
def named_queries_cmd(language, fmt):
    """List the shipped named queries (run them with fkg sparql @NAME --param KEY=VALUE)."""
    from freelance_kg.queries.named_queries import named_queries
    click.echo(render_records(named_queries(language), fmt))


# ============================================================================================
# neo4j commands
# ============================================================================================

def _neo4j_password(user):
    """FKG_NEO4J_PASSWORD, else a hidden prompt when a user is named and stdin is a terminal
    (never an option: passwords stay out of argv and shell history)."""
    import os
    password = os.environ.get("FKG_NEO4J_PASSWORD")
    if password is None and user and sys.stdin.isatty():
        password = click.prompt(f"Neo4j password for {user}", hide_input=True, err=True)
    return password


def _neo4j_options(ctx, **extra):
    options = dict(ctx.neo4j)
    options["password"] = ctx.options.get("password") if ctx.options else \
        _neo4j_password(options.get("user"))
    options.update({k: v for k, v in extra.items() if v is not None})
    return options


@cli.command("cypher")
@click.argument("query")
@click.option("--param", "params", multiple=True, metavar="K=V",
              help="Query parameter $K (repeatable); numbers become numbers.")
@click.option("--write", is_flag=True, help="Allow a query that writes (default: read-only).")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def cypher_cmd(ctx, query, params, write, fmt):
    """Run Cypher on Neo4j: QUERY text, @file.cypher or @name (a shipped named query).

    Read-only unless --write. Nodes, relationships and paths print readably; --format json
    gives them as objects. Server from --neo4j-uri / FKG_NEO4J_URI.

    \b
      fkg cypher 'MATCH (p:Person) RETURN p.name LIMIT 5'
      fkg cypher @top_connectors --param limit=10 --format json
    """
    from freelance_kg.graph.neo4j_store import Neo4jStore, run_cypher
    with Neo4jStore(read_only=not write, **_neo4j_options(ctx)) as store:
        result = run_cypher(store, query, params, write=write, structured=fmt == "json")
    click.echo(render(result.columns, result.rows, fmt))


@cli.command("push")
@click.argument("target", required=False, type=click.Choice(["neo4j"]), default="neo4j")
@click.option("--to", "to", type=click.Choice(["neo4j"]), default=None,
              help="Where to copy the graph (only neo4j for now).")
@click.option("--batch", "batch_size", type=int, envvar="FKG_NEO4J_BATCH", default=None,
              help="Rows per UNWIND batch [env FKG_NEO4J_BATCH; default 1000].")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def push_cmd(ctx, target, to, batch_size, fmt):
    """Copy the embedded store's graph into Neo4j (fkg push neo4j): idempotent, batched.

    Documents, entities, relations and their evidence; running it again changes nothing.
    Server from --neo4j-uri / FKG_NEO4J_URI; embedded store from --store.
    """
    from freelance_kg.graph.neo4j_store import push_store
    with click.progressbar(length=1, label="pushing to Neo4j", file=sys.stderr) as bar:
        def progress(done, total):
            bar.length = max(total, 1)
            bar.update(done - bar.pos)
        summary = push_store(ctx.store_path, progress=progress,
                             **_neo4j_options(ctx, batch_size=batch_size))
    click.echo(render_records([vars(summary)], fmt))


# ============================================================================================
# viz commands
# ============================================================================================

@cli.command("viz")
@click.option("-o", "--output", "html", default=None, metavar="PAGE.html",
              help="Interactive page to write (default graph.html when --png is not given).")
@click.option("--png", default=None, metavar="IMAGE.png", help="Also (or only) write a static overview image.")
@click.option("--focus", default=None, metavar="NAME", help="Centre on this entity (name, alias or id).")
@click.option("--hops", default=2, show_default=True, type=click.IntRange(min=0),
              help="With --focus: how many links away to include.")
@click.option("--type", "types", default=None, metavar="TYPES",
              help="Only these entity types, comma-separated (e.g. Person,Platform).")
@click.option("--community", default=None, type=int, metavar="N",
              help="Only community N (numbered as fkg communities numbers them, 0 = largest).")
@click.option("--min-degree", default=0, show_default=True, type=click.IntRange(min=0), metavar="K",
              help="Only entities with at least K distinct neighbours among those shown.")
@click.option("--top", default=None, type=click.IntRange(min=1), metavar="N",
              help="Only the N highest-scoring entities (by --size, computed on those shown; "
                   "never an entity scoring 0).")
@click.option("--show-isolates", is_flag=True,
              help="Also draw entities with no link in the picture (hidden and counted by default).")
@click.option("--color", "color", default="type", show_default=True,
              type=click.Choice(["type", "community"]), help="Colour nodes by entity type or community.")
@click.option("--size", "size", default="pagerank", show_default=True,
              type=click.Choice(["pagerank", "degree", "betweenness"]), help="Size nodes by this centrality.")
@click.option("--layout", default="auto", show_default=True,
              type=click.Choice(["auto", "precomputed", "physics"]),
              help="auto: precompute a seeded layout above 300 nodes, else lay out in the browser.")
@click.option("--seed", default=0, show_default=True, type=int, help="Seed for layout and communities.")
@click.option("--title", default=None, help="Page / image heading.")
@FORMAT_OPTION
@pass_ctx
@handle_errors
def viz(ctx, html, png, focus, hops, types, community, min_degree, top, show_isolates, color, size,
        layout, seed, title, fmt):
    """Draw the graph: an interactive offline HTML page (search, filters, evidence tooltips)
    and/or a static PNG overview.

    \b
    fkg viz -o graph.html
    fkg viz -o maria.html --focus "Maria Lopez" --hops 2 --color community
    fkg viz --png overview.png --type Person,Platform --top 50
    """
    from freelance_kg.viz.view import draw
    if not html and not png:
        html = "graph.html"
    with ctx.open_store(read_only=True) as store:
        graph = store.to_networkx()
    summary = draw(graph, html=html, png=png, title=title, focus=focus, hops=hops, types=types,
                   community=community, min_degree=min_degree, top=top, color=color, size=size,
                   layout=layout, seed=seed, show_isolates=show_isolates)
    click.echo(render_records([summary], fmt))


if __name__ == "__main__":
    main()
