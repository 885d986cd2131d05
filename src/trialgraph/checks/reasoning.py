"""OWL reasoning: HermiT classification through owlready2 (needs Java), and an OWL 2 RL
materialisation with owlrl for `build --reason`.

owlready2 cannot read Turtle, so the ontology is converted in memory to RDF/XML first.
"""

from __future__ import annotations

import io
import shutil
from collections import Counter
from dataclasses import dataclass, field

import owlready2
import owlrl
from rdflib import OWL, Graph, Literal

from ..errors import InputError

OWL_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
JAVA_MISSING = "HermiT needs Java, and no 'java' is on the PATH: install it (apt-get install default-jre-headless)"


@dataclass(frozen=True)
class ReasoningResult:
    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    explanation: str = ""
    inferred: Graph = field(default_factory=Graph)


def classify(graph: Graph, iri: str = "https://w3id.org/trialgraph/ontology") -> ReasoningResult:
    """Run HermiT over `graph`: report inconsistency and unsatisfiable classes, and return the
    axioms the classification adds (new rdfs:subClassOf and rdf:type assertions)."""
    world = owlready2.World()
    rdfxml = graph.serialize(format="xml").encode("utf-8")
    try:
        ontology = world.get_ontology(iri).load(fileobj=io.BytesIO(rdfxml))
    except Exception as error:  # owlready2 raises plain exceptions for unreadable OWL
        raise InputError(f"owlready2 could not load the ontology: {error}") from error
    before = set(world.as_rdflib_graph())
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise InputError(JAVA_MISSING)
    try:
        with ontology:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as error:
        return ReasoningResult(consistent=False, explanation=str(error).strip()[:500])
    except FileNotFoundError:  # java went away between the check and the call
        raise InputError(JAVA_MISSING) from None
    except owlready2.OwlReadyJavaError as error:
        raise InputError(f"HermiT failed (is Java installed?): {str(error).strip()[:300]}") from error
    unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if getattr(c, "iri", OWL_NOTHING) != OWL_NOTHING)
    inferred = Graph()
    for triple in set(world.as_rdflib_graph()) - before:
        if triple[2] != OWL.Thing:  # owlready2 types every untyped IRI as a Thing: no information
            inferred.add(triple)
    return ReasoningResult(consistent=True, unsatisfiable=unsatisfiable, inferred=inferred)


def written_line(files: int, written: Graph, inferred: Graph, output: object) -> str:
    """What `reason -o` wrote: the ontology files, and the axioms HermiT added to them, by kind."""
    kinds = Counter(written.namespace_manager.normalizeUri(p) for p in inferred.predicates())
    added = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    what = f"with {len(inferred)} inferred axiom(s) ({added})"
    if not inferred:
        what = "and no inferred axiom (HermiT's classification adds no subclass or type the files do not state)"
    return f"wrote {output}: the ontology ({files} file(s), {len(written)} triples) {what}"


def materialise_owl_rl(graph: Graph) -> int:
    """Add, in place, every triple the OWL 2 RL rules entail (subclass and subproperty closure,
    domains and ranges, inverse, symmetric and transitive properties...). Returns how many."""
    size = len(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    # RDF allows no literal subjects, and `x owl:sameAs x` for every node says nothing
    for triple in [t for t in graph if isinstance(t[0], Literal) or (t[1] == OWL.sameAs and t[0] == t[2])]:
        graph.remove(triple)
    return len(graph) - size
