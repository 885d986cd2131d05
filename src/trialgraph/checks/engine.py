"""The SHACL shapes compiled to Python checks, evaluated one small study at a time.

ontology/shapes.ttl stays the one source of truth: it is read here and each constraint becomes a
check with the semantics pySHACL gives it (the differential test in tests/checks compares the two
on every broken example and on the shared records). Only what the shapes use is supported; any
other constraint stops compilation, so a new one cannot be skipped silently. SPARQL constraints
run on pyoxigraph, per focus node, over the study's graph and the context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox
from pyshacl.rdfutil.compare import compare_literal
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.collection import Collection
from rdflib.term import Node

from ..graph.store import to_rdflib
from .facts import Layered
from .results import named_shape
from .terms import LANG_STRING, XSD_STRING, OxTerm, to_ox

SH = Namespace("http://www.w3.org/ns/shacl#")
RDFS_LITERAL = "http://www.w3.org/2000/01/rdf-schema#Literal"
# what each shape says that is not a constraint
NOT_CONSTRAINTS = {
    RDF.type, SH.targetClass, SH.targetObjectsOf, SH.property, SH.path, SH.message, SH.severity,
    SH.ignoredProperties, SH.declare, SH.name, SH.description, SH.deactivated,
}  # fmt: skip


@dataclass(frozen=True)
class Result:
    """One validation result, with pySHACL's fields; `shape` is the named node shape it comes from."""

    focus: OxTerm
    path: OxTerm | None
    value: OxTerm | None
    message: str
    severity: str
    shape: OxTerm


# a failure: (value, path, message, details), where path and message override the shape's (sh:closed,
# SPARQL), and details are the results of a shape sh:node found unmet (pySHACL reports them too)
Failure = tuple[OxTerm | None, OxTerm | None, str | None, list]
Check = Callable[[Layered, OxTerm, list[OxTerm]], list[Failure]]
PER_VALUE = {SH["class"], SH.datatype, SH.nodeKind, SH.pattern, SH["in"], SH.node, SH["not"], SH["or"], SH["and"]}
PER_VALUE |= {SH.xone, SH.flags, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive}
Path = Callable[[Layered, OxTerm], list[OxTerm]]


@dataclass
class Shape:
    node: Node
    named: OxTerm | None
    path: Path | None = None
    path_term: OxTerm | None = None  # the sh:path as reported (None for a complex path)
    checks: list[Check] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    message: str = "constraint not met"
    severity: str = "Violation"
    empty_passes: bool = False  # no value, no result: only per-value checks (no count, no sh:hasValue)

    def evaluate(self, data: Layered, focus: OxTerm) -> list[Result]:
        values = self.path(data, focus) if self.path else [focus]
        results = []
        if values or not self.empty_passes:
            for check in self.checks:
                for value, path, message, details in check(data, focus, values):
                    results.append(
                        Result(
                            focus,
                            path if path is not None else self.path_term,
                            value,
                            message if message is not None else self.message,
                            self.severity,
                            self.named,
                        )
                    )
                    results.extend(details)
        for prop in self.properties:
            results.extend(prop.evaluate(data, focus))
        return results

    def conforms(self, data: Layered, focus: OxTerm) -> bool:
        values = self.path(data, focus) if self.path else [focus]
        if values or not self.empty_passes:
            for check in self.checks:
                if check(data, focus, values):
                    return False
        return all(prop.conforms(data, focus) for prop in self.properties)


@dataclass
class Targets:
    classes: dict[OxTerm, list[Shape]]  # class -> shapes targeting it (subclasses folded in)
    objects_of: dict[ox.NamedNode, list[Shape]]


