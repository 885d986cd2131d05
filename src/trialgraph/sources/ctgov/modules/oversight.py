"""oversightModule: data monitoring committee, FDA-regulated drug or device, unapproved device, US export."""

from __future__ import annotations

from ..builder import TG, StudyBuilder

FLAGS = (
    ("oversightHasDmc", TG.oversightHasDmc),
    ("isFdaRegulatedDrug", TG.fdaRegulatedDrug),
    ("isFdaRegulatedDevice", TG.fdaRegulatedDevice),
    ("isUnapprovedDevice", TG.unapprovedDevice),
    ("isUsExport", TG.usExport),
)


def map_module(study: StudyBuilder) -> None:
    module = study.section("oversightModule")
    where = "protocolSection.oversightModule"
    for key, prop in FLAGS:
        study.add(study.trial, prop, study.flag(module.get(key), f"{where}.{key}"))
