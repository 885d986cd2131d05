"""The SPARQL query library: one question per file, each with a header.

A query file starts with comment lines::

    # title: Drugs tested in more than one trial
    # description: ...
    # columns: drug, trials
    # param: drug  (optional, one line per bindable variable)

Values given at run time are bound to variables (never formatted into the query text). A
parameter must be a projected column (in an aggregate query, a GROUP BY key): pyoxigraph only
substitutes projected variables, and a remote endpoint gets the binding as a trailing VALUES
clause, which SPARQL joins after grouping; so all three backends bind it the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..errors import InputError

HEADER_KEYS = ("title", "description", "columns")
_HEADER_LINE = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    title: str
    description: str
    columns: tuple[str, ...]
    params: tuple[str, ...]
    text: str


@dataclass
class ResultTable:
    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


class QueryBackend(Protocol):
    """Anything that answers a SPARQL SELECT with variables bound to values."""

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable: ...


class GraphBackend:
    """The embedded default: an in-memory rdflib graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        result = self.graph.query(query, initBindings=dict(bindings))
        columns = [str(v) for v in result.vars or []]
        return ResultTable(columns, [tuple(row) for row in result])


def read_query(path: Path) -> QueryFile:
    """Read a query file and its header; a missing header key names the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    header: dict[str, str] = {}
    params: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "param":
                params.append(value.split()[0].lstrip("?$"))
            else:
                header.setdefault(key, value)
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        raise InputError(f"query header lacks: {', '.join('# ' + k + ':' for k in missing)}", path)
    columns = tuple(c.strip() for c in header["columns"].split(",") if c.strip())
    unprojected = [p for p in params if p not in columns]
    if unprojected:
        # pyoxigraph (SEP-0007) substitutes only projected variables; keep one rule everywhere.
        raise InputError(f"query parameter(s) {', '.join(unprojected)} must also be in '# columns:'", path)
    return QueryFile(path.stem, path, header["title"], header["description"], columns, tuple(params), text)


def query_library(folder: Path) -> dict[str, QueryFile]:
    """Every question in `folder` (not its qc/ checks), by name."""
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def resolve_query(name_or_file: str, folder: Path) -> QueryFile:
    """A query given by library name, or by the path of an .rq file."""
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" and candidate.is_file():
        return read_query(candidate)
    path = folder / f"{name_or_file}.rq"
    if path.is_file():
        return read_query(path)
    known = ", ".join(sorted(query_library(folder))) or "none"
    raise InputError(f"no query named {name_or_file!r} (known: {known})")


def parse_params(pairs: list[str], query: QueryFile, namespaces: NamespaceManager) -> dict[str, Node]:
    """`name=value` pairs to bindings; `<iri>` or a known `prefix:local` binds an IRI."""
    bindings: dict[str, Node] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise InputError(f"--param {pair!r} is not of the form name=value")
        if query.params and name not in query.params:
            raise InputError(
                f"query {query.name!r} takes no parameter {name!r} (it takes: {', '.join(query.params)})", query.path
            )
        bindings[name] = _term(value, namespaces)
    return bindings


def _term(value: str, namespaces: NamespaceManager) -> Node:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, sep, local = value.partition(":")
    if sep and not local.startswith("//"):
        for known, namespace in namespaces.namespaces():
            if known == prefix:
                return URIRef(str(namespace) + local)
    return Literal(value)


def run_query(query: QueryFile, backend: QueryBackend, bindings: Mapping[str, Node]) -> ResultTable:
    try:
        return backend.select(query.text, bindings)
    except InputError:
        raise
    except Exception as error:  # each engine raises its own parse and evaluation errors
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise InputError(f"query failed ({type(error).__name__}): {reason}", query.path) from error
