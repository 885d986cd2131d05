"""The on-disk Oxigraph store: opened read-only for questions, rebuilt beside itself for writes.

A folder is a store when RocksDB's `CURRENT` file and a `MANIFEST-*` are in it; nothing here ever
creates a store inside a folder that holds anything else. A write (build, import) goes into a new
store beside the old one, a copy of it by hard links (`Store.backup`) when the old content is kept,
and the new one replaces the old only when the write succeeded: a failed run leaves the old store
as it was. The curated graph (ontology, data, mappings) is the default graph; each imported study
is a named graph named by its registry record IRI.
"""

from __future__ import annotations

import gc
import gzip
import os
import re
import shutil
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError
from .output import atomic_target

T = TypeVar("T")
FORMAT_BY_SUFFIX = {".nq": ox.RdfFormat.N_QUADS, ".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}


def is_store(path: Path) -> bool:
    return (path / "CURRENT").is_file() and any(path.glob("MANIFEST-*"))


def check_store_location(path: Path) -> None:
    """A store may be written at `path` when it is a store, an empty folder, or not there yet."""
    if path.exists() and not path.is_dir():
        raise InputError("not an Oxigraph store (a file, not a folder)", path)
    if path.is_dir() and not is_store(path) and any(path.iterdir()):
        raise InputError("not an Oxigraph store, and not empty: refusing to write a store into it", path)


def open_read_only(path: Path) -> ox.Store:
    """The store at `path` for questions: nothing it runs can write to it."""
    if not path.is_dir() or not is_store(path):
        raise InputError(
            "no Oxigraph store here: make one with 'trialgraph build --oxigraph DIR'"
            " or 'trialgraph import ctgov ... --oxigraph DIR'",
            path,
        )
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as error:  # RocksDB reports a damaged store as a RuntimeError
        raise InputError(f"cannot open the Oxigraph store: {_first_line(error)}", path) from error


def open_for_writing(path: Path) -> ox.Store:
    """An existing store (or a new one in an empty folder), locked for this process."""
    check_store_location(path)
    try:
        return ox.Store(str(path))
    except OSError as error:
        if "lock" in str(error).lower():
            raise InputError(
                "the Oxigraph store is in use by another process (an 'oxigraph serve'?): stop it and retry", path
            ) from error
        raise InputError(f"cannot open the Oxigraph store: {_first_line(error)}", path) from error


def replace_store(path: Path, write: Callable[[ox.Store], T], *, keep: bool) -> T:
    """Run `write` on a new store beside `path` and move it into place only if `write` returns.

    With `keep`, the new store starts as a copy of the old one (hard links, so cheap); without, empty.
    Until then the old store stays locked, so no other process writes to it in between.
    """
    path = path.resolve()  # a name to put the new store beside, even for "."
    check_store_location(path)
    old = open_for_writing(path) if is_store(path) else None
    fresh = path.with_name(f".{path.name}.new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        if old is not None and keep:
            old.flush()
            old.backup(str(fresh))
        result = _write_new(fresh, write)
    except BaseException as error:
        traceback.clear_frames(error.__traceback__)  # the frames hold the new store open
        gc.collect()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        del old
        gc.collect()  # closes the stores (and their locks) before the folders move
    _swap(fresh, path)
    return result


def _write_new(location: Path, write: Callable[[ox.Store], T]) -> T:
    store = ox.Store(str(location))
    result = write(store)
    store.flush()
    return result


def _swap(fresh: Path, path: Path) -> None:
    if not path.exists():
        fresh.rename(path)
        return
    retired = path.with_name(f".{path.name}.old-{os.getpid()}")
    shutil.rmtree(retired, ignore_errors=True)
    path.rename(retired)
    fresh.rename(path)
    shutil.rmtree(retired, ignore_errors=True)


def rdf_format(path: Path) -> ox.RdfFormat:
    """The export format a file name asks for (.nq, .nt, .ttl, each optionally .gz)."""
    suffixes = path.suffixes[-2:] if path.suffix == ".gz" else path.suffixes[-1:]
    try:
        return FORMAT_BY_SUFFIX[suffixes[0].lower()]
    except (KeyError, IndexError):
        known = ", ".join(s + gz for s in FORMAT_BY_SUFFIX for gz in ("", ".gz"))
        raise InputError(f"unknown export format (use one of {known})", path) from None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


# ---------------------------------------------------------------- loading and reading back
_PARSER_PREFIX = re.compile(r"^Parser error at line \d+ between columns (\d+) and \d+: ")


def load_turtle(store: ox.Store, path: Path, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> None:
    """Stream one Turtle file into `store` with Oxigraph's own parser; a syntax error names file and line."""
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=graph or ox.DefaultGraph())
    except SyntaxError as error:
        reason = _PARSER_PREFIX.sub(r"column \1: ", str(error.msg))
        raise InputError(f"Turtle syntax error: {reason}", path, error.lineno) from error
    except OSError as error:
        raise InputError(f"cannot read: {_first_line(error)}", path) from error


def load_graph(store: ox.Store, graph: Graph) -> None:
    """A small rdflib graph (derived triples, say) into the default graph. Added term by term, not parsed:
    a parser gives each blank node label a fresh node, and the derived triples of a blank-node quantity
    (read back from this store by `construct`) must land on that quantity."""
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in graph)


def load_default_graph(store: ox.Store, graph: Graph) -> int:
    """Replace the default graph with an rdflib graph (one that needed rdflib: with OWL RL entailments)."""
    store.remove_graph(ox.DefaultGraph())
    store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return default_graph_size(store)


def construct(store: ox.Store, query: str) -> Graph:
    """A CONSTRUCT over the default graph as a small rdflib graph, for the Python that derives triples."""
    graph = Graph()
    for triple in store.query(query):
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return graph


def default_graph_size(store: ox.Store) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of an rdflib IRI, blank node or literal (the inverse of `to_rdflib`)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


# ---------------------------------------------------------------- export
def export(path: Path, output: Path) -> int | None:
    """Write the store to `output` (N-Quads, or every graph's triples as N-Triples or Turtle; gzipped by
    `.gz`), through a temporary file. Returns the number of lines written for the line formats."""
    fmt = rdf_format(output)
    store = open_read_only(path)
    gzipped = output.suffix == ".gz"
    with atomic_target(output) as temporary:
        if gzipped:  # the store writes into Python's gzip stream (level 1: the fastest, for big dumps)
            with gzip.open(temporary, "wb", compresslevel=1) as stream:
                _dump(store, fmt, stream)
        else:  # the store writes the file itself, the fastest way
            _dump(store, fmt, str(temporary))
        if fmt is ox.RdfFormat.TURTLE:
            return None
        if fmt is ox.RdfFormat.N_QUADS:
            return len(store)  # one line per quad: counted in the store, not by reading (and unzipping) the file
        return _count_lines(gzip.open(temporary) if gzipped else temporary.open("rb"))


def _dump(store: ox.Store, fmt: ox.RdfFormat, target: BinaryIO | str) -> None:
    if fmt is ox.RdfFormat.N_QUADS:
        store.dump(target, fmt)
    else:  # one graph: the union of all, as the questions see it
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True).serialize(target, fmt)


def _count_lines(stream: BinaryIO) -> int:
    """Newlines in a file (one per quad in N-Quads and N-Triples), read in large blocks."""
    with stream:
        return sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 22), b""))
