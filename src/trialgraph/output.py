"""Writing the built graph: format from the file extension, never a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph

from .errors import InputError

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
    """Serialise to a temporary file beside `path`, then move it into place in one step."""
    fmt = format_for(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            graph.serialize(stream, format=fmt, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
