"""OWL reasoning with owlready2 and HermiT (needs Java).

owlready2 cannot read Turtle, so the ontology is converted in memory to RDF/XML first.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import owlready2
from rdflib import Graph

from .errors import InputError

OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"


@dataclass(frozen=True)
class ReasoningResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    explanation: str = ""


def classify(graph: Graph, iri: str = "https://w3id.org/trialgraph/ontology") -> ReasoningResult:
    """Run HermiT over `graph`; report inconsistency and unsatisfiable classes."""
    world = owlready2.World()
    rdfxml = graph.serialize(format="xml").encode("utf-8")
    try:
        ontology = world.get_ontology(iri).load(fileobj=io.BytesIO(rdfxml))
    except Exception as error:  # owlready2 raises plain exceptions for unreadable OWL
        raise InputError(f"owlready2 could not load the ontology: {error}") from error
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as error:
        return ReasoningResult(consistent=False, explanation=str(error).strip()[:500])
    except owlready2.OwlReadyJavaError as error:
        raise InputError(f"HermiT failed (is Java installed?): {str(error).strip()[:300]}") from error
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if getattr(c, "iri", OWL_NOTHING) != OWL_NOTHING)
    return ReasoningResult(consistent=True, unsatisfiable=unsatisfiable)
