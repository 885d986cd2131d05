"""Matching a patient to the trials of an on-disk store, one study at a time, in worker processes.

The store is opened read-only. Of each study's named graph (what `import ctgov --oxigraph` writes)
only what the matcher reads is fetched: the trial's own triples, everything its criteria lead to,
and the statements joining conditions (hierarchy, exact matches), with what the shared graph says
about each thing these mention (never the whole shared graph). That goes into a small dict-indexed
graph layered over the context every study needs (the ontology, data/shared and the mappings, as
`validate --oxigraph` reads them), which each process reads once; so memory follows one study, not
the store. Each study is matched on its own: a statement in one study's graph does not change
another's match, as it would in one merged graph. The curated trials of the default graph (`build
--oxigraph`) are matched on that graph, as the embedded default matches them. Prior treatments
given by label are looked up in the context (where the drugs and their classes are). Studies of the
wanted statuses are picked by a query on the store first; results come in trial IRI order.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SKOS, Graph, URIRef
from rdflib.term import Node

from ..checks.store_validation import Context, read_context
from ..graph.layered import layered_graph
from ..graph.store import open_read_only, to_rdflib
from ..paths import ProjectPaths, project_paths
from ..sources.ctgov.store_studies import in_batches, shared_quads, study_graphs
from .eligibility import TG, UPWARD, Matcher, TrialMatch, match
from .patient import Patient
from .studied import studies

BATCH = 64  # studies per task: enough to amortise the hand-over, few enough to keep memory flat
IS_TRIAL = (RDF.type, TG.Trial)
OX_TYPE, OX_TRIAL, OX_HAS_CRITERION = (ox.NamedNode(str(t)) for t in (RDF.type, TG.Trial, TG.hasCriterion))
# what joins one condition (or drug) to another: the matcher walks these from the patient's side too
OX_LINKS = [ox.NamedNode(str(p)) for p in (*UPWARD, SKOS.exactMatch)]
# values are bound (substitutions), never written into the text
HAS_TRIAL = f"ASK {{ ?trial a <{TG.Trial}> }}"
WITH_STATUS = f"SELECT DISTINCT ?g ?status WHERE {{ GRAPH ?g {{ ?trial <{TG.overallStatus}> ?status }} }}"
MEASURES = f"SELECT DISTINCT ?measure WHERE {{ ?criterion <{TG.measure}> ?measure }}"


class StoreMatching:
    """A patient against the store at `path`: the context read, the store open read-only."""

    def __init__(self, patient: Patient, path: Path, project: ProjectPaths | None = None):
        self.patient, self.path = patient, path
        self.project = project or project_paths()
        self.store = open_read_only(path)
        self.context = read_context(self.project)

    def unread_labs(self) -> list[str]:
        """The patient's labs no criterion reads, in the store (any graph) or the context."""
        measures = {to_rdflib(row["measure"]) for row in self.store.query(MEASURES, use_default_graph_as_union=True)}
        measures.update(self.context.graph.objects(None, TG.measure))
        return Matcher(self.patient, self.context.graph).unread_labs(measures)

    def results(
        self, statuses: Collection[URIRef] = (), jobs: int | None = None, conditions: Collection[URIRef] = ()
    ) -> Iterator[TrialMatch]:
        """Every trial's match in trial IRI order: the default graph's trials merged with the studies'. With
        `conditions`, only the trials studying one of them (matching/studied.py), asked of each study's graph."""
        studies = self._studies(statuses)
        curated = self._curated(statuses, tuple(conditions))
        setup = (self.patient, self.path, self.project, None, tuple(conditions))
        worker = _StudyWorker(self.patient, self.path, self.project, self.context, tuple(conditions))
        jobs = max(1, jobs or os.cpu_count() or 1)
        batches = in_batches(studies, BATCH, jobs, worker, _StudyWorker, setup)
        matched = (result for batch in batches for result in batch)
        return heapq.merge(curated, matched, key=lambda result: str(result.trial))

    def _studies(self, statuses: Collection[URIRef]) -> list[str]:
        names = [g.value for g in study_graphs(self.store)]
        if not statuses:
            return names
        wanted: set[str] = set()
        for status in statuses:
            rows = self.store.query(WITH_STATUS, substitutions={ox.Variable("status"): ox.NamedNode(str(status))})
            wanted.update(row["g"].value for row in rows)
        return [name for name in names if name in wanted]

    def _curated(self, statuses: Collection[URIRef], conditions: tuple[URIRef, ...]) -> list[TrialMatch]:
        """The default graph's trials, matched on that graph (the curated build: small by design)."""
        if not self.store.query(HAS_TRIAL):
            return []
        graph = _graph(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), self.context)
        keep = _studying(conditions)
        return match(self.patient, graph, statuses, keep)


