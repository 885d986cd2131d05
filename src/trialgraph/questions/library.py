"""The SPARQL query library: one question per file, each with a header.

A query file starts with comment lines::

    # title: Drugs tested in more than one trial
    # description: ...
    # columns: drug, trials
    # param: drug iri  (optional, one line per bindable variable, with an optional type)

A parameter's type is `iri` or one of XSD's xsd:string, xsd:integer, xsd:decimal, xsd:boolean,
xsd:date; a value that is not of that type is refused with one line.

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
from . import safety

HEADER_KEYS = ("title", "description", "columns")
_HEADER_LINE = re.compile(r"^#\s*(\w+)\s*:\s*(.*)$")
_PREFIX_DECLARATION = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_PREFIX_USE = re.compile(r"(?<![\w.<-])([A-Za-z][\w.-]*):")
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')
_CURIE = re.compile(r"([A-Za-z][\w.-]*)?:(\S*)")  # SPARQL's PN_PREFIX, loosely: letters first
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBER_DIGITS = 100  # longer numbers are refused (Python's int() stops at 4,300 digits)
# The lexical forms (XML Schema 1.1 part 2) each typed parameter accepts.
PARAM_TYPES: dict[str, re.Pattern[str] | None] = {
    "iri": None,
    "xsd:string": re.compile(r".*", re.DOTALL),
    "xsd:integer": re.compile(r"[+-]?[0-9]+"),
    "xsd:decimal": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    "xsd:boolean": re.compile(r"true|false|1|0"),
    "xsd:date": re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"),
}


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    title: str
    description: str
    columns: tuple[str, ...]
    params: tuple[str, ...]
    text: str
    param_types: Mapping[str, str] = field(default_factory=dict)  # name -> a key of PARAM_TYPES


@dataclass
class ResultTable:
    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)


# What a read query answers: SELECT a table, ASK a boolean, CONSTRUCT and DESCRIBE a graph.
Answer = ResultTable | bool | Graph


class QueryBackend(Protocol):
    """Anything that answers a read query of the given form with variables bound to values."""

    def answer(self, query: str, read: safety.ReadQuery, bindings: Mapping[str, Node]) -> Answer: ...


class GraphBackend:
    """The embedded default: an in-memory rdflib graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def answer(self, query: str, read: safety.ReadQuery, bindings: Mapping[str, Node]) -> Answer:
        result = self.graph.query(query, initBindings=dict(bindings))
        if read.form == "ASK":
            return bool(result.askAnswer)
        if read.form in safety.GRAPH_FORMS:
            return result.graph if result.graph is not None else Graph()
        return ResultTable([str(v) for v in result.vars or []], [tuple(row) for row in result])

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        return selected(self, query, bindings)


def selected(backend: QueryBackend, query: str, bindings: Mapping[str, Node]) -> ResultTable:
    """A SELECT's table from any backend (the QC checks and enrichment ask only SELECTs)."""
    table = backend.answer(query, safety.SELECT, bindings)
    assert isinstance(table, ResultTable)
    return table


def read_query(path: Path) -> QueryFile:
    """Read a query file and its header; a missing header key names the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    header: dict[str, str] = {}
    params: list[str] = []
    param_types: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.match(line)
        if match:
            key, value = match.group(1).lower(), match.group(2).strip()
            if key == "param":
                name, *kind = value.split()
                params.append(name.lstrip("?$"))
                if kind and kind[0] not in PARAM_TYPES:
                    known = ", ".join(PARAM_TYPES)
                    raise InputError(f"unknown parameter type {kind[0]!r} (known: {known})", path, number)
                if kind:
                    param_types[params[-1]] = kind[0]
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
    return QueryFile(path.stem, path, header["title"], header["description"], columns, tuple(params), text, param_types)


def query_library(folder: Path) -> dict[str, QueryFile]:
    """Every question in `folder` (not its qc/ checks), by name."""
    return {path.stem: read_query(path) for path in sorted(folder.glob("*.rq"))}


def query_groups(folder: Path) -> dict[str, dict[str, QueryFile]]:
    """The whole library by group: the questions ("") first, then each subfolder (qc, federated), by
    name; a query's full name is `group/name` (just `name` for a question), as `query` takes it."""
    groups = {"": query_library(folder)}
    for sub in sorted(p for p in folder.iterdir() if p.is_dir() and any(p.glob("*.rq"))):
        groups[sub.name] = {f"{sub.name}/{name}": q for name, q in query_library(sub).items()}
    return groups


