"""Answers as text: an aligned table, CSV, TSV, or SPARQL 1.1 JSON results.

An ASK answer prints `true` or `false` (in JSON, SPARQL's `{"head": {}, "boolean": ...}`); a
CONSTRUCT or DESCRIBE graph prints as Turtle for `table`, N-Triples (one triple a line) for `csv`
and `tsv`, and JSON-LD for `json`.

A table prints the same whichever backend answered: numbers in their XSD 1.1 canonical form (the
store writes 18 where rdflib keeps the file's 18.0), the parts of each GROUP_CONCAT sorted and
written as a plain string, and rows that the query's ORDER BY leaves tied (or all rows, without
an ORDER BY) in the order of their text. SPARQL leaves all three to the engine.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from itertools import groupby

from rdflib import Graph, Literal, Variable
from rdflib.namespace import NamespaceManager
from rdflib.query import Result
from rdflib.term import Node

from ..graph.output import json_ld
from ..links.prefixes import compact
from .library import Answer, ResultTable
from .safety import ReadQuery

FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"table": "turtle", "csv": "nt", "tsv": "nt", "json": "json-ld"}
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    f"{_XSD}{name}"
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
}  # fmt: skip


def render(answer: Answer, fmt: str, namespaces: NamespaceManager | None = None, read: ReadQuery | None = None) -> str:
    """`read` (the query's parse) tells the GROUP_CONCAT columns and the ORDER BY keys."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(answer, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}) + "\n"
        return f"{str(answer).lower()}\n"
    if isinstance(answer, Graph):
        return _graph(answer, GRAPH_FORMATS[fmt], namespaces)
    return _table(canonical_table(answer, read or ReadQuery("SELECT")), fmt, namespaces)


def canonical_table(table: ResultTable, read: ReadQuery) -> ResultTable:
    """The table as every backend prints it: canonical numbers, sorted concatenations, ties in text order."""
    concatenations = read.concatenations
    rows = []
    for row in table.rows:
        cells = []
        for name, value in zip(table.columns, row, strict=True):
            if name in concatenations:  # a simple literal, as SPARQL 1.1 says; "" for an empty group
                parts = str(value).split(concatenations[name]) if value is not None else []
                value = Literal(concatenations[name].join(sorted(parts)))
            cells.append(canonical_number(value) if isinstance(value, Literal) else value)
        rows.append(tuple(cells))
    return ResultTable(list(table.columns), _settled(table.columns, rows, read.order))


def _settled(columns: list[str], rows: list[tuple], order: tuple[str, ...] | None) -> list[tuple]:
    """Rows in the engine's order, except that rows the ORDER BY keys leave tied go in text order."""
    if order is None or not set(order) <= set(columns):  # an endpoint may answer with other columns
        return rows
    keys = [columns.index(name) for name in order]
    settled: list[tuple] = []
    for _, tied in groupby(rows, key=lambda row: [_sort_text(row[i]) for i in keys]):
        settled.extend(sorted(tied, key=lambda row: [_sort_text(v) for v in row]))
    return settled


def _sort_text(value: Node | None) -> str:
    return "" if value is None else value.n3()


def canonical_number(value: Literal) -> Literal:
    """An integer, decimal or double in its XSD 1.1 canonical form; anything else as it is.

    >>> from rdflib import URIRef
    >>> [str(canonical_number(Literal(text, datatype=URIRef(_XSD + kind)))) for text, kind in
    ...  [("18.0", "decimal"), ("2.50", "decimal"), ("+007", "integer"), ("100", "double"), ("0.0", "decimal")]]
    ['18', '2.5', '7', '1.0E2', '0']
    """
    datatype = str(value.datatype or "")
    try:
        if datatype in _INTEGERS:
            lexical = str(int(str(value)))
        elif datatype == _XSD + "decimal":
            number = Decimal(str(value))
            lexical = "0" if number.is_zero() else format(number.normalize(), "f")
        elif datatype in (_XSD + "double", _XSD + "float"):
            lexical = _canonical_double(str(value))
        else:
            return value
    except (ValueError, ArithmeticError):  # an ill-typed literal prints as written
        return value
    return Literal(lexical, datatype=value.datatype, normalize=False)  # rdflib would write 100.0 again


def _canonical_double(text: str) -> str:
    """XSD 1.1's canonical double: one digit before the point, at least one after, then E and the exponent."""
    special = {"INF": "INF", "+INF": "INF", "-INF": "-INF", "NaN": "NaN"}
    if text.strip() in special:
        return special[text.strip()]
    number = Decimal(repr(float(text)))  # the shortest digits that read back as the same double
    if number.is_zero():
        return "-0.0E0" if number.is_signed() else "0.0E0"
    sign, digits, exponent = number.normalize().as_tuple()
    shown = "".join(map(str, digits))
    mantissa = f"{shown[0]}.{shown[1:] or '0'}"
    return f"{'-' if sign else ''}{mantissa}E{exponent + len(shown) - 1}"


def _graph(graph: Graph, rdf_format: str, namespaces: NamespaceManager | None) -> str:
    if namespaces is not None:
        for prefix, namespace in namespaces.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
    text = json_ld(graph, graph.namespaces()) if rdf_format == "json-ld" else graph.serialize(format=rdf_format)
    if rdf_format == "nt":  # rdflib writes N-Triples in set order: sort them, so that runs compare
        return "".join(sorted(text.splitlines(keepends=True)))
    return text if text.endswith("\n") else text + "\n"


def _table(table: ResultTable, fmt: str, namespaces: NamespaceManager | None) -> str:
    if fmt == "json":
        return json.dumps(_sparql_json(table), indent=2, ensure_ascii=False) + "\n"
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([[_plain(v) for v in row] for row in table.rows])
        return buffer.getvalue()
    return _aligned(table, namespaces)


def _plain(value: Node | None) -> str:
    return "" if value is None else str(value)


def _aligned(table: ResultTable, namespaces: NamespaceManager | None) -> str:
    cells = [[compact(v, namespaces) for v in row] for row in table.rows]
    widths = [len(c) for c in table.columns]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(c.ljust(w) for c, w in zip(table.columns, widths, strict=True)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    return "\n".join([line, rule, *body, f"({len(cells)} rows)"]) + "\n"


def _sparql_json(table: ResultTable) -> dict:
    """SPARQL 1.1 JSON results by rdflib's own serialiser, with "head" first as the W3C's examples write it."""
    result = Result("SELECT")
    result.vars = [Variable(name) for name in table.columns]
    result.bindings = [
        {Variable(name): value for name, value in zip(table.columns, row, strict=True) if value is not None}
        for row in table.rows
    ]
    document = json.loads(result.serialize(format="json"))
    return {"head": document["head"], "results": document["results"]}
