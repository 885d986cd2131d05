"""Which predicates a SPARQL query can read: to run it where those triples are, and nowhere else."""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery


@lru_cache(maxsize=256)
def _predicates(text: str, prefixes: tuple[tuple[str, str], ...]) -> frozenset[str] | None:
    found: set[str] = set()
    algebra = translateQuery(parseQuery(text), initNs=dict(prefixes)).algebra
    return frozenset(found) if _walk(algebra, found) else None


def query_predicates(text: str, prefixes: dict[str, str]) -> frozenset[str] | None:
    """The IRIs a query matches in predicate position; None if it may match any predicate.

    A variable predicate, a negated property set or a zero-length path standing alone (which
    matches every node of the data) may read any triple.

    >>> sorted(query_predicates("SELECT * WHERE { ?s <urn:p>/<urn:q>* ?o }", {}))
    ['urn:p', 'urn:q']
    >>> query_predicates("SELECT * WHERE { ?s ?p ?o }", {}) is None
    True
    """
    return _predicates(text, tuple(sorted(prefixes.items())))


def _walk(node: object, found: set[str]) -> bool:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "triples":
                if not all(_path(p, found, top=True) for p in _predicates_of(value)):
                    return False
            elif not _walk(value, found):
                return False
    elif isinstance(node, (list, tuple)):
        return all(_walk(item, found) for item in node)
    return True


def _predicates_of(triples: list) -> list:
    """Predicates of a translated BGP, (s, p, o) each, or of a TriplesBlock left in parse form (rdflib
    keeps FILTER NOT EXISTS groups so): flat s, p, o, s, p, o... lists."""
    return [flat[i] for flat in triples for i in range(1, len(flat), 3)]


def _path(path: object, found: set[str], *, top: bool = False) -> bool:
    if isinstance(path, URIRef):
        found.add(str(path))
        return True
    if isinstance(path, (SequencePath, AlternativePath)):
        return all(_path(p, found) for p in path.args)
    if isinstance(path, InvPath):
        return _path(path.arg, found)
    if isinstance(path, MulPath):
        return not (top and path.zero) and _path(path.path, found)
    if isinstance(path, NegatedPath):
        return False
    return False  # a variable


@lru_cache(maxsize=256)
def _required(text: str, prefixes: tuple[tuple[str, str], ...]) -> frozenset[str]:
    algebra = translateQuery(parseQuery(text), initNs=dict(prefixes)).algebra
    found: set[str] = set()
    _joined(algebra, found)
    return frozenset(found)


def required_predicates(text: str, prefixes: dict[str, str]) -> frozenset[str]:
    """Predicates the focus ($this) must have for the query to give any row: those of the triple
    patterns `$this <p> ...` that every solution joins (not under OPTIONAL, UNION, MINUS or EXISTS).
    An aggregate without GROUP BY gives a row even on no match, so it requires nothing.

    >>> sorted(required_predicates("SELECT $this WHERE { $this <urn:p> ?x OPTIONAL { $this <urn:q> ?y } }", {}))
    ['urn:p']
    >>> required_predicates("SELECT (COUNT(*) AS ?n) WHERE { $this <urn:p> ?x }", {})
    frozenset()
    """
    return _required(text, tuple(sorted(prefixes.items())))


def _joined(node: object, found: set[str]) -> None:
    name = getattr(node, "name", None)
    if name in ("SelectQuery", "Project", "Extend", "Filter", "Distinct", "Reduced", "Slice", "OrderBy", "ToMultiSet"):
        _joined(node.p, found)
    elif name == "AggregateJoin":
        group = node.p
        if getattr(group, "name", None) == "Group" and group.expr:  # GROUP BY: no match, no group
            _joined(group.p, found)
    elif name == "Join":
        _joined(node.p1, found)
        _joined(node.p2, found)
    elif name in ("LeftJoin", "Minus"):
        _joined(node.p1, found)
    elif name == "BGP":
        for s, p, _ in node.triples:
            if s == THIS and isinstance(p, URIRef):
                found.add(str(p))


THIS = Variable("this")


# what makes the rows of a query with $this pre-bound differ from its free rows with ?this = that node
_NOT_GROUPABLE = ("AggregateJoin", "Group", "Minus", "MinusGraphPattern", "Slice", "OrderBy", "ToMultiSet")
_NOT_GROUPABLE += ("values", "InlineData", "Graph", "GraphGraphPattern", "SubSelect", "ServiceGraphPattern")


@lru_cache(maxsize=256)
def _groupable(text: str, prefixes: tuple[tuple[str, str], ...]) -> bool:
    query = translateQuery(parseQuery(text), initNs=dict(prefixes)).algebra
    return THIS in query.PV and bool(_required(text, prefixes)) and _plain(query)


def groupable_by_this(text: str, prefixes: dict[str, str]) -> bool:
    """Whether one run with $this free, its rows grouped by ?this, gives each node's rows with $this bound.

    So when $this is projected and bound by a triple pattern every solution joins (then FILTER,
    EXISTS and OPTIONAL see the same $this either way), and nothing sees the solutions of other
    nodes: no aggregate, subquery, MINUS, VALUES, GRAPH, ORDER BY or LIMIT.

    >>> groupable_by_this("SELECT $this ?v WHERE { $this <urn:p> ?v FILTER NOT EXISTS { ?v <urn:q> $this } }", {})
    True
    >>> groupable_by_this("SELECT $this (COUNT(?v) AS ?n) WHERE { $this <urn:p> ?v } GROUP BY $this", {})
    False
    >>> groupable_by_this("SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:p> ?v } }", {})
    False
    """
    return _groupable(text, tuple(sorted(prefixes.items())))


def _plain(node: object) -> bool:
    name = getattr(node, "name", None)
    if isinstance(name, str) and (name in _NOT_GROUPABLE or name.startswith("Aggregate_")):
        return False
    if isinstance(node, dict):
        return all(_plain(value) for value in node.values())
    if isinstance(node, (list, tuple)):
        return all(_plain(item) for item in node)
    return True
