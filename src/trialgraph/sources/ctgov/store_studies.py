"""A registry store read back study by study: its study graphs, and batches of them in worker processes.

What `validate --oxigraph` and `match --oxigraph` share. Each study is the named graph that
`import ctgov --oxigraph` wrote, named by its registry record IRI; a worker opens the store itself
(read-only) and reads one study's quads at a time, so memory follows the batch, not the store.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.forkserver
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

import pyoxigraph as ox

from .builder import REGISTRY_PAGE, SHARED_GRAPH

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


def study_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's study graphs, in NCT ID order."""
    return [*map(ox.NamedNode, study_names(store))]


def study_names(store: ox.Store) -> list[str]:
    """The names of the store's study graphs, in NCT ID order: sorted as text (a third faster than the graphs)."""
    return sorted(name for g in store.named_graphs() if (name := g.value).startswith(REGISTRY_PAGE))


def shared_quads(store: ox.Store, objects: Iterable[ox.NamedNode | ox.BlankNode | ox.Literal]) -> list[ox.Quad]:
    """What the shared graph says of the IRIs among a study's objects, and of the IRIs those lead to
    (a site's city, then the city's country): the part of the study that import moved there once."""
    shared = ox.NamedNode(SHARED_GRAPH)
    found: list[ox.Quad] = []
    todo = [o for o in objects if isinstance(o, ox.NamedNode)]
    seen: set[ox.NamedNode] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, shared):
            found.append(quad)
            if isinstance(quad.object, ox.NamedNode):
                todo.append(quad.object)
    return found


class Worker(Protocol[T_co]):
    def run(self, names: list[str]) -> T_co: ...


def in_batches(
    names: Sequence[str], size: int, jobs: int, here: Worker[T], make: Callable[..., Worker[T]], args: tuple
) -> Iterator[T]:
    """`names` in batches of `size`, each batch's result in order: by `here` in this process when one job
    (or one batch) is enough, else by `jobs` processes that each make their own worker, `make(*args)`
    (started fresh, by forkserver where there is one: `make` and `args` must pickle), and by this one.

    The processes start at once, while the caller goes on (to what it does before reading the first result),
    and this process matches the first batches itself until one of them is ready. Then no more than IN_FLIGHT
    batches a process are handed out ahead, so memory stays bounded when the caller reads slower than the
    workers match. (Taking batches the processes had not started yet, when they fell behind, was measured
    slower: this process then stops handing batches out.)"""
    chunks = [list(names[i : i + size]) for i in range(0, len(names), size)]
    if jobs == 1 or len(chunks) <= 1:
        return (here.run(chunk) for chunk in chunks)
    # not multiprocessing.Pool: its worker handler wakes whenever results wait in its pipe, and so spins (with the
    # GIL) while a large result is read; the executor's one thread waits for results and reads them
    pool = ProcessPoolExecutor(jobs, mp_context=_processes(make), initializer=_start, initargs=(make, args))
    # one task each, so that all the processes start now: the pool starts one more only for a task none is free for
    ready = [pool.submit(_ready) for _ in range(jobs)]
    return _shared(pool, ready, here, chunks, IN_FLIGHT * jobs)


IN_FLIGHT = 2  # batches handed out ahead per process: one being matched, one ready for it


def start_processes(make: Callable[..., Worker]) -> None:
    """Start the forkserver now, with `make`'s module imported there (the worker processes fork from it, so
    they need not import it each): a caller that will want processes overlaps that start with its own work."""
    _processes(make)
    if "forkserver" in multiprocessing.get_all_start_methods():
        multiprocessing.forkserver.ensure_running()


def _processes(make: Callable[..., Worker]):
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([make.__module__])  # no effect once the server runs (then each process imports it)
    return ctx


def _shared(pool: ProcessPoolExecutor, ready: list[Future], here: Worker[T], chunks: list[list[str]], ahead: int):
    try:
        position = 0
        while position < len(chunks) and not any(r.done() for r in ready):  # the processes start: match here meanwhile
            yield here.run(chunks[position])
            position += 1
        pending: deque[Future] = deque()
        while True:
            while len(pending) < ahead and position < len(chunks):
                pending.append(pool.submit(_run, chunks[position]))
                position += 1
            if not pending:
                return
            yield pending.popleft().result()
    finally:
        pool.shutdown(cancel_futures=True)


def _ready() -> bool:
    return True


_WORKER: Worker | None = None  # in a worker process: its own


def _start(make: Callable[..., Worker], args: tuple) -> None:
    global _WORKER
    _WORKER = make(*args)
    # what the worker holds for its whole life (the context, its indexes) is never garbage: the collector's
    # full passes would walk it again and again as each batch makes and drops its objects
    gc.freeze()


def _run(names: list[str]):
    assert _WORKER is not None
    return _WORKER.run(names)
