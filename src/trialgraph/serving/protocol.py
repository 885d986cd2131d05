"""The SPARQL 1.1 Protocol's requests and content negotiation, apart from any server.

A query comes as `?query=` (GET), as a URL-encoded form (POST application/x-www-form-urlencoded)
or as the body itself (POST application/sparql-query); `default-graph-uri` and `named-graph-uri`
may name the dataset. An update, by `update=` or application/sparql-update, is recognised here
so that the server can refuse it with 403 before anything parses it.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from . import results

FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
MAX_BODY = 1 << 20  # a query of a megabyte is already no query a person wrote

# `?format=` and media types that mean one of ours
FORMAT_NAMES = {
    "json": results.JSON, "xml": results.XML, "csv": results.CSV, "tsv": results.TSV,
    "ttl": results.TURTLE, "turtle": results.TURTLE, "nt": results.NTRIPLES, "ntriples": results.NTRIPLES,
    "jsonld": results.JSONLD, "json-ld": results.JSONLD, "html": "text/html",
}  # fmt: skip
ALIASES = {
    "application/json": (results.JSON, results.JSONLD),
    "application/xml": (results.XML,),
    "text/xml": (results.XML,),
    "application/x-turtle": (results.TURTLE,),
    "application/turtle": (results.TURTLE,),
    "text/plain": (results.NTRIPLES,),
}


class ProtocolError(Exception):
    """A request the protocol does not allow: its HTTP status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SparqlRequest:
    query: str | None  # None: no query (the service description is asked for)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    format: str | None = None  # `?format=`, overriding the Accept header


def sparql_request(method: str, query_string: str, content_type: str, body: bytes) -> SparqlRequest:
    """The query of a GET or POST to /sparql; ProtocolError for an update or a malformed request."""
    fields = urllib.parse.parse_qs(query_string, keep_blank_values=True)
    media = content_type.split(";")[0].strip().lower()
    if method == "POST":
        if media == DIRECT_UPDATE:
            raise ProtocolError(403, "SPARQL updates are refused: this endpoint is read-only")
        if media == DIRECT_QUERY:
            fields.setdefault("query", []).append(_text(body))
        elif media == FORM:
            for key, values in urllib.parse.parse_qs(_text(body), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        elif body:
            raise ProtocolError(415, f"a POST to /sparql must be {FORM} or {DIRECT_QUERY}, not {media or 'untyped'}")
    if "update" in fields:
        raise ProtocolError(403, "SPARQL updates are refused: this endpoint is read-only")
    queries = fields.get("query", [])
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query in the request")
    formats = fields.get("format", [])
    fmt = formats[0].strip().lower() if formats else None
    if fmt is not None and fmt not in FORMAT_NAMES and fmt not in FORMAT_NAMES.values():
        raise ProtocolError(400, f"unknown format {fmt!r} (known: {', '.join(FORMAT_NAMES)})")
    return SparqlRequest(
        queries[0] if queries else None,
        tuple(fields.get("default-graph-uri", [])),
        tuple(fields.get("named-graph-uri", [])),
        FORMAT_NAMES.get(fmt, fmt) if fmt else None,
    )


def _text(body: bytes) -> str:
    if len(body) > MAX_BODY:
        raise ProtocolError(413, f"the request body is larger than {MAX_BODY} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8") from None


def negotiate(accept: str | None, offered: tuple[str, ...], fmt: str | None = None) -> str:
    """The offered media type the client prefers (Accept's q-values; ties go to the first offered).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", results.TABLE_TYPES)
    'application/sparql-results+xml'
    >>> negotiate("*/*", results.GRAPH_TYPES)
    'text/turtle'
    """
    if fmt is not None:
        if fmt not in offered:
            raise ProtocolError(406, f"this answer is not available as {fmt} (available: {', '.join(offered)})")
        return fmt
    if not accept or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for media in offered:
        q = _quality(accept, media)
        if q > best_q:
            best, best_q = media, q
    if best is None:
        raise ProtocolError(406, f"none of the accepted types ({accept}) is available: {', '.join(offered)}")
    return best


def _quality(accept: str, media: str) -> float:
    """The q-value Accept gives `media` (the most specific matching range wins)."""
    kind = media.split("/")[0]
    found: tuple[int, float] = (-1, 0.0)
    for part in accept.split(","):
        name, *params = (p.strip() for p in part.split(";"))
        name = name.lower()
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        if name == media or media in ALIASES.get(name, ()):
            rank = 2
        elif name == f"{kind}/*":
            rank = 1
        elif name == "*/*":
            rank = 0
        else:
            continue
        if rank > found[0]:
            found = (rank, q)
    return found[1]
