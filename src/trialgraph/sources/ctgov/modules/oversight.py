"""oversightModule: data monitoring committee, FDA-regulated drug or device."""

from __future__ import annotations

from rdflib import Literal

from ..builder import TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("oversightModule")
    for key, prop in (
        ("oversightHasDmc", TG.oversightHasDmc),
        ("isFdaRegulatedDrug", TG.fdaRegulatedDrug),
        ("isFdaRegulatedDevice", TG.fdaRegulatedDevice),
    ):
        if isinstance(module.get(key), bool):
            study.add(study.trial, prop, Literal(module[key]))
