"""Assemble the knowledge graph: ontology, vocabulary, curated data and mappings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from curies import Converter
from rdflib import Graph
from rdflib.namespace import NamespaceManager

from ..errors import InputError
from ..links.prefixes import load_converter
from ..links.sssom import Mapping, mapping_graph, read_all_sssom, sssom_files
from ..links.unit_links import unit_links
from ..paths import ProjectPaths
from ..progress import Progress, silent
from .age_levels import AGE_LEVELS, age_levels
from .canonical import canonical_triples
from .store import construct, default_graph_size, load_graph, load_turtle, replace_store
from .turtle import TurtleFile, merge, read_all, read_data, turtle_files


def ontology_files(paths: ProjectPaths) -> list[TurtleFile]:
    return read_all(paths.ontology_files)


def build_graph(paths: ProjectPaths, data: Sequence[Path] | None = None, progress: Progress = silent) -> Graph:
    """The whole graph `build` writes and queries run on (shapes are not part of it), with canonical values.

    Each of `data` must hold data (an InputError names the empty folder or file)."""
    files = ontology_files(paths) + read_data(data if data is not None else [paths.data_dir], progress)
    progress(f"merging {len(files)} files; adding the trial-level ages, mappings and canonical values")
    return add_derived(merge(files), paths)


def add_derived(graph: Graph, paths: ProjectPaths, *, with_mappings: bool = True) -> Graph:
    """Add, in place, what the build derives from the curated files: the trial-level age bounds, the mapping
    tables' triples, each quantity's unit IRI and canonical value, and the external prefixes. `validate`
    sees the same."""
    converter = load_converter(paths.prefix_map_file)
    graph += age_levels(graph)  # first: its quantities get unit IRIs and canonical values below
    graph += derived_triples(graph, converter, mappings(paths) if with_mappings else [])
    _bind_external_prefixes(graph, converter)
    return graph


def _bind_external_prefixes(graph: Graph, converter: Converter) -> None:
    for record in converter.records:  # external IRIs print as CURIEs (CHEBI:31348, ror:01cmnjq37)
        graph.bind(record.prefix, record.uri_prefix, override=False)


def derived_triples(graph: Graph, converter: Converter, rows: Sequence[Mapping] = ()) -> Graph:
    """The mapping rows' triples, and each quantity's unit IRI and canonical value (only the quantities'
    own triples of `graph` are read)."""
    derived = mapping_graph(list(rows)) if rows else Graph()
    derived += unit_links(graph, converter)
    derived += canonical_triples(graph)
    return derived


def build_store(
    paths: ProjectPaths, location: Path, data: Sequence[Path] | None = None, progress: Progress = silent
) -> int:
    """The same graph as `build_graph`, as the default graph of the store at `location`: each file streamed
    in by Oxigraph's parser, the trial-level ages by SPARQL in the store, the other derived triples computed
    from the quantities alone. The studies' named graphs (from `import ctgov --oxigraph`) are kept. Returns
    the number of triples in the default graph."""
    named = data if data is not None else [paths.data_dir]
    for path in named:  # a build of nothing must not replace a good store
        if not turtle_files([path]):
            raise InputError("no data found: no Turtle (.ttl) file here", path)
    files = [*paths.ontology_files, *turtle_files(named)]
    rows = mappings(paths)  # read first: a bad table fails before anything is written
    converter = load_converter(paths.prefix_map_file)

    def write(target: ox.Store) -> int:
        target.remove_graph(ox.DefaultGraph())
        for number, path in enumerate(files, 1):
            progress(f"loading {path.name} ({number} of {len(files)})")
            load_turtle(target, path)
        progress("adding the trial-level ages, mappings and canonical values")
        load_graph(target, construct(target, AGE_LEVELS))  # before the quantities are read
        load_graph(target, derived_triples(construct(target, QUANTITIES), converter, rows))
        progress("compacting the store")
        # compacted now, so that the next process to open the store for writing (an `oxigraph serve`) has no
        # compaction to run: it would delete files a read-only reader (`match --oxigraph`) is opening
        target.optimize()
        return default_graph_size(target)

    return replace_store(location, write, keep=True)


# what derived_triples reads: the subjects of tg:unit, and the quantities' values
QUANTITIES = """PREFIX tg: <https://w3id.org/trialgraph/ontology/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?q tg:unit ?u . ?q rdf:type tg:Quantity . ?q tg:numericValue ?v }
WHERE { ?q tg:unit ?u . OPTIONAL { ?q rdf:type tg:Quantity } OPTIONAL { ?q tg:numericValue ?v } }"""


def mappings(paths: ProjectPaths) -> list[Mapping]:
    """Every row of the mapping tables in data/mappings/."""
    return read_all_sssom(sssom_files(paths.mappings_dir), paths.prefix_map_file)


def namespaces(paths: ProjectPaths) -> NamespaceManager:
    """The prefixes `build_graph` binds (the ontology's, the curated data's, the external schemes'),
    for `prefix:local` parameters and output when the graph lives in a store or behind an endpoint."""
    graph = merge(ontology_files(paths) + read_all([paths.data_dir]))
    _bind_external_prefixes(graph, load_converter(paths.prefix_map_file))
    return graph.namespace_manager