def resolve_query(name_or_file: str, folder: Path) -> QueryFile:
    """A query given by its full name (`trials-per-country`, `qc/duplicate-nct-id`), by its name alone
    when one group has it, or by the path of an .rq file."""
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" and candidate.is_file():
        return read_query(candidate)
    path = folder / f"{name_or_file}.rq"
    if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
        return read_query(path)
    groups = query_groups(folder) if folder.is_dir() else {}
    known = [name for group in groups.values() for name in group]
    same_name = [name for name in known if name.rsplit("/", 1)[-1] == name_or_file]
    if len(same_name) == 1:
        return resolve_query(same_name[0], folder)
    if same_name:
        raise InputError(f"query name {name_or_file!r} is in several groups: use one of {', '.join(same_name)}")
    raise InputError(f"no query named {name_or_file!r} (known: {', '.join(known) or 'none'})")


def ad_hoc_query(text: str, source: str, namespaces: NamespaceManager) -> QueryFile:
    """A query written on the command line or read from stdin: no header needed. The project's prefixes it
    uses without declaring them are declared for it, on a line before its own (error lines stay its own);
    any variable it projects may be bound with --param."""
    if not text.strip():
        raise InputError("no query given", source)
    declared = {match.group(1) or "" for match in _PREFIX_DECLARATION.finditer(text)}
    used = {match.group(1) for match in _PREFIX_USE.finditer(text)} - declared
    prologue = " ".join(f"PREFIX {p}: <{ns}>" for p, ns in namespaces.namespaces() if p in used)
    full = f"{prologue}\n{text}"
    try:
        projected = safety.read_query_form(full, Path(source)).projected
    except InputError as error:
        raise InputError(error.reason, source, error.line - 1 if error.line else None) from None
    return QueryFile("ad hoc", Path(source), "ad hoc query", "", projected, projected, full)


def parse_params(pairs: list[str], query: QueryFile, namespaces: NamespaceManager) -> dict[str, Node]:
    """`name=value` pairs to bindings, for the parameters the query's header declares.

    `<iri>`, or `prefix:local` with a known prefix, binds an IRI (an unknown prefix is an error);
    `"text"` binds that text; anything else binds a literal of the parameter's declared type.
    """
    bindings: dict[str, Node] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise InputError(f"--param {pair!r} is not of the form name=value")
        if name not in query.params:
            takes = f"it takes: {', '.join(query.params)}" if query.params else "it takes none"
            raise InputError(f"query {query.name!r} takes no parameter {name!r} ({takes})", query.path)
        bindings[name] = _term(name, value, query.param_types.get(name), namespaces)
    return bindings


def _term(name: str, value: str, kind: str | None, namespaces: NamespaceManager) -> Node:
    if kind not in (None, "iri"):
        pattern = PARAM_TYPES[kind]
        numeric = kind in ("xsd:integer", "xsd:decimal")
        if pattern is not None and (not pattern.fullmatch(value) or (numeric and len(value) > _NUMBER_DIGITS)):
            raise InputError(f"--param {name} takes an {kind}, not {value!r}")
        return (
            Literal(value)
            if kind == "xsd:string"
            else Literal(value, datatype=URIRef(_XSD + kind.removeprefix("xsd:")))
        )
    term = _iri_or_text(name, value, namespaces)
    if kind == "iri" and not isinstance(term, URIRef):
        raise InputError(f"--param {name} takes an IRI (<...> or prefix:local), not {value!r}")
    return term


def _iri_or_text(name: str, value: str, namespaces: NamespaceManager) -> Node:
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return Literal(value[1:-1])
    if value.startswith("<") and value.endswith(">"):
        return URIRef(checked_iri(value[1:-1]))
    curie = _CURIE.fullmatch(value)
    if curie is None or curie.group(2).startswith("//"):
        return Literal(value)
    prefix = curie.group(1) or ""
    for known, namespace in namespaces.namespaces():
        if known == prefix:
            return URIRef(checked_iri(str(namespace) + curie.group(2)))
    raise InputError(
        f'--param {name}: unknown prefix {prefix!r} in {value!r} (write <IRI>, a known prefix, or "text" for text)'
    )


def checked_iri(value: str) -> str:
    """Refuse text that cannot be an IRI, before it reaches a query or a URL."""
    if _BAD_IRI.search(value):
        raise InputError(f"not a valid IRI: {value!r}")
    return value


def checked_query(query: QueryFile, *, allow_service: bool = False) -> safety.ReadQuery:
    """The query's form, once it is known to only read (and to reach out only if allowed)."""
    read = safety.read_query_form(query.text, query.path)
    safety.check_services(read, query.path, allowed=allow_service)
    return read


def run_query(
    query: QueryFile,
    backend: QueryBackend,
    bindings: Mapping[str, Node],
    *,
    allow_service: bool = False,
    read: safety.ReadQuery | None = None,
) -> Answer:
    """Run a query that `checked_query` passed (checked here unless `read` says it was)."""
    read = read or checked_query(query, allow_service=allow_service)
    try:
        return backend.answer(query.text, read, bindings)
    except InputError:
        raise
    except Exception as error:  # each engine raises its own evaluation errors
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise InputError(f"query failed ({type(error).__name__}): {reason}", query.path) from error
