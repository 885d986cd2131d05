"""What every study of a store is validated and matched with: the ontology, data/shared and the mappings.

Apart from store_validation.py so that `match --oxigraph` reads it without importing the validator (SHACL,
the query library), a quarter of a second at each start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import NamespaceManager

from ..graph.assemble import add_derived
from ..graph.turtle import TurtleFile, merge, read_all
from ..paths import ProjectPaths
from ..sources.ctgov.builder import PREFIXES

PREFIX_LINE = re.compile(r"^@prefix\s+([A-Za-z][\w.-]*):\s*<([^>]+)>\s*\.", re.MULTILINE)


@dataclass(frozen=True)
class Context:
    """What every study is validated with, as rdflib (for locating and printing) and as files."""

    graph: Graph
    files: list[TurtleFile]
    namespaces: NamespaceManager


def read_context(project: ProjectPaths, *, with_shared: bool = True) -> Context:
    files = read_all(project.ontology_files + ([project.shared_data_dir] if with_shared else []))
    graph = add_derived(merge(files), project, with_mappings=with_shared)
    # a store keeps no prefixes: print with the context's, the importer's, the shapes' and the curators'
    namespaces = NamespaceManager(Graph())
    for prefix, namespace in [
        *graph.namespaces(),
        *PREFIXES.items(),
        *_prefix_lines([project.shapes_file]),
        *_prefix_lines(sorted(project.data_dir.glob("trials/*.ttl"))),
    ]:
        namespaces.bind(prefix, namespace, override=False)
    return Context(graph, files, namespaces)


def _prefix_lines(paths: list[Path]) -> list[tuple[str, str]]:
    """The @prefix lines of Turtle files (the shapes', the curated trials'), read as text: no need to parse them."""
    found = []
    for path in paths:
        found += PREFIX_LINE.findall(path.read_text(encoding="utf-8"))
    return found
