"""designModule: study type, phases, design info, masking and enrollment."""

from __future__ import annotations

from rdflib import Literal

from ..builder import TG, RecordError, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    design = study.section("designModule")
    where = "protocolSection.designModule"
    study.add(study.trial, TG.studyType, study.enum("StudyType", design.get("studyType"), f"{where}.studyType"))
    phases = study.items(design, "phases", where)
    for index, phase in enumerate(phases):
        study.enum("Phase", phase, f"{where}.phases[{index}]")  # each value must be known
    if phases:
        combined = "_".join(phases)
        if not study.mapper.value_sets.knows("Phase", combined):
            raise RecordError(f"{where}.phases: unknown combination {combined!r}")
        study.add(study.trial, TG.phase, study.enum("Phase", combined, f"{where}.phases"))
    info = design.get("designInfo") or {}
    info_where = f"{where}.designInfo"
    for key, scheme, prop in (
        ("allocation", "Allocation", TG.allocation),
        ("interventionModel", "InterventionModel", TG.interventionModel),
        ("observationalModel", "ObservationalModel", TG.observationalModel),
        ("timePerspective", "TimePerspective", TG.timePerspective),
        ("primaryPurpose", "PrimaryPurpose", TG.primaryPurpose),
    ):
        study.add(study.trial, prop, study.enum(scheme, info.get(key), f"{info_where}.{key}"))
    masking = info.get("maskingInfo") or {}
    study.add(
        study.trial, TG.masking, study.enum("Masking", masking.get("masking"), f"{info_where}.maskingInfo.masking")
    )
    for index, role in enumerate(masking.get("whoMasked") or []):
        study.add(
            study.trial, TG.maskedRole, study.enum("MaskedRole", role, f"{info_where}.maskingInfo.whoMasked[{index}]")
        )
    enrollment = design.get("enrollmentInfo") or {}
    count = enrollment.get("count")
    if count is not None:
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise RecordError(f"{where}.enrollmentInfo.count: not a non-negative integer: {count!r}")
        study.add(study.trial, TG.enrollment, Literal(count))
    study.add(
        study.trial,
        TG.enrollmentType,
        study.enum("EnrollmentType", enrollment.get("type"), f"{where}.enrollmentInfo.type"),
    )
