"""What a query may do before any backend sees it: read, and reach out only where the user asked.

Every query is parsed (rdflib's SPARQL 1.1 parser) before it runs. Only the read forms, SELECT,
ASK, CONSTRUCT and DESCRIBE, pass: an update (DROP, INSERT, LOAD...) is refused whatever the
backend, so nothing can be sent to an endpoint's update service by mistake. A SERVICE clause makes
the engine call another address, so it is refused unless the user allowed it; even then each
service must be a plain http(s) IRI (no variable, no file:, no other scheme).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, URIRef, Variable

from ..errors import InputError

READ_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_UPDATE_KEYWORDS = {
    "Modify": "DELETE/INSERT",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
}


@dataclass(frozen=True)
class ReadQuery:
    """A query that parsed as one of the read forms, and the SERVICE targets it names."""

    form: str
    services: tuple[Node, ...] = ()
    # the columns that are a GROUP_CONCAT, and their separators: SPARQL leaves the parts' order open
    concatenations: Mapping[str, str] = field(default_factory=dict)
    # the columns the query orders by: () if it orders by none, None if by something else than columns
    order: tuple[str, ...] | None = None
    projected: tuple[str, ...] = ()  # a SELECT's projected variables, in order

    @property
    def named_services(self) -> str:
        return ", ".join(_shown(service) for service in self.services)


class UpdateRefused(InputError):
    """An update (DROP, INSERT...) where only a query may run."""


SELECT = ReadQuery("SELECT")
_PARSER_LOCK = threading.Lock()  # what a SELECT known to call no service needs


def read_query_form(text: str, path: Path | None = None) -> ReadQuery:
    """Parse `text` as a SPARQL query: its form and services, or one line naming the file.

    >>> read_query_form("ASK { ?s ?p ?o }").form
    'ASK'
    >>> read_query_form("# title: t\\nDROP ALL", Path("drop.rq"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    trialgraph.questions.safety.UpdateRefused: drop.rq: a SPARQL update (DROP), not a query: only SELECT, ASK, ... run
    """
    # pyparsing leaves exceptions in reference cycles that hold every calling frame until the
    # garbage collector runs, and with them a caller's open store (whose lock then stays taken):
    # parse on a thread of its own, whose frames hold nothing of the caller's.
    # pyparsing is not thread-safe (its parse actions learn their arity on their first calls, by trial):
    # parses from several threads at once (the server's) fail with TypeErrors, so one runs at a time.
    with _PARSER_LOCK, ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(_read_query_form, text, path).result()


def _read_query_form(text: str, path: Path | None) -> ReadQuery:
    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        update = _update_operation(text)
        if update is not None:
            raise UpdateRefused(
                f"a SPARQL update ({update}), not a query: only SELECT, ASK, CONSTRUCT and DESCRIBE run", path
            ) from None
        raise InputError(f"not a SPARQL query: {error.msg} (column {error.col})", path, error.lineno) from None
    try:
        algebra = translateQuery(parsed).algebra
    except Exception as error:  # rdflib raises plain Exceptions for an undeclared prefix and the like
        raise InputError(f"not a SPARQL query: {error}", path) from None
    form = READ_FORMS.get(algebra.name)
    if form is None:
        raise InputError(f"not a read query ({algebra.name}): only SELECT, ASK, CONSTRUCT and DESCRIBE run", path)
    services = tuple(dict.fromkeys(part.term for part in _parts(algebra, "ServiceGraphPattern")))
    projected = tuple(str(v) for v in algebra.get("PV") or [])
    return ReadQuery(form, services, _concatenations(algebra), _order(algebra), projected)


def _order(algebra: CompValue) -> tuple[str, ...] | None:
    """The projected columns of the top-level ORDER BY, in order; () without one; None if it orders by
    an expression or an unprojected variable (then ties cannot be told apart from the columns)."""
    node = algebra.get("p")
    while isinstance(node, CompValue) and node.name in ("Slice", "Distinct", "Reduced", "Project"):
        node = node.get("p")
    if not (isinstance(node, CompValue) and node.name == "OrderBy"):
        return ()
    projected = {str(v) for v in algebra.get("PV") or []}
    keys = [
        key.get("expr") if isinstance(key, CompValue) and key.name == "OrderCondition" else key for key in node.expr
    ]
    if all(isinstance(key, Variable) and str(key) in projected for key in keys):
        return tuple(str(key) for key in keys)
    return None


def _concatenations(algebra: CompValue) -> dict[str, str]:
    """Projected names bound straight to a GROUP_CONCAT (rdflib names aggregates __agg_N__, then extends)."""
    separators = {part.res: str(part.get("separator", " ")) for part in _parts(algebra, "Aggregate_GroupConcat")}
    return {
        str(part.var): separators[part.expr]
        for part in _parts(algebra, "Extend")
        if isinstance(part.expr, Variable) and part.expr in separators
    }


def check_services(query: ReadQuery, path: Path | None, *, allowed: bool) -> None:
    """Refuse SERVICE unless allowed, and any service that is not a plain http(s) IRI."""
    if not query.services:
        return
    if not allowed:
        named = ", ".join(_shown(s) for s in query.services)
        raise InputError(f"the query calls SERVICE {named}: give --allow-service to let it reach another address", path)
    for service in query.services:
        if not (isinstance(service, URIRef) and str(service).startswith(("http://", "https://"))):
            raise InputError(f"SERVICE {_shown(service)} is not an http(s) IRI: refused", path)


def _shown(service: Node) -> str:
    return f"<{service}>" if isinstance(service, URIRef) else service.n3()


def _update_operation(text: str) -> str | None:
    """The first operation's keyword if `text` parses as an update, else None."""
    try:
        request = parseUpdate(text).get("request") or []
    except ParseBaseException:
        return None
    if not request:
        return None
    name = request[0].name  # Drop, InsertData, Modify, Load...
    return _UPDATE_KEYWORDS.get(name, name.upper())


def _parts(node: object, name: str) -> Iterator[CompValue]:
    """Every algebra node called `name`, at any depth (subqueries, EXISTS filters, unions...)."""
    if isinstance(node, CompValue):
        if node.name == name:
            yield node
        for value in node.values():
            yield from _parts(value, name)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _parts(value, name)
