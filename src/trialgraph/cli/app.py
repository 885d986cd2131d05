"""The `trialgraph` command: a thin layer over the typed core.

Exit codes: 0 success (or data conforms), 1 violations found (or reasoning failed),
2 unreadable input or bad usage.

Each command imports the parts of the core it uses in its own body, not here: importing all of them took a
second at every start, a fifth of what `match --oxigraph` took on a store of 30,000 studies.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from ..errors import InputError
from ..paths import checked_home, project_paths
from ..questions import WIKIDATA_SPARQL
from . import curating, importing, matching, progress, serving, storing, validating
from .common import Jobs, ReportFormat, TableFormat, fail

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="TrialGraph: a knowledge graph of clinical trials and their interventions.",
)


app.add_typer(importing.import_app, name="import")
app.add_typer(curating.new_app, name="new")
app.command()(curating.fmt)
app.command()(curating.diff)
app.command()(storing.export)
app.command()(matching.match)
app.command()(serving.serve)
app.command()(serving.docs)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"trialgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _check_home(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Before any command: TRIALGRAPH_HOME, when set, must name a project."""
    try:
        checked_home()
    except InputError as error:
        raise fail(error) from error


@app.command()
def build(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="File to write; format from the extension (.ttl, .nt, .jsonld, .owl)."),
    ] = None,
    oxigraph: Annotated[
        Path | None, typer.Option("--oxigraph", help="Also load the graph into an on-disk Oxigraph store here.")
    ] = None,
    reason: Annotated[
        bool, typer.Option("--reason", help="Add the OWL 2 RL entailments (owlrl) to what is written.")
    ] = False,
    data: Annotated[list[Path] | None, typer.Argument(help="Data files or folders (default: data/).")] = None,
) -> None:
    """Assemble the ontology, the curated data and the mappings into one graph."""
    if output is None and oxigraph is None:
        typer.echo("error: give -o FILE, --oxigraph DIR, or both", err=True)
        raise typer.Exit(2)
    from ..checks import reasoning
    from ..graph import assemble
    from ..graph.output import write_graph
    from ..graph.store import check_store_location, load_default_graph, replace_store

    project = project_paths()
    try:
        if oxigraph is not None:
            check_store_location(oxigraph)  # before anything is built
        said = []  # printed once the progress display is gone
        with progress.stages() as stage:
            if output is not None or reason:
                graph = assemble.build_graph(project, data or None, stage)
                if reason:
                    stage("adding the OWL 2 RL entailments")
                    said.append(f"OWL 2 RL added {reasoning.materialise_owl_rl(graph)} inferred triples")
            if output is not None:
                stage(f"writing {output}")
                write_graph(graph, output)
                said.append(f"wrote {len(graph)} triples to {output}")
            if oxigraph is not None:
                # streamed by Oxigraph's parser unless the entailments (computed in rdflib) are asked for
                loaded = (
                    replace_store(oxigraph, lambda store: load_default_graph(store, graph), keep=True)
                    if reason
                    else assemble.build_store(project, oxigraph, data or None, stage)
                )
                said.append(f"loaded {loaded} triples into the Oxigraph store at {oxigraph}")
        typer.echo("\n".join(said))
    except InputError as error:
        raise fail(error) from error


