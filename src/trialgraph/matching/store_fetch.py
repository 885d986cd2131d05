"""What the matcher reads of a batch of a store's studies, fetched by a few SPARQL queries over all of them at once.

Oxigraph walks the batch's graphs (Rust); what costs is handing rows to Python, where every term is an
object (measured: three quarters of the time). So the triples without a blank node come packed, one
string per study (GROUP_CONCAT: IRIs as they are, literals percent-encoded with their datatype or
language), split and turned into rdflib terms here through a cache (the vocabulary recurs in every
study); the triples with a blank node (constraints and their quantities), which a string cannot name,
come as rows. What is read: the trial's triples that matching reads (TRIAL_READS), all that its
criteria and conditions lead to, the statements that may join a condition to another (hierarchy,
exact matches) with what those lead to, and what the shared graph says about each IRI these mention;
not the sites, arms or outcomes, which are most of a study and which no criterion reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import RDF, SKOS, BNode, Literal, URIRef
from rdflib.term import Node

from ..graph.store import to_rdflib
from ..sources.ctgov.builder import SHARED_GRAPH
from .eligibility import TG, UPWARD

Triple = tuple[Node, Node, Node]
# what the matcher (eligibility.Matcher.trial) and --condition (studied.studies) read of a trial itself
_READ = (
    RDF.type,
    TG.nctId,
    TG.hasCriterion,
    TG.overallStatus,
    TG.condition,
    TG.meshCondition,
    TG.meshConditionAncestor,
)
TRIAL_READS = ", ".join(f"<{p}>" for p in _READ)
# what joins one condition (or drug) to another: the matcher walks these from the patient's side too
LINKS = "|".join(f"<{p}>" for p in (*UPWARD, SKOS.exactMatch))
ANY = "(<urn:trialgraph:none>|!<urn:trialgraph:none>)*"  # any path, the empty one too
WHAT = [  # ?s ?p ?o: each a part of what the matcher reads, in one study graph
    f"?s a <{TG.Trial}> ; ?p ?o FILTER(?p IN ({TRIAL_READS}))",
    f"?t a <{TG.Trial}> ; <{TG.hasCriterion}> ?s . ?s ?p ?o",
    f"?t a <{TG.Trial}> ; (<{TG.hasCriterion}>/<{TG.hasConstraint}>)|<{TG.condition}> ?n . ?n {ANY} ?s . ?s ?p ?o",
    f"?x {LINKS}|^({LINKS}) ?n . ?n {ANY} ?s . ?s ?p ?o",
]
# an object as text: "<" and the IRI, or the datatype IRI (or "@" and the language), '"', the encoded form
_OBJECT = (
    "IF(isIRI(?o), CONCAT('<', STR(?o)), "
    "CONCAT(IF(LANG(?o) != '', CONCAT('@', LANG(?o)), STR(DATATYPE(?o))), '\"', ENCODE_FOR_URI(STR(?o))))"
)
_NO_BLANK, _BLANK = "FILTER(!isBlank(?s) && !isBlank(?o))", "FILTER(isBlank(?s) || isBlank(?o))"
# ?graphs becomes the batch's graph names, as the store itself gives them (never user input)
PACKED = [
    "SELECT ?g (GROUP_CONCAT(CONCAT(STR(?s), ' ', STR(?p), ' ', " + _OBJECT + "); SEPARATOR='\\n') AS ?rows) "
    f"WHERE {{ VALUES ?g {{ ?graphs }} GRAPH ?g {{ {what} {_NO_BLANK} }} }} GROUP BY ?g"
    for what in (WHAT[0], WHAT[1], WHAT[3])
]
ROWS = [  # what constraints lead to is nearly all blank nodes: all of it here
    f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ ?graphs }} GRAPH ?g {{ {what} }} }}"
    for what in (f"{WHAT[0]} {_BLANK}", f"{WHAT[1]} {_BLANK}", WHAT[2], f"{WHAT[3]} {_BLANK}")
]
OX_SHARED = ox.NamedNode(SHARED_GRAPH)
_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BOUND = 50_000  # cached terms and shared statements: a study's own IRIs come and go, the vocabulary's stay


class StudyFetch:
    """Batches of studies read from `store`: for each study, in the order asked, its triples (rdflib terms)."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._terms: dict[str, Node] = {}
        self._shared: dict[URIRef, list[Triple]] = {}  # what the shared graph says of an IRI

    def studies(self, names: list[str]) -> Iterator[list[Triple]]:
        graphs = " ".join(str(ox.NamedNode(name)) for name in names)
        found: dict[str, set[Triple]] = {name: set() for name in names}
        for query in PACKED:
            for row in self.store.query(query.replace("?graphs", graphs)):
                own = found[row[0].value]
                for line in row[1].value.split("\n") if row[1].value else ():
                    s, p, o = line.split(" ", 2)
                    own.add((self._iri(s), self._iri(p), self._object(o)))
        for query in ROWS:
            for row in self.store.query(query.replace("?graphs", graphs)):
                found[row[0].value].add((self._node(row[1]), self._iri(row[2].value), self._node(row[3])))
        for name in names:
            triples = found.pop(name)
            triples.update(self.shared_of(triples))
            yield list(triples)

    def _iri(self, text: str) -> Node:
        known = self._terms.get(text)
        if known is None:
            if len(self._terms) > _BOUND:
                self._terms.clear()
            known = self._terms[text] = URIRef(text)
        return known

    def _object(self, text: str) -> Node:
        if text[0] == "<":
            return self._iri(text[1:])
        kind, _, encoded = text.partition('"')
        if kind[0] == "@" or kind == _STRING:
            return unquote(encoded)  # type: ignore[return-value]  # text: the matcher reads it with str() only
        known = self._terms.get(text)
        if known is None:
            if len(self._terms) > _BOUND:
                self._terms.clear()
            known = self._terms[text] = Literal(unquote(encoded), datatype=URIRef(kind))
        return known

    def _node(self, term) -> Node:
        if isinstance(term, ox.NamedNode):
            return self._iri(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language or term.datatype.value == _STRING:
            return term.value  # as _object gives text
        return to_rdflib(term)  # type: ignore[return-value]

    def shared_of(self, triples: set[Triple]) -> set[Triple]:
        """The shared graph's statements about the IRIs `triples` lead to, and about those these lead to. Not
        about the study's own nodes (criteria, conditions): the shared graph holds what studies share."""
        found: set[Triple] = set()
        own = {s for s, _, _ in triples}
        todo = [o for _, _, o in triples if isinstance(o, URIRef) and o not in own]
        seen: set[URIRef] = set()
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            said = self._shared.get(node)
            if said is None:
                if len(self._shared) > _BOUND:
                    self._shared.clear()
                quads = self.store.quads_for_pattern(ox.NamedNode(node), None, None, OX_SHARED)
                said = self._shared[node] = [(node, self._iri(q.predicate.value), self._node(q.object)) for q in quads]
            found.update(said)
            todo += [o for _, _, o in said if isinstance(o, URIRef)]
        return found
