"""`trialgraph import`: registry records into TrialGraph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError
from ..paths import project_paths
from . import progress
from .common import fail, one_line

import_app = typer.Typer(no_args_is_help=True, help="Import trials from registries into TrialGraph Turtle.")


@import_app.command("ctgov")
def import_ctgov(
    paths: Annotated[
        list[Path],
        typer.Argument(help="API v2 study files (.json, .json.gz, pages; for a store also .jsonl[.gz], .zip)."),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Folder for the Turtle files, one per study.")
    ] = None,
    oxigraph: Annotated[
        Path | None, typer.Option("--oxigraph", help="Stream into the on-disk Oxigraph store here instead.")
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", min=1, help="Worker processes (default: one per core).")] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Remove the studies the input does not hold (a complete dump).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With -o: also replace files the importer did not write (curated data).")
    ] = False,
) -> None:
    """Import ClinicalTrials.gov API v2 records: one Turtle file per study, or into a store; then a summary.

    Exit 0 if every record was imported as given, 1 if some record was skipped (no valid NCT ID) or some
    value was kept as a literal or left out (a warning), 2 if a file was unreadable.
    """
    if (output is None) == (oxigraph is None):
        typer.echo("error: give either -o DIR or --oxigraph DIR", err=True)
        raise typer.Exit(2)
    from ..sources.ctgov import importer, registry

    project = project_paths()
    try:
        if oxigraph is not None:
            with progress.study_counter() as advance:
                summary = registry.import_to_store(paths, oxigraph, project, jobs=jobs, prune=prune, progress=advance)
        else:
            with progress.file_bar(paths) as advance:
                summary = importer.import_ctgov(paths, output, project, progress=advance, force=force)
    except InputError as error:
        raise fail(error) from error
    for line in summary.lines():
        typer.echo(one_line(line), err=line.startswith(("skipped", "warning")))
    raise typer.Exit(summary.exit_code)
