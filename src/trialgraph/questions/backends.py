"""Where queries run: an on-disk pyoxigraph store, or any remote SPARQL 1.1 endpoint.

Each backend answers `answer(query, read, bindings)` like library.GraphBackend (the in-memory
default), so query files never know which one runs them: a table for SELECT, a boolean for ASK,
a graph for CONSTRUCT and DESCRIBE. Values are bound, never formatted: rdflib's initBindings,
pyoxigraph's substitutions, and for a remote endpoint a trailing VALUES block built from escaped
RDF terms. What comes back from an endpoint is checked, and blamed on the endpoint when wrong.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .. import __version__
from ..errors import InputError
from ..graph import store
from ..graph.skolem import stable_skolem
from ..graph.store import to_rdflib
from . import isolated
from .library import Answer, ResultTable, checked_iri, selected
from .safety import GRAPH_FORMS, ReadQuery

USER_AGENT = f"trialgraph/{__version__} (+https://w3id.org/trialgraph)"
TIMEOUT_SECONDS = 30
# HTTPError is a URLError too: catch it first where its status code matters.
NETWORK_ERRORS = (urllib.error.URLError, TimeoutError, ConnectionError)
# SPARQLWrapper turns HTTP statuses into exceptions without the code: put it back.
_STATUS = {
    "QueryBadFormed": "HTTP 400 (it refused the query)",
    "Unauthorized": "HTTP 401 (unauthorized)",
    "URITooLong": "HTTP 414 (query too long)",
    "EndPointNotFound": "HTTP 404 (not found)",
    "EndPointInternalError": "HTTP 500 (internal error)",
}
# What a CONSTRUCT or DESCRIBE answer may be parsed as: the formats we ask for, and no others
# (a JSON-LD or RDF/XML parser could be made to fetch contexts or entities from elsewhere).
_RDF_ANSWERS = {"text/turtle": "turtle", "application/turtle": "turtle", "application/n-triples": "nt"}
_ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S")  # RFC 3987: a scheme, then something


class RemoteError(InputError):
    """A remote endpoint or store that is down, refuses, fails or times out."""


# ---------------------------------------------------------------- pyoxigraph
class OxigraphBackend:
    """A pyoxigraph store: in memory, or on disk at `path` for graphs bigger than memory.

    pyoxigraph has no query time-out (oxigraph/oxigraph#1926), so a query that calls SERVICE runs
    in a child process on a read-only view of the store, stopped after `timeout` seconds.
    """

    def __init__(self, store: ox.Store, path: Path | None = None, timeout: float = TIMEOUT_SECONDS):
        self.store = store
        self.path = path
        self.timeout = checked_timeout(timeout)

    @classmethod
    def open(cls, path: Path | None = None, timeout: float = TIMEOUT_SECONDS) -> OxigraphBackend:
        """A writable store: in memory, or on disk (an existing store, or a new one in an empty folder)."""
        return cls(store.open_for_writing(path) if path is not None else ox.Store(), path, timeout)

    @classmethod
    def open_read_only(cls, path: Path, timeout: float = TIMEOUT_SECONDS) -> OxigraphBackend:
        """The store at `path` for questions, which cannot write to it (and run beside an `oxigraph serve`)."""
        return cls(store.open_read_only(path), path, timeout)

    def load(self, graph: Graph) -> None:
        """Replace the store's default graph with `graph` (sent as N-Triples, streamed in bulk)."""
        store.load_default_graph(self.store, graph)
        self.store.flush()

    def __len__(self) -> int:
        return len(self.store)

    def lacks_context(self) -> bool:
        """True for a store of imported studies alone: no default graph, so no ontology or value sets."""
        return not self.store.query("ASK { ?s ?p ?o }") and bool(self.store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))

    def answer(self, query: str, read: ReadQuery, bindings: Mapping[str, Node]) -> Answer:
        if read.services:
            if self.path is None:
                raise InputError("SERVICE runs only on an on-disk Oxigraph store, where it can be stopped")
            return isolated.answer_in_child(self.path, query, read, bindings, self.timeout)
        return answer_on_store(self.store, query, read, bindings)

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        return selected(self, query, bindings)


