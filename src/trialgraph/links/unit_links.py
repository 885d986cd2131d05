"""Each quantity's UCUM code as a unit IRI, so the unit mappings (UO, QUDT) reach the quantities.

The data keeps the UCUM code as a string (tg:unit), which is what people write and read; the built
graph adds tg:unitOfMeasure pointing to the code's IRI in the Bioregistry's UCUM namespace.
"""

from __future__ import annotations

import curies
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .sssom import iri_safe

TG = Namespace("https://w3id.org/trialgraph/ontology/")
SKOS_NOTATION = URIRef("http://www.w3.org/2004/02/skos/core#notation")


def unit_iri(code: str, converter: curies.Converter) -> URIRef:
    """>>> from trialgraph.links.prefixes import load_converter; from trialgraph.paths import project_paths
    >>> str(unit_iri("mm[Hg]", load_converter(project_paths().prefix_map_file)))
    'https://units-of-measurement.org/mm%5BHg%5D'
    """
    return URIRef(iri_safe(converter.expand(f"ucum:{code}")))


def unit_links(graph: Graph, converter: curies.Converter) -> Graph:
    links = Graph()
    for quantity, code in graph.subject_objects(TG.unit):
        for triple in unit_link(quantity, str(code), converter):
            links.add(triple)
    return links


def unit_link(quantity: Node, code: str, converter: curies.Converter) -> list[tuple[Node, Node, Node]]:
    """The quantity's unit IRI, and that IRI's type, notation and label."""
    unit = unit_iri(code, converter)
    return [
        (quantity, TG.unitOfMeasure, unit),
        (unit, RDF.type, TG.Unit),
        (unit, SKOS_NOTATION, Literal(code)),
        (unit, RDFS.label, Literal(code)),
    ]