class ShapeCompiler:
    """Compiles the shapes graph; `sparql` runs a SPARQL constraint for a focus node."""

    def __init__(self, shapes: Graph, sparql: Callable[[str, OxTerm], list[dict[str, OxTerm]]]):
        self.graph, self.sparql = shapes, sparql
        self.compiled: dict[Node, Shape] = {}
        self.prefixes = {
            str(d.value(SH.prefix)): str(d.value(SH.namespace))
            for d in (shapes.resource(o) for o in shapes.objects(None, SH.declare))
        }

    def targets(self, supers: dict[OxTerm, frozenset[OxTerm]]) -> Targets:
        """Which shapes each class and each predicate's objects get, subclasses included."""
        classes: dict[OxTerm, list[Shape]] = {}
        objects_of: dict[ox.NamedNode, list[Shape]] = {}
        for node in sorted(set(self.graph.subjects(SH.targetClass, None))):
            for cls in map(to_ox, self.graph.objects(node, SH.targetClass)):
                for sub in [cls] + [c for c, up in supers.items() if cls in up and c != cls]:
                    classes.setdefault(sub, []).append(self.shape(node))
        for node in sorted(set(self.graph.subjects(SH.targetObjectsOf, None))):
            for pred in map(to_ox, self.graph.objects(node, SH.targetObjectsOf)):
                objects_of.setdefault(pred, []).append(self.shape(node))
        return Targets(classes, objects_of)

    def shape(self, node: Node) -> Shape:
        if node in self.compiled:
            return self.compiled[node]
        g = self.graph
        named = named_shape(node, g)
        shape = Shape(node, to_ox(named) if isinstance(named, URIRef) else None)
        self.compiled[node] = shape  # before compiling the parts: shapes may refer to each other
        messages = sorted(str(m) for m in g.objects(node, SH.message))
        if messages:
            shape.message = messages[0]
        severity = g.value(node, SH.severity)
        if severity is not None:
            shape.severity = str(severity).rsplit("#", 1)[-1]
        path = g.value(node, SH.path)
        if path is not None:
            shape.path, shape.path_term = self._path(path)
        shape.properties = [self.shape(p) for p in g.objects(node, SH.property)]
        constraints = sorted(set(g.predicates(node)) - NOT_CONSTRAINTS)
        for predicate in constraints:
            for value in g.objects(node, predicate):
                shape.checks.append(self._check(node, predicate, value))
        shape.empty_passes = path is not None and set(constraints) <= PER_VALUE
        return shape

    def _path(self, path: Node) -> tuple[Path, OxTerm | None]:
        g = self.graph
        inverse = g.value(path, SH.inversePath)
        alternatives = g.value(path, SH.alternativePath)
        if inverse is not None:
            pred = to_ox(inverse)
            return (lambda data, focus: data.subjects(focus, pred)), None
        if alternatives is not None:
            preds = [to_ox(p) for p in Collection(g, alternatives)]

            def alternative(data: Layered, focus: OxTerm) -> list[OxTerm]:
                values: list[OxTerm] = []
                for pred in preds:
                    values.extend(v for v in data.objects(focus, pred) if v not in values)
                return values

            return alternative, None
        if (path, None, None) in g:
            raise ValueError(f"unsupported sh:path {path}")
        pred = to_ox(path)
        return (lambda data, focus: data.objects(focus, pred)), pred

    def _shapes(self, head: Node) -> list[Shape]:
        return [self.shape(item) for item in Collection(self.graph, head)]

    def _check(self, node: Node, predicate: Node, value: Node) -> Check:
        if predicate == SH.minCount:
            n = int(value)
            return lambda data, focus, values: [(None, None, None, [])] if len(values) < n else []
        if predicate == SH.maxCount:
            n = int(value)
            return lambda data, focus, values: [(None, None, None, [])] if len(values) > n else []
        if predicate == SH.hasValue:
            wanted = to_ox(value)
            return lambda data, focus, values: [] if wanted in values else [(None, None, None, [])]
        if predicate == SH["class"]:
            cls = to_ox(value)
            return _each(lambda data, v: data.is_instance(v, cls))
        if predicate == SH.datatype:
            datatype = str(value)
            return _each(lambda data, v: _has_datatype(v, datatype))
        if predicate == SH.nodeKind:
            kinds = {SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,)}
            if value not in kinds:
                raise ValueError(f"unsupported sh:nodeKind {value}")
            kind = kinds[value]
            return _each(lambda data, v: isinstance(v, kind))
        if predicate == SH.pattern:
            flags = self.graph.value(node, SH.flags)
            matcher = re.compile(str(value), _flags(str(flags) if flags else ""))
            return _each(lambda data, v: not isinstance(v, ox.BlankNode) and bool(matcher.search(_string(v))))
        if predicate == SH["in"]:
            allowed = {to_ox(item) for item in Collection(self.graph, value)}
            return _each(lambda data, v: v in allowed)
        if str(predicate) in _RANGES:
            bound, name = to_rdflib(to_ox(value)), str(predicate)
            return _each(lambda data, v: _in_range(v, bound, name))
        if predicate == SH.node:
            return self._node(self.shape(value))
        if predicate == SH["not"]:
            other = self.shape(value)
            return _each(lambda data, v: not other.conforms(data, v))
        if predicate in (SH["or"], SH["and"], SH.xone):
            members = self._shapes(value)
            count = {SH["or"]: lambda n: n > 0, SH["and"]: lambda n: n == len(members), SH.xone: lambda n: n == 1}
            accept = count[predicate]
            return _each(lambda data, v: accept(sum(1 for m in members if m.conforms(data, v))))
        if predicate == SH.closed:
            return self._closed(node) if value.toPython() is True else (lambda data, focus, values: [])
        if predicate == SH.flags:
            return lambda data, focus, values: []  # read with sh:pattern
        if predicate == SH.sparql:
            return self._sparql(value)
        raise ValueError(f"unsupported SHACL constraint {predicate} in shape {node}")

    def _node(self, other: Shape) -> Check:
        """sh:node: each value that does not conform, with the other shape's results on it as details."""

        def node(data: Layered, focus: OxTerm, values: list[OxTerm]) -> list[Failure]:
            failures = []
            for v in values:
                details = other.evaluate(data, v)
                if details:
                    failures.append((v, None, None, details))
            return failures

        return node

    def _closed(self, node: Node) -> Check:
        allowed = {to_ox(p) for p in (self.graph.value(s, SH.path) for s in self.graph.objects(node, SH.property))}
        ignored = self.graph.value(node, SH.ignoredProperties)
        allowed |= {to_ox(p) for p in Collection(self.graph, ignored)} if ignored is not None else set()

        def closed(data: Layered, focus: OxTerm, values: list[OxTerm]) -> list[Failure]:
            return [
                (o, pred, None, [])
                for v in values
                for pred, objects in data.predicates(v).items()
                if pred not in allowed
                for o in objects
            ]

        return closed

    def _sparql(self, constraint: Node) -> Check:
        """pySHACL's SELECT-based constraint: one result per distinct row, ?value defaulting to the focus."""
        g = self.graph
        text = str(g.value(constraint, SH.select))
        messages = sorted(str(m) for m in g.objects(constraint, SH.message))

        def sparql(data: Layered, focus: OxTerm, values: list[OxTerm]) -> list[Failure]:
            return list(_rows(focus))

        def _rows(focus: OxTerm) -> Iterator[Failure]:
            seen = []
            for row in self.sparql(text, focus):
                this, path, value = row.pop("this", None), row.pop("path", None), row.pop("value", None)
                key = (this, path, value, sorted(row.items(), key=lambda item: item[0]))
                if (this is None and path is None and value is None) or key in seen:
                    continue
                seen.append(key)
                value = focus if value is None else value
                names = {
                    **row,
                    **{k: v for k, v in (("this", this), ("path", path), ("value", value)) if v is not None},
                }
                message = messages[0] if messages else None
                if message is not None:
                    for var, term in names.items():
                        message = re.sub(f"{{[?$]{var}}}", str(to_rdflib(term)), message)
                yield value, path, message, []

        return sparql


