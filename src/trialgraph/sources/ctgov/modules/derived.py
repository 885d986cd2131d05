"""derivedSection: the MeSH terms of conditions and interventions."""

from __future__ import annotations

from rdflib import RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from ..builder import TG, StudyBuilder, get
from ..mesh import normalise_mesh_id


def map_module(study: StudyBuilder) -> None:
    derived = study.record.study.get("derivedSection") or {}
    for module, prop in (
        ("conditionBrowseModule", TG.meshCondition),
        ("interventionBrowseModule", TG.meshIntervention),
    ):
        for index, term in enumerate(get(derived, f"{module}.meshes") or []):
            field_path = f"derivedSection.{module}.meshes[{index}]"
            if not isinstance(term, dict) or not isinstance(term.get("id"), str):
                continue
            try:
                mesh = normalise_mesh_id(term["id"])
            except ValueError as error:
                study.notes.append(f"{field_path}.id: {error}")
                continue
            if mesh.ambiguous:
                study.notes.append(f"{field_path}.id: {term['id']} may be zero-padded or not; kept as given")
            iri = URIRef(study.mapper.converter.expand(f"mesh:{mesh.ui}"))
            study.add(study.trial, prop, iri)
            study.add(iri, SKOS.notation, Literal(mesh.ui))
            study.add(iri, RDFS.label, study.text(term.get("term"), f"{field_path}.term"))
