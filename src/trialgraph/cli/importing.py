"""`trialgraph import`: registry records into TrialGraph."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import InputError
from ..paths import project_paths
from ..sources.ctgov import importer
from .common import fail, one_line

import_app = typer.Typer(no_args_is_help=True, help="Import trials from registries into TrialGraph Turtle.")


@import_app.command("ctgov")
def import_ctgov(
    paths: Annotated[list[Path], typer.Argument(help="API v2 study files (.json, .json.gz, pages), or folders.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the Turtle files, one per study.")],
    force: Annotated[
        bool, typer.Option("--force", help="Also replace files the importer did not write (curated data).")
    ] = False,
) -> None:
    """Import ClinicalTrials.gov API v2 records: one Turtle file per study, then a summary.

    Exit 0 if every record was imported, 1 if some record was skipped, 2 if a file was unreadable.
    """
    project = project_paths()
    try:
        with _progress_bar(paths) as advance:
            summary = importer.import_ctgov(paths, output, project, progress=advance, force=force)
    except InputError as error:
        raise fail(error) from error
    for line in summary.lines():
        typer.echo(one_line(line), err=line.startswith("skipped"))
    raise typer.Exit(summary.exit_code)


@contextmanager
def _progress_bar(paths: list[Path]) -> Iterator[Callable[[object], None] | None]:
    """A progress bar over the input files, on a terminal only (stderr is a TTY)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    files: set[Path] = set()
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=importer.count_files(paths))

        def advance(item: object) -> None:
            path = getattr(item, "path", None)
            if path is not None and path not in files:
                files.add(path)
                bar.update(task, completed=len(files), description=f"importing {path.name}")

        yield advance