def answer_on_store(store_: ox.Store, query: str, read: ReadQuery, bindings: Mapping[str, Node]) -> Answer:
    substitutions = {ox.Variable(name): _to_oxigraph(term) for name, term in bindings.items()}
    # the curated default graph and every imported study's named graph, as one graph
    result = store_.query(query, substitutions=substitutions or None, use_default_graph_as_union=True)
    if read.form == "ASK":
        return bool(result)
    if read.form in GRAPH_FORMS:
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return graph
    columns = [v.value for v in result.variables]
    rows = [tuple(to_rdflib(solution[name]) for name in columns) for solution in result]
    return ResultTable(columns, rows)


def _to_oxigraph(term: Node):
    if not isinstance(term, URIRef | Literal):
        raise InputError(f"cannot bind {term!r}: only IRIs and literals can be bound")
    return store.to_oxigraph(term)


# ---------------------------------------------------------------- remote SPARQL 1.1
class RemoteBackend:
    """Any SPARQL 1.1 endpoint (Oxigraph, QLever, Fuseki, GraphDB...) through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: float = TIMEOUT_SECONDS):
        self.endpoint = checked_http_iri(endpoint)
        self.timeout = checked_timeout(timeout)

    def answer(self, query: str, read: ReadQuery, bindings: Mapping[str, Node]) -> Answer:
        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setQuery(query + values_block(bindings))
        # our parser's verdict, not SPARQLWrapper's guess from the first keyword: never sent as an update
        wrapper.queryType = read.form
        wrapper.setReturnFormat(TURTLE if read.form in GRAPH_FORMS else JSON)
        wrapper.setMethod("POST")
        wrapper.setTimeout(self.timeout)
        try:
            response = wrapper.query().response
            body = response.read()
        except SPARQLWrapperException as error:
            status = _STATUS.get(type(error).__name__, "an error")
            raise RemoteError(f"SPARQL endpoint {self.endpoint} answered {status}: {_first_line(error)}") from error
        except urllib.error.HTTPError as error:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} answered HTTP {error.code} {error.reason}") from error
        except NETWORK_ERRORS as error:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} is unreachable: {_reason(error)}") from error
        if read.form in GRAPH_FORMS:
            return self._graph(body, response.headers.get("Content-Type", ""))
        try:
            document = json.loads(body)
            return bool(_field(document, "boolean", bool)) if read.form == "ASK" else table_from_json(document)
        except (ValueError, KeyError, TypeError) as error:
            raise RemoteError(
                f"SPARQL endpoint {self.endpoint} did not answer with SPARQL JSON results: {_first_line(error)}"
            ) from error

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        return selected(self, query, bindings)

    def _graph(self, body: bytes, content_type: str) -> Graph:
        media = content_type.split(";")[0].strip().lower()
        if media not in _RDF_ANSWERS:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} answered {media or 'no Content-Type'}, not Turtle")
        try:
            return Graph().parse(data=body, format=_RDF_ANSWERS[media])
        except Exception as error:  # each rdflib parser raises its own syntax errors
            raise RemoteError(
                f"SPARQL endpoint {self.endpoint} did not answer with valid RDF: {_first_line(error)}"
            ) from error


def table_from_json(document: object) -> ResultTable:
    """SPARQL 1.1 JSON results as a table; ValueError, KeyError or TypeError if wrongly shaped."""
    columns = _field(_field(document, "head", dict), "vars", list)
    if not all(isinstance(c, str) for c in columns):
        raise ValueError("head.vars holds something other than names")
    bindings = _field(_field(document, "results", dict), "bindings", list)
    rows = [tuple(_from_json(_field(b, name, dict) if name in b else None) for name in columns) for b in bindings]
    return ResultTable(columns, rows)


def _field(document: object, key: str, kind: type):
    if not isinstance(document, dict) or not isinstance(document.get(key), kind):
        raise ValueError(f"no {key!r} of type {kind.__name__}")
    return document[key]


def values_block(bindings: Mapping[str, Node]) -> str:
    """A trailing VALUES clause binding each variable to one escaped RDF term.

    >>> values_block({"drug": Literal('x" } UNION { ?s ?p ?o')})
    '\\nVALUES (?drug) { ("x\\\\" } UNION { ?s ?p ?o") }\\n'
    """
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(_n3(term) for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}\n"


def values_rows(name: str, terms: list[Node]) -> str:
    """A trailing VALUES clause giving one variable many escaped values.

    >>> values_rows("item", [URIRef("http://www.wikidata.org/entity/Q1")])
    '\\nVALUES ?item { <http://www.wikidata.org/entity/Q1> }\\n'
    """
    return f"\nVALUES ?{name} {{ {' '.join(_n3(term) for term in terms)} }}\n"


def checked_http_iri(value: str) -> str:
    """An endpoint or store given on the command line: a plain http(s) IRI, or an error."""
    if not value.startswith(("http://", "https://")):
        raise InputError(f"not an http(s) URL: {value!r} (only http:// and https:// are reached)")
    return checked_iri(value)


def checked_timeout(seconds: float) -> float:
    """A time-out must be positive: 0 would mean waiting forever."""
    if not seconds > 0:
        raise InputError(f"--timeout must be a positive number of seconds, not {seconds:g}")
    return seconds


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        checked_iri(str(term))
    if isinstance(term, URIRef | Literal):
        return term.n3()
    raise InputError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def _from_json(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    text = _field(value, "value", str)
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"a term of unknown type {kind!r}")
    if "xml:lang" in value:
        return Literal(text, lang=_field(value, "xml:lang", str))
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(text, datatype=URIRef(_field(value, "datatype", str)))
    return Literal(text)


# ---------------------------------------------------------------- Graph Store Protocol
def push(
    graph: Graph,
    store_url: str,
    *,
    graph_iri: str | None = None,
    replace: bool = True,
    timeout: float = TIMEOUT_SECONDS,
) -> int:
    """Send `graph` to a SPARQL 1.1 Graph Store Protocol endpoint; PUT replaces, POST adds.

    Blank nodes go as stable skolem IRIs, so that adding the same graph twice changes nothing.
    Returns the number of triples sent.
    """
    sent = stable_skolem(graph)
    body = sent.serialize(format="nt", encoding="utf-8")
    send_graph(body, store_url, graph_iri, "PUT" if replace else "POST", timeout)
    return len(sent)


def send_graph(body: bytes | None, store_url: str, graph_iri: str | None, method: str, timeout: float) -> None:
    """One Graph Store Protocol request on a named graph (or the default graph): PUT, POST or DELETE."""
    checked_http_iri(store_url)
    checked_timeout(timeout)
    if graph_iri is not None and not _ABSOLUTE_IRI.match(checked_iri(graph_iri)):
        raise InputError(f"--graph {graph_iri!r} is a relative IRI: give an absolute one (https://...)")
    target = f"{store_url}?graph={urllib.parse.quote(graph_iri, safe='')}" if graph_iri else f"{store_url}?default"
    headers = {"User-Agent": USER_AGENT} | ({"Content-Type": "application/n-triples"} if body is not None else {})
    request = urllib.request.Request(target, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as error:
        if method == "DELETE" and error.code == 404:
            return  # already gone
        raise RemoteError(f"graph store {store_url} answered HTTP {error.code} {error.reason}") from error
    except NETWORK_ERRORS as error:
        raise RemoteError(f"graph store {store_url} is unreachable: {_reason(error)}") from error


def _reason(error: Exception) -> str:
    return str(getattr(error, "reason", None) or error) or type(error).__name__


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
