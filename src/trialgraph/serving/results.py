"""Answers as the SPARQL 1.1 Protocol sends them, written from pyoxigraph's terms, cut at a row limit.

pyoxigraph serialises whole answers; the server must stop at `max_rows`, so SELECT tables are
written here (SPARQL 1.1 Query Results JSON, XML, CSV and TSV) and graphs are cut to their first
triples before pyoxigraph writes them (Turtle, N-Triples, JSON-LD).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import Graph

from ..graph.output import json_ld
from ..graph.store import to_rdflib

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
JSONLD = "application/ld+json"
TABLE_TYPES = (JSON, XML, CSV, TSV)
GRAPH_TYPES = (TURTLE, NTRIPLES, JSONLD)
RDF_FORMATS = {TURTLE: ox.RdfFormat.TURTLE, NTRIPLES: ox.RdfFormat.N_TRIPLES, JSONLD: ox.RdfFormat.JSON_LD}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def limited(items: Iterable, max_rows: int) -> tuple[list, bool]:
    """The first `max_rows` items, and whether there were more."""
    taken = list(islice(iter(items), max_rows + 1))
    return taken[:max_rows], len(taken) > max_rows


def write_table(columns: list[str], rows: list[list], media: str) -> bytes:
    """A SELECT's rows (lists of pyoxigraph terms or None) in one of TABLE_TYPES."""
    if media == JSON:
        bindings = [
            {name: _json_term(term) for name, term in zip(columns, row, strict=True) if term is not None}
            for row in rows
        ]
        return json.dumps({"head": {"vars": columns}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if media == XML:
        return "".join(_xml_table(columns, rows)).encode()
    if media == TSV:  # SPARQL 1.1 TSV: terms in their Turtle/N-Triples form
        lines = ["\t".join(f"?{c}" for c in columns)]
        lines += ["\t".join("" if term is None else _tsv_term(term) for term in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    buffer = io.StringIO()  # CSV: plain values, CRLF line ends (RFC 4180)
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([["" if term is None else _plain(term) for term in row] for row in rows])
    return buffer.getvalue().encode()


def write_boolean(answer: bool, media: str) -> bytes:
    if media == JSON:
        return json.dumps({"head": {}, "boolean": answer}).encode()
    if media == XML:
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{str(answer).lower()}</boolean></sparql>"
        ).encode()
    return f"{str(answer).lower()}\n".encode()  # CSV and TSV define no boolean: the bare word


def write_graph(triples: list, media: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples in one of GRAPH_TYPES; Turtle with our prefixes, JSON-LD with them as its @context
    (Oxigraph writes JSON-LD expanded, with no context: rdflib compacts it)."""
    fmt = RDF_FORMATS[media]
    if fmt is ox.RdfFormat.JSON_LD:
        graph = Graph()
        for triple in triples:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return json_ld(graph, (prefixes or {}).items()).encode()
    return ox.serialize(triples, format=fmt, prefixes=prefixes if fmt is ox.RdfFormat.TURTLE else None) or b""


def _plain(term) -> str:
    return term.value


def _tsv_term(term) -> str:
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_STRING and term.language is None:
        return json.dumps(term.value, ensure_ascii=False)  # a simple literal, quoted and escaped
    return str(term)


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
        }
    found = {"type": "literal", "value": term.value}
    if term.language:
        found["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        found["datatype"] = term.datatype.value
    return found


def _xml_table(columns: list[str], rows: list[list]) -> Iterator[str]:
    yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    yield "".join(f"<variable name={quoteattr(c)}/>" for c in columns)
    yield "</head><results>"
    for row in rows:
        yield "<result>"
        for name, term in zip(columns, row, strict=True):
            if term is not None:
                yield f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
        yield "</result>"
    yield "</results></sparql>\n"


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"  # an RDF-star triple, as text
