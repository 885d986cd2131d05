"""Printing validation results: one line per result, one JSON document, or a format CI systems read."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from ..checks import report_formats
from ..checks.results import Violation

if TYPE_CHECKING:
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


def text_lines(results: Iterable[Violation], *, every_warning: bool = False) -> Iterator[str]:
    """A line per result as it comes; but warnings that share a message (19 nodes with no external mapping)
    come last, one line per message, unless `every_warning`. Only the first of each message is kept."""
    warnings: dict[str, tuple[Violation, int]] = {}
    for result in results:
        if result.severity != "Warning" or every_warning:
            yield result.as_text()
        else:
            first, count = warnings.get(result.message, (result, 0))
            warnings[result.message] = (first, count + 1)
    for message, (first, count) in warnings.items():
        if count == 1:
            yield first.as_text()
        else:
            where = first.as_text().split(": Warning: ")[0]
            yield (f"{count} warnings: {message} (first: {first.focus} at {where}; --warnings lists each)")


def print_store_results(
    results: Iterator[Violation], summary: StoreSummary, *, json_output: bool, every_warning: bool = False
) -> None:
    """Results are printed as they come, so memory stays flat on a registry-sized store."""
    if not json_output:
        for line in text_lines(results, every_warning=every_warning):
            typer.echo(line)
        typer.echo(store_verdict(summary))
        return
    typer.echo('{"results": [', nl=False)
    for number, result in enumerate(results):
        typer.echo(("," if number else "") + "\n  " + json.dumps(result.as_dict(), ensure_ascii=False), nl=False)
    typer.echo(f'\n], "studies": {summary.studies}, "conforms": {json.dumps(summary.conforms)}}}')