@app.command()
def push(
    store: Annotated[str, typer.Option("--store", help="Graph Store Protocol endpoint, e.g. http://host:7878/store.")],
    graph_iri: Annotated[
        str | None, typer.Option("--graph", help="Named graph IRI (default: the default graph).")
    ] = None,
    add: Annotated[bool, typer.Option("--add", help="Add to the graph instead of replacing it.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the store (more than 0).")] = 30,
    oxigraph: Annotated[
        Path | None, typer.Option("--oxigraph", help="Push this on-disk store, graph by graph, instead of a build.")
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option("--state", help="With --oxigraph: send only the graphs changed since the push this file records."),
    ] = None,
) -> None:
    """Build the graph and load it into a remote store (SPARQL 1.1 Graph Store Protocol).

    Blank nodes are sent as stable skolem IRIs, so `--add` of the same data twice adds nothing.
    """
    if oxigraph is not None or state is not None:
        storing.push_store(store, oxigraph, state, graph_iri, add, timeout)
        return
    from ..graph import assemble
    from ..questions import backends

    try:
        backends.checked_http_iri(store)
        backends.checked_timeout(timeout)
        graph = assemble.build_graph(project_paths())
        sent = backends.push(graph, store, graph_iri=graph_iri, replace=not add, timeout=timeout)
    except InputError as error:
        raise fail(error) from error
    target = graph_iri or "the default graph"
    typer.echo(f"{'added' if add else 'replaced'} {target} at {store} with {sent} triples")


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Turtle files or folders (default: data/).")] = None,
    fmt: Annotated[
        validating.ValidationFormat,
        typer.Option("--format", help="text, json, or for CI: sarif (SARIF 2.1.0), junit (JUnit XML), github."),
    ] = validating.ValidationFormat.text,
    no_shared: Annotated[
        bool, typer.Option("--no-shared", help="Do not add data/shared/ to what is validated.")
    ] = False,
    oxigraph: Annotated[
        Path | None,
        typer.Option("--oxigraph", help="Validate the studies of this Oxigraph store (one named graph each)."),
    ] = None,
    jobs: Jobs = None,
    every_warning: Annotated[
        bool,
        typer.Option("--warnings", help="List every warning (text format; otherwise one line per warning message)."),
    ] = False,
) -> None:
    """Validate curated Turtle (or a store of studies) against the SHACL shapes and the QC queries.

    Each result gives file and line; from a store, the study, its source file and the JSON path."""
    from ..checks import store_validation, validation
    from ..checks.results import relative

    project = project_paths()
    if oxigraph is not None:
        if paths:
            typer.echo("error: give Turtle paths or --oxigraph DIR, not both", err=True)
            raise typer.Exit(2)
        try:
            with progress.stages() as stage:
                results, summary = store_validation.validate_store(
                    oxigraph, project, jobs=jobs, with_shared=not no_shared, progress=stage
                )
                if fmt in validating.CI_FORMATS:
                    validating.print_for_ci(results, fmt, [], lambda: validating.store_verdict(summary))
                else:
                    json_output = fmt == "json"
                    validating.print_store_results(
                        results, summary, json_output=json_output, every_warning=every_warning
                    )
        except InputError as error:
            raise fail(error) from error
        raise typer.Exit(0 if summary.conforms else 1)
    try:
        with progress.stages() as stage:
            report = validation.validate(
                paths or [project.data_dir], project, with_shared=not no_shared, progress=stage
            )
    except InputError as error:
        raise fail(error) from error
    warnings = len(report.results) - len(report.violations)
    summary = validating.verdict_line(f"{len(report.files)} file(s)", len(report.violations), warnings)
    if fmt in validating.CI_FORMATS:
        validating.print_for_ci(report.results, fmt, [relative(f) for f in report.files], lambda: summary)
    elif fmt == "json":
        typer.echo(
            json.dumps(
                {
                    "conforms": report.conforms,
                    "files": len(report.files),
                    "results": [r.as_dict() for r in report.results],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for line in validating.text_lines(report.results, every_warning=every_warning):
            typer.echo(line)
        typer.echo(summary)
    raise typer.Exit(0 if report.conforms else 1)


@app.command()
def query(
    name: Annotated[
        str | None,
        typer.Argument(help="A query's name (see `trialgraph queries`), the path of an .rq file, or - for stdin."),
    ] = None,
    expression: Annotated[
        str | None,
        typer.Option("-e", "--expression", help="The query itself: no header needed, our prefixes known."),
    ] = None,
    fmt: Annotated[
        TableFormat,
        typer.Option(
            "--format",
            help="table, csv, tsv or json. ASK prints true or false; CONSTRUCT and DESCRIBE print "
            "Turtle (table), N-Triples (csv, tsv) or JSON-LD (json).",
        ),
    ] = TableFormat.table,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", help='Bind a variable: name=value, <iri>, prefix:local or "text" (repeatable).'),
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Run on a remote SPARQL 1.1 endpoint (http or https).")
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds to wait for an endpoint or a SERVICE (more than 0).")
    ] = 30,
    oxigraph: Annotated[Path | None, typer.Option("--oxigraph", help="Run on the on-disk Oxigraph store here.")] = None,
    wikidata: Annotated[
        str | None, typer.Option("--wikidata", help="Endpoint to use wherever the query reaches Wikidata (SERVICE).")
    ] = None,
    allow_service: Annotated[
        bool,
        typer.Option("--allow-service", help="Let the query call SERVICE, to http(s) only (queries/federated/ may)."),
    ] = False,
) -> None:
    """Run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the embedded graph, a store or an endpoint."""
    from ..graph import assemble
    from ..questions import backends, federation, formats, library

    project = project_paths()
    try:
        backends.checked_timeout(timeout)
        if (name is None) == (expression is None):
            raise InputError("give a query's name, - (stdin) or -e 'SELECT ...', and only one of them")
        ad_hoc = expression if expression is not None else sys.stdin.read() if name == "-" else None
        if ad_hoc is not None:
            source = "<stdin>" if name == "-" else "-e"
            query_file = library.ad_hoc_query(ad_hoc, source, assemble.namespaces(project))
        else:
            query_file = library.resolve_query(name, project.queries_dir)
        query_file = replace(query_file, text=federation.redirect_wikidata(query_file.text, wikidata))
        # before any store is opened or any address reached: the query must only read
        allowed = allow_service or federation.is_federated(query_file, project.queries_dir)
        read = library.checked_query(query_file, allow_service=allowed)
        if endpoint or oxigraph:
            # the graph lives elsewhere: prefixes for parameters and output come from our own files
            namespaces = assemble.namespaces(project)
            bindings = library.parse_params(param or [], query_file, namespaces)
            backend: library.QueryBackend = (
                backends.RemoteBackend(endpoint, timeout)
                if endpoint
                else backends.OxigraphBackend.open_read_only(oxigraph, timeout)
            )
            if isinstance(backend, backends.OxigraphBackend) and backend.lacks_context():
                # questions that read value-set notations or labels would answer nothing, silently
                typer.echo(
                    f"warning {oxigraph}: the store holds studies but no ontology or value sets;"
                    f" run 'trialgraph build --oxigraph {oxigraph}' to add them",
                    err=True,
                )
        else:
            graph = assemble.build_graph(project)
            namespaces = graph.namespace_manager
            bindings = library.parse_params(param or [], query_file, namespaces)
            backend = library.GraphBackend(graph)
        with federation.identified_service_calls(timeout):
            answer = library.run_query(query_file, backend, bindings, read=read)
    except InputError as error:
        raise fail(error) from error
    typer.echo(formats.render(answer, fmt.value, namespaces, read), nl=False)


@app.command()
def enrich(
    output: Annotated[Path, typer.Option("-o", "--output", help="Turtle (or .nt, .jsonld) file to write.")],
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="Wikidata's SPARQL endpoint, or a mirror.")
    ] = WIKIDATA_SPARQL,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for the endpoint (more than 0).")] = 30,
) -> None:
    """Fetch labels and identifiers (ROR, ChEBI, DrugBank, MONDO) of the Wikidata items our entities map to."""
    from ..graph import assemble
    from ..graph.output import write_graph
    from ..questions import backends, federation

    try:
        backends.checked_timeout(timeout)
        graph = assemble.build_graph(project_paths())
        enrichment = federation.enrich(graph, backends.checked_http_iri(endpoint), timeout)
        write_graph(enrichment, output)
    except InputError as error:
        raise fail(error) from error
    items = len(federation.wikidata_items(graph))
    labelled = federation.fetched(enrichment)
    typer.echo(f"{labelled} of {items} Wikidata items labelled; wrote {len(enrichment)} triples to {output}")


