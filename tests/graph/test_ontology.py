"""The ontology's metadata, labels and definitions; the vocabulary; the mapping tables."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
TG = "https://w3id.org/trialgraph/ontology/"


@pytest.fixture(scope="module")
def ontology(project) -> Graph:
    return Graph().parse(project.ontology_dir / "trialgraph.ttl")


def test_ontology_metadata(ontology):
    onto = URIRef("https://w3id.org/trialgraph/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.license, OWL.versionIRI):
        assert ontology.value(onto, prop) is not None, prop


def test_every_term_has_a_label_and_a_definition(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    terms = {s for kind in kinds for s in ontology.subjects(RDF.type, kind) if str(s).startswith(TG)}
    assert len(terms) > 100
    lacking = sorted(
        str(t) for t in terms if ontology.value(t, RDFS.label) is None or ontology.value(t, SKOS.definition) is None
    )
    assert lacking == []


def test_data_uses_only_declared_terms(graph, ontology):
    declared = set(ontology.subjects())
    used = {p for p in graph.predicates() if str(p).startswith(TG)}
    used |= {o for o in graph.objects(None, RDF.type) if str(o).startswith(TG)}
    assert used - declared == set()


def test_value_set_concepts_have_a_scheme_and_notation(project):
    vocab = Graph().parse(project.ontology_dir / "vocabulary.ttl")
    concepts = set(vocab.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 100
    assert {
        c for c in concepts if vocab.value(c, SKOS.inScheme) is None or vocab.value(c, SKOS.notation) is None
    } == set()


def test_organization_mappings_become_ror_iris(graph):
    ror = URIRef("https://ror.org/01cmnjq37")
    assert (URIRef("https://w3id.org/trialgraph/id/organization/centre-leon-berard"), SKOS.exactMatch, ror) in graph
