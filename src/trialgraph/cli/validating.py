"""Printing validation results: one line per result, one JSON document, or a format CI systems read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum

import typer

from ..checks import report_formats
from ..checks.results import Violation
from ..checks.store_validation import StoreSummary


class ValidationFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


def print_for_ci(results: Iterable[Violation], fmt: str, checked: list[str], verdict: Callable[[], str]) -> None:
    """SARIF and JUnit XML as one document on stdout; GitHub annotations a line each as they come, then the
    verdict (`verdict` is called after the results, which a store yields as it validates)."""
    if fmt == "sarif":
        typer.echo(report_formats.sarif(results), nl=False)
    elif fmt == "junit":
        typer.echo(report_formats.junit(results, checked), nl=False)
    else:
        for result in results:
            typer.echo(report_formats.github(result))
        typer.echo(verdict())


CI_FORMATS = (ValidationFormat.sarif, ValidationFormat.junit, ValidationFormat.github)


def verdict_line(checked: str, violations: int, warnings: int) -> str:
    """The last line of a text report: `3 file(s) checked: conforms, 2 warning(s)`."""
    verdict = f"{violations} violation(s)" if violations else "conforms"
    return f"{checked} checked: {verdict}" + (f", {warnings} warning(s)" if warnings else "")


def store_verdict(summary: StoreSummary) -> str:
    studies = f"{summary.studies} stud{'y' if summary.studies == 1 else 'ies'}"
    return verdict_line(studies, summary.violations, summary.warnings)


def print_store_results(results: Iterator[Violation], summary: StoreSummary, *, json_output: bool) -> None:
    """Results are printed as they come, so memory stays flat on a registry-sized store."""
    if not json_output:
        for result in results:
            typer.echo(result.as_text())
        typer.echo(store_verdict(summary))
        return
    typer.echo('{"results": [', nl=False)
    for number, result in enumerate(results):
        typer.echo(("," if number else "") + "\n  " + json.dumps(result.as_dict(), ensure_ascii=False), nl=False)
    typer.echo(f'\n], "studies": {summary.studies}, "conforms": {json.dumps(summary.conforms)}}}')
