"""armsInterventionsModule: interventions, each linked to its trial (tg:hasIntervention, arms or not), arm
groups, and each arm's regimen with doses and routes. A nameless intervention or arm is skipped, with a note."""

from __future__ import annotations

import re

from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS, XSD

from ....text.doses import read_dose
from ..builder import TG, StudyBuilder

PLACEBO = re.compile(r"\bplacebo\b", re.IGNORECASE)
# a name joining several interventions ('Nivolumab + Relatlimab', 'X, Y and Z'): a whole regimen registered as one,
# whose text's doses and schedules belong to its parts
WHOLE_REGIMEN = re.compile(r"\s(?:and|plus|&)\s|\+|,\s*(?=[^\W\d])|\bin combination with\b", re.IGNORECASE)
# intervention types whose descriptions may state a dose worth reading
DOSED_TYPES = {"DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT", "COMBINATION_PRODUCT", "GENETIC", "RADIATION"}


def map_module(study: StudyBuilder) -> None:
    module = study.section("armsInterventionsModule")
    where = "protocolSection.armsInterventionsModule"
    interventions = [
        _intervention(study, index, item, field_path)
        for index, field_path, item in study.listed(module, "interventions", where, "name", "intervention")
    ]
    for index, field_path, arm in study.listed(module, "armGroups", where, "label", "arm group"):
        _arm(study, index, arm, interventions, field_path)


def _intervention(study: StudyBuilder, index: int, item: dict, field_path: str) -> dict:
    iri = study.node(f"intervention-{index + 1}")
    study.add(study.trial, TG.hasIntervention, iri)
    kind = item.get("type")
    concept = study.enum("InterventionType", kind, f"{field_path}.type")
    is_placebo = bool(PLACEBO.search(item["name"]))
    cls = TG.Placebo if is_placebo else {"DRUG": TG.Drug, "BIOLOGICAL": TG.Biological}.get(kind, TG.Intervention)
    study.add(iri, RDF.type, cls)
    study.add(iri, RDFS.label, study.text(item["name"], f"{field_path}.name"))
    study.add(iri, TG.interventionType, concept)
    study.add(iri, DCTERMS.description, study.text(item.get("description"), f"{field_path}.description"))
    other_names = [n for n in item.get("otherNames") or [] if isinstance(n, str) and n.strip()]
    for other in other_names:
        study.add(iri, SKOS.altLabel, study.text(other, f"{field_path}.otherNames"))
    labels = [a for a in item.get("armGroupLabels") or [] if isinstance(a, str)]
    return {
        "iri": iri,
        "name": item["name"],
        "type": kind,
        "placebo": is_placebo,
        "description": item.get("description") or "",
        "arms": labels,
        "other_names": other_names,
        "field": field_path,
        "index": index,
    }


def _linked(study: StudyBuilder, arm: dict, label: str, interventions: list[dict], field_path: str) -> list[dict]:
    """The interventions an arm receives: listed by the intervention, or named by the arm."""
    linked = [i for i in interventions if label in i["arms"]]
    for name_index, written in enumerate(arm.get("interventionNames") or []):
        if not isinstance(written, str):
            continue
        name = written.split(": ", 1)[1] if ": " in written else written
        candidates = [i for i in interventions if i["name"] == name] or [
            i for i in interventions if i["name"].casefold() == name.casefold()
        ]
        if any(c in linked for c in candidates):
            continue
        if len(candidates) == 1:
            linked.append(candidates[0])
        elif not candidates:
            study.notes.append(f"{field_path}.interventionNames[{name_index}]: names {written!r}, not listed")
        else:
            study.notes.append(f"{field_path}.interventionNames[{name_index}]: {written!r} is ambiguous")
    return sorted(linked, key=lambda i: i["index"])


def _arm(study: StudyBuilder, index: int, arm: dict, interventions: list[dict], field_path: str) -> None:
    iri = study.node(f"arm-{index + 1}")
    label = arm["label"]
    study.add(study.trial, TG.hasArm, iri)
    study.add(iri, RDF.type, TG.Arm)
    study.derived(iri)
    study.add(iri, RDFS.label, study.text(label, f"{field_path}.label"))
    study.add(iri, TG.position, Literal(index + 1))
    study.add(iri, DCTERMS.description, study.text(arm.get("description"), f"{field_path}.description"))
    arm_type = study.enum("ArmType", arm.get("type"), f"{field_path}.type")
    if arm.get("type") is None and study.section("designModule").get("studyType") != "OBSERVATIONAL":
        # none is guessed: the note says why the arm has no type, and the arm shape warns that a curator should read one
        study.note("omission", f"The registry record gives no arm type ({field_path}.type); none is recorded.", iri)
    linked = _linked(study, arm, label, interventions, field_path)
    given = {i["index"]: i["iri"] for i in linked}
    if arm.get("type") == "PLACEBO_COMPARATOR" and not any(i["placebo"] for i in linked):
        arm_type = _placebo_from_other_names(study, iri, label, linked, given, arm_type, field_path)
    study.add(iri, TG.armType, arm_type)
    if not linked:
        return
    regimen = study.node(f"regimen-{index + 1}")
    study.add(iri, TG.receives, regimen)
    study.add(regimen, RDF.type, TG.Regimen)
    # an arm's description and label speak for its intervention only when it has just one
    arm_texts = (arm.get("description") or "", label) if len(linked) == 1 else ()
    for number, intervention in enumerate(linked, start=1):
        admin = study.node(f"admin-{index + 1}-{number}")
        study.add(regimen, TG.hasComponent, admin)
        study.add(admin, RDF.type, TG.Administration)
        study.add(admin, TG.intervention, given[intervention["index"]])
        study.add(
            admin, TG.scheduleText, study.text(intervention["description"], f"{intervention['field']}.description")
        )
        # a record without an intervention type may still state a dose
        if intervention["type"] in DOSED_TYPES or intervention["type"] is None or intervention["placebo"]:
            _dose(study, admin, intervention, arm_texts, label)


