"""An rdflib graph as a Turtle syntax tree, so that generated files get the canonical layout and comments.

`trialgraph new trial` builds a curated file from a registry import this way: the graph becomes a
turtle_syntax.Document (a blank node held once is written inside its holder), comments are attached
to the predicates a curator must check, and turtle_format writes it like any curated file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from .skolem import short_text
from .turtle_syntax import BlankNode, Directive, Document, Item, Predicate, Statement, Term

_PREFIXED = re.compile(r"(?:^|\^\^)([A-Za-z][\w.-]*):")


def document_of(
    graph: Graph, *, header: Sequence[str] = (), notes: Mapping[URIRef, Sequence[str]] | None = None
) -> Document:
    """`graph` as a Document: one statement per subject, blank nodes held once nested in their holder,
    `notes[predicate]` as the comment lines before each use of that predicate, the prefixes it uses."""
    held = Counter(value for value in graph.objects() if isinstance(value, BNode))
    writer = _Writer(graph, {node for node, count in held.items() if count == 1}, notes or {})
    statements = []
    for subject in sorted(set(graph.subjects()), key=str):
        if isinstance(subject, BNode) and subject in writer.nested:
            continue
        statements.append(Statement(subject=writer.term(subject), predicates=writer.predicates(subject)))
    used = {match.group(1) for text in writer.texts for match in _PREFIXED.finditer(text)}
    directives = [
        Directive(keyword="prefix", name=f"{prefix}:", iri=f"<{namespace}>")
        for prefix, namespace in graph.namespaces()
        if prefix in used
    ]
    return Document(header=list(header), directives=directives, preamble=[], statements=statements, trailer=[])


class _Writer:
    def __init__(self, graph: Graph, nested: set[Node], notes: Mapping[URIRef, Sequence[str]]):
        self.graph, self.nested, self.notes = graph, nested, notes
        self.texts: list[str] = []

    def term(self, node: Node) -> Term:
        text = f"_:{node}" if isinstance(node, BNode) else short_text(node, self.graph.namespace_manager)
        self.texts.append(text)
        return Term(text=text)

    def predicates(self, subject: Node) -> list[Predicate]:
        found: list[Predicate] = []
        for predicate in sorted(set(self.graph.predicates(subject)), key=str):
            objects: list[Item] = [self.item(value) for value in self.graph.objects(subject, predicate)]
            verb = Term(text="a") if str(predicate).endswith("22-rdf-syntax-ns#type") else self.term(predicate)
            found.append(Predicate(comments=list(self.notes.get(predicate, ())), verb=verb, objects=objects))
        return found

    def item(self, node: Node) -> Item:
        if isinstance(node, BNode) and node in self.nested:
            return BlankNode(predicates=self.predicates(node))
        return self.term(node)
