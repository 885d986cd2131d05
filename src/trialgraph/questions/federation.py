"""Reaching Wikidata: federated queries (SPARQL SERVICE) and an enrichment step.

Both send the project's identifying User-Agent, as Wikidata's query service asks of its clients.
A test, a mirror or a cache may stand in for Wikidata: `--wikidata URL` redirects every
`SERVICE <https://query.wikidata.org/sparql>` of a query, and `enrich --endpoint URL` asks it.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import RDFS, Graph, Literal, Namespace, URIRef
from rdflib.plugins.sparql import evaluate

from ..links.sssom import MAPPING_PREDICATES
from . import WIKIDATA_SPARQL
from .backends import NETWORK_ERRORS, USER_AGENT, RemoteBackend, RemoteError, checked_http_iri, values_rows
from .library import QueryFile

WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
WDT = Namespace("http://www.wikidata.org/prop/direct/")
PROV = Namespace("http://www.w3.org/ns/prov#")

# Labels and the identifiers Wikidata keeps for the schemes we map to, to compare with ours.
ENRICHMENT_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
SELECT ?item ?label ?ror ?chebi ?drugbank ?mondo WHERE {
  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }
  OPTIONAL { ?item wdt:P6782 ?ror }
  OPTIONAL { ?item wdt:P683 ?chebi }
  OPTIONAL { ?item wdt:P715 ?drugbank }
  OPTIONAL { ?item wdt:P5270 ?mondo }
}"""
ENRICHED = {"label": RDFS.label, "ror": WDT.P6782, "chebi": WDT.P683, "drugbank": WDT.P715, "mondo": WDT.P5270}


def redirect_wikidata(query: str, endpoint: str | None) -> str:
    """The query with Wikidata's SERVICE IRI replaced by `endpoint` (checked to be a plain http(s) IRI)."""
    if endpoint is None:
        return query
    return query.replace(f"SERVICE <{WIKIDATA_SPARQL}>", f"SERVICE <{checked_http_iri(endpoint)}>")


def is_federated(query: QueryFile, queries_dir: Path) -> bool:
    """One of the library's federated questions (queries/federated/), which may call SERVICE."""
    return query.path.resolve().is_relative_to((queries_dir / "federated").resolve())


@contextmanager
def identified_service_calls(timeout: float) -> Iterator[None]:
    """rdflib sends SERVICE requests with its own fixed User-Agent and no time-out: give them ours."""
    original = evaluate.urlopen

    def urlopen(request, *args, **kwargs):
        where = request.full_url.split("?")[0]
        if not where.startswith(("http://", "https://")):  # checked before the query ran; kept here too
            raise RemoteError(f"SERVICE endpoint {where} is not an http(s) URL: refused")
        request.add_header("User-Agent", USER_AGENT)
        kwargs.setdefault("timeout", timeout)
        try:
            return original(request, *args, **kwargs)
        except urllib.error.HTTPError as error:
            raise RemoteError(f"SERVICE endpoint {where} answered HTTP {error.code}") from error
        except NETWORK_ERRORS as error:
            raise RemoteError(f"SERVICE endpoint {where} is unreachable: {error}") from error

    evaluate.urlopen = urlopen
    try:
        yield
    finally:
        evaluate.urlopen = original


def wikidata_items(graph: Graph) -> list[URIRef]:
    """Every Wikidata item one of our entities is mapped to."""
    items = {o for p in MAPPING_PREDICATES for o in graph.objects(None, URIRef(p))}
    return sorted(i for i in items if isinstance(i, URIRef) and str(i).startswith(WIKIDATA_ENTITY))


def enrich(graph: Graph, endpoint: str = WIKIDATA_SPARQL, timeout: float = 30) -> Graph:
    """Ask the endpoint (SPARQLWrapper, our User-Agent) for the labels and identifiers of our Wikidata items.

    The items come from our own mapping tables and are sent as an escaped VALUES block; an answer
    about anything else, or without the item column, is blamed on the endpoint.
    """
    enrichment = Graph()
    enrichment.bind("wdt", WDT)
    enrichment.bind("wd", WIKIDATA_ENTITY)
    items = wikidata_items(graph)
    if not items:
        return enrichment
    table = RemoteBackend(endpoint, timeout).select(ENRICHMENT_QUERY + values_rows("item", items), {})
    if "item" not in table.columns:
        raise RemoteError(f"SPARQL endpoint {endpoint} answered without the 'item' column it was asked for")
    asked = set(items)
    for row in table.rows:
        values = dict(zip(table.columns, row, strict=True))
        item = values["item"]
        if item not in asked:
            raise RemoteError(f"SPARQL endpoint {endpoint} answered about {item!s}, which it was not asked about")
        for column, predicate in ENRICHED.items():
            if values.get(column) is not None:
                enrichment.add((item, predicate, values[column]))
        enrichment.add((item, PROV.wasDerivedFrom, URIRef(endpoint)))
    return enrichment


def fetched(enrichment: Graph) -> int:
    """How many items the endpoint gave a label for."""
    return len({s for s, _, o in enrichment.triples((None, RDFS.label, None)) if isinstance(o, Literal)})
