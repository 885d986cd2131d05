"""How well our entities are linked to external ontologies: per entity type, which schemes map them.

`trialgraph links` prints this; curators use it to see the gaps the mapping tables leave.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import curies
from rdflib import Graph, URIRef

from .prefixes import compact

TG = "https://w3id.org/trialgraph/ontology/"

# Entity types in report order; a lab test is a kind of measure, so measures are one type.
ENTITY_TYPES = {
    "drug": TG + "Drug",
    "biological": TG + "Biological",
    "placebo": TG + "Placebo",
    "drug class": TG + "DrugClass",
    "condition": TG + "Condition",
    "organization": TG + "Organization",
    "measure": TG + "Measure",
    "unit": TG + "Unit",
}

_LINKS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?entity ?label ?target WHERE {
  ?entity a/rdfs:subClassOf* ?type .
  OPTIONAL { ?entity rdfs:label ?label }
  OPTIONAL {
    ?entity ?mapping ?target .
    VALUES ?mapping { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
  }
}
"""


@dataclass
class LinkSummary:
    entity_type: str
    entities: int = 0
    by_scheme: Counter[str] = field(default_factory=Counter)
    unmapped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def mapped(self) -> int:
        return self.entities - len(self.unmapped)

    def as_dict(self) -> dict:
        return {
            "entity_type": self.entity_type,
            "entities": self.entities,
            "mapped": self.mapped,
            "by_scheme": dict(sorted(self.by_scheme.items())),
            "unmapped": [{"entity": entity, "label": label} for entity, label in self.unmapped],
        }

    def as_text(self) -> str:
        schemes = ", ".join(f"{scheme} {count}" for scheme, count in sorted(self.by_scheme.items())) or "none"
        lines = [f"{self.entity_type}: {self.mapped} of {self.entities} mapped; entities per scheme: {schemes}"]
        lines += [f"  unmapped: {entity} ({label})" for entity, label in self.unmapped]
        return "\n".join(lines)


def link_report(graph: Graph, converter: curies.Converter) -> list[LinkSummary]:
    """Per entity type: how many entities each external scheme reaches, and which entities none does."""
    report = []
    for name, type_iri in ENTITY_TYPES.items():
        labels: dict[URIRef, str] = {}
        schemes: dict[URIRef, set[str]] = {}
        for entity, label, target in graph.query(_LINKS, initBindings={"type": URIRef(type_iri)}):
            labels.setdefault(entity, str(label) if label is not None else "")
            found = schemes.setdefault(entity, set())
            if target is not None:
                found.add(_scheme(target, converter))
        summary = LinkSummary(name, entities=len(schemes))
        for entity in sorted(schemes):
            summary.by_scheme.update(schemes[entity])
            if not schemes[entity]:
                summary.unmapped.append((compact(entity, graph.namespace_manager), labels[entity]))
        report.append(summary)
    return report


def _scheme(target: URIRef, converter: curies.Converter) -> str:
    curie = converter.compress(str(target))
    return curie.partition(":")[0] if curie else "other"
