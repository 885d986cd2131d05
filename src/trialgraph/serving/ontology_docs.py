"""Documentation of the ontology, written from ontology/trialgraph.ttl and ontology/vocabulary.ttl.

One HTML page: every class and property (label, definition, alignments: SKOS mappings, superclasses
and superproperties, disjoint classes, domain and range), then every value set (each SKOS concept
scheme with its concepts, notations and definitions). Served at /ontology and written by
`trialgraph docs -o DIR` for publishing. Each term's anchor is its local name (value sets'
concepts: `vocab-` and theirs), so /ontology/X and /vocab/X send browsers to the right place.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ..graph.assemble import ontology_files
from ..graph.output import atomic_target
from ..graph.turtle import merge
from ..links.prefixes import compact
from ..paths import ProjectPaths
from .html import ONTOLOGY, VOCABULARY, attr, esc, label, link, page

KINDS = (
    (OWL.Class, "Classes", "class"),
    (OWL.ObjectProperty, "Object properties", "object-property"),
    (OWL.DatatypeProperty, "Datatype properties", "datatype-property"),
)
ALIGNMENTS = (
    (SKOS.exactMatch, "exact match"), (SKOS.closeMatch, "close match"), (SKOS.broadMatch, "broad match"),
    (SKOS.narrowMatch, "narrow match"), (SKOS.relatedMatch, "related match"), (RDFS.subClassOf, "subclass of"),
    (RDFS.subPropertyOf, "subproperty of"), (OWL.equivalentClass, "equivalent class"),
    (OWL.disjointWith, "disjoint with"), (RDFS.domain, "domain"), (RDFS.range, "range"), (RDFS.seeAlso, "see also"),
)  # fmt: skip


def ontology_graph(project: ProjectPaths) -> Graph:
    graph = merge([f for f in ontology_files(project) if f.path.name in ("trialgraph.ttl", "vocabulary.ttl")])
    for prefix, namespace in list(graph.namespaces()):
        # rdflib's own default (schema: for https://schema.org/) pushes the files' schema: to schema1:
        if (base := re.fullmatch(r"(\D+)\d+", prefix)) is not None:
            graph.bind(base.group(1), namespace, override=True, replace=True)
    return graph


def anchor(term: URIRef) -> str:
    text = str(term)
    if text.startswith(VOCABULARY):
        return "vocab-" + text[len(VOCABULARY) :]
    return text[len(ONTOLOGY) :] if text.startswith(ONTOLOGY) else text


def ontology_page(graph: Graph) -> bytes:
    namespaces = graph.namespace_manager
    ontology = URIRef(ONTOLOGY.rstrip("/"))
    title = str(graph.value(ontology, DCTERMS.title) or "TrialGraph ontology")
    parts = [f"<h1>{esc(title)}</h1>"]
    for predicate in (DCTERMS.description, RDFS.comment):
        if (text := graph.value(ontology, predicate)) is not None:
            parts.append(f"<p>{esc(text)}</p>")
    version = graph.value(ontology, OWL.versionInfo)
    parts.append(f"<p class='muted'>IRI <code>{esc(ONTOLOGY)}</code> · version {esc(version)}</p>")
    contents = []
    for kind, heading, css in KINDS:
        terms = _ours(graph, kind)
        contents.append(f'<li><a href="#{css}">{esc(heading)}</a> ({len(terms)})</li>')
    schemes = sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=lambda s: label(graph, s))
    contents.append(f'<li><a href="#value-sets">Value sets</a> ({len(schemes)})</li>')
    parts.append(f"<ul>{''.join(contents)}</ul>")
    for kind, heading, css in KINDS:
        parts.append(f'<h2 id="{css}">{esc(heading)}</h2>')
        parts.extend(_term(graph, term, namespaces) for term in _ours(graph, kind))
    parts.append('<h2 id="value-sets">Value sets</h2>')
    for scheme in schemes:
        parts.append(_scheme(graph, scheme, namespaces))
    return page(title, "".join(parts))


def _ours(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        (t for t in set(graph.subjects(RDF.type, kind)) if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY)),
        key=lambda t: str(t).lower(),
    )


def _term(graph: Graph, term: URIRef, namespaces) -> str:
    definition = graph.value(term, SKOS.definition) or graph.value(term, RDFS.comment)
    rows = []
    for predicate, name in ALIGNMENTS:
        values = sorted(graph.objects(term, predicate), key=str)
        shown = [_value(graph, v, namespaces) for v in values if isinstance(v, URIRef)]
        if shown:
            rows.append(f"<tr><th>{esc(name)}</th><td>{', '.join(shown)}</td></tr>")
    return (
        f'<section class="term" id="{attr(anchor(term))}"><h3>{esc(label(graph, term))}'
        f" <code class='muted'>{esc(compact(term, namespaces))}</code></h3>"
        + (f"<p>{esc(definition)}</p>" if definition else "<p class='muted'>(no definition)</p>")
        + (f"<table>{''.join(rows)}</table>" if rows else "")
        + "</section>"
    )


def _value(graph: Graph, value: URIRef, namespaces) -> str:
    text = compact(value, namespaces)
    if str(value).startswith((ONTOLOGY, VOCABULARY)):
        return f'<a href="#{attr(anchor(value))}">{esc(text)}</a>'
    return link(graph, value, namespaces, text)


def _scheme(graph: Graph, scheme: URIRef, namespaces) -> str:
    concepts = sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=lambda c: label(graph, c))
    rows = []
    for concept in concepts:
        notations = ", ".join(sorted(str(n) for n in graph.objects(concept, SKOS.notation)))
        definition = graph.value(concept, SKOS.definition) or ""
        mapped = [
            _value(graph, v, namespaces) for p in (SKOS.exactMatch, SKOS.closeMatch) for v in graph.objects(concept, p)
        ]
        rows.append(
            f'<tr id="{attr(anchor(concept))}"><td>{esc(label(graph, concept))}</td>'
            f"<td><code>{esc(notations)}</code></td>"
            f"<td>{esc(definition)}</td><td>{', '.join(mapped)}</td></tr>"
        )
    definition = graph.value(scheme, SKOS.definition) or graph.value(scheme, RDFS.comment)
    return (
        f'<section class="scheme" id="{attr(anchor(scheme))}"><h3>{esc(label(graph, scheme))}'
        f" <code class='muted'>{esc(compact(scheme, namespaces))}</code></h3>"
        + (f"<p>{esc(definition)}</p>" if definition else "")
        + "<table><thead><tr><th>Concept</th><th>Notation</th><th>Definition</th><th>Mappings</th></tr></thead>"
        + f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def write_docs(folder: Path, pages: dict[str, bytes]) -> list[Path]:
    """Write the pages (name -> HTML) into `folder`, each through a temporary file."""
    written = []
    for name, body in pages.items():
        target = folder / name
        with atomic_target(target) as temporary:
            temporary.write_bytes(body)
        written.append(target)
    return written
