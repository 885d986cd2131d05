"""Printing a store's validation as it goes: one line per result, or one JSON document."""

from __future__ import annotations

import json
from collections.abc import Iterator

import typer

from ..checks.results import Violation
from ..checks.store_validation import StoreSummary


def print_store_results(results: Iterator[Violation], summary: StoreSummary, *, json_output: bool) -> None:
    """Results are printed as they come, so memory stays flat on a registry-sized store."""
    if not json_output:
        for result in results:
            typer.echo(result.as_text())
        verdict = "conforms" if summary.conforms else f"{summary.violations} violation(s)"
        warnings = f", {summary.warnings} warning(s)" if summary.warnings else ""
        typer.echo(f"{summary.studies} stud{'y' if summary.studies == 1 else 'ies'} checked: {verdict}{warnings}")
        return
    typer.echo('{"results": [', nl=False)
    for number, result in enumerate(results):
        typer.echo(("," if number else "") + "\n  " + json.dumps(result.as_dict(), ensure_ascii=False), nl=False)
    typer.echo(f'\n], "studies": {summary.studies}, "conforms": {json.dumps(summary.conforms)}}}')
