"""Which of a store's studies `--status` and `--condition` may keep, picked by bound queries before any is read.

A status is one query (the studies whose trial has it). A condition gives the studies that may study it, a
superset that the matcher then narrows trial by trial with studied.studies, exactly as in memory: those
whose trial lists it among its MeSH terms or their ancestors; those with a condition node that is it or a
kind of it by the context's and the shared graph's hierarchy and mappings (everything below it, walked
up from nowhere else); and, of the studies without a match digest, those whose own graph links a
condition node onward (base condition, mappings, hierarchy), where the walk may lead anywhere. Values are
bound, never written into a query.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from .eligibility import TG
from .store_fetch import OX_SHARED
from .studied import UP

_WITH = "SELECT DISTINCT ?g ?value WHERE {{ GRAPH ?g {{ ?trial {} ?value }} }}"  # ?value bound
WITH_STATUS = _WITH.format(f"<{TG.overallStatus}>")
WITH_MESH = _WITH.format(f"<{TG.meshCondition}>|<{TG.meshConditionAncestor}>")
WITH_CONDITION = _WITH.format(f"<{TG.condition}>")
_UP_PATH = "|".join(f"<{p}>" for p in UP)
WITH_LINKED_CONDITION = (
    f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?trial <{TG.condition}> ?node . ?node {_UP_PATH} ?up }} }}"
)
_VALUE = ox.Variable("value")


def with_status(store: ox.Store, statuses: Collection[URIRef]) -> set[str]:
    return _graphs(store, WITH_STATUS, statuses)


def may_study(store: ox.Store, context: Graph, conditions: Collection[URIRef], walked: set[str]) -> set[str]:
    """The study graphs whose trial may study one of `conditions` (see the module's note). A study's own links
    are looked for only among the `walked` ones: a study with a match digest has none (match_digest.py), and
    that query reads every study's conditions."""
    below = _below(store, context, conditions)
    found = _graphs(store, WITH_MESH, conditions) | _graphs(store, WITH_CONDITION, below)
    if walked:
        found.update(row["g"].value for row in store.query(WITH_LINKED_CONDITION) if row["g"].value in walked)
    return found


def _below(store: ox.Store, context: Graph, conditions: Collection[URIRef]) -> set[Node]:
    """The conditions and everything from which studied.studies' upward walk reaches one of them, through
    the context and the shared graph (a study's own links are taken care of by WITH_LINKED_CONDITION)."""
    seen: set[Node] = set()
    todo: list[Node] = list(conditions)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate in UP:
            todo += context.subjects(predicate, node)
            if isinstance(node, URIRef):
                quads = store.quads_for_pattern(None, ox.NamedNode(str(predicate)), ox.NamedNode(str(node)), OX_SHARED)
                todo += [URIRef(q.subject.value) for q in quads if isinstance(q.subject, ox.NamedNode)]
    return seen


def _graphs(store: ox.Store, query: str, values: Collection[Node]) -> set[str]:
    found: set[str] = set()
    for value in values:
        if isinstance(value, URIRef):
            rows = store.query(query, substitutions={_VALUE: ox.NamedNode(str(value))})
            found.update(row["g"].value for row in rows)
    return found
