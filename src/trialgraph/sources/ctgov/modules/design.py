"""designModule: study type, phases, patient registry, target duration, design info with the model and
masking descriptions, biospecimens, and enrollment."""

from __future__ import annotations

from rdflib import Literal

from ..builder import TG, StudyBuilder

DESIGN_ENUMS = (
    ("allocation", "Allocation", TG.allocation),
    ("interventionModel", "InterventionModel", TG.interventionModel),
    ("observationalModel", "ObservationalModel", TG.observationalModel),
    ("timePerspective", "TimePerspective", TG.timePerspective),
    ("primaryPurpose", "PrimaryPurpose", TG.primaryPurpose),
)


def map_module(study: StudyBuilder) -> None:
    design = study.section("designModule")
    where = "protocolSection.designModule"
    trial = study.trial
    study.add(trial, TG.studyType, study.enum("StudyType", design.get("studyType"), f"{where}.studyType"))
    phases = study.items(design, "phases", where)
    if phases:  # one concept for the combination (PHASE1 + PHASE2 is tgv:phase-1-2)
        combined = "_".join(str(phase) for phase in phases)
        study.add(
            trial, TG.phase, study.enum("Phase", combined, f"{where}.phases" + ("[0]" if len(phases) == 1 else ""))
        )
    study.add(trial, TG.patientRegistry, study.flag(design.get("patientRegistry"), f"{where}.patientRegistry"))
    study.add(
        trial,
        TG.targetDuration,
        study.duration(design.get("targetDuration"), f"{where}.targetDuration", "target-duration"),
    )
    info = design.get("designInfo") or {}
    info_where = f"{where}.designInfo"
    for key, scheme, prop in DESIGN_ENUMS:
        study.add(trial, prop, study.enum(scheme, info.get(key), f"{info_where}.{key}"))
    study.add(
        trial,
        TG.interventionModelDescription,
        study.text(info.get("interventionModelDescription"), f"{info_where}.interventionModelDescription"),
    )
    masking = info.get("maskingInfo") or {}
    masking_where = f"{info_where}.maskingInfo"
    study.add(trial, TG.masking, study.enum("Masking", masking.get("masking"), f"{masking_where}.masking"))
    study.add(
        trial,
        TG.maskingDescription,
        study.text(masking.get("maskingDescription"), f"{masking_where}.maskingDescription"),
    )
    for index, role in enumerate(study.items(masking, "whoMasked", masking_where)):
        study.add(trial, TG.maskedRole, study.enum("MaskedRole", role, f"{masking_where}.whoMasked[{index}]"))
    biospecimens = design.get("bioSpec") or {}
    study.add(
        trial,
        TG.biospecimenRetention,
        study.enum("BiospecimenRetention", biospecimens.get("retention"), f"{where}.bioSpec.retention"),
    )
    study.add(
        trial,
        TG.biospecimenDescription,
        study.text(biospecimens.get("description"), f"{where}.bioSpec.description"),
    )
    _enrollment(study, design.get("enrollmentInfo") or {}, f"{where}.enrollmentInfo")


def _enrollment(study: StudyBuilder, enrollment: dict, where: str) -> None:
    count = enrollment.get("count")
    if count is not None:
        if isinstance(count, int) and not isinstance(count, bool) and count >= 0:
            study.add(study.trial, TG.enrollment, Literal(count))
        else:
            study.warn(f"{where}.count", f"not a non-negative integer: {count!r}; left out")
    study.add(study.trial, TG.enrollmentType, study.enum("EnrollmentType", enrollment.get("type"), f"{where}.type"))
