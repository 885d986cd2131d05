"""Matching a store's studies from their match digests: one literal read per study, and findings worked out once.

`import ctgov --oxigraph` writes each study's digest (sources/ctgov/match_digest.py): its trial's facts, each
constraint as the canonical text of its node and all beneath it. The Matcher decides from these facts
(`Matcher.decide`, the same rules as in memory). A criterion's truth depends only on its section, its
constraints' texts, the patient and the context (the ontology, data/shared, the mappings, and the store's
shared graph for the IRIs the constraints name), so it is worked out once per process, on those triples over
the context, and kept: the registry repeats its constraints (ages, common lab bounds), so most criteria are a
dict lookup. That holds only while the shared graph links no node to another (the import writes labels,
types, places there, never hierarchy or mappings); `usable` says so, or the caller walks each study's graph.
A study without a digest (a store written before digests, or a study with links of its own) is the caller's
to walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from operator import itemgetter

import pyoxigraph as ox
from rdflib import URIRef

from ..graph.triple_index import TripleIndex
from ..sources.ctgov.match_digest import (
    LINKS,
    MATCH_DIGEST,
    MATCH_INDEX,
    TrialFacts,
    constraint_triples,
    iri_texts,
    read_digest,
    short_iri,
)
from .eligibility import TG, Finding, Matcher, TrialMatch
from .store_fetch import OX_SHARED, StudyFetch
from .studied import UP, studies

_OX_DIGEST, _OX_INDEX = ox.NamedNode(MATCH_DIGEST), ox.NamedNode(MATCH_INDEX)
DIGESTED = f"SELECT ?g WHERE {{ GRAPH <{MATCH_INDEX}> {{ ?g <{MATCH_DIGEST}> ?digest }} }}"
COUNT_DIGESTS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{MATCH_INDEX}> {{ ?g <{MATCH_DIGEST}> ?digest }} }}"
_TEXT_OF = itemgetter(0)  # a packed constraint's text (then its own IRIs)
_BOUND = 50_000  # criteria's findings kept: the vocabulary of constraints recurs, a study's own ones come and go


class DigestMatching:
    """A patient's matches from the digests of `store`, decided by `matcher` over the context `beneath`."""

    def __init__(
        self, store: ox.Store, matcher: Matcher, beneath: TripleIndex, fetch: StudyFetch, conditions: tuple[URIRef, ...]
    ):
        self.store, self.matcher, self.beneath, self.fetch = store, matcher, beneath, fetch
        self.conditions = conditions
        self.wanted = set(conditions)
        self._wanted_texts = {short_iri(str(iri)) for iri in conditions}
        self._reaches: dict[URIRef, bool] = {}  # a condition node the context leads onward: studied or not
        self._found: dict[tuple, Finding] = {}
        patient = matcher.patient
        named = [*(c.iri for c in patient.conditions), *patient.absent_conditions, *patient.labs]
        named += [node for _, nodes in matcher.treatments for node in nodes]
        self.named = {short_iri(str(iri)) for iri in named}  # what the patient names, as a digest writes IRIs
        self.usable = digests_usable(store)

    def facts(self, names: list[str]) -> Iterator[tuple[str, TrialFacts | None]]:
        """Each study's facts, from its digest; None for a study without one (or with one of another version),
        and for all when the digests may not be read."""
        if not self.usable:
            yield from ((name, None) for name in names)
            return
        for name in names:
            text = self.digest_text(name)
            yield name, read_digest(text) if text is not None else None

    def digest_text(self, name: str) -> str | None:
        """The digest of the study graph `name`, as the store holds it; None for a study without one."""
        quad = next(self.store.quads_for_pattern(ox.NamedNode(name), _OX_DIGEST, None, _OX_INDEX), None)
        return quad.object.value if quad is not None else None

    def match(self, facts: TrialFacts) -> TrialMatch | None:
        """The trial's match; None when --condition's conditions are not among what it studies."""
        if self.conditions and not self._studies(facts):
            return None
        return self.matcher.decide(facts, self._criterion)

    def _criterion(self, section: str, packed: list[list[str]]) -> Finding:
        """A criterion's truth, kept by its constraints' texts; by their own IRIs too where one of these is
        named by the patient or shows in the finding (then the finding is that study's alone)."""
        by_texts = (section, *map(_TEXT_OF, packed))
        if max(map(len, packed), default=1) == 1:  # no IRI of the study's own (most criteria): the texts are the key
            found = self._found.get(by_texts)
            if found is not None:
                return found
        own = {iri for pack in packed for iri in pack[1:]}
        concrete = (section, *(tuple(pack) for pack in packed))
        key = concrete if own & self.named else by_texts
        found = self._found.get(key)
        if found is None:
            if len(self._found) > _BOUND:
                self._found.clear()
            roots, triples = [], []
            for pack in packed:
                root, beneath = constraint_triples(pack)
                roots.append(root)
                triples += beneath
            triples += self.fetch.shared_of(set(triples))
            found = self.matcher.on(self.beneath.over(triples)).criterion(section, roots)
            texts = [*found.facts, *found.missing]
            if any(_local(iri) in text for iri in own for text in texts):
                key = concrete
            self._found[key] = found
        return found

    def _studies(self, facts: TrialFacts) -> bool:
        """studied.studies on what the digest says of the trial's conditions, over the context. Only the context
        can lead a condition node onward: a study with a digest links none of its own nodes, and `usable` says
        the shared graph links none. So a node the context says nothing upward of is studied only if wanted,
        and the walk from any other is worked out once."""
        if not self._wanted_texts.isdisjoint(iri_texts(facts.mesh)):
            return True
        for node in facts.conditions:
            found = self._reaches.get(node)
            if found is None:
                if not any(self.beneath.value(node, p) is not None for p in UP):
                    found = node in self.wanted
                else:
                    found = self._reaches[node] = studies(
                        self.beneath.over([(facts.trial, TG.condition, node)]), facts.trial, self.conditions
                    )
            if found:
                return True
        return False


def digests_usable(store: ox.Store) -> bool:
    """Whether the store's digests may be read: its shared graph links no node to another."""
    return all(next(store.quads_for_pattern(None, ox.NamedNode(str(p)), None, OX_SHARED), None) is None for p in LINKS)


def undigested(store: ox.Store, names: list[str]) -> set[str]:
    """The studies among `names` whose graphs may link their own nodes: those without a digest (all, when the
    digests may not be read). A digest of another version counts as one, though its study is walked: every
    version is written only for a study without such links. A count first: in a store imported whole, every
    study has one."""
    if not digests_usable(store):
        return set(names)
    if int(next(iter(store.query(COUNT_DIGESTS)))["n"].value) >= len(names):
        return set()
    return set(names) - {row["g"].value for row in store.query(DIGESTED)}


def _local(iri: str) -> str:
    """The last part of an IRI, as any CURIE or IRI showing it in a text would end."""
    return iri.replace("#", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
