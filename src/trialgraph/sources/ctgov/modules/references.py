"""referencesModule: citations with PMID, DOI and retractions, and see-also links."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, XSD, Literal
from rdflib.namespace import DCTERMS

from ..builder import SCHEMA, TG, StudyBuilder

DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+)", re.IGNORECASE)
PMID = re.compile(r"\d{1,9}")


def map_module(study: StudyBuilder) -> None:
    module = study.section("referencesModule")
    where = "protocolSection.referencesModule"
    listed = study.listed(module, "references", where, "citation", "reference")
    for position, (_, field_path, reference) in enumerate(listed, start=1):
        iri = study.node(f"reference-{position}")
        study.add(study.trial, TG.hasReference, iri)
        study.add(iri, RDF.type, TG.Reference)
        study.add(iri, TG.position, Literal(position))
        study.add(iri, TG.citation, Literal(reference["citation"]))
        pmid = reference.get("pmid")
        if isinstance(pmid, str) and PMID.fullmatch(pmid):
            study.add(iri, TG.pmid, Literal(pmid))
        doi = DOI.search(reference["citation"])
        if doi:
            study.add(iri, TG.doi, Literal(doi.group(1).rstrip(".,;")))
        study.add(iri, TG.referenceType, study.enum("ReferenceType", reference.get("type"), f"{field_path}.type"))
        for index, retraction in enumerate(study.items(reference, "retractions", field_path), start=1):
            _retraction(study, iri, index, retraction, f"{field_path}.retractions[{index - 1}]")
    for index, field_path, link in study.listed(module, "seeAlsoLinks", where, "url", "see-also link"):
        node = study.node(f"link-{index + 1}")
        study.add(study.trial, TG.seeAlso, node)
        study.add(node, RDF.type, TG.WebLink)
        study.add(node, RDFS.label, study.text(link.get("label"), f"{field_path}.label"))
        study.add(node, SCHEMA.url, Literal(str(link["url"]), datatype=XSD.anyURI))


def _retraction(study: StudyBuilder, reference, index: int, retraction: object, field_path: str) -> None:
    """A retraction notice of the cited publication: its PubMed ID and source, as the registry links them."""
    if not isinstance(retraction, dict):
        study.warn(field_path, f"expected an object, found {type(retraction).__name__}; left out")
        return
    node = study.node(f"{study.local(reference)}-retraction-{index}")
    study.add(reference, TG.hasRetraction, node)
    study.add(node, RDF.type, TG.Retraction)
    pmid = retraction.get("pmid")
    if isinstance(pmid, str) and PMID.fullmatch(pmid):
        study.add(node, TG.retractionPmid, Literal(pmid))
    study.add(node, DCTERMS.source, study.text(retraction.get("source"), f"{field_path}.source", lang=None))
