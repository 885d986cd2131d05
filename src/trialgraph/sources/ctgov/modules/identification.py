"""identificationModule: NCT ID, other identifiers, titles and acronym."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS

from ..builder import TG, RecordError, StudyBuilder, get


def map_module(study: StudyBuilder) -> None:
    ident = study.section("identificationModule")
    where = "protocolSection.identificationModule"
    study.add(study.trial, TG.nctId, Literal(study.nct))
    study.add(study.trial, DCTERMS.identifier, Literal(study.nct))
    org_id = get(ident, "orgStudyIdInfo.id")
    if org_id:
        study.add(study.trial, TG.orgStudyId, Literal(str(org_id)))
        study.add(study.trial, DCTERMS.identifier, Literal(str(org_id)))
    for secondary in study.items(ident, "secondaryIdInfos", where):
        if isinstance(secondary, dict) and secondary.get("id"):
            study.add(study.trial, DCTERMS.identifier, Literal(str(secondary["id"])))
    title = ident.get("briefTitle")
    if not title:
        raise RecordError(f"{where}.briefTitle: missing (a trial needs a title)")
    study.add(study.trial, TG.briefTitle, study.text(title, f"{where}.briefTitle"))
    study.add(study.trial, TG.officialTitle, study.text(ident.get("officialTitle"), f"{where}.officialTitle"))
    study.add(study.trial, TG.acronym, study.text(ident.get("acronym"), f"{where}.acronym", lang=None))
