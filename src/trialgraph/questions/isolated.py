"""A query on the on-disk store that can be stopped: run in a child process, killed at the deadline.

pyoxigraph evaluates SERVICE itself and offers no time-out (oxigraph/oxigraph#1926), so a service
that accepts a connection and never answers would hang the command. The child opens a read-only
view of the store (RocksDB lets readers in beside a writer), answers, and sends the answer back;
the parent waits `timeout` seconds once the child is ready, then kills it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from ..errors import InputError
from .library import Answer
from .safety import ReadQuery

STARTUP_SECONDS = 120  # importing the libraries and opening the store, before the clock starts


class StoppedQuery(InputError):
    """A SERVICE endpoint that did not answer in time, or failed."""


def answer_in_child(path: Path, query: str, read: ReadQuery, bindings: Mapping[str, Node], timeout: float) -> Answer:
    context = multiprocessing.get_context("spawn")  # fork is unsafe in a process with threads
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(str(path), query, read, dict(bindings), sender), daemon=True)
    child.start()
    sender.close()
    try:
        kind, payload = _message(receiver, STARTUP_SECONDS, path)
        if kind == "ready":
            if not receiver.poll(timeout):
                raise StoppedQuery(f"SERVICE {read.named_services} did not answer within {timeout:g} s: query stopped")
            kind, payload = _message(receiver, 0, path)
    finally:
        child.kill()
        child.join()
        receiver.close()
    if kind == "error":
        name, message = payload
        if name == "open":
            raise InputError(f"cannot open the Oxigraph store read-only: {message}", path)
        if name == "OSError":  # pyoxigraph's errors for a service it could not reach or read
            raise StoppedQuery(f"SERVICE {read.named_services} failed: {message}")
        raise RuntimeError(f"{name}: {message}")
    if isinstance(payload, list):  # a graph travels as its triples
        graph = Graph()
        for triple in payload:
            graph.add(triple)
        return graph
    return payload


def _message(receiver: Connection, timeout: float, path: Path) -> tuple:
    try:
        if receiver.poll(timeout):
            return receiver.recv()
    except EOFError:
        pass
    raise InputError("the query process ended without an answer", path)


def _child(path: str, query: str, read: ReadQuery, bindings: dict[str, Node], sender: Connection) -> None:
    import pyoxigraph as ox

    from .backends import answer_on_store

    try:
        store = ox.Store.read_only(path)
    except OSError as error:
        sender.send(("error", ("open", str(error))))
        sender.close()
        return
    try:
        sender.send(("ready", None))
        answer = answer_on_store(store, query, read, bindings)
        sender.send(("answer", list(answer) if isinstance(answer, Graph) else answer))
    except Exception as error:  # sent to the parent, which reports it as the query's failure
        first = (str(error).strip().splitlines() or [type(error).__name__])[0]
        sender.send(("error", ("OSError" if isinstance(error, OSError) else type(error).__name__, first)))
    finally:
        sender.close()
