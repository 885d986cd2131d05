"""derivedSection: the MeSH terms of conditions and interventions, their MeSH ancestors (so that a question
for "any neoplasm" needs no MeSH slice), and the registry's browse leaves and branches."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from ..builder import CTGOV, TG, StudyBuilder, get, slug
from ..mesh import normalise_mesh_id

# (browse module, kind in node names, MeSH term property, MeSH ancestor property, leaf property, branch property)
BROWSE_MODULES = (
    ("conditionBrowseModule", "condition", TG.meshCondition, TG.meshConditionAncestor, TG.conditionBrowseLeaf),
    (
        "interventionBrowseModule",
        "intervention",
        TG.meshIntervention,
        TG.meshInterventionAncestor,
        TG.interventionBrowseLeaf,
    ),
)


def map_module(study: StudyBuilder) -> None:
    derived = study.record.study.get("derivedSection") or {}
    for module, kind, term_property, ancestor_property, leaf_property in BROWSE_MODULES:
        where = f"derivedSection.{module}"
        _mesh_terms(study, get(derived, f"{module}.meshes"), f"{where}.meshes", term_property)
        _mesh_terms(study, get(derived, f"{module}.ancestors"), f"{where}.ancestors", ancestor_property)
        _leaves(study, get(derived, f"{module}.browseLeaves"), f"{where}.browseLeaves", kind, leaf_property)
        _branches(study, get(derived, f"{module}.browseBranches"), f"{where}.browseBranches", kind)


def _mesh_terms(study: StudyBuilder, terms: object, where: str, prop: URIRef) -> None:
    for index, term in enumerate(terms if isinstance(terms, list) else []):
        field_path = f"{where}[{index}]"
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


def _leaves(study: StudyBuilder, leaves: object, where: str, kind: str, prop: URIRef) -> None:
    """A browse leaf is the registry's own topic (M-numbered, not a MeSH UI) with its relevance to this study."""
    for index, leaf in enumerate(leaves if isinstance(leaves, list) else []):
        field_path = f"{where}[{index}]"
        if not isinstance(leaf, dict) or not isinstance(leaf.get("id"), str):
            continue
        node = study.node(f"{kind}-leaf-{index + 1}")
        study.add(study.trial, prop, node)
        study.add(node, RDF.type, TG.BrowseLeaf)
        study.add(node, SKOS.notation, Literal(leaf["id"]))
        study.add(node, RDFS.label, study.text(leaf.get("name"), f"{field_path}.name"))
        study.add(node, TG.asFound, study.text(leaf.get("asFound"), f"{field_path}.asFound"))
        study.add(node, TG.relevance, study.enum("BrowseRelevance", leaf.get("relevance"), f"{field_path}.relevance"))


def _branches(study: StudyBuilder, branches: object, where: str, kind: str) -> None:
    """A browse branch (Neoplasms, All Drugs and Chemicals...) is shared by many studies: one IRI each, per
    kind ("All" is All Conditions among condition branches, All Drugs and Chemicals among intervention ones)."""
    for index, branch in enumerate(branches if isinstance(branches, list) else []):
        abbrev = branch.get("abbrev") if isinstance(branch, dict) else None
        if not isinstance(abbrev, str) or not slug(abbrev):
            continue
        iri = CTGOV[f"browse-branch-{kind}-{slug(abbrev)}"]
        study.add(study.trial, TG.browseBranch, iri)
        study.add(iri, RDF.type, TG.BrowseBranch)
        study.add(iri, SKOS.notation, Literal(abbrev))
        study.add(iri, RDFS.label, study.text(branch.get("name"), f"{where}[{index}].name"))
