"""ipdSharingStatementModule: whether and how individual participant data will be shared."""

from __future__ import annotations

from rdflib import RDF, XSD, Literal

from ..builder import SCHEMA, TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("ipdSharingStatementModule")
    if not module:
        return
    where = "protocolSection.ipdSharingStatementModule"
    node = study.node("ipd-sharing")
    study.add(study.trial, TG.ipdSharingStatement, node)
    study.add(node, RDF.type, TG.IpdSharingStatement)
    study.add(node, TG.ipdSharing, study.enum("IpdSharing", module.get("ipdSharing"), f"{where}.ipdSharing"))
    study.add(node, TG.sharingDescription, study.text(module.get("description"), f"{where}.description"))
    for index, kind in enumerate(study.items(module, "infoTypes", where)):
        study.add(node, TG.ipdInfoType, study.enum("IpdInfoType", kind, f"{where}.infoTypes[{index}]"))
    study.add(node, TG.sharingTimeFrame, study.text(module.get("timeFrame"), f"{where}.timeFrame"))
    study.add(node, TG.accessCriteria, study.text(module.get("accessCriteria"), f"{where}.accessCriteria"))
    url = module.get("url")
    study.add(node, SCHEMA.url, Literal(url, datatype=XSD.anyURI) if isinstance(url, str) and url else None)
