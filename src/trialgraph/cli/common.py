"""What the commands share: output formats, and one line plus exit 2 for bad input."""

from __future__ import annotations

from enum import Enum

import typer

from ..errors import InputError


class ReportFormat(str, Enum):
    text = "text"
    json = "json"


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def fail(error: InputError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(2)
