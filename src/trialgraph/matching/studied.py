"""Which trials study a condition (`match --condition CURIE`), and the order matches are shown in.

A trial studies a wanted condition (a MONDO, MeSH, NCIt... term or one of ours) when one of its tg:condition
nodes is it, or leads to it through its base conditions, exact or broad mappings and the subclass hierarchy (as
the question `trials-on-disease` reads them), or when the registry lists it among the trial's MeSH terms or
their ancestors (`trials-under-mesh-term`). The graph is walked in Python, one trial at a time, so the store
path asks this of each study's own graph and no CURIE is ever written into a query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

from rdflib import RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.term import Node

from ..errors import InputError
from ..graph.triple_index import TripleIndex
from .eligibility import ELIGIBLE, INELIGIBLE
from .patient import expand_curie

TG = Namespace("https://w3id.org/trialgraph/ontology/")
# from a trial's condition node to what it is: its base, its mappings, then broader terms
UP = (TG.baseCondition, SKOS.exactMatch, SKOS.broadMatch, RDFS.subClassOf, SKOS.broader)
_RANK = {ELIGIBLE: 0, INELIGIBLE: 2}


def condition_iris(curies: Iterable[str]) -> list[URIRef]:
    """The --condition values as IRIs; one that is no CURIE or IRI is an InputError."""
    found = []
    for curie in curies:
        try:
            found.append(expand_curie(curie.strip()))
        except ValueError as error:
            raise InputError(f"--condition: {error}") from None
    return found


def studies(graph: Graph | TripleIndex, trial: Node, wanted: Iterable[URIRef]) -> bool:
    """Does `trial` study one of the `wanted` conditions (or a kind of one)."""
    wanted = set(wanted)
    mesh = {*graph.objects(trial, TG.meshCondition), *graph.objects(trial, TG.meshConditionAncestor)}
    if mesh & wanted:
        return True
    seen: set[Node] = set()
    todo = list(graph.objects(trial, TG.condition))
    while todo:
        node = todo.pop()
        if node in wanted:
            return True
        if node in seen:
            continue
        seen.add(node)
        todo += [o for p in UP for o in graph.objects(node, p)]
    return False


class _Ranked(Protocol):
    trial: URIRef
    status: str
    assessed: int


R = TypeVar("R", bound=_Ranked)


def ranked(results: Iterable[R]) -> list[R]:
    """Eligible first, then undetermined, then ineligible; within each, the trials with more criteria assessed
    (a structured constraint the patient's facts decided or could decide) first, then by trial IRI."""
    return sorted(results, key=lambda r: (_RANK.get(r.status, 1), -r.assessed, str(r.trial)))
