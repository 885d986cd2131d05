"""referencesModule: citations with PMID and DOI."""

from __future__ import annotations

import re

from rdflib import RDF, Literal

from ..builder import TG, StudyBuilder

DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+)", re.IGNORECASE)


def map_module(study: StudyBuilder) -> None:
    module = study.section("referencesModule")
    where = "protocolSection.referencesModule"
    listed = study.listed(module, "references", where, "citation", "reference")
    for position, (field_path, reference) in enumerate(listed, start=1):
        iri = study.node(f"reference-{position}")
        study.add(study.trial, TG.hasReference, iri)
        study.add(iri, RDF.type, TG.Reference)
        study.add(iri, TG.position, Literal(position))
        study.add(iri, TG.citation, Literal(reference["citation"]))
        pmid = reference.get("pmid")
        if isinstance(pmid, str) and re.fullmatch(r"\d{1,9}", pmid):
            study.add(iri, TG.pmid, Literal(pmid))
        doi = DOI.search(reference["citation"])
        if doi:
            study.add(iri, TG.doi, Literal(doi.group(1).rstrip(".,;")))
        study.add(iri, TG.referenceType, study.enum("ReferenceType", reference.get("type"), f"{field_path}.type"))
