"""Matching a patient to the trials of an on-disk store, a batch of studies at a time, in worker processes.

The store is opened read-only. A study with a match digest (written by `import ctgov --oxigraph`) is
matched from it: one literal read, the Matcher deciding from the trial's facts, each criterion's finding
worked out once per process (store_digests.py). A study without one (a store imported before digests) is
walked as follows, with the same answers. A worker reads a batch of studies (named graphs, as `import ctgov
--oxigraph` writes them) with a few SPARQL queries over all of them at once (FETCH: Oxigraph walks the
graphs, Python gets only the rows), and only what the matcher reads: the trial's triples that matching
reads, everything its criteria and conditions lead to, and the statements joining conditions (hierarchy,
exact matches), with what the shared graph says about each IRI these mention (never the whole shared
graph). The rows are sorted out by study; each study's triples are indexed in dicts over the context
every study needs (the ontology, data/shared and the mappings, as `validate --oxigraph` reads them,
read and indexed once, by the main process, and sent to the workers: graph/triple_index.py), and the same
Matcher as in memory decides; so memory
follows one batch, not the store. Each study is matched on its own: a statement in one study's graph
does not change another's match, as it would in one merged graph. The curated trials of the default
graph (`build --oxigraph`) are matched on that graph, as the embedded default matches them. Prior
treatments given by label are looked up in the context (where the drugs and their classes are). Studies
of the wanted statuses are picked by a query on the store first; results come in trial IRI order.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from ..graph.store import open_read_only, to_rdflib
from ..graph.triple_index import TripleIndex
from ..paths import ProjectPaths, project_paths
from ..sources.ctgov.store_studies import in_batches, start_processes, study_names
from .eligibility import TG, Matcher, TrialMatch, match
from .patient import Patient
from .results import Matches, Shown, ShownBatch
from .store_digests import DigestMatching, undigested
from .store_fetch import StudyFetch
from .store_selection import may_study, with_status
from .studied import studies

# studies per task: few hand-overs (256 against 64: 4.1 s against 4.5 s for 30,000 studies, the mean of four runs
# each), and few enough to keep memory flat (a walked study's triples, a JSON item's 9 KB; two batches ahead a worker)
BATCH = 256
IS_TRIAL = (RDF.type, TG.Trial)
HAS_TRIAL = f"ASK {{ ?trial a <{TG.Trial}> }}"
_MEASURE = ox.NamedNode(str(TG.measure))


class StoreMatching:
    """A patient against the store at `path`: the context read, the store open read-only. With `jobs` above
    one, the worker processes' server starts first, so that its start overlaps reading the context."""

    def __init__(self, patient: Patient, path: Path, project: ProjectPaths | None = None, jobs: int | None = None):
        self.patient, self.path = patient, path
        patient.age_days  # noqa: B018 (worked out here and sent with the patient: no worker builds pint's registry)
        self.project = project or project_paths()
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        if self.jobs > 1:
            start_processes(_StudyWorker)
        self.store = open_read_only(path)
        # here, not at the module's top: the worker processes import this module, and need not read it
        from ..checks.store_context import read_context

        self.context = read_context(self.project)
        self.beneath = TripleIndex.of_graph(self.context.graph)
        self.matcher = Matcher(patient, self.context.graph)  # the treatments resolved once, sent to the workers

    def unread_labs(self) -> list[str]:
        """The patient's labs no criterion reads, in the store (any graph) or the context: each measure a lab may
        be read as looked up (Matcher.lab_measures), rather than every measure the store's criteria read listed
        (a scan that grows with the store)."""
        read = [m for m in self.matcher.lab_measures() if self._read(m)]
        return self.matcher.unread_labs(read)

    def _read(self, measure: Node) -> bool:
        if (None, TG.measure, measure) in self.context.graph:
            return True
        try:
            node = ox.NamedNode(str(measure))
        except ValueError:  # not an IRI Oxigraph takes: no criterion of the store names it
            return False
        return next(self.store.quads_for_pattern(None, _MEASURE, node, None), None) is not None

    def results(
        self,
        statuses: Collection[URIRef] = (),
        conditions: Collection[URIRef] = (),
        show: Callable[[TrialMatch], str] | None = None,
    ) -> Iterator:
        """Every trial's match in trial IRI order: the default graph's trials merged with the studies'. With
        `conditions`, only the trials studying one of them (matching/studied.py), of the studies that bound
        queries say may (store_selection.py). With `show` (a picklable function of a match, matching/printed.py),
        each match as Shown, its text made where it was matched. The workers start on the studies before the
        curated trials are matched here."""
        studies = self._studies(statuses, conditions)
        setup = (self.patient, self.path, self.beneath, self.matcher.treatments, tuple(conditions), show)
        worker = _StudyWorker(*setup)
        batches = in_batches(studies, BATCH, self.jobs, worker, _StudyWorker, setup)
        curated: list = self._curated(statuses, tuple(conditions))
        if show is not None:
            curated = [Shown.of(match, show) for match in curated]
        matched = (result for batch in batches for result in batch)
        return heapq.merge(curated, matched, key=lambda result: str(result.trial))

    def _studies(self, statuses: Collection[URIRef], conditions: Collection[URIRef]) -> list[str]:
        """The study graphs to read, in name order: those a bound query says may keep a trial."""
        names = study_names(self.store)
        if statuses:
            picked = with_status(self.store, statuses)
            names = [name for name in names if name in picked]
        if conditions:
            picked = may_study(self.store, self.context.graph, conditions, undigested(self.store, names))
            names = [name for name in names if name in picked]
        return names

    def _curated(self, statuses: Collection[URIRef], conditions: tuple[URIRef, ...]) -> list[TrialMatch]:
        """The default graph's trials, matched on that graph (the curated build: small by design), indexed as a
        store's study is rather than read into an rdflib Graph (five times slower to fill)."""
        if not self.store.query(HAS_TRIAL):
            return []
        quads = self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        triples = [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads]
        graph = TripleIndex(triples, self.context.namespaces)  # type: ignore[arg-type]
        return match(self.patient, graph, statuses, _studying(conditions), self.matcher.treatments)


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
    return StoreMatching(patient, path, project, jobs).results(statuses, conditions)


