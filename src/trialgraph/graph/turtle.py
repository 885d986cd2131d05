"""Reading Turtle files: one graph per file, errors that name file and line.

Whatever the parser lets through and a later step would choke on is refused here, once, with the
file and line: an IRI with a space or another character IRIs forbid (rdflib only logs a warning,
and the serialiser or the on-disk store fails later), and nesting deeper than the parser's stack.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import InputError
from ..paths import files_under
from ..progress import Progress, silent

# what RFC 3987 and Turtle's IRIREF exclude: controls, space, <>"{}|^` and backslash
_BAD_IRI_CHARACTER = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class TurtleFile:
    path: Path
    graph: Graph


def is_bad_iri(text: str) -> bool:
    """Does `text` hold a character no IRI may hold?

    >>> is_bad_iri("http://example.org/a b"), is_bad_iri("http://example.org/a%20b")
    (True, False)
    """
    return _BAD_IRI_CHARACTER.search(text) is not None


def turtle_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the Turtle files under them, sorted; keep files as given, once each (resolved)."""
    return [path.resolve() for path in files_under(paths, lambda folder: folder.rglob("*.ttl"))]


def read_turtle(path: Path) -> TurtleFile:
    """Parse one Turtle file; a syntax error, a bad IRI or too deep a nesting becomes an InputError
    with the line number."""
    graph = Graph()
    try:
        with _quiet_rdflib_terms():
            graph.parse(path, format="turtle")
    except BadSyntax as error:
        raise InputError(f"Turtle syntax error: {error._why}", path, error.lines + 1) from error
    except RecursionError:
        line = _deepest_line(path.read_text(encoding="utf-8", errors="replace"))
        raise InputError("Turtle nested too deeply to read ([ ] or ( ) inside each other)", path, line) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    bad = next(_bad_iris(graph), None)
    if bad is not None:
        text = path.read_text(encoding="utf-8", errors="replace")
        raise InputError(f'not a valid IRI (a space or one of <>"{{}}|^`\\): <{bad}>', path, _line_of(text, bad))
    return TurtleFile(path, graph)


def read_all(paths: Iterable[Path], progress: Progress = silent) -> list[TurtleFile]:
    return list(_read_each(turtle_files(paths), progress))


def _read_each(files: list[Path], progress: Progress) -> Iterator[TurtleFile]:
    for number, path in enumerate(files, 1):
        progress(f"reading {path.name} ({number} of {len(files)})")
        yield read_turtle(path)


def read_data(paths: Iterable[Path], progress: Progress = silent) -> list[TurtleFile]:
    """The Turtle under each path a user names, which must hold data: a folder without Turtle files,
    or a file without triples, is an InputError (a build of nothing must not replace a good one)."""
    found: dict[Path, None] = {}
    for path in paths:
        under = turtle_files([path])
        if not under:
            raise InputError("no data found: no Turtle (.ttl) file in this folder", path)
        found.update(dict.fromkeys(under))
    files = list(_read_each(list(found), progress))
    for file in files:
        if len(file.graph) == 0:
            raise InputError("no data found: the file holds no triples", file.path)
    return files


def merge(files: Iterable[TurtleFile]) -> Graph:
    """One graph holding every file's triples, with their prefixes."""
    graph = Graph()
    for item in files:
        for prefix, namespace in item.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += item.graph
    return graph


@contextmanager
def _quiet_rdflib_terms() -> Iterator[None]:
    """rdflib logs "does not look like a valid URI" for each bad IRI; we report the first ourselves."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _bad_iris(graph: Graph) -> Iterator[str]:
    for triple in graph:
        for term in triple:
            if isinstance(term, URIRef) and is_bad_iri(term):
                yield str(term)


def _line_of(text: str, iri: str) -> int | None:
    """The line where `iri` (or, if it was written relative or prefixed, its last segment) is written."""
    for written in (iri, re.split(r"[/#:]", iri)[-1]):
        at = text.find(written) if written else -1
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


def _deepest_line(text: str) -> int:
    """The line where [ ] and ( ) nest deepest, outside strings, IRIs and comments (roughly: enough
    to point a curator at the place)."""
    depth = deepest = 0
    line = found = 1
    closing = ""  # inside a string or an IRI: the text that ends it
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\n":
            line += 1
        if closing:
            if char == "\\":
                index += 1
            elif text.startswith(closing, index):
                index += len(closing) - 1
                closing = ""
        elif char == "#":
            end = text.find("\n", index)
            index = (end if end >= 0 else len(text)) - 1
        elif char in "\"'":
            closing = char * 3 if text.startswith(char * 3, index) else char
            index += len(closing) - 1
        elif char == "<":
            closing = ">"
        elif char in "[(":
            depth += 1
            if depth > deepest:
                deepest, found = depth, line
        elif char in "])":
            depth -= 1
        index += 1
    return found
