"""statusModule: overall status, why stopped, and the dates with their types."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from rdflib import XSD, Literal

from ..builder import TG, RecordError, StudyBuilder, get


def _date(study: StudyBuilder, value: Any, field_path: str) -> Literal | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            date.fromisoformat(value)  # a day of the calendar: not 2020-13-45, not 2021-02-29
        except ValueError:
            raise RecordError(f"{field_path}: not a calendar date: {value!r}") from None
        return Literal(value, datatype=XSD.date)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", value):
        return Literal(value, datatype=XSD.gYearMonth)
    raise RecordError(f"{field_path}: not a date (YYYY-MM-DD or YYYY-MM): {value!r}")


def map_module(study: StudyBuilder) -> None:
    status = study.section("statusModule")
    where = "protocolSection.statusModule"
    study.add(
        study.trial,
        TG.overallStatus,
        study.enum("OverallStatus", status.get("overallStatus"), f"{where}.overallStatus"),
    )
    study.add(study.trial, TG.whyStopped, study.text(status.get("whyStopped"), f"{where}.whyStopped"))
    for key, date_property, type_property in (
        ("startDateStruct", TG.startDate, TG.startDateType),
        ("primaryCompletionDateStruct", TG.primaryCompletionDate, TG.primaryCompletionDateType),
        ("completionDateStruct", TG.completionDate, TG.completionDateType),
    ):
        struct = status.get(key) or {}
        study.add(study.trial, date_property, _date(study, struct.get("date"), f"{where}.{key}.date"))
        study.add(study.trial, type_property, study.enum("DateType", struct.get("type"), f"{where}.{key}.type"))
    study.add(
        study.trial,
        TG.firstPosted,
        _date(study, get(status, "studyFirstPostDateStruct.date"), f"{where}.studyFirstPostDateStruct.date"),
    )
    updated = _date(study, get(status, "lastUpdatePostDateStruct.date"), f"{where}.lastUpdatePostDateStruct.date")
    study.add(study.trial, TG.lastUpdated, updated)
    study.add(
        study.trial, TG.statusVerified, _date(study, status.get("statusVerifiedDate"), f"{where}.statusVerifiedDate")
    )
