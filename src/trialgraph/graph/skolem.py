"""Blank nodes as stable IRIs, so that sending the same graph twice adds nothing the second time.

A parser names blank nodes afresh on every read, so a store that receives the same data twice
keeps two copies of every blank node. Here each blank node is named by its canonical label
(rdflib.compare's hash of what surrounds it) under our own /.well-known/genid/ path (RDF 1.1,
section 3.5): the same data gives the same IRIs, run after run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_canonical_graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

SKOLEM_AUTHORITY = "https://w3id.org"
SKOLEM_PATH = "/trialgraph/.well-known/genid/"


def stable_skolem(graph: Graph) -> Graph:
    """`graph` with every blank node replaced by an IRI that depends only on the data.

    >>> g = Graph().parse(data="<http://a> <http://p> [ <http://q> 1 ] .", format="turtle")
    >>> h = Graph().parse(data="<http://a> <http://p> [ <http://q> 1 ] .", format="turtle")
    >>> set(stable_skolem(g)) == set(stable_skolem(h))
    True
    """
    plain = Graph()
    with_blanks = Graph()
    for triple in graph:
        (with_blanks if any(isinstance(term, BNode) for term in triple) else plain).add(triple)
    # only the triples that touch a blank node decide its canonical label: canonicalise those alone
    canonical = Graph()
    for triple in to_canonical_graph(with_blanks):
        canonical.add(triple)
    return plain + canonical.skolemize(authority=SKOLEM_AUTHORITY, basepath=SKOLEM_PATH)


class Holds(Protocol):
    """What blank_form reads: an rdflib Graph, or any index of what each node holds."""

    def predicate_objects(self, subject: Node) -> Iterable[tuple[Node, Node]]: ...


def blank_form(
    graph: Holds,
    node: Node,
    memo: dict[Node, str] | None = None,
    path: frozenset[Node] = frozenset(),
    *,
    names: NamespaceManager | None = None,
) -> str:
    """A node as text that does not depend on blank node labels: a blank node is written with what
    it holds, `[ p o ; ... ]` sorted, nested; an IRI or a literal in N-Triples form, or with the
    prefixes of `names`. `memo` holds the forms found so far (for one `names`).

    >>> g = Graph().parse(data="<http://a> <http://p> [ <http://q> 1 ] .", format="turtle")
    >>> blank_form(g, g.value(URIRef("http://a"), URIRef("http://p")))
    '[ <http://q> 1 ]'
    """
    memo = {} if memo is None else memo
    if node in memo:
        return memo[node]
    if not isinstance(node, BNode):
        memo[node] = text = short_text(node, names)
        return text
    if node in path:
        return "[ … ]"  # a cycle of blank nodes: cut where it closes
    inside = path | {node}
    parts = sorted(
        f"{blank_form(graph, predicate, memo, names=names)} {blank_form(graph, value, memo, inside, names=names)}"
        for predicate, value in graph.predicate_objects(node)
    )
    memo[node] = form = f"[ {' ; '.join(parts)} ]" if parts else "[]"
    return form


def blank_tree_forms(graph: Graph) -> Counter[tuple[str, str, str]] | None:
    """The graph's triples with each blank node written as its blank_form, or None when some blank
    node is held twice or in a cycle (its form would not tell such graphs apart). Two graphs with
    equal forms are isomorphic, at a fraction of rdflib.compare's cost."""
    held = Counter(value for value in graph.objects() if isinstance(value, BNode))
    if any(count > 1 for count in held.values()):
        return None
    memo: dict[Node, str] = {}
    forms: Counter[tuple[str, str, str]] = Counter()
    for subject, predicate, value in graph:
        if isinstance(subject, BNode) and subject in held:
            continue  # written inside its holder's form
        forms[(blank_form(graph, subject, memo), predicate.n3(), blank_form(graph, value, memo))] += 1
    reached = {node for node in memo if isinstance(node, BNode)}
    blanks = {node for triple in graph for node in triple if isinstance(node, BNode)}
    return forms if reached == blanks and "[ … ]" not in "".join(memo.values()) else None


def same_graph(first: Graph, second: Graph) -> bool:
    """Are the graphs isomorphic? By blank_tree_forms when both are tree-shaped, else by rdflib.compare."""
    forms = blank_tree_forms(first)
    if forms is not None:
        return forms == blank_tree_forms(second)
    return isomorphic(first, second)


_PLAIN = {  # the literals Turtle writes bare: 24 is "24"^^xsd:integer, so the short form names the same term
    URIRef("http://www.w3.org/2001/XMLSchema#integer"): re.compile(r"[+-]?[0-9]+"),
    URIRef("http://www.w3.org/2001/XMLSchema#decimal"): re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    URIRef("http://www.w3.org/2001/XMLSchema#boolean"): re.compile(r"true|false"),
}


def short_text(node: Node, names: NamespaceManager | None = None) -> str:
    """A term as Turtle writes it: numbers and booleans bare, IRIs with the prefixes of `names`."""
    if isinstance(node, Literal) and node.datatype in _PLAIN and _PLAIN[node.datatype].fullmatch(str(node)):
        return str(node)
    return node.n3(names)
