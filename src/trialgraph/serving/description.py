"""What the endpoint says of itself: a SPARQL 1.1 Service Description and a VoID description."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from .. import __version__
from . import results

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ID_SPACE = "https://w3id.org/trialgraph/id/"
ONTOLOGY = "https://w3id.org/trialgraph/ontology/"
VOCABULARY = "https://w3id.org/trialgraph/vocab/"
_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
_GRAPH_FORMATS = ("Turtle", "N-Triples", "JSON-LD")


def service_description(base: str, *, allow_service: bool) -> bytes:
    """SPARQL 1.1 Service Description (Turtle) of the endpoint at `base`/sparql."""
    graph = Graph()
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    graph.bind("formats", FORMATS)
    service = URIRef(f"{base}/sparql")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))  # no SPARQL11Update: read-only
    for name in (*_RESULT_FORMATS, *_GRAPH_FORMATS):
        graph.add((service, SD.resultFormat, FORMATS[name]))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))  # the curated graph and every study's graph
    if allow_service:
        graph.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, RDF.type, VOID.Dataset))
    graph.add((default, DCTERMS.description, Literal("The curated trials, the ontology and every imported study")))
    graph.add((service, DCTERMS.source, URIRef(f"{base}/.well-known/void")))
    return graph.serialize(format="turtle", encoding="utf-8")


def void_description(base: str, counts: dict[str, int]) -> bytes:
    """VoID (Turtle): the dataset, where its IRIs live, its endpoint and, when counted, its size."""
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    dataset = URIRef(f"{base}/.well-known/void#trialgraph")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("TrialGraph", lang="en")))
    graph.add((dataset, DCTERMS.description, Literal("Clinical trials, their regimens and eligibility", lang="en")))
    graph.add((dataset, DCTERMS.hasVersion, Literal(__version__)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}/sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(ID_SPACE)))
    graph.add((dataset, VOID.uriLookupEndpoint, URIRef(f"{base}/id/")))
    graph.add((dataset, VOID.rootResource, URIRef(f"{ID_SPACE}trial/")))
    graph.add((dataset, VOID.vocabulary, URIRef(ONTOLOGY)))
    graph.add((dataset, VOID.vocabulary, URIRef(VOCABULARY)))
    for media in results.GRAPH_TYPES:
        graph.add((dataset, VOID.feature, FORMATS[_FORMAT_NAMES[media]]))
    if "triples" in counts:
        graph.add((dataset, VOID.triples, Literal(counts["triples"], datatype=XSD.integer)))
    if "trials" in counts:
        partition = URIRef(f"{base}/.well-known/void#trials")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(f"{ONTOLOGY}Trial")))
        graph.add((partition, VOID.entities, Literal(counts["trials"], datatype=XSD.integer)))
    return graph.serialize(format="turtle", encoding="utf-8")


_FORMAT_NAMES = {results.TURTLE: "Turtle", results.NTRIPLES: "N-Triples", results.JSONLD: "JSON-LD"}

COUNTS = f"""SELECT ?triples ?trials WHERE {{
  {{ SELECT (COUNT(*) AS ?triples) WHERE {{ ?s ?p ?o }} }}
  {{ SELECT (COUNT(DISTINCT ?trial) AS ?trials) WHERE {{ ?trial a <{ONTOLOGY}Trial> }} }}
}}"""
