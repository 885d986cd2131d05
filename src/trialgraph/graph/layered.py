"""A small graph over a large one, read through one rdflib Graph: a store's study over the cached context.

rdflib's Memory store fires events and keeps contexts on every add, which made a study's few
hundred triples cost more to load than to match; here they go into two plain dicts. A pattern is
answered from the small graph, then from the one beneath, skipping what both hold, so the answers
are those of one graph holding both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.namespace import NamespaceManager
from rdflib.store import Store
from rdflib.term import Node

Triple = tuple[Node, Node, Node]
_NO_CONTEXTS: tuple = ()


class LayeredStore(Store):
    """Read-only: `triples` over `own` (indexed by subject and by object), then over `under`."""

    def __init__(self, own: Iterable[Triple], under: Graph):
        super().__init__()
        self.under = under
        self.own: set[Triple] = set(own)
        self.by_subject: dict[Node, list[Triple]] = {}
        self.by_object: dict[Node, list[Triple]] = {}
        for triple in self.own:
            self.by_subject.setdefault(triple[0], []).append(triple)
            self.by_object.setdefault(triple[2], []).append(triple)

    def triples(self, triple_pattern, context=None) -> Iterator[tuple[Triple, Iterator]]:
        for triple in self._own(triple_pattern):
            yield triple, iter(_NO_CONTEXTS)
        for triple in self.under.triples(triple_pattern):
            if triple not in self.own:
                yield triple, iter(_NO_CONTEXTS)

    def _own(self, pattern) -> Iterable[Triple]:
        s, p, o = pattern
        if s is not None:
            found = self.by_subject.get(s, ())
        elif o is not None:
            found = self.by_object.get(o, ())
        else:
            found = self.own
        return [t for t in found if (p is None or t[1] == p) and (o is None or t[2] == o)]

    def __len__(self, context=None) -> int:
        return len(self.own) + sum(1 for t in self.under if t not in self.own)


def layered_graph(own: Iterable[Triple], under: Graph, namespaces: NamespaceManager) -> Graph:
    """An rdflib Graph that reads `own` and `under` as one (for reading only)."""
    return Graph(store=LayeredStore(own, under), namespace_manager=namespaces)
