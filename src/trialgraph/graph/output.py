"""Writing the built graph: format from the file extension, never a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

from ..errors import InputError

FORMAT_BY_SUFFIX = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".owl": "xml",
    ".rdf": "xml",
}


def format_for(path: Path) -> str:
    """The rdflib format for an output file name.

    >>> format_for(Path("build/trialgraph.owl"))
    'xml'
    """
    try:
        return FORMAT_BY_SUFFIX[path.suffix.lower()]
    except KeyError:
        known = ", ".join(FORMAT_BY_SUFFIX)
        raise InputError(f"unknown output format {path.suffix!r} (use one of {known})", path) from None


def write_graph(graph: Graph, path: Path) -> None:
    """Serialise in the format the extension names, written atomically."""
    fmt = format_for(path)
    write_atomically(path, lambda stream: graph.serialize(stream, format=fmt, encoding="utf-8"))


def write_if_changed(content: bytes, path: Path) -> bool:
    """Write `content` atomically; False, and the file untouched, if it already holds exactly that."""
    if path.is_file() and path.read_bytes() == content:
        return False
    write_atomically(path, lambda stream: stream.write(content))
    return True


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write to a temporary file beside `path`, then move it into place in one step."""
    with atomic_target(path) as temporary, temporary.open("wb") as stream:
        write(stream)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write (by name, for writers that want a path), moved into place
    when the block ends without error, removed otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
