"""Where queries run: an on-disk pyoxigraph store, or any remote SPARQL 1.1 endpoint.

Each backend answers `select(query, bindings)` like queries.GraphBackend (the in-memory
default), so query files never know which one runs them. Values are bound, never formatted:
rdflib's initBindings, pyoxigraph's substitutions, and for a remote endpoint a trailing VALUES
block built from escaped RDF terms.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node
from SPARQLWrapper import JSON, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .. import __version__
from ..errors import InputError
from ..graph import store
from .library import ResultTable

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
_BAD_IRI = re.compile(r'[\s<>"{}|^`\\]')


class RemoteError(InputError):
    """A remote endpoint or store that is down, refuses, fails or times out."""


# ---------------------------------------------------------------- pyoxigraph
class OxigraphBackend:
    """A pyoxigraph store: in memory, or on disk at `path` for graphs bigger than memory."""

    def __init__(self, store: ox.Store):
        self.store = store

    @classmethod
    def open(cls, path: Path | None = None) -> OxigraphBackend:
        """A writable store: in memory, or on disk (an existing store, or a new one in an empty folder)."""
        return cls(store.open_for_writing(path) if path is not None else ox.Store())

    @classmethod
    def open_read_only(cls, path: Path) -> OxigraphBackend:
        """The store at `path` for questions, which cannot write to it (and run beside an `oxigraph serve`)."""
        return cls(store.open_read_only(path))

    def load(self, graph: Graph) -> None:
        """Replace the store's default graph with `graph` (sent as N-Triples, streamed in bulk)."""
        store.load_default_graph(self.store, graph)
        self.store.flush()

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        substitutions = {ox.Variable(name): _to_oxigraph(term) for name, term in bindings.items()}
        # the curated default graph and every imported study's named graph, as one graph
        result = self.store.query(query, substitutions=substitutions or None, use_default_graph_as_union=True)
        columns = [v.value for v in result.variables]
        rows = [tuple(store.to_rdflib(solution[name]) for name in columns) for solution in result]
        return ResultTable(columns, rows)


def _to_oxigraph(term: Node):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise InputError(f"cannot bind {term!r}: only IRIs and literals can be bound")


# ---------------------------------------------------------------- remote SPARQL 1.1
class RemoteBackend:
    """Any SPARQL 1.1 endpoint (Oxigraph, QLever, Fuseki, GraphDB...) through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: int = TIMEOUT_SECONDS):
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: str, bindings: Mapping[str, Node]) -> ResultTable:
        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setQuery(query + values_block(bindings))
        wrapper.setReturnFormat(JSON)
        wrapper.setMethod("POST")
        wrapper.setTimeout(self.timeout)
        try:
            document = wrapper.queryAndConvert()
        except SPARQLWrapperException as error:
            status = _STATUS.get(type(error).__name__, "an error")
            raise RemoteError(f"SPARQL endpoint {self.endpoint} answered {status}: {_first_line(error)}") from error
        except urllib.error.HTTPError as error:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} answered HTTP {error.code} {error.reason}") from error
        except NETWORK_ERRORS as error:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} is unreachable: {_reason(error)}") from error
        if not isinstance(document, dict) or "head" not in document:
            raise RemoteError(f"SPARQL endpoint {self.endpoint} did not answer with SPARQL JSON results")
        columns = list(document["head"].get("vars", []))
        rows = [tuple(_from_json(b.get(name)) for name in columns) for b in document["results"]["bindings"]]
        return ResultTable(columns, rows)


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
    """An endpoint given on the command line: a plain http(s) IRI, or an error."""
    if not value.startswith(("http://", "https://")):
        raise InputError(f"not an http(s) endpoint: {value!r}")
    return _checked_iri(value)


def _checked_iri(value: str) -> str:
    """Refuse text that cannot be an IRI, before it reaches a query or a URL."""
    if _BAD_IRI.search(value):
        raise InputError(f"not a valid IRI: {value!r}")
    return value


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        _checked_iri(str(term))
    if isinstance(term, URIRef | Literal):
        return term.n3()
    raise InputError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def _from_json(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


# ---------------------------------------------------------------- Graph Store Protocol
def push(
    graph: Graph, store_url: str, *, graph_iri: str | None = None, replace: bool = True, timeout: int = TIMEOUT_SECONDS
) -> int:
    """Send `graph` to a SPARQL 1.1 Graph Store Protocol endpoint; PUT replaces, POST adds.

    Returns the number of triples sent.
    """
    body = graph.serialize(format="nt", encoding="utf-8")
    send_graph(body, store_url, graph_iri, "PUT" if replace else "POST", timeout)
    return len(graph)


def send_graph(body: bytes | None, store_url: str, graph_iri: str | None, method: str, timeout: int) -> None:
    """One Graph Store Protocol request on a named graph (or the default graph): PUT, POST or DELETE."""
    target = (
        f"{store_url}?graph={urllib.parse.quote(_checked_iri(graph_iri), safe='')}"
        if graph_iri
        else f"{store_url}?default"
    )
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
