"""Each quantity's UCUM code as a unit IRI, so the unit mappings (UO, QUDT) reach the quantities.

The data keeps the UCUM code as a string (tg:unit), which is what people write and read; the built
graph adds tg:unitOfMeasure pointing to the code's IRI in the Bioregistry's UCUM namespace.
"""

from __future__ import annotations

import curies
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

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
        unit = unit_iri(str(code), converter)
        links.add((quantity, TG.unitOfMeasure, unit))
        links.add((unit, RDF.type, TG.Unit))
        links.add((unit, SKOS_NOTATION, Literal(str(code))))
        links.add((unit, RDFS.label, Literal(str(code))))
    return links
