"""Validate an Oxigraph store in which each study is a named graph, in worker processes.

Each study's graph (named by its registry record IRI, https://clinicaltrials.gov/study/NCT...) is
validated with the shared context (checks.study), so the time grows with the number of studies and
memory with the batch size only. The cross-study checks (queries/qc) run as SPARQL on the union of
the store's graphs. A result names the study, the file it was imported from (the tg:fileName of its
tg:RegistryRecord) and, where known, the JSON path in that record; results on the shared data
(ontology, data/shared) keep their file:line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode
from rdflib.namespace import NamespaceManager

from ..errors import InputError
from ..graph.store import open_read_only, to_rdflib
from ..graph.turtle import read_turtle
from ..links.prefixes import load_converter
from ..paths import ProjectPaths
from ..progress import Progress, silent
from ..questions.library import QueryFile, query_library
from ..sources.ctgov.builder import REGISTRY_PAGE
from ..sources.ctgov.store_studies import in_batches, shared_quads, study_graphs
from .engine import Result
from .facts import Facts
from .json_paths import json_path
from .locate import NodeLocator
from .results import Violation, relative, short
from .store_context import Context, read_context
from .study import StudyValidator
from .terms import OxTerm
from .validation import QC_COLUMNS

FILE_NAME = ox.NamedNode("https://w3id.org/trialgraph/ontology/fileName")
# a QC query whose matches lie within one record says so in its header; it runs on each study's graph
STUDY_SCOPE = re.compile(r"^#\s*scope\s*:\s*study\b", re.MULTILINE)
BATCH = 64  # studies per task: enough to amortise the hand-over, few enough to keep memory flat


@dataclass
class StoreSummary:
    studies: int = 0
    violations: int = 0
    warnings: int = 0

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def validate_store(
    path: Path,
    project: ProjectPaths,
    *,
    jobs: int | None = None,
    with_shared: bool = True,
    progress: Progress = silent,
) -> tuple[Iterator[Violation], StoreSummary]:
    """Results as they come (study by study, then the cross-study checks) and a summary filled meanwhile.

    A result on a node that several studies share (an organization, a city) is reported once, at the
    first study that states it.
    """
    store = open_read_only(path)
    context = read_context(project, with_shared=with_shared)
    graphs = study_graphs(store)
    summary = StoreSummary(studies=len(graphs))
    worker = _Worker(path, project, with_shared, context)
    jobs = max(1, jobs or os.cpu_count() or 1)

    def results() -> Iterator[Violation]:
        first_study: dict[tuple, str] = {}  # a shared node's result -> the study that reported it
        for number, batch in enumerate(_batches(worker, path, project, graphs, jobs, with_shared)):
            progress(f"validated {min(number * BATCH, len(graphs))} of {len(graphs)} studies")
            for result in batch:
                shared = result.study and result.study not in result.focus
                if shared and first_study.setdefault(result.key(), result.study) != result.study:
                    continue  # reported once, at the first study that states the shared node
                _count(summary, result)
                yield result
        progress("running the cross-study checks (queries/qc)")
        for result in qc_on_store(store, worker.validator.qc_on_union, worker.qc, context):
            _count(summary, result)
            yield result

    return results(), summary


def _count(summary: StoreSummary, result: Violation) -> None:
    if result.severity == "Violation":
        summary.violations += 1
    else:
        summary.warnings += 1


def _batches(validator, path, project, graphs, jobs, with_shared) -> Iterator[list[Violation]]:
    """The context's results first, then each batch of studies' results in NCT ID order."""
    yield validator.context_results()
    names = [g.value for g in graphs]
    yield from in_batches(names, BATCH, jobs, validator, _Worker, (path, project, with_shared))


class _Worker:
    """One process's validator: the store opened read-only, the shapes compiled, the context indexed."""

    def __init__(self, path: Path, project: ProjectPaths, with_shared: bool, context: Context | None = None):
        self.context = context or read_context(project, with_shared=with_shared)
        self.store = open_read_only(path)
        shapes = read_turtle(project.shapes_file).graph
        self.qc = qc_queries(project)
        checks = {name: query.text for name, query in self.qc.items()}
        per_study = {name for name, query in self.qc.items() if STUDY_SCOPE.search(query.text)}
        converter = load_converter(project.prefix_map_file)
        self.validator = StudyValidator(shapes, self.context.graph, converter, checks, per_study)
        # shapes, paths and shared values recur in every study: compact each once (rdflib's is slow)
        self.short = lru_cache(maxsize=1 << 16)(lambda term: short(to_rdflib(term), self.context.namespaces))

    def context_results(self) -> list[Violation]:
        locator = NodeLocator(self.context.files)
        results = []
        for result in self.validator.validate_context():
            focus = to_rdflib(result.focus)
            named, location = locator.locate(focus, self.context.graph)
            results.append(
                self._violation(result, short(named, self.context.namespaces), isinstance(focus, BNode))
                | {"file": relative(location.path) if location else None, "line": location.line if location else None}
            )
        results = [Violation(**fields) for fields in results]
        results.sort(key=lambda r: (r.file or "~", r.line or 0, r.focus, r.path or "", r.message))
        return results

    def run(self, graph_names: list[str]) -> list[Violation]:
        out: list[Violation] = []
        for name in graph_names:
            graph = ox.NamedNode(name)
            # each term read once: pyoxigraph makes a new object at each attribute access
            quads = self.store.quads_for_pattern(None, None, None, graph)
            triples = [(q.subject, q.predicate, q.object) for q in quads]
            # cities, organizations...: validated as the Turtle files are
            shared = shared_quads(self.store, [o for _, _, o in triples])
            triples += [(q.subject, q.predicate, q.object) for q in shared]
            study = Facts(triples, distinct=True)
            nct = name.removeprefix(REGISTRY_PAGE)
            file_names = study.out.get(graph, {}).get(FILE_NAME, [])
            file = file_names[0].value if file_names else None
            found = []
            results, rows = self.validator.validate(study, self.store, graph)
            for check, row in rows:
                found.append(_qc_violation(check, row, nct, file, self.context.namespaces))
            for result in results:
                named = _named_holder(result.focus, study, self.validator.context)
                in_blank = isinstance(result.focus, ox.BlankNode)
                fields = self._violation(result, self.short(named), in_blank)
                fields |= {"file": file, "line": None, "study": nct, "json_path": json_path(named, result.path, nct)}
                found.append(Violation(**fields))
            found.sort(key=lambda r: (r.focus, r.path or "", r.message, r.value or ""))
            out.extend(found)
        return out

    def _violation(self, result: Result, focus: str, in_blank: bool) -> dict:
        return {
            "severity": result.severity,
            "focus": focus + (" (in a blank node)" if in_blank else ""),
            "path": self.short(result.path) if isinstance(result.path, ox.NamedNode) else None,
            "value": self.short(result.value) if result.value is not None else None,
            "message": result.message,
            "shape": self.short(result.shape) if result.shape is not None else "(anonymous shape)",
        }


