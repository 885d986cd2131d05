"""What the commands share: output formats, and one line plus exit 2 for bad input."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

import typer

from ..errors import InputError

# the worker count of the commands that go through a store study by study (validate, match)
Jobs = Annotated[
    int | None, typer.Option("--jobs", min=1, help="Worker processes for --oxigraph (default: one per core).")
]


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


# what str.splitlines() breaks at: a message quoting user input must stay one line
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(text: str) -> str:
    r"""`text` with its line breaks written as escapes.

    >>> one_line("not an NCT ID: NCT04426201\n")
    'not an NCT ID: NCT04426201\\n'
    """
    return text.translate(_LINE_BREAKS)


def fail(error: InputError) -> typer.Exit:
    typer.echo(f"error: {one_line(str(error))}", err=True)
    return typer.Exit(2)


CHUNK = 1 << 16  # characters written at a time: echo costs a flush and a terminal check per call


def echo_all(texts: Iterable[str]) -> None:
    """Each text, as echo writes them one after another (no line breaks added), in chunks of about CHUNK
    characters: a store's matches run to millions of lines."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= CHUNK:
            typer.echo("".join(chunk), nl=False)
            chunk, size = [], 0
    if chunk:
        typer.echo("".join(chunk), nl=False)
