"""`trialgraph serve` and `trialgraph docs`: thin commands over trialgraph.serving."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..paths import project_paths
from .common import fail


def serve(
    oxigraph: Annotated[
        Path | None, typer.Option("--oxigraph", help="Serve this on-disk store (default: the curated trials).")
    ] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0: any free one).")] = 7878,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds a query may run before it is stopped.")] = 30,
    max_rows: Annotated[int, typer.Option("--max-rows", help="Rows (or triples) an answer may hold at most.")] = 10_000,
    allow_service: Annotated[
        bool, typer.Option("--allow-service", help="Let queries call SERVICE (http and https only).")
    ] = False,
    cors: Annotated[
        str | None, typer.Option("--cors", help="Origin whose pages may read answers (https://host, or *).")
    ] = None,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes that run queries.")] = 4,
) -> None:
    """Serve the graph: SPARQL 1.1 at /sparql, linked data under /id/, a query page at /. Read-only."""
    from ..serving.app import serve_until_stopped, start
    from ..serving.server import ServeConfig

    config = ServeConfig(oxigraph, host, port, timeout, max_rows, allow_service, cors, workers)
    try:
        server = start(config, project_paths())
    except InputError as error:
        raise fail(error) from error
    typer.echo(f"serving at {server.base}/ (SPARQL 1.1 at {server.base}/sparql); Ctrl-C stops", err=True)
    serve_until_stopped(server)


def docs(
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the pages into.")],
) -> None:
    """Write the ontology's documentation (index.html) and the question library (questions.html)."""
    from ..questions import library
    from ..serving import ontology_docs
    from ..serving.pages import questions_html

    project = project_paths()
    try:
        graph = ontology_docs.ontology_graph(project)
        pages = {
            "index.html": ontology_docs.ontology_page(graph),
            "questions.html": questions_html(library.query_library(project.queries_dir)),
        }
        written = ontology_docs.write_docs(output, pages)
    except InputError as error:
        raise fail(error) from error
    typer.echo(f"wrote {', '.join(str(path) for path in written)}")
