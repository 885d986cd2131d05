"""identificationModule: NCT ID and its aliases, other identifiers with type, domain and link, titles, acronym."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal
from rdflib.namespace import DCTERMS

from ..builder import NCT_ID, SCHEMA, TG, StudyBuilder, get


def map_module(study: StudyBuilder) -> None:
    ident = study.section("identificationModule")
    where = "protocolSection.identificationModule"
    study.add(study.trial, TG.nctId, Literal(study.nct))
    study.add(study.trial, DCTERMS.identifier, Literal(study.nct))
    for index, alias in enumerate(study.items(ident, "nctIdAliases", where)):
        if isinstance(alias, str) and NCT_ID.fullmatch(alias):
            study.add(study.trial, TG.nctIdAlias, Literal(alias))
        else:
            study.warn(f"{where}.nctIdAliases[{index}]", f"not an NCT ID: {alias!r}; left out")
    org_id = get(ident, "orgStudyIdInfo.id")
    if org_id:
        study.add(study.trial, TG.orgStudyId, Literal(str(org_id)))
        study.add(study.trial, DCTERMS.identifier, Literal(str(org_id)))
    for index, field_path, secondary in study.listed(ident, "secondaryIdInfos", where, "id", "secondary ID"):
        value = Literal(str(secondary["id"]))
        study.add(study.trial, DCTERMS.identifier, value)
        node = study.node(f"secondary-id-{index + 1}")
        study.add(study.trial, TG.hasSecondaryId, node)
        study.add(node, RDF.type, TG.SecondaryIdentifier)
        study.add(node, DCTERMS.identifier, value)
        study.add(node, TG.identifierType, study.enum("SecondaryIdType", secondary.get("type"), f"{field_path}.type"))
        study.add(node, TG.identifierDomain, study.text(secondary.get("domain"), f"{field_path}.domain", lang=None))
        link = secondary.get("link")
        study.add(node, SCHEMA.url, Literal(link, datatype=XSD.anyURI) if isinstance(link, str) and link else None)
    _titles(study, ident, where)


def _titles(study: StudyBuilder, ident: dict, where: str) -> None:
    official = study.text(ident.get("officialTitle"), f"{where}.officialTitle")
    brief = study.text(ident.get("briefTitle"), f"{where}.briefTitle")
    if brief is None or not str(brief).strip():
        # a trial needs a title: the official one stands in, or else the NCT ID
        brief = official if official is not None and str(official).strip() else Literal(study.nct, lang="en")
        study.note(
            "omission",
            f"The record gives no brief title ({where}.briefTitle); "
            + ("the official title is used." if brief is official else "nor an official title: the NCT ID is used."),
        )
    study.add(study.trial, TG.briefTitle, brief)
    study.add(study.trial, TG.officialTitle, official)
    study.add(study.trial, TG.acronym, study.text(ident.get("acronym"), f"{where}.acronym", lang=None))
