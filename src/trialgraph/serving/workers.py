"""Where the server's queries run: worker processes, each with a read-only view of the store.

pyoxigraph cannot interrupt a query from a thread (oxigraph/oxigraph#1926), so each query runs in
one of a few worker processes. A query that passes its time-out has its worker killed, and a
fresh worker takes its place in the background: the other workers go on answering meanwhile.
A worker writes the whole answer (in the media type asked for, cut at the row limit), so only
bytes come back to the server.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import InputError

STARTUP_SECONDS = 120  # importing pyoxigraph and opening the store, before a worker counts as ready
WAIT_SECONDS = 60  # how long a request waits for a free worker before the server says it is busy


class QueryFailed(InputError):
    """The engine refused or failed the query (a syntax it does not read, an unreachable SERVICE...)."""


class QueryTimedOut(InputError):
    """The query ran past its time-out and was stopped."""


class ServerBusy(InputError):
    """Every worker stayed busy for WAIT_SECONDS."""


@dataclass(frozen=True)
class Job:
    """One query for a worker: its text, its form (SELECT...), the media type to answer in."""

    query: str
    form: str
    media: str
    max_rows: int
    # name -> ("iri", value) or ("literal", value, datatype or "", language or "")
    bindings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    default_graphs: tuple[str, ...] = ()  # the protocol's default-graph-uri (none: the union of all graphs)
    named_graphs: tuple[str, ...] = ()
    prefixes: Mapping[str, str] = field(default_factory=dict)  # for Turtle answers


@dataclass(frozen=True)
class Reply:
    body: bytes
    media: str
    truncated: bool  # the row limit cut the answer


def job_bindings(bindings: Mapping[str, Node]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """rdflib terms (from `library.parse_params`) in a form that crosses to a worker."""
    found = []
    for name, term in bindings.items():
        if isinstance(term, URIRef):
            found.append((name, ("iri", str(term))))
        elif isinstance(term, Literal):
            found.append((name, ("literal", str(term), str(term.datatype or ""), term.language or "")))
        else:
            raise InputError(f"cannot bind {term!r}: only IRIs and literals can be bound")
    return tuple(found)


class _Worker:
    def __init__(self, path: Path):
        context = multiprocessing.get_context("spawn")  # fork is unsafe in a process with threads
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(str(path), child_end), daemon=True)
        self.process.start()
        child_end.close()
        try:
            kind, message = self.connection.recv() if self.connection.poll(STARTUP_SECONDS) else ("", "")
        except (EOFError, OSError):  # the worker died before it was ready
            kind, message = "", ""
        if not kind:
            self.stop()
            raise InputError("a query worker did not start", path)
        if kind != "ready":
            self.stop()
            raise InputError(f"cannot open the Oxigraph store read-only: {message}", path)

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


class WorkerPool:
    """`size` workers on the store at `path`; `run` answers a job or raises one of the errors above."""

    def __init__(self, path: Path, size: int, timeout: float):
        self.path = path
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starters = [threading.Thread(target=self._add, daemon=True) for _ in range(size)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if self._idle.qsize() < size:
            self.close()
            _Worker(path)  # the first failure, raised again with its reason
            raise InputError("the query workers did not start", path)

    def _add(self) -> None:
        try:
            worker = _Worker(self.path)
        except InputError:
            return
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (stuck in a query, or dead) and start its replacement in the background."""
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        if not self._closed:
            threading.Thread(target=self._add, daemon=True).start()

    def run(self, job: Job) -> Reply:
        try:
            worker = self._idle.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            raise ServerBusy(f"every query worker stayed busy for {WAIT_SECONDS} s: try again later") from None
        try:
            worker.connection.send(job)
            if not worker.connection.poll(self.timeout):
                self._retire(worker)
                raise QueryTimedOut(f"the query ran longer than the time-out ({self.timeout:g} s) and was stopped")
            kind, payload = worker.connection.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            raise QueryFailed("the query process ended without an answer") from None
        self._idle.put(worker)
        if kind == "error":
            raise QueryFailed(payload)
        return payload

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()


# ---------------------------------------------------------------- in the worker process
def _serve(path: str, connection: Connection) -> None:
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(path)
    except OSError as error:
        connection.send(("error", _first_line(error)))
        return
    connection.send(("ready", None))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("answer", _answer(store, job)))
        except Exception as error:  # the engine's own errors (syntax, SERVICE, evaluation), as one line
            connection.send(("error", f"{type(error).__name__}: {_first_line(error)}"))


def _answer(store, job: Job) -> Reply:
    import pyoxigraph as ox

    from . import results

    substitutions = {ox.Variable(name): _term(value) for name, value in job.bindings}
    result = store.query(
        job.query,
        substitutions=substitutions or None,
        use_default_graph_as_union=not job.default_graphs,
        default_graph=[ox.NamedNode(iri) for iri in job.default_graphs] or None,
        named_graphs=[ox.NamedNode(iri) for iri in job.named_graphs] or None,
    )
    if job.form == "ASK":
        return Reply(results.write_boolean(bool(result), job.media), job.media, False)
    if job.form in ("CONSTRUCT", "DESCRIBE"):
        triples, cut = results.limited(result, job.max_rows)
        return Reply(results.write_graph(triples, job.media, dict(job.prefixes)), job.media, cut)
    columns = [variable.value for variable in result.variables]
    solutions, cut = results.limited(result, job.max_rows)
    rows = [[solution[name] for name in columns] for solution in solutions]
    return Reply(results.write_table(columns, rows, job.media), job.media, cut)


def _term(value: tuple[str, ...]):
    import pyoxigraph as ox

    if value[0] == "iri":
        return ox.NamedNode(value[1])
    _, text, datatype, language = value
    if language:
        return ox.Literal(text, language=language)
    return ox.Literal(text, datatype=ox.NamedNode(datatype) if datatype else None)


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
