"""Canonical values: every quantity's value in the canonical unit of its kind, added when the graph is assembled.

They are computed from tg:numericValue and tg:unit by trialgraph.graph.units each time `build`, `validate`
or `match` reads the data, so a stated value and its canonical value never drift apart. A quantity
whose unit units.py does not know gets none; the SHACL shapes require one on every threshold, so
`validate` names such a threshold with its file and line.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from .units import UnitError, decimal_text, to_canonical

TG = Namespace("https://w3id.org/trialgraph/ontology/")
# a plain IRI: rdflib's XSD namespace object warns when pytest's doctest finder inspects this module
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def canonical_triples(graph: Graph) -> Graph:
    """tg:canonicalValue and tg:canonicalUnit for each tg:Quantity whose unit can be converted."""
    added = Graph()
    for quantity in set(graph.subjects(RDF.type, TG.Quantity)):
        value, unit = graph.value(quantity, TG.numericValue), graph.value(quantity, TG.unit)
        if value is None or unit is None:
            continue  # the shapes report the missing value or unit
        for triple in canonical_of(quantity, value, unit):
            added.add(triple)
    return added


def canonical_of(quantity: Node, value: Node, unit: Node) -> list[tuple[Node, Node, Node]]:
    """The canonical value and unit of one quantity; none if its unit cannot be converted."""
    try:
        canonical, code = canonical_value(Decimal(str(value)), str(unit))
    except (UnitError, InvalidOperation):
        return []  # the shapes report a threshold without a canonical value
    return [
        (quantity, TG.canonicalValue, Literal(canonical, datatype=XSD_DECIMAL)),
        (quantity, TG.canonicalUnit, Literal(code)),
    ]


def canonical_value(value: Decimal, unit: str) -> tuple[str, str]:
    """A quantity's value (as xsd:decimal text) and UCUM code in its kind's canonical unit; UnitError if unknown.

    >>> canonical_value(Decimal("100"), "10*3/uL")
    ('100', '10*9/L')
    """
    canonical, code = to_canonical(value, unit)
    return decimal_text(canonical), code


def add_canonical_values(graph: Graph) -> Graph:
    """`graph` with the canonical value of each quantity added in place; returned for chaining."""
    graph += canonical_triples(graph)
    return graph