def _studying(conditions: tuple[URIRef, ...]) -> Callable[[Graph | TripleIndex, URIRef], bool] | None:
    return (lambda graph, trial: studies(graph, trial, conditions)) if conditions else None


class _StudyWorker:
    """One process's matcher: the store opened read-only, the context indexed and the treatments resolved as
    the main process did (sent, not read again). A batch of studies is read by a few queries over all of them
    at once (store_fetch.py), and each study matched on its own triples over the context."""

    def __init__(
        self,
        patient: Patient,
        path: Path,
        beneath: TripleIndex,
        treatments: list,
        conditions: tuple[URIRef, ...],
        show: Callable[[TrialMatch], str] | None = None,
    ):
        self.keep = _studying(conditions)
        self.show = show
        self.beneath = beneath
        self.store = open_read_only(path)
        self.matcher = Matcher(patient, beneath, treatments)
        self.fetch = StudyFetch(self.store)
        self.digests = DigestMatching(self.store, self.matcher, self.beneath, self.fetch, conditions)

    def run(self, names: list[str]) -> list:
        """The batch's matches in study order (or as shown): from the digests, and by walking the graphs of those
        without."""
        found: dict[str, list[TrialMatch]] = {}
        walk = []
        for name, facts in self.digests.facts(names):
            if facts is None:
                walk.append(name)
            else:
                matched = self.digests.match(facts)
                found[name] = [matched] if matched is not None else []
        for name, own in zip(walk, self.fetch.studies(walk) if walk else (), strict=True):
            view = self.beneath.over(own)
            self.matcher.on(view)
            trials = sorted({s for s, p, o in own if (p, o) == IS_TRIAL})
            found[name] = [self.matcher.trial(t) for t in trials if self.keep is None or self.keep(view, t)]
        matches = (result for name in names for result in found[name])
        if self.show is not None:
            return ShownBatch(Shown.of(match, self.show) for match in matches)
        return Matches(matches)
