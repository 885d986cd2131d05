"""Assemble the knowledge graph: ontology, vocabulary, curated data and mappings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import NamespaceManager

from .canonical import add_canonical_values
from .paths import ProjectPaths
from .sssom import mapping_graph, sssom_files
from .turtle import TurtleFile, merge, read_all


def ontology_files(paths: ProjectPaths) -> list[TurtleFile]:
    return read_all(paths.ontology_files)


def build_graph(paths: ProjectPaths, data: Sequence[Path] | None = None) -> Graph:
    """The whole graph `build` writes and queries run on (shapes are not part of it), with canonical values."""
    files = ontology_files(paths) + read_all(data if data is not None else [paths.data_dir])
    graph = merge(files)
    graph += mapping_graph(sssom_files(paths.mappings_dir))
    return add_canonical_values(graph)


def namespaces(paths: ProjectPaths) -> NamespaceManager:
    """The prefixes of the ontology and the shared data, for `prefix:local` parameters and output."""
    return merge(ontology_files(paths) + read_all([paths.shared_data_dir])).namespace_manager
