"""A registry store read back study by study: its study graphs, and batches of them in worker processes.

What `validate --oxigraph` and `match --oxigraph` share. Each study is the named graph that
`import ctgov --oxigraph` wrote, named by its registry record IRI; a worker opens the store itself
(read-only) and reads one study's quads at a time, so memory follows the batch, not the store.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

import pyoxigraph as ox

from .builder import REGISTRY_PAGE
from .registry import SHARED_GRAPH

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


def study_graphs(store: ox.Store) -> list[ox.NamedNode]:
    """The store's study graphs, in NCT ID order."""
    graphs = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(REGISTRY_PAGE)]
    return sorted(graphs, key=lambda g: g.value)


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
    (started fresh, by forkserver where there is one: `make` and `args` must pickle)."""
    chunks = [list(names[i : i + size]) for i in range(0, len(names), size)]
    if jobs == 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield here.run(chunk)
        return
    ctx = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ctx.Pool(jobs, initializer=_start, initargs=(make, args)) as pool:
        yield from pool.imap(_run, chunks)


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
