"""documentSection.largeDocumentModule: the protocol, statistical analysis plan and consent form documents."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Literal

from ..builder import SCHEMA, TG, StudyBuilder, get, string_literal

# where the registry serves a study's large documents: .../large-docs/<last two digits>/<NCT ID>/<file name>
DOCUMENTS = "https://cdn.clinicaltrials.gov/large-docs/"
CONTENTS = (("hasProtocol", TG.includesProtocol), ("hasSap", TG.includesSap), ("hasIcf", TG.includesIcf))


def map_module(study: StudyBuilder) -> None:
    documents = get(study.record.study, "documentSection.largeDocumentModule")
    if not isinstance(documents, dict):
        return
    where = "documentSection.largeDocumentModule"
    for index, field_path, document in study.listed(documents, "largeDocs", where, "filename", "document"):
        node = study.node(f"document-{index + 1}")
        study.add(study.trial, TG.hasDocument, node)
        study.add(node, RDF.type, TG.StudyDocument)
        study.add(node, RDFS.label, study.text(document.get("label"), f"{field_path}.label"))
        name = str(document["filename"])
        study.add(node, TG.fileName, string_literal(name))
        for key, prop in CONTENTS:
            study.add(node, prop, study.flag(document.get(key), f"{field_path}.{key}"))
        study.add(node, TG.documentDate, study.date(document.get("date"), f"{field_path}.date"))
        link = f"{DOCUMENTS}{study.nct[-2:]}/{study.nct}/{name}"
        study.add(node, SCHEMA.url, Literal(link, datatype=XSD.anyURI))