def _named_holder(node: OxTerm, study: Facts, context: Facts) -> OxTerm:
    """The named node that holds a blank node (a quantity's trial, say), as NodeLocator walks up."""
    seen = set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        holders = study.inv.get(node) or context.inv.get(node)
        if not holders:
            break
        node = next(iter(holders.values()))[0]
    return node


def qc_queries(project: ProjectPaths) -> dict[str, QueryFile]:
    library = query_library(project.queries_dir / "qc")
    for query in library.values():
        if query.columns != QC_COLUMNS:
            raise InputError(f"a QC query's columns must be: {', '.join(QC_COLUMNS)}", query.path)
    return library


def qc_on_store(store: ox.Store, names: list[str], qc: dict[str, QueryFile], context: Context) -> Iterable[Violation]:
    """QC queries on the union of the store's graphs; a row's study is the graph that states its focus."""
    for name in names:
        found = []
        for row in store.query(qc[name].text, use_default_graph_as_union=True):
            row = {c: row[c] for c in QC_COLUMNS if row[c] is not None}
            graph = next((q.graph_name for q in store.quads_for_pattern(row.get("focus"), None, None)), None)
            nct = graph.value.removeprefix(REGISTRY_PAGE) if isinstance(graph, ox.NamedNode) else None
            file = next((q.object.value for q in store.quads_for_pattern(graph, FILE_NAME, None, graph)), None)
            found.append(_qc_violation(name, row, nct, file, context.namespaces))
        yield from sorted(found, key=lambda r: (r.study or "", r.focus, r.message))


def _qc_violation(name: str, row: dict, nct: str | None, file: str | None, namespaces: NamespaceManager) -> Violation:
    focus, prop, value = row.get("focus"), row.get("property"), row.get("value")
    return Violation(
        severity="Violation",
        focus=short(to_rdflib(focus), namespaces) if focus is not None else "",
        path=short(to_rdflib(prop), namespaces) if prop is not None else None,
        value=short(to_rdflib(value), namespaces) if value is not None else None,
        message=row["message"].value if "message" in row else "",
        file=file,
        line=None,
        shape=f"qc:{name}",
        study=nct,
        json_path=json_path(focus, prop, nct) if nct else None,
    )
