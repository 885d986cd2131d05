"""descriptionModule: brief summary and detailed description."""

from __future__ import annotations

from ..builder import TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("descriptionModule")
    where = "protocolSection.descriptionModule"
    study.add(study.trial, TG.briefSummary, study.text(module.get("briefSummary"), f"{where}.briefSummary"))
    study.add(
        study.trial,
        TG.detailedDescription,
        study.text(module.get("detailedDescription"), f"{where}.detailedDescription"),
    )