def match_store(
    patient: Patient,
    path: Path,
    project: ProjectPaths | None = None,
    *,
    statuses: Collection[URIRef] = (),
    jobs: int | None = None,
    conditions: Collection[URIRef] = (),
) -> Iterator[TrialMatch]:
    """The patient against every trial of the store at `path`, as `match` gives them for a graph.

    `statuses` (IRIs, see eligibility.status_iris) keeps the trials with one of them; `jobs` worker
    processes (default: one per core) match the studies, batch by batch."""
    return StoreMatching(patient, path, project).results(statuses, jobs, conditions)


def _studying(conditions: tuple[URIRef, ...]) -> Callable[[Graph, URIRef], bool] | None:
    return (lambda graph, trial: studies(graph, trial, conditions)) if conditions else None


def _graph(quads: Iterator[ox.Quad], context: Context) -> Graph:
    graph = Graph()
    graph.namespace_manager = context.namespaces
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


class _StudyWorker:
    """One process's matcher: the store opened read-only, the context read, the treatments resolved there."""

    def __init__(
        self,
        patient: Patient,
        path: Path,
        project: ProjectPaths,
        context: Context | None = None,
        conditions: tuple[URIRef, ...] = (),
    ):
        self.keep = _studying(conditions)
        self.context = context or read_context(project)
        self.store = open_read_only(path)
        self.matcher = Matcher(patient, self.context.graph)
        self._iris: dict[ox.NamedNode, Node] = {}  # predicates, classes, measures: the same in every study

    def run(self, names: list[str]) -> list[TrialMatch]:
        found: list[TrialMatch] = []
        for name in names:
            own = self.study(name)
            graph = layered_graph(own, self.context.graph, self.context.namespaces)
            self.matcher.on(graph)
            for trial in sorted({s for s, p, o in own if (p, o) == IS_TRIAL}):
                if self.keep is None or self.keep(graph, trial):
                    found.append(self.matcher.trial(trial))
        return found

    def study(self, name: str) -> list[tuple[Node, Node, Node]]:
        """What the matcher reads of a study: its trials' own triples, all that their criteria lead to,
        the statements that may join a condition to another (hierarchy, exact matches) with what those
        lead to, and what the shared graph says about each thing these mention. Not the sites, arms or
        outcomes, which are most of a study and which no criterion reads."""
        graph = ox.NamedNode(name)
        quads: list[ox.Quad] = []
        todo: list = []
        trials = [q.subject for q in self.store.quads_for_pattern(None, OX_TYPE, OX_TRIAL, graph)]
        for trial in trials:
            for quad in self.store.quads_for_pattern(trial, None, None, graph):
                quads.append(quad)
                if quad.predicate == OX_HAS_CRITERION:
                    todo.append(quad.object)
        for predicate in OX_LINKS:
            for quad in self.store.quads_for_pattern(None, predicate, None, graph):
                quads.append(quad)
                todo += [quad.subject, quad.object]
        seen = set(trials)
        while todo:
            node = todo.pop()
            if node in seen or isinstance(node, ox.Literal):
                continue
            seen.add(node)
            for quad in self.store.quads_for_pattern(node, None, None, graph):
                quads.append(quad)
                todo.append(quad.object)
        quads += shared_quads(self.store, [q.object for q in quads])
        return [(self._term(q.subject), self._term(q.predicate), self._term(q.object)) for q in quads]

    def _term(self, term) -> Node:
        if not isinstance(term, ox.NamedNode):
            return to_rdflib(term)
        known = self._iris.get(term)
        if known is None:
            if len(self._iris) > 20_000:  # bounded: a study's own IRIs come and go, the vocabulary's stay
                self._iris.clear()
            known = self._iris[term] = URIRef(term.value)
        return known
