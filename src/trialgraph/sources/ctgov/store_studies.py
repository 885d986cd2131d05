"""A registry store read back study by study: its study graphs, and batches of them in worker processes.

What `validate --oxigraph` and `match --oxigraph` share. Each study is the named graph that
`import ctgov --oxigraph` wrote, named by its registry record IRI; a worker opens the store itself
(read-only) and reads one study's quads at a time, so memory follows the batch, not the store.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

import pyoxigraph as ox

from .builder import REGISTRY_PAGE

T = TypeVar("T")


def study_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's study graphs, in NCT ID order."""
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(REGISTRY_PAGE)]
    return sorted(graphs, key=lambda g: g.value)


def in_batches(
    names: Sequence[str],
    size: int,
    jobs: int,
    run_here: Callable[[list[str]], T],
    worker: tuple[Callable[..., None], tuple, Callable[[list[str]], T]],
) -> Iterator[T]:
    """`names` in batches of `size`, each batch's result in order: run in this process when one job (or
    one batch) is enough, else by `jobs` processes that each start with `initializer(*initargs)` and run
    `run` (module-level functions: the workers are started fresh, by forkserver where there is one)."""
    chunks = [list(names[i : i + size]) for i in range(0, len(names), size)]
    if jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield run_here(chunk)
        return
    initializer, initargs, run = worker
    ctx = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ctx.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
        yield from pool.imap(run, chunks)
