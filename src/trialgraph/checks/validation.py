"""SHACL validation and QC queries over curated Turtle, each result placed at a file and line."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.term import Node

from ..errors import InputError
from ..graph.assemble import add_derived
from ..graph.turtle import merge, read_all, read_data, read_turtle, turtle_files
from ..paths import ProjectPaths
from ..progress import Progress, silent
from ..questions.library import GraphBackend, query_library, run_query
from .locate import NodeLocator
from .results import ValidationReport, Violation, named_shape, relative, short

SH = Namespace("http://www.w3.org/ns/shacl#")
QC_COLUMNS = ("focus", "property", "value", "message")


def validate(
    paths: Sequence[Path], project: ProjectPaths, *, with_shared: bool = True, progress: Progress = silent
) -> ValidationReport:
    """Validate the Turtle in `paths` (with the ontology and, unless told, the shared data).

    Raises InputError for unreadable input before anything is validated.
    """
    data_files = read_data(paths, progress)  # each path must hold data: an empty folder or file is an InputError
    if with_shared:
        known = {item.path for item in data_files}
        shared = [path for path in turtle_files([project.shared_data_dir]) if path not in known]
        data_files += read_all(shared, progress)
    context = read_all(project.ontology_files)
    # what the build derives too; the unmapped-entity warnings need the mapping tables
    graph = add_derived(merge(context + data_files), project, with_mappings=with_shared)
    shapes = read_turtle(project.shapes_file).graph
    progress(f"checking {len(graph)} triples against the shapes (pySHACL)")
    with reused_sparql_translations():
        _, report_graph, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
    locator = NodeLocator(data_files + context)
    results = [
        _result(report_graph, node, graph, shapes, locator)
        for node in report_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    progress("running the QC checks (queries/qc)")
    results += qc_results(graph, project.queries_dir / "qc", locator)
    results.sort(key=lambda r: (r.file or "~", r.line or 0, r.focus, r.path or "", r.message))
    return ValidationReport(results, [item.path for item in data_files])


@contextmanager
def reused_sparql_translations() -> Iterator[None]:
    """Parse each SPARQL text once while validating.

    pySHACL runs a SPARQL constraint once per focus node with the same text (the node is bound,
    not written in), and rdflib parses it every time: on a thousand imported sites that parsing is
    most of the run. Reusing one translation per text is what rdflib's prepareQuery does.
    """
    cache: dict[tuple, object] = {}
    original = SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in cache:
                cache[key] = translateQuery(parseQuery(strOrQuery), base, initNs)
            strOrQuery = cache[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    SPARQLProcessor.query = query
    try:
        yield
    finally:
        SPARQLProcessor.query = original


def _result(report: Graph, node: Node, graph: Graph, shapes: Graph, locator: NodeLocator) -> Violation:
    path = report.value(node, SH.resultPath)
    severity = report.value(node, SH.resultSeverity)
    shape = named_shape(report.value(node, SH.sourceShape), shapes)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    return _violation(
        graph,
        locator,
        focus=report.value(node, SH.focusNode),
        path=path if not isinstance(path, BNode) else None,
        value=report.value(node, SH.value),
        message=messages[0] if messages else "constraint not met",
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        shape=short(shape, shapes.namespace_manager) if isinstance(shape, URIRef) else "(anonymous shape)",
    )


def qc_results(graph: Graph, qc_dir: Path, locator: NodeLocator) -> list[Violation]:
    """Run every QC query (queries/qc/*.rq): each row it returns is one violation."""
    results = []
    for query in query_library(qc_dir).values():
        if query.columns != QC_COLUMNS:
            raise InputError(f"a QC query's columns must be: {', '.join(QC_COLUMNS)}", query.path)
        for focus, path, value, message in run_query(query, GraphBackend(graph), {}).rows:
            results.append(
                _violation(
                    graph,
                    locator,
                    focus=focus,
                    path=path,
                    value=value,
                    message=str(message),
                    severity="Violation",
                    shape=f"qc:{query.name}",
                )
            )
    return results


def _violation(
    graph: Graph,
    locator: NodeLocator,
    *,
    focus: Node,
    path: Node | None,
    value: Node | None,
    message: str,
    severity: str,
    shape: str,
) -> Violation:
    named, location = locator.locate(focus, graph)
    focus_text = short(named, graph.namespace_manager) + (" (in a blank node)" if isinstance(focus, BNode) else "")
    return Violation(
        severity=severity,
        focus=focus_text,
        path=short(path, graph.namespace_manager) if path is not None else None,
        value=short(value, graph.namespace_manager) if value is not None else None,
        message=message,
        file=relative(location.path) if location else None,
        line=location.line if location else None,
        shape=shape,
    )