_RANGES = {
    str(SH.minInclusive): lambda cmp: cmp >= 0,
    str(SH.minExclusive): lambda cmp: cmp > 0,
    str(SH.maxInclusive): lambda cmp: cmp <= 0,
    str(SH.maxExclusive): lambda cmp: cmp < 0,
}


def _each(test: Callable[[Layered, OxTerm], bool]) -> Check:
    def check(data: Layered, focus: OxTerm, values: list[OxTerm]) -> list[Failure]:
        return [(v, None, None, []) for v in values if not test(data, v)]

    return check


@lru_cache(maxsize=1 << 16)
def _literal(lexical: str, datatype: str, language: str | None) -> RdfLiteral:
    """The rdflib literal pySHACL would see (ill-typed or not), cached: dates and codes repeat."""
    return to_rdflib(
        ox.Literal(lexical, language=language) if language else ox.Literal(lexical, datatype=ox.NamedNode(datatype))
    )


def _has_datatype(v: OxTerm, datatype: str) -> bool:
    """sh:datatype as pySHACL reads it: the same datatype and a well-formed lexical form."""
    if not isinstance(v, ox.Literal):
        return False
    actual = v.datatype.value
    if datatype == RDFS_LITERAL:
        return True
    if actual != datatype:
        return False
    if actual in (XSD_STRING, LANG_STRING):
        return True
    return _well_formed(v.value, datatype)


@lru_cache(maxsize=1 << 16)
def _well_formed(lexical: str, datatype: str) -> bool:
    """Cached: the same dates, counts and codes recur in every study."""
    literal = _literal(lexical, datatype, None)
    if literal.ill_typed is True:
        return False
    expected = _PYTHON_TYPES.get(datatype)
    return expected is None or isinstance(literal.value, expected)


_PYTHON_TYPES = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#float": float,
    "http://www.w3.org/2001/XMLSchema#decimal": Decimal,
    "http://www.w3.org/2001/XMLSchema#boolean": bool,
    "http://www.w3.org/2001/XMLSchema#date": date,
}


def _in_range(v: OxTerm, bound: RdfLiteral, predicate: str) -> bool:
    """sh:min/maxIn/Exclusive as pySHACL compares: literals only, strings only with strings."""
    if not isinstance(v, ox.Literal):
        return False
    return _compare(v.value, v.datatype.value, v.language, bound, predicate)


@lru_cache(maxsize=1 << 16)
def _compare(lexical: str, datatype: str, language: str | None, bound: RdfLiteral, predicate: str) -> bool:
    literal = _literal(lexical, datatype, language)
    if isinstance(bound.value, str) != isinstance(literal.value, str):
        return False
    try:
        return _RANGES[predicate](compare_literal(literal, bound))
    except (TypeError, NotImplementedError):
        return False


def _string(v: OxTerm) -> str:
    """The text sh:pattern matches: a literal's lexical form, an IRI itself."""
    return v.value


def _flags(text: str) -> int:
    return (
        (re.IGNORECASE if "i" in text else 0) | (re.MULTILINE if "m" in text else 0) | (re.DOTALL if "s" in text else 0)
    )
