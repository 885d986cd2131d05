"""Triples in plain dicts, read as an rdflib Graph is read (value, objects, subjects, `in`), over an index beneath.

What the matcher reads a store's study through: the study's few hundred triples over the context every
study needs (ontology, data/shared, mappings), indexed once. A pattern is answered from the study, then
from the index beneath, each triple once, so the answers are those of one graph holding both. rdflib's
Graph answers every pattern through generators, events and contexts; a dict lookup is ten times cheaper,
and the matcher makes thousands per study.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NONE: tuple = ()
_BY_SUBJECT, _BY_OBJECT = 0, 1


class TripleIndex:
    """Read-only triples indexed by (subject, predicate) and (predicate, object), over `under` if given."""

    def __init__(
        self, triples: Iterable[Triple], namespace_manager: NamespaceManager, under: TripleIndex | None = None
    ):
        self.namespace_manager = namespace_manager
        self.under = under
        self.by_subject: dict[tuple[Node, Node], list[Node]] = {}
        self.by_object: dict[tuple[Node, Node], list[Node]] = {}
        for s, p, o in set(triples):
            self.by_subject.setdefault((s, p), []).append(o)
            self.by_object.setdefault((p, o), []).append(s)

    @classmethod
    def of_graph(cls, graph: Graph) -> TripleIndex:
        return cls(graph, graph.namespace_manager)

    def over(self, triples: Iterable[Triple]) -> TripleIndex:
        """`triples` read together with these (which stay beneath, unchanged)."""
        return TripleIndex(triples, self.namespace_manager, self)

    def objects(self, subject: Node, predicate: Node) -> Iterator[Node]:
        return iter(self._merged(_BY_SUBJECT, (subject, predicate)))

    def subjects(self, predicate: Node, obj: Node) -> Iterator[Node]:
        return iter(self._merged(_BY_OBJECT, (predicate, obj)))

    def value(self, subject: Node, predicate: Node) -> Node | None:
        own = self.by_subject.get((subject, predicate))
        if own:
            return own[0]
        return self.under.value(subject, predicate) if self.under is not None else None

    def __contains__(self, triple: tuple[Node, Node, Node | None]) -> bool:
        s, p, o = triple
        found = self.by_subject.get((s, p), _NONE)
        if found and (o is None or o in found):
            return True
        return self.under is not None and triple in self.under

    def _merged(self, which: int, key: tuple[Node, Node]) -> list[Node]:
        own = (self.by_subject, self.by_object)[which].get(key, _NONE)
        if self.under is None:
            return list(own)
        beneath = self.under._merged(which, key)
        if not own:
            return beneath
        return [*own, *(node for node in beneath if node not in own)]
