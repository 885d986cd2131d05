"""Answers as text: an aligned table, CSV, TSV, or SPARQL 1.1 JSON results.

An ASK answer prints `true` or `false` (in JSON, SPARQL's `{"head": {}, "boolean": ...}`); a
CONSTRUCT or DESCRIBE graph prints as Turtle for `table`, N-Triples (one triple a line) for `csv`
and `tsv`, and JSON-LD for `json`.
"""

from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..links.prefixes import compact
from .library import Answer, ResultTable

FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"table": "turtle", "csv": "nt", "tsv": "nt", "json": "json-ld"}


def render(answer: Answer, fmt: str, namespaces: NamespaceManager | None = None) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(answer, bool):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer}) + "\n"
        return f"{str(answer).lower()}\n"
    if isinstance(answer, Graph):
        return _graph(answer, GRAPH_FORMATS[fmt], namespaces)
    return _table(answer, fmt, namespaces)


def _graph(graph: Graph, rdf_format: str, namespaces: NamespaceManager | None) -> str:
    if namespaces is not None:
        for prefix, namespace in namespaces.namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
    text = graph.serialize(format=rdf_format)
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
    bindings = []
    for row in table.rows:
        binding = {}
        for name, value in zip(table.columns, row, strict=True):
            if value is not None:
                binding[name] = _json_term(value)
        bindings.append(binding)
    return {"head": {"vars": table.columns}, "results": {"bindings": bindings}}


def _json_term(value: Node) -> dict:
    if isinstance(value, URIRef):
        return {"type": "uri", "value": str(value)}
    if isinstance(value, BNode):
        return {"type": "bnode", "value": str(value)}
    term: dict = {"type": "literal", "value": str(value)}
    if isinstance(value, Literal):
        if value.language:
            term["xml:lang"] = value.language
        elif value.datatype:
            term["datatype"] = str(value.datatype)
    return term
