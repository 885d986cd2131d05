"""graph/triple_index.py: a study's triples over the context answer as one rdflib Graph holding both."""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Namespace

from trialgraph.graph.triple_index import TripleIndex

EX = Namespace("https://example.org/")
UNDER = [(EX.a, RDFS.subClassOf, EX.b), (EX.b, RDFS.subClassOf, EX.c), (EX.a, RDFS.label, EX.shared)]
OWN = [(EX.a, RDFS.subClassOf, EX.d), (EX.a, RDFS.label, EX.shared), (EX.t, RDF.type, EX.Trial)]


def both() -> tuple[TripleIndex, Graph]:
    graph = Graph()
    for triple in UNDER + OWN:
        graph.add(triple)
    return TripleIndex.of_graph(_graph(UNDER)).over(OWN), graph


def _graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_patterns_answer_as_one_graph():
    index, graph = both()
    for s in (EX.a, EX.b, EX.c, EX.t):
        for p in (RDFS.subClassOf, RDFS.label, RDF.type):
            assert sorted(index.objects(s, p)) == sorted(graph.objects(s, p)), (s, p)
            assert index.value(s, p) in ({None} if graph.value(s, p) is None else set(graph.objects(s, p)))
    for p, o in ((RDFS.subClassOf, EX.b), (RDFS.subClassOf, EX.d), (RDFS.label, EX.shared), (RDF.type, EX.Trial)):
        assert sorted(index.subjects(p, o)) == sorted(graph.subjects(p, o)), (p, o)


def test_a_triple_both_hold_comes_once_and_membership_takes_a_wildcard():
    index, _ = both()
    assert list(index.objects(EX.a, RDFS.label)) == [EX.shared]
    assert (EX.b, RDFS.subClassOf, None) in index and (EX.a, RDFS.subClassOf, EX.c) not in index
    assert (EX.t, RDF.type, EX.Trial) in index and (EX.t, RDFS.label, None) not in index


def test_the_index_beneath_is_not_changed():
    beneath = TripleIndex.of_graph(_graph(UNDER))
    beneath.over(OWN)
    assert list(beneath.objects(EX.a, RDFS.subClassOf)) == [EX.b] and beneath.value(EX.t, RDF.type) is None
