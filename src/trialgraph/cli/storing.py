"""`trialgraph export`, and `push --oxigraph`: moving an on-disk store to files or to a served store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from .common import fail


def export(
    oxigraph: Annotated[Path, typer.Option("--oxigraph", help="The on-disk Oxigraph store to export.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="File to write: .nq, .nt or .ttl, gzipped if it ends in .gz.")
    ],
) -> None:
    """Write a store as N-Quads (every graph), or N-Triples or Turtle (all graphs as one), for other stores' loaders."""
    from ..graph import store as stores

    try:
        written = stores.export(oxigraph, output)
    except InputError as error:
        raise fail(error) from error
    typer.echo(f"wrote {written} quads to {output}" if written is not None else f"wrote {output}")


def push_store(
    store_url: str, oxigraph: Path | None, state: Path | None, graph_iri: str | None, add: bool, timeout: int
) -> None:
    from ..questions import store_push

    try:
        if oxigraph is None:
            raise InputError("--state needs --oxigraph DIR (the store whose graphs it tracks)")
        if graph_iri is not None or add:
            raise InputError("--graph and --add do not apply to --oxigraph: each graph keeps its own name")
        summary = store_push.push_store(oxigraph, store_url, state, timeout)
    except InputError as error:
        raise fail(error) from error
    typer.echo(
        f"pushed {oxigraph} to {store_url}: {summary.sent} graph(s) replaced, {summary.deleted} deleted, "
        f"{summary.unchanged} unchanged"
    )
