"""A curated trial file to start from, scaffolded from the trial's registry import (`trialgraph new trial`).

The import's nodes move from the import namespace (ctgov:NCT04426201-arm-1) to the curated one
(trial:NCT04426201-arm-1), `tg:importedFrom` goes (the file is curated now: `import ctgov` must
not replace it), and the registry page stays the curation source. A `# TODO curator:` comment
stands before each fact the importer read from free text or could not read, for the curator to
check against the registry page or the protocol. The file is written in the canonical layout.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from ...errors import InputError
from ...graph.skolem import same_graph
from ...graph.turtle import read_turtle
from ...graph.turtle_document import document_of
from ...graph.turtle_format import canonical, render
from ...paths import ProjectPaths
from .builder import CTGOV, NCT_ID, PREFIXES, REGISTRY_PAGE, TG, RecordError
from .importer import default_mapper
from .read import SUFFIXES, Unreadable, read_records

TRIAL = Namespace("https://w3id.org/trialgraph/id/trial/")
CURATED_PREFIXES = {"trial": TRIAL, "rdfs": RDFS, "xsd": XSD, "dcterms": DCTERMS}

TODO = "# TODO curator:"
NOTES = {
    TG.hasArm: f"{TODO} check each arm's type and the regimen read from its description (dose, route, schedule).",
    TG.receives: f"{TODO} check this regimen against the protocol: the importer read it from free text.",
    TG.hasCriterion: f"{TODO} check the criteria's structured constraints against their verbatim text.",
    TG.condition: f"{TODO} use the shared conditions of data/shared/conditions.ttl where one fits.",
    TG.hasIntervention: f"{TODO} use the shared interventions of data/shared/interventions.ttl where one fits.",
    TG.enrollment: f"{TODO} check the enrollment (and whether actual or estimated) on the registry page.",
    TG.hasCuratorNote: f"{TODO} the importer's notes say what it could not read: curate it, then edit the note.",
}


def scaffold(nct_id: str, source: Path, project: ProjectPaths) -> str:
    """The text of a curated trial file for `nct_id`, from `source`: the folder or Turtle file that
    `import ctgov -o` wrote, or a registry JSON record."""
    if not NCT_ID.fullmatch(nct_id):
        raise InputError(f"not an NCT ID (NCT followed by 8 digits): {nct_id!r}")
    imported = _imported(nct_id, source, project)
    graph = _curated(imported, nct_id)
    header = [
        f"# {graph.value(TRIAL[nct_id], TG.briefTitle) or nct_id}",
        f"# Scaffolded by `trialgraph new trial {nct_id}` from its registry record ({REGISTRY_PAGE}{nct_id}).",
        f"# Each `{TODO}` marks a fact to check against the registry page or the protocol; remove it once checked.",
    ]
    notes = {predicate: [line] for predicate, line in NOTES.items()}
    text = render(canonical(document_of(graph, header=header, notes=notes)))
    if not same_graph(graph, Graph().parse(data=text, format="turtle")):
        raise InputError("the scaffold would not hold the import's facts (please report it): nothing written", source)
    return text


def _imported(nct_id: str, source: Path, project: ProjectPaths) -> Graph:
    if source.is_dir():
        source = source / f"{nct_id}.ttl"
        if not source.is_file():
            raise InputError(
                f"no {nct_id}.ttl here: give the folder 'import ctgov -o' wrote, or the record", source.parent
            )
    if not source.exists():
        raise InputError("no such file or folder", source)
    if source.name.endswith(SUFFIXES):
        return _from_record(nct_id, source, project)
    graph = read_turtle(source).graph
    if (CTGOV[nct_id], None, None) not in graph:
        raise InputError(f"holds no import of {nct_id} (no ctgov:{nct_id})", source)
    return graph


def _from_record(nct_id: str, source: Path, project: ProjectPaths) -> Graph:
    mapper = default_mapper(project)
    for item in read_records([source]):
        if isinstance(item, Unreadable):
            raise InputError(item.reason, item.path)
        try:
            mapped = mapper.map(item)
        except RecordError:
            continue  # no valid NCT ID: not the one asked for
        if mapped.nct_id == nct_id:
            return mapped.graph
    raise InputError(f"holds no registry record of {nct_id}", source)


def _curated(imported: Graph, nct_id: str) -> Graph:
    """The import with its nodes in the curated namespace, without the importer's mark."""
    own = str(CTGOV[nct_id])

    def moved(node):
        if isinstance(node, URIRef) and (str(node) == own or node.startswith(f"{own}-")):
            return URIRef(str(TRIAL) + node[len(str(CTGOV)) :])
        return node

    prefixes = {**PREFIXES, **CURATED_PREFIXES}
    for prefix, namespace in imported.namespaces():  # the record's own (mesh:...), under their names
        if prefix not in prefixes and namespace not in prefixes.values() and not prefix[-1].isdigit():
            prefixes[prefix] = namespace
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in prefixes.items():
        graph.bind(prefix, namespace)
    for subject, predicate, value in imported:
        if predicate != TG.importedFrom:
            graph.add((moved(subject), predicate, moved(value)))
    return graph
