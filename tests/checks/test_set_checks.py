"""The set-at-a-time compiler measured in benchmarks/set_checks.py finds what the engine's checks find.

Each constraint kind it compiles is violated in one study graph and met in another; the SELECT run
by Oxigraph over both graphs must give exactly the violations of the engine's Python check for the
same constraint, and what it must not compile stays out."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from benchmarks.set_checks import SetChecks
from trialgraph.checks.engine import ShapeCompiler
from trialgraph.checks.facts import Facts, Layered, superclasses

EX = "urn:ex:"
SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:one ; sh:minCount 1 ; sh:maxCount 1 ] ,
    [ sh:path ex:two ; sh:minCount 2 ] ,
    [ sh:path ex:cls ; sh:class ex:D ] ,
    [ sh:path ex:in ; sh:in ( ex:a ex:b ) ] ,
    [ sh:path ex:iri ; sh:nodeKind sh:IRI ] ,
    [ sh:path ex:has ; sh:hasValue ex:a ] ,
    [ sh:path ex:str ; sh:datatype xsd:string ] ,
    [ sh:path ex:pat ; sh:pattern "^x" ] ,
    [ sh:path ex:int ; sh:datatype xsd:integer ] .
ex:Elsewhere a sh:NodeShape ; sh:targetClass ex:Shared ; sh:property [ sh:path ex:one ; sh:minCount 1 ] .
"""
CONTEXT = [  # the ontology: a subclass, an instance stated in the context, a class of shared nodes
    (EX + "D2", "http://www.w3.org/2000/01/rdf-schema#subClassOf", EX + "D"),
    (EX + "known", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", EX + "D"),
    (EX + "city", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", EX + "Shared"),
]
A, B, TYPE = (
    ox.NamedNode(EX + "a"),
    ox.NamedNode(EX + "b"),
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
)


def _p(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def _study(node: ox.NamedNode, good: bool) -> list[tuple]:
    """A focus node of ex:C meeting every constraint (good) or breaking each once."""
    d2 = ox.NamedNode(str(node.value) + "-d")
    if good:
        return [
            (node, TYPE, _p("C")), (node, _p("one"), A), (node, _p("two"), A), (node, _p("two"), B),
            (node, _p("cls"), d2), (d2, TYPE, _p("D2")), (node, _p("cls"), _p("known")), (node, _p("in"), B),
            (node, _p("iri"), A), (node, _p("has"), A), (node, _p("has"), B), (node, _p("str"), ox.Literal("s")),
        ]  # fmt: skip
    return [
        (node, TYPE, _p("C")), (node, _p("one"), A), (node, _p("one"), B), (node, _p("two"), A),
        (node, _p("cls"), d2), (node, _p("cls"), ox.Literal("d")), (node, _p("in"), _p("c")),
        (node, _p("iri"), ox.BlankNode("x")), (node, _p("has"), B), (node, _p("str"), ox.Literal("s", language="en")),
        (node, _p("pat"), ox.Literal("y")), (node, _p("int"), ox.Literal("z")),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def compiled():
    shapes = Graph().parse(data=SHAPES, format="turtle")
    context = Facts((ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in CONTEXT)
    supers = superclasses([context])
    compiler = ShapeCompiler(shapes, lambda text, focus: [])
    store = ox.Store()
    studies = {}
    for name, good in (("good", True), ("bad", False)):
        graph, node = ox.NamedNode(EX + "g-" + name), ox.NamedNode(EX + name)
        studies[graph] = _study(node, good)
        store.extend(ox.Quad(s, p, o, graph) for s, p, o in studies[graph])
    checks = SetChecks(compiler, compiler.targets(supers).classes, context, supers)
    return checks, store, studies, context, supers


def test_each_compiled_kind_finds_the_engines_violations_and_no_others(compiled):
    checks, store, studies, context, supers = compiled
    on_store = checks.run(store, list(studies))
    in_python = set()
    for graph, triples in studies.items():
        in_python |= checks.run_in_python(graph, Layered(Facts(triples), context, supers))
    assert on_store == in_python
    good = ox.NamedNode(EX + "g-good")
    assert not {key for key in on_store if key[0] == good}
    found = {(checks.checks[number].prop.path_term.value.removeprefix(EX), value) for _, number, _, value in on_store}
    assert found == {
        ("one", None),  # sh:maxCount 1, two values
        ("two", None),  # sh:minCount 2, one value
        ("cls", ox.NamedNode(EX + "bad-d")),  # not typed at all
        ("cls", ox.Literal("d")),  # a literal is never an instance
        ("in", _p("c")),
        ("iri", ox.BlankNode("x")),
        ("has", None),
        ("str", ox.Literal("s", language="en")),
    }


def test_what_does_not_compile_is_left_to_the_engine(compiled):
    checks = compiled[0]
    paths = {c.prop.path_term.value.removeprefix(EX) for c in checks.checks}
    assert "pat" not in paths  # Python's re, not Rust's regex
    assert "int" not in paths  # rdflib's lexical parsing decides what is well-formed
    assert all(c.classes == (_p("C"),) for c in checks.checks)  # ex:Shared has an instance in the context
    assert len(checks.checks) == 8
