"""Assemble the knowledge graph: ontology, vocabulary, curated data and mappings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from curies import Converter
from rdflib import Graph
from rdflib.namespace import NamespaceManager

from ..links.prefixes import load_converter
from ..links.sssom import Mapping, mapping_graph, read_all_sssom, sssom_files
from ..links.unit_links import unit_links
from ..paths import ProjectPaths
from .canonical import add_canonical_values
from .turtle import TurtleFile, merge, read_all, read_data


def ontology_files(paths: ProjectPaths) -> list[TurtleFile]:
    return read_all(paths.ontology_files)


def build_graph(paths: ProjectPaths, data: Sequence[Path] | None = None) -> Graph:
    """The whole graph `build` writes and queries run on (shapes are not part of it), with canonical values.

    Each of `data` must hold data (an InputError names the empty folder or file)."""
    files = ontology_files(paths) + read_data(data if data is not None else [paths.data_dir])
    return add_derived(merge(files), paths)


def add_derived(graph: Graph, paths: ProjectPaths, *, with_mappings: bool = True) -> Graph:
    """Add, in place, what the build derives from the curated files: the mapping tables' triples, each
    quantity's unit IRI and canonical value, and the external prefixes. `validate` sees the same."""
    converter = load_converter(paths.prefix_map_file)
    if with_mappings:
        graph += mapping_graph(mappings(paths))
    graph += unit_links(graph, converter)
    _bind_external_prefixes(graph, converter)
    return add_canonical_values(graph)


def _bind_external_prefixes(graph: Graph, converter: Converter) -> None:
    for record in converter.records:  # external IRIs print as CURIEs (CHEBI:31348, ror:01cmnjq37)
        graph.bind(record.prefix, record.uri_prefix, override=False)


def mappings(paths: ProjectPaths) -> list[Mapping]:
    """Every row of the mapping tables in data/mappings/."""
    return read_all_sssom(sssom_files(paths.mappings_dir), paths.prefix_map_file)


def namespaces(paths: ProjectPaths) -> NamespaceManager:
    """The prefixes `build_graph` binds (the ontology's, the curated data's, the external schemes'),
    for `prefix:local` parameters and output when the graph lives in a store or behind an endpoint."""
    graph = merge(ontology_files(paths) + read_all([paths.data_dir]))
    _bind_external_prefixes(graph, load_converter(paths.prefix_map_file))
    return graph.namespace_manager
