"""Curators' tools: `fmt` (canonical Turtle), `new trial` (a scaffold from an import), `diff` (release notes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rdflib.namespace import NamespaceManager

from ..checks.results import relative
from ..errors import InputError
from ..paths import project_paths
from .common import ReportFormat, fail, one_line

new_app = typer.Typer(no_args_is_help=True, help="Start a curated file from what the registry says.")


def fmt(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Turtle files or folders (default: the project's data/ and ontology/).")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; list the files that are not canonical, exit 1 if any.")
    ] = False,
) -> None:
    """Rewrite Turtle files in the canonical order and layout, keeping every comment with what it annotates.

    Exit 0 when done (or, with --check, when every file is canonical), 1 when --check finds files to
    reformat, 2 when a file cannot be read (then no file is written).
    """
    from ..graph.turtle_format import format_files

    project = project_paths()
    try:
        changed = format_files(paths or [project.data_dir, project.ontology_dir], write=not check)
    except InputError as error:
        raise fail(error) from error
    for item in changed:
        typer.echo(f"{'would reformat' if check else 'reformatted'} {one_line(relative(item.path))}")
    if check and changed:
        typer.echo(f"{len(changed)} file(s) not canonical: run 'trialgraph fmt' to rewrite them", err=True)
        raise typer.Exit(1)


@new_app.command("trial")
def new_trial(
    nct_id: Annotated[str, typer.Argument(help="The trial's NCT ID.")],
    source: Annotated[
        Path,
        typer.Option(
            "--from", help="What 'import ctgov -o' wrote (its folder or the trial's file), or a registry JSON record."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: data/trials/<NCT ID>.ttl).")
    ] = None,
) -> None:
    """Scaffold a curated trial file from its registry import, with TODO comments for the curator.

    It never replaces a file: exit 2 if the file exists.
    """
    from ..graph.output import write_atomically
    from ..sources.ctgov.scaffold import scaffold

    target = output or project_paths().data_dir / "trials" / f"{nct_id}.ttl"
    try:
        if target.exists():
            raise InputError("already exists: 'new trial' never replaces a file (give another -o)", target)
        text = scaffold(nct_id, source, project_paths())
        write_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
    except InputError as error:
        raise fail(error) from error
    typer.echo(f"wrote {one_line(relative(target))}: check each '# TODO curator:' line, then run 'trialgraph validate'")


def _prefixes() -> NamespaceManager:
    """The project's prefixes and the importer's (ctgov:...), for values read from a store."""
    from ..graph.assemble import namespaces
    from ..sources.ctgov.builder import PREFIXES

    names = namespaces(project_paths())
    for prefix, namespace in PREFIXES.items():
        names.bind(prefix, namespace, override=False)
    return names


def diff(
    old: Annotated[
        Path, typer.Argument(help="The earlier build: a Turtle file or folder, or an Oxigraph store folder.")
    ],
    new: Annotated[Path, typer.Argument(help="The later build, of the same kind.")],
    output_format: Annotated[ReportFormat, typer.Option("--format", help="text or json.")] = ReportFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when there are differences, as 'git diff --exit-code' does.")
    ] = False,
) -> None:
    """What changed between two builds or stores, per trial and field (for release notes).

    Exit 0 whatever the difference (1 if any with --exit-code), 2 when an input cannot be read.
    """
    from ..graph import changes as graph_changes

    try:
        found = graph_changes.diff(old, new, _prefixes())
    except InputError as error:
        raise fail(error) from error
    if output_format == ReportFormat.json:
        typer.echo(json.dumps(found.as_json(), indent=2, ensure_ascii=False))
    else:
        for line in graph_changes.text_lines(found):
            typer.echo(one_line(line))
    if exit_code and found.any:
        raise typer.Exit(1)
