"""The whole registry into an on-disk Oxigraph store: each study in its own named graph, in parallel.

Worker processes parse and map the records and write N-Quads text (no rdflib Graph per study); the
main process removes the graphs of changed studies and hands the text to the store's bulk loader in
batches, so memory holds a batch, never the registry. Each study's graph (named by its registry record
IRI) records a content hash of the record and of the mapping code; a study whose hash is in the store
is not mapped again. Triples about things several studies share (organizations, places, units) go to
one shared graph, where the store keeps each once, so a question joining through them does not see a
copy per study; each worker sends a shared triple once per run (a fifth of the input otherwise). Each
study's match digest (match_digest.py) goes into the index graph with it, and leaves with it. The
write goes into a copy of the store swapped in at the end (graph.store); Ctrl-C stops after the current
batch and keeps every study loaded so far, a second Ctrl-C keeps the old store.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import curies
import pyoxigraph as ox
from rdflib import Literal, URIRef

from ...graph.canonical import canonical_of
from ...graph.nquads import TermError, predicate_text, quad_line, term_text
from ...graph.store import replace_store
from ...links.prefixes import load_converter
from ...links.unit_links import unit_link
from ...paths import ProjectPaths
from .builder import CTGOV, REGISTRY_PAGE, SHARED_GRAPH, TG
from .importer import Skipped, Warnings, default_mapper, problem_exit_code, problem_lines
from .mapper import RecordError, StudyMapper
from .match_digest import MATCH_DIGEST, MATCH_INDEX, study_digest
from .read import RawEntry, Unreadable, parse_entry, raw_entries

CONTENT_HASH = TG.contentHash
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# plain strs: a str compared with a URIRef goes to rdflib's __eq__, which says False
UNIT, NUMERIC_VALUE, QUANTITY, RDF_TYPE_NAME = str(TG.unit), str(TG.numericValue), str(TG.Quantity), str(RDF_TYPE)
ENTRIES_PER_TASK = 32
BATCH_QUADS = 800_000  # quads held before each bulk load: bounds the main process's memory (about 1.1 GB)
SENT_LIMIT = 300_000  # shared lines a worker remembers having sent: bounds its memory (about 60 MB)
_OX_DIGEST, _OX_INDEX = ox.NamedNode(MATCH_DIGEST), ox.NamedNode(MATCH_INDEX)
KNOWN_HASHES = f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?g <{CONTENT_HASH}> ?h }} }}"


@dataclass
class StoreSummary:
    read: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    quads: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    noted: int = 0  # records with something not parsed (see their curator notes)
    warnings: Warnings = field(default_factory=Warnings)
    interrupted: bool = False
    prune_refused: str = ""

    @property
    def exit_code(self) -> int:
        """As the Turtle mode's (0, 1, 2), and 130 (the shell's code for Ctrl-C) when interrupted."""
        return 130 if self.interrupted else problem_exit_code(self.skipped, self.warnings)

    def lines(self) -> list[str]:
        out = problem_lines(self.skipped, self.warnings)
        if self.prune_refused:
            out.append(f"not pruned: {self.prune_refused}")
        if self.interrupted:
            out.append("interrupted: the store keeps every study loaded so far; run again to go on")
        out.append(
            f"read {self.read} record(s): {self.added} added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.skipped)} skipped, {self.warnings.summary()}; "
            f"{self.quads} quads loaded; {self.noted} record(s) with items not parsed (see their curator notes)"
        )
        return out


@dataclass(frozen=True)
class _Mapped:
    nct_id: str
    where: str
    text: bytes  # N-Quads of the study's own graph
    shared: bytes  # N-Quads of the shared graph this worker has not sent before
    quads: int
    noted: bool
    warnings: list[str]
    unknown_values: int


@dataclass(frozen=True)
class _Same:
    nct_id: str
    where: str


@dataclass(frozen=True)
class _Failed:
    """A record that could not be mapped; its NCT ID, where it has one, keeps its old graph from --prune."""

    nct_id: str | None
    skipped: Skipped


Outcome = _Mapped | _Same | _Failed | Skipped
Progress = Callable[[int], None]  # studies done so far


def _code_digest() -> bytes:
    """The mapping code as this process loaded it (read once, at import: an edit afterwards does not run)."""
    package = Path(__file__).resolve().parents[2]
    sources = sorted([*package.glob("sources/ctgov/**/*.py"), *package.glob("text/*.py"), *package.glob("graph/*.py")])
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).digest()


_CODE = _code_digest()


def mapping_fingerprint(project: ProjectPaths) -> str:
    """A digest of the mapping code and the vocabularies it reads: a change re-maps every study."""
    digest = hashlib.sha256(_CODE)
    shared = project.shared_data_dir
    for path in (project.ontology_dir / "vocabulary.ttl", shared / "measures.ttl", shared / "country-aliases.tsv"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def import_to_store(
    paths: Iterable[Path],
    location: Path,
    project: ProjectPaths,
    *,
    jobs: int | None = None,
    prune: bool = False,
    progress: Progress | None = None,
    batch_quads: int = BATCH_QUADS,
) -> StoreSummary:
    """Import every record under `paths` into the store at `location`; see the module's docstring."""
    paths = list(paths)
    context = _Context(default_mapper(project), load_converter(project.prefix_map_file), mapping_fingerprint(project))
    return replace_store(
        location, lambda store: _Run(store, context, batch_quads, progress).run(paths, jobs, prune), keep=True
    )


