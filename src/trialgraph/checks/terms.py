"""Terms between rdflib (the curated path, pySHACL) and pyoxigraph (the store path), both ways."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from ..graph.store import to_oxigraph as to_ox  # one conversion, shared with the query backends

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def ox_triples(graph: Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as pyoxigraph triples (for the small, shared context)."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