def _placebo_from_other_names(study: StudyBuilder, arm_iri, label, linked, given, arm_type, field_path):
    """A placebo arm whose intervention lists 'placebo' among its other names receives that placebo."""
    for intervention in linked:
        placebo_name = next((n for n in intervention["other_names"] if PLACEBO.search(n)), None)
        if placebo_name is None:
            continue
        placebo = URIRef(f"{intervention['iri']}-placebo")
        study.add(study.trial, TG.hasIntervention, placebo)
        study.add(placebo, RDF.type, TG.Placebo)
        study.add(placebo, RDFS.label, study.text(placebo_name, f"{intervention['field']}.otherNames"))
        study.add(
            placebo,
            TG.interventionType,
            study.enum("InterventionType", intervention["type"], f"{intervention['field']}.type"),
        )
        given[intervention["index"]] = placebo
        study.note(
            "interpretation",
            f"The placebo comparator arm '{label}' lists '{intervention['name']}', whose other names include "
            f"'{placebo_name}': the arm is taken to receive that placebo.",
            arm_iri,
        )
        return arm_type
    study.notes.append(
        f"{field_path}.type: PLACEBO_COMPARATOR, but no intervention of the arm is a placebo; type left out"
    )
    study.note(
        "contradiction",
        f"The record gives arm '{label}' the type PLACEBO_COMPARATOR but names no placebo among its "
        "interventions; the type is left out.",
        arm_iri,
    )
    return None


def _dose(study: StudyBuilder, admin: URIRef, intervention: dict, arm_texts: tuple, arm_label: str) -> None:
    """The regimen the texts state, modelled as curated administrations are: tg:dose (or tg:minimumDose and
    tg:maximumDose for a range), tg:loadingDose, tg:route, tg:frequency per tg:period, tg:duration,
    tg:cycleLength, tg:onDuration and tg:offDuration. What cannot be read as one value is a note."""
    if WHOLE_REGIMEN.search(intervention["name"]):
        study.notes.append(
            f"{intervention['field']}.name ({intervention['name']}): names several interventions registered as one; "
            "no dose, route or schedule is read for it"
        )
        return
    # the description first; the name, and the arm's text when the arm has only this intervention
    reading = read_dose(intervention["description"], intervention["name"], *arm_texts)
    local = study.local(admin)
    for prop, dose, suffix in (
        (TG.dose, reading.dose, "dose"),
        (TG.loadingDose, reading.loading_dose, "loading-dose"),
        (TG.minimumDose, reading.dose_range[0] if reading.dose_range else None, "minimum-dose"),
        (TG.maximumDose, reading.dose_range[1] if reading.dose_range else None, "maximum-dose"),
    ):
        if dose is not None:
            study.add(admin, prop, study.quantity(f"{local}-{suffix}", dose.value, dose.unit, dose.unit_text))
    if reading.route is not None:
        study.add(admin, TG.route, study.enum("Route", reading.route, f"{intervention['field']}.description"))
    elif len(reading.routes) > 1:
        study.note(
            "interpretation",
            f"The record offers alternative routes for '{intervention['name']}' in arm '{arm_label}' "
            f"({', '.join(r.lower().replace('_', '-') for r in reading.routes)}); none is recorded as the route.",
            admin,
        )
    if reading.frequency is not None:
        study.add(admin, TG.frequency, Literal(reading.frequency.count, datatype=XSD.decimal))
        study.add(admin, TG.period, _time(study, f"{local}-period", reading.frequency.period))
    for prop, period, suffix in (
        (TG.duration, reading.duration, "duration"),
        (TG.cycleLength, reading.cycle_length, "cycle-length"),
    ):
        if period is not None:
            study.add(admin, prop, _time(study, f"{local}-{suffix}", period))
    if reading.on_duration is not None and reading.off_duration is not None:
        study.add(admin, TG.onDuration, _time(study, f"{local}-on", reading.on_duration))
        study.add(admin, TG.offDuration, _time(study, f"{local}-off", reading.off_duration))
    for problem in reading.problems:
        study.notes.append(f"{intervention['field']} ({intervention['name']}) in arm '{arm_label}': {problem}")
    for note in reading.notes:
        study.notes.append(f"{intervention['field']} ({intervention['name']}) in arm '{arm_label}': {note}")


def _time(study: StudyBuilder, name: str, period: tuple) -> BNode:
    return study.quantity(name, period[0], period[1], None)