@dataclass
class _Context:
    """What every worker holds: inherited by fork, with the hashes already in the store."""

    mapper: StudyMapper
    converter: curies.Converter
    fingerprint: str
    known: dict[str, str] = field(default_factory=dict)
    sent: set[str] = field(default_factory=set)  # each process's own copy (after fork): its shared lines sent


_CONTEXT: _Context | None = None


class _Run:
    def __init__(self, store: ox.Store, context: _Context, batch_quads: int, progress: Progress | None):
        self.store, self.context, self.batch_quads, self.progress = store, context, batch_quads, progress
        self.summary = StoreSummary()
        self.seen: set[str] = set()
        self.buffer: list[bytes] = []
        self.buffered = 0
        self.stop = False

    def run(self, paths: list[Path], jobs: int | None, prune: bool) -> StoreSummary:
        global _CONTEXT
        known = {row["g"].value: row["h"].value for row in self.store.query(KNOWN_HASHES)}
        self.context.known = known
        self.context.sent = set()
        _CONTEXT = self.context
        previous = signal.signal(signal.SIGINT, self._interrupt) if _main_thread() else None
        try:
            self._map_all(raw_entries(paths), jobs or os.cpu_count() or 1)
            self._flush()
            self.summary.interrupted = self.stop
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)
            _CONTEXT = None
        if prune:
            self._prune(known)
        if self.summary.quads or self.summary.removed:
            self.store.optimize()  # compacts what the batches wrote, for the questions
        return self.summary

    def _interrupt(self, _signum, _frame) -> None:
        if self.stop:  # a second Ctrl-C: give up, the old store stays
            raise KeyboardInterrupt
        self.stop = True

    def _map_all(self, entries: Iterator[RawEntry | Unreadable], jobs: int) -> None:
        tasks = _tasks(entries, self.summary)
        if jobs == 1:
            for task in tasks:
                self._take(_map_task(task))
                if self.stop:
                    break
            return
        pending: list[Future] = []
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=fork, initializer=_ignore_interrupts) as pool:
            for task in tasks:
                pending.append(pool.submit(_map_task, task))
                while len(pending) > 2 * jobs or (pending and pending[0].done()):
                    self._take(pending.pop(0).result())
                if self.stop:
                    break
            for future in pending:
                self._take(future.result())

    def _take(self, outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            self.summary.read += 1
            if isinstance(outcome, _Mapped):
                # loaded whatever becomes of the study: the worker will not send these lines again
                self.buffer.append(outcome.shared)
            if isinstance(outcome, Skipped | _Failed):
                self.summary.skipped.append(outcome if isinstance(outcome, Skipped) else outcome.skipped)
                if isinstance(outcome, _Failed) and outcome.nct_id:
                    self.seen.add(outcome.nct_id)
                continue
            iri = REGISTRY_PAGE + outcome.nct_id
            if outcome.nct_id in self.seen:
                self.summary.skipped.append(Skipped(outcome.where, f"{outcome.nct_id} was already read"))
                continue
            self.seen.add(outcome.nct_id)
            if isinstance(outcome, _Same):
                self.summary.unchanged += 1
                continue
            if iri in self.context.known:
                remove_study(self.store, iri)
                self.summary.changed += 1
            else:
                self.summary.added += 1
            self.summary.noted += outcome.noted
            self.summary.warnings.add(outcome.where, outcome.warnings, outcome.unknown_values)
            self.buffer.append(outcome.text)
            self.buffered += outcome.quads
            if self.buffered >= self.batch_quads:
                self._flush()
        if self.progress is not None:
            self.progress(self.summary.read)

    def _flush(self) -> None:
        if self.buffer:
            self.store.bulk_load(b"".join(self.buffer), format=ox.RdfFormat.N_QUADS)
            self.summary.quads += self.buffered
        self.buffer, self.buffered = [], 0

    def _prune(self, known: dict[str, str]) -> None:
        """Remove the studies the input no longer holds; only after a complete, clean read."""
        if self.stop or any(s.unreadable for s in self.summary.skipped):
            self.summary.prune_refused = "the input was not read completely"
            return
        for iri in known:
            if iri.removeprefix(REGISTRY_PAGE) not in self.seen:
                remove_study(self.store, iri)
                self.summary.removed += 1


def _main_thread() -> bool:
    """Signal handlers can be set only there (a test runner may import from another thread)."""
    return threading.current_thread() is threading.main_thread()


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl-C does


def _tasks(entries: Iterator[RawEntry | Unreadable], summary: StoreSummary) -> Iterator[list[RawEntry]]:
    """Entries in groups for the workers; unreadable files are recorded on the way."""
    readable = (e for e in entries if not (isinstance(e, Unreadable) and _skip(summary, e)))
    while task := list(islice(readable, ENTRIES_PER_TASK)):
        yield task


def _skip(summary: StoreSummary, item: Unreadable) -> bool:
    summary.skipped.append(Skipped(str(item.path), item.reason, True))
    return True


def _map_task(entries: list[RawEntry]) -> list[Outcome]:
    """In a worker: each entry parsed, hashed, and mapped to N-Quads unless the store holds that hash."""
    context = _CONTEXT
    assert context is not None
    outcomes: list[Outcome] = []
    for entry in entries:
        for item in parse_entry(entry):
            if isinstance(item, Unreadable):
                outcomes.append(Skipped(str(item.path), item.reason, True))
                continue
            canonical = json.dumps(item.study, sort_keys=True, ensure_ascii=False).encode()
            digest = hashlib.sha256(context.fingerprint.encode() + canonical).hexdigest()
            nct_id = _nct_id(item.study)
            if nct_id and context.known.get(REGISTRY_PAGE + nct_id) == digest:
                outcomes.append(_Same(nct_id, item.where))
                continue
            try:
                mapped = context.mapper.map(item)
                own, shared = study_quads(mapped.nct_id, mapped.triples, context.converter, digest)
            except (RecordError, TermError) as error:
                outcomes.append(_Failed(nct_id, Skipped(item.where, str(error))))
                continue
            if len(context.sent) > SENT_LIMIT:
                context.sent.clear()  # a line sent twice is only loaded twice: the store keeps it once
            unsent = [line for line in shared if line not in context.sent]
            context.sent.update(unsent)
            outcomes.append(
                _Mapped(
                    mapped.nct_id,
                    item.where,
                    "".join(own).encode(),
                    "".join(unsent).encode(),
                    len(own) + len(unsent),
                    bool(mapped.notes),
                    mapped.warnings,
                    mapped.unknown_values,
                )
            )
    return outcomes


def _nct_id(study: dict) -> str | None:
    try:
        value = study["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) else None


def study_quads(nct_id: str, triples: list, converter, digest: str | None = None) -> tuple[list[str], list[str]]:
    """One study's triples, its derived ones (unit IRIs, canonical values) and its content hash, as N-Quads
    lines: what is the study's own, in its graph, and what it shares with others, in the shared graph."""
    graph = REGISTRY_PAGE + nct_id
    prefixes = (f"{CTGOV}{nct_id}", graph)
    study_graph, shared_graph = f" <{graph}> .\n", f" <{SHARED_GRAPH}> .\n"
    own: list[str] = []
    shared: list[str] = []
    subjects: dict[str, tuple[str, list[str], str]] = {}  # a subject's text, list and graph, once per study
    everything = [*triples, *_derived(triples, converter)]
    for subject, predicate, obj in everything:
        key = str.__str__(subject)  # a plain str: hashed in C (an IRI and a blank node label never clash)
        known = subjects.get(key)
        if known is None:
            is_own = not isinstance(subject, URIRef) or key.startswith(prefixes)
            known = subjects[key] = (term_text(subject), *((own, study_graph) if is_own else (shared, shared_graph)))
        known[1].append(f"{known[0]} {predicate_text(predicate)} {term_text(obj)}{known[2]}")
    if digest is not None:  # the store's write: with the content hash, the study's match digest
        own.append(quad_line(URIRef(graph), CONTENT_HASH, Literal(digest), graph))
        facts = study_digest(nct_id, everything)
        if facts is not None:
            own.append(quad_line(URIRef(graph), MATCH_DIGEST, Literal(facts), MATCH_INDEX))
    return own, shared


def remove_study(store: ox.Store, iri: str) -> None:
    """A study's graph and its match digest (in the index graph, which names the study)."""
    store.remove_graph(ox.NamedNode(iri))
    for quad in list(store.quads_for_pattern(ox.NamedNode(iri), _OX_DIGEST, None, _OX_INDEX)):
        store.remove(quad)


def _derived(triples: list, converter) -> list:
    """What assemble.derived_triples adds to a quantity, read from the study's own triples."""
    units, values, quantities = {}, {}, set()
    for subject, predicate, obj in triples:
        name = str.__str__(predicate)  # a plain str: compared in C, not by rdflib's __eq__
        if name == UNIT:
            units[subject] = obj
        elif name == NUMERIC_VALUE:
            values[subject] = obj
        elif name == RDF_TYPE_NAME and str.__str__(obj) == QUANTITY:
            quantities.add(subject)
    derived = []
    for quantity, code in units.items():
        derived += unit_link(quantity, str(code), converter)
        if quantity in quantities and quantity in values:
            derived += canonical_of(quantity, values[quantity], code)
    return derived
