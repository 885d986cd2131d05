"""conditionsModule: conditions and keywords."""

from __future__ import annotations

from rdflib import RDF, RDFS

from ..builder import TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("conditionsModule")
    where = "protocolSection.conditionsModule"
    conditions = [c for c in study.items(module, "conditions", where) if isinstance(c, str) and c.strip()]
    if not conditions:  # kept all the same: validation reports the trial without a condition
        study.warn(f"{where}.conditions", "missing (a trial needs at least one condition)")
    for position, name in enumerate(conditions, start=1):
        condition = study.node(f"condition-{position}")
        study.add(condition, RDF.type, TG.Condition)
        study.add(condition, RDFS.label, study.text(name, f"{where}.conditions[{position - 1}]"))
        study.add(study.trial, TG.condition, condition)
        study.add(study.trial, TG.conditionText, study.text(name, f"{where}.conditions[{position - 1}]", lang=None))
    for index, keyword in enumerate(study.items(module, "keywords", where)):
        study.add(study.trial, TG.keyword, study.text(keyword, f"{where}.keywords[{index}]", lang=None))
