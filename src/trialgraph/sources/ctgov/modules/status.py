"""statusModule: overall and last known status, why stopped, expanded access, and every date with its type."""

from __future__ import annotations

from rdflib import Literal

from ..builder import TG, StudyBuilder

# (date field, date property, type property): a `...Struct` holds a date and its type (actual or
# estimated), a plain `...Date` field a date the registry recorded (a submission, a QC review)
DATES = (
    ("startDateStruct", TG.startDate, TG.startDateType),
    ("primaryCompletionDateStruct", TG.primaryCompletionDate, TG.primaryCompletionDateType),
    ("completionDateStruct", TG.completionDate, TG.completionDateType),
    ("studyFirstSubmitDate", TG.firstSubmitted, None),
    ("studyFirstSubmitQcDate", TG.firstSubmittedQc, None),
    ("studyFirstPostDateStruct", TG.firstPosted, TG.firstPostedType),
    ("resultsFirstSubmitDate", TG.resultsFirstSubmitted, None),
    ("resultsFirstSubmitQcDate", TG.resultsFirstSubmittedQc, None),
    ("resultsFirstPostDateStruct", TG.resultsFirstPosted, TG.resultsFirstPostedType),
    ("dispFirstSubmitDate", TG.certificationFirstSubmitted, None),
    ("dispFirstSubmitQcDate", TG.certificationFirstSubmittedQc, None),
    ("dispFirstPostDateStruct", TG.certificationFirstPosted, TG.certificationFirstPostedType),
    ("lastUpdateSubmitDate", TG.lastUpdateSubmitted, None),
    ("lastUpdatePostDateStruct", TG.lastUpdated, TG.lastUpdatedType),
    ("statusVerifiedDate", TG.statusVerified, None),
)


def map_module(study: StudyBuilder) -> None:
    status = study.section("statusModule")
    where = "protocolSection.statusModule"
    trial = study.trial
    study.add(
        trial, TG.overallStatus, study.enum("OverallStatus", status.get("overallStatus"), f"{where}.overallStatus")
    )
    study.add(
        trial,
        TG.lastKnownStatus,
        study.enum("OverallStatus", status.get("lastKnownStatus"), f"{where}.lastKnownStatus"),
    )
    study.add(trial, TG.whyStopped, study.text(status.get("whyStopped"), f"{where}.whyStopped"))
    for key, date_property, type_property in DATES:
        value = status.get(key)
        if type_property is None:
            study.add(trial, date_property, study.date(value, f"{where}.{key}"))
            continue
        struct = value if isinstance(value, dict) else {}
        study.add(trial, date_property, study.date(struct.get("date"), f"{where}.{key}.date"))
        study.add(trial, type_property, study.enum("DateType", struct.get("type"), f"{where}.{key}.type"))
    _expanded_access(study, status.get("expandedAccessInfo"), f"{where}.expandedAccessInfo")


def _expanded_access(study: StudyBuilder, info: object, where: str) -> None:
    if not isinstance(info, dict):
        return
    study.add(
        study.trial, TG.hasExpandedAccess, study.flag(info.get("hasExpandedAccess"), f"{where}.hasExpandedAccess")
    )
    nct_id = info.get("nctId")
    if isinstance(nct_id, str) and nct_id:
        study.add(study.trial, TG.expandedAccessNctId, Literal(nct_id))
    study.add(
        study.trial,
        TG.expandedAccessStatus,
        study.enum("ExpandedAccessStatus", info.get("statusForNctId"), f"{where}.statusForNctId"),
    )
