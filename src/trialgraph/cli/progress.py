"""What long runs show on a terminal (stderr a TTY): elsewhere (a pipe, CI, a test) nothing at all."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console

from ..progress import Progress, silent


@contextmanager
def stages() -> Iterator[Progress]:
    """A spinner naming the stage the run is at ("reading NCT01368107.ttl (3 of 12)"), with the time elapsed."""
    if not sys.stderr.isatty():
        yield silent
        return
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    # what goes to stdout meanwhile is shown above the display when both are the terminal, and left alone
    # (not sent to stderr) when stdout is a file or a pipe
    redirect = sys.stdout.isatty()
    with Bar(*columns, console=Console(stderr=True), transient=True, redirect_stdout=redirect) as bar:
        task = bar.add_task("starting", total=None)
        yield lambda stage: bar.update(task, description=stage, refresh=True)  # each stage shown, however short


@contextmanager
def file_bar(paths: list[Path]) -> Iterator[Callable[[object], None] | None]:
    """A bar over the input files, on a terminal only (stderr is a TTY)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from ..sources.ctgov import importer

    files: set[Path] = set()
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=importer.count_files(paths))

        def advance(item: object) -> None:
            path = getattr(item, "path", None)
            if path is not None and path not in files:
                files.add(path)
                bar.update(task, completed=len(files), description=f"importing {path.name}")

        yield advance


@contextmanager
def study_counter() -> Iterator[Callable[[int], None] | None]:
    """Studies done and studies/s since the start, on a terminal only (a stream's total is not known)."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    columns = (SpinnerColumn(), TextColumn("{task.completed} studies, {task.fields[rate]:.0f} studies/s"))
    with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=None, rate=0.0)

        def advance(done: int) -> None:
            bar.update(task, completed=done, rate=done / max(time.monotonic() - started, 1e-3))

        yield advance
