"""Writing the built graph: format from the file extension, never a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph, Literal, URIRef

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
    """Serialise in the format the extension names, written atomically (JSON-LD with its @context)."""
    fmt = format_for(path)
    if fmt == "json-ld":
        text = json_ld(graph, graph.namespaces())
        write_atomically(path, lambda stream: stream.write(text.encode("utf-8")))
    else:
        write_atomically(path, lambda stream: graph.serialize(stream, format=fmt, encoding="utf-8"))


def json_ld(graph: Graph, namespaces: Iterable[tuple[str, object]]) -> str:
    """Compact JSON-LD: an @context of the prefixes the graph's IRIs use (of `namespaces`), and the
    graph's terms written with them, so that a reader sees `tg:nctId`, not the full IRI."""
    return graph.serialize(format="json-ld", context=json_ld_context(graph, namespaces), indent=2)


def json_ld_context(graph: Graph, namespaces: Iterable[tuple[str, object]]) -> dict[str, str | dict]:
    """The prefixes (longest namespace first) that some IRI or datatype of `graph` starts with. JSON-LD 1.1
    expands `p:x` only through a namespace ending in one of :/?#[]@, or one flagged "@prefix" (as
    obo's MONDO_ must be), so the others are written so."""
    known = sorted(((str(ns), prefix) for prefix, ns in namespaces if prefix), key=lambda p: -len(p[0]))
    iris = {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}
    iris |= {str(t.datatype) for t in graph.objects() if isinstance(t, Literal) and t.datatype}
    used: dict[str, str] = {}
    for iri in iris:
        for namespace, prefix in known:
            if iri.startswith(namespace):
                used.setdefault(prefix, namespace)
                break
    return {p: ns if ns[-1] in ":/?#[]@" else {"@id": ns, "@prefix": True} for p, ns in sorted(used.items())}


def write_if_changed(content: bytes, path: Path) -> bool:
    """Write `content` atomically; False, and the file untouched, if it already holds exactly that."""
    if path.is_file() and path.read_bytes() == content:
        return False
    write_atomically(path, lambda stream: stream.write(content))
    return True


def current_umask() -> int:
    """The process's umask (reading it means setting it; it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write to a temporary file beside `path`, then move it into place in one step."""
    with atomic_target(path) as temporary, temporary.open("wb") as stream:
        write(stream)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` to write (by name, for writers that want a path), moved into place
    when the block ends without error, removed otherwise; it gets the user's umask."""
    if path.is_dir():
        raise InputError("is a folder: give a file name to write", path)
    output_folder(path.parent)
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", path) from None
    try:
        os.fchmod(handle, 0o666 & ~current_umask())  # mkstemp makes 0600; a new file gets the user's umask
        os.close(handle)
        yield Path(temporary)
        os.replace(temporary, path)
    except OSError as error:  # the disk filled up, say: the earlier file stays, one line says why
        Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write: {error.strerror or error}", path) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def output_folder(folder: Path) -> Path:
    """`folder`, created if missing; an InputError if a file stands in its place (or on its path)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError("cannot write: a file stands where a folder is needed", _first_file(folder)) from None
    except OSError as error:
        raise InputError(f"cannot write: {error.strerror or error}", folder) from None
    if not folder.is_dir():
        raise InputError("cannot write: a file stands where a folder is needed", _first_file(folder))
    return folder


def _first_file(folder: Path) -> Path:
    """The file that stands on the path to `folder` (for the message), or `folder` itself."""
    for part in reversed([folder, *folder.parents]):
        if part.exists() and not part.is_dir():
            return part
    return folder
