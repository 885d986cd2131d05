"""Progress on long runs: the core says which stage it is at; the command line shows it on a terminal."""

from __future__ import annotations

from collections.abc import Callable

# called with what the run is doing now ("reading data/trials/NCT01368107.ttl (3 of 12)")
Progress = Callable[[str], None]


def silent(stage: str) -> None:
    """The default: say nothing (a test, a pipe, a library caller)."""
