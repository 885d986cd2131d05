"""Errors the command line turns into exit code 2 with a one-line message."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Input that cannot be read: names the file and, where known, the line or field.

    >>> str(InputError("Turtle syntax error: bad", "data/trials/x.ttl", 12))
    'data/trials/x.ttl:12: Turtle syntax error: bad'
    """

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        self.path = Path(path) if path is not None else None
        self.line = line
        self.reason = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.reason}"