@app.command("links")
def links_report(
    fmt: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.text,
) -> None:
    """Report, per entity type, how many entities each external scheme maps, and list the unmapped ones."""
    from ..graph import assemble
    from ..links import report as links
    from ..links.prefixes import load_converter

    project = project_paths()
    try:
        graph = assemble.build_graph(project)
        report = links.link_report(graph, load_converter(project.prefix_map_file))
    except InputError as error:
        raise fail(error) from error
    if fmt is ReportFormat.json:
        typer.echo(json.dumps([summary.as_dict() for summary in report], indent=2, ensure_ascii=False))
    else:
        typer.echo("\n".join(summary.as_text() for summary in report))


# what each group of the library is, for `trialgraph queries`
QUERY_GROUPS = {
    "": "questions",
    "qc": "qc: cross-study checks, which validate runs",
    "federated": "federated: questions that call SERVICE (need the network, or --wikidata URL)",
}


@app.command("queries")
def list_queries() -> None:
    """List the query library by group (questions, qc, federated): each query's full name, then its title."""
    from ..questions import library

    folder = project_paths().queries_dir
    try:
        groups = library.query_groups(folder) if folder.is_dir() else {}
        if not any(groups.values()):
            raise InputError("no questions here (*.rq files)", folder)
    except InputError as error:
        raise fail(error) from error
    width = max(len(name) for group in groups.values() for name in group)
    for group, questions in groups.items():
        if questions:
            typer.echo(f"{QUERY_GROUPS.get(group, group)}:")
        for query_name, query_file in questions.items():
            typer.echo(f"  {query_name.ljust(width)}  {query_file.title}")


@app.command()
def reason(
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the ontology with the inferred axioms (.ttl, .nt, .jsonld, .owl)."),
    ] = None,
) -> None:
    """Classify the ontology and its imported slices with HermiT; exit 1 if inconsistent or unsatisfiable."""
    from ..checks import reasoning
    from ..graph import assemble
    from ..graph.output import write_graph
    from ..graph.turtle import merge

    project = project_paths()
    try:
        files = assemble.ontology_files(project)
        graph = merge(files)
        result = reasoning.classify(graph)
        if output is not None and result.consistent:
            written = graph + result.inferred
            write_graph(written, output)
            typer.echo(reasoning.written_line(len(files), written, result.inferred, output))
    except InputError as error:
        raise fail(error) from error
    if not result.consistent:
        typer.echo(f"inconsistent ontology {result.explanation}".rstrip())
        raise typer.Exit(1)
    for iri in result.unsatisfiable:
        typer.echo(f"unsatisfiable class: {iri}")
    if result.unsatisfiable:
        raise typer.Exit(1)
    typer.echo("consistent; no unsatisfiable classes")
