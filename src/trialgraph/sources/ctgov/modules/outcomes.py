"""outcomesModule: primary, secondary and other outcomes."""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal
from rdflib.namespace import DCTERMS

from ....text.outcome_kinds import outcome_kind
from ..builder import TG, StudyBuilder

OUTCOME_LISTS = (("primaryOutcomes", "PRIMARY"), ("secondaryOutcomes", "SECONDARY"), ("otherOutcomes", "OTHER"))


def map_module(study: StudyBuilder) -> None:
    module = study.section("outcomesModule")
    where = "protocolSection.outcomesModule"
    position = 0
    for key, kind in OUTCOME_LISTS:
        for _, field_path, outcome in study.listed(module, key, where, "measure", "outcome"):
            position += 1
            iri = study.node(f"outcome-{position}")
            study.add(study.trial, TG.hasOutcome, iri)
            study.add(iri, RDF.type, TG.Outcome)
            study.derived(iri)
            study.add(iri, TG.position, Literal(position))
            study.add(iri, RDFS.label, study.text(outcome["measure"], f"{field_path}.measure"))
            study.add(iri, TG.outcomeType, study.enum("OutcomeType", kind, field_path))
            measure = outcome["measure"]
            if isinstance(measure, str) and (notation := outcome_kind(measure)):
                study.add(iri, TG.outcomeKind, study.mapper.value_sets.find("OutcomeKind", notation))
            study.add(iri, DCTERMS.description, study.text(outcome.get("description"), f"{field_path}.description"))
            study.add(iri, TG.timeFrame, study.text(outcome.get("timeFrame"), f"{field_path}.timeFrame"))
