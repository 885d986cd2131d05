"""Reading Turtle files: one graph per file, errors that name file and line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import InputError
from ..paths import files_under


@dataclass(frozen=True)
class TurtleFile:
    path: Path
    graph: Graph


def turtle_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to the Turtle files under them, sorted; keep files as given, once each (resolved)."""
    return [path.resolve() for path in files_under(paths, lambda folder: folder.rglob("*.ttl"))]


def read_turtle(path: Path) -> TurtleFile:
    """Parse one Turtle file; a syntax error becomes an InputError with the line number."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        raise InputError(f"Turtle syntax error: {error._why}", path, error.lines + 1) from error
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    return TurtleFile(path, graph)


def read_all(paths: Iterable[Path]) -> list[TurtleFile]:
    return [read_turtle(path) for path in turtle_files(paths)]


def merge(files: Iterable[TurtleFile]) -> Graph:
    """One graph holding every file's triples, with their prefixes."""
    graph = Graph()
    for item in files:
        for prefix, namespace in item.graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += item.graph
    return graph
