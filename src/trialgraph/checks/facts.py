"""Triples indexed for SHACL: one study's graph over the shared context, looked up without copying.

A study is a few hundred triples; the context (ontology, vocabulary, shared data, mappings) is a few
thousand and the same for every study. Lookups read both layers, so preparing a study costs only
its own triples.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .terms import OxTerm

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")

Index = dict[OxTerm, dict[ox.NamedNode, list[OxTerm]]]


class Facts:
    """Forward and inverse indexes of one set of triples."""

    __slots__ = ("inv", "out")

    def __init__(self, triples: Iterable[tuple[OxTerm, ox.NamedNode, OxTerm]] = (), *, distinct: bool = False):
        """`distinct`: the triples come from a graph (each once), so they need no check."""
        self.out: Index = {}
        self.inv: Index = {}
        if not distinct:
            for s, p, o in triples:
                self.add(s, p, o)
            return
        out, inv = self.out, self.inv
        for s, p, o in triples:
            by_p = out.get(s)
            if by_p is None:
                out[s] = {p: [o]}
            else:
                by_p.setdefault(p, []).append(o)
            by_p = inv.get(o)
            if by_p is None:
                inv[o] = {p: [s]}
            else:
                by_p.setdefault(p, []).append(s)

    def add(self, s: OxTerm, p: ox.NamedNode, o: OxTerm) -> None:
        objects = self.out.setdefault(s, {}).setdefault(p, [])
        if o not in objects:
            objects.append(o)
            self.inv.setdefault(o, {}).setdefault(p, []).append(s)


class Layered:
    """A study's facts over the context's: the union of both, each triple once."""

    __slots__ = ("context", "study", "supers")

    def __init__(self, study: Facts, context: Facts, supers: dict[OxTerm, frozenset[OxTerm]]):
        self.study, self.context, self.supers = study, context, supers

    def objects(self, s: OxTerm, p: ox.NamedNode) -> list[OxTerm]:
        return _union(self.study.out, self.context.out, s, p)

    def subjects(self, o: OxTerm, p: ox.NamedNode) -> list[OxTerm]:
        return _union(self.study.inv, self.context.inv, o, p)

    def predicates(self, s: OxTerm) -> dict[ox.NamedNode, list[OxTerm]]:
        mine, theirs = self.study.out.get(s), self.context.out.get(s)
        if not theirs:
            return mine or {}
        if not mine:
            return theirs
        merged = {p: list(objects) for p, objects in theirs.items()}
        for p, objects in mine.items():
            merged[p] = _merge(merged.get(p, []), objects)
        return merged

    def types(self, node: OxTerm) -> list[OxTerm]:
        return self.objects(node, RDF_TYPE)

    def is_instance(self, node: OxTerm, cls: OxTerm) -> bool:
        """rdf:type/rdfs:subClassOf* as pySHACL reads sh:class (a literal is never an instance)."""
        if isinstance(node, ox.Literal):
            return False
        supers = self.supers
        return any(t == cls or cls in supers.get(t, ()) for t in self.types(node))


def superclasses(facts: Iterable[Facts]) -> dict[OxTerm, frozenset[OxTerm]]:
    """Each class's superclasses along rdfs:subClassOf, transitively, itself excluded unless on a cycle."""
    direct: dict[OxTerm, set[OxTerm]] = {}
    for layer in facts:
        for s, predicates in layer.out.items():
            for o in predicates.get(SUBCLASS_OF, ()):
                direct.setdefault(s, set()).add(o)
    closed: dict[OxTerm, frozenset[OxTerm]] = {}
    for start in direct:
        seen: set[OxTerm] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(direct.get(node, ()))
        closed[start] = frozenset(seen)
    return closed


def _union(study: Index, context: Index, node: OxTerm, p: ox.NamedNode) -> list[OxTerm]:
    mine = study.get(node)
    mine = mine.get(p) if mine else None
    theirs = context.get(node)
    theirs = theirs.get(p) if theirs else None
    if not theirs:
        return mine or []
    if not mine:
        return theirs
    return _merge(theirs, mine)


def _merge(first: list[OxTerm], second: list[OxTerm]) -> list[OxTerm]:
    return first + [item for item in second if item not in first]
