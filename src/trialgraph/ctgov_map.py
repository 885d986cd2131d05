"""One ClinicalTrials.gov API v2 study as TrialGraph RDF, modelled like the curated trials.

Imported nodes live in their own namespace (ctgov:NCT04426201, ctgov:NCT04426201-arm-1...), so an
import and a curated trial of the same study sit side by side; `tg:importedFrom` marks the import.
Enum values map to value-set concepts by notation; an unknown one makes the record an error that
names the field. Free text is kept as written; what cannot be structured is reported as a note.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import curies
import pycountry
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .contact_details import scrub
from .criteria_text import split_criteria
from .ctgov_read import StudyRecord
from .dose_text import read_dose
from .mesh import normalise_mesh_id
from .value_sets import UnknownValue, ValueSets

TG = Namespace("https://w3id.org/trialgraph/ontology/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
CTGOV = Namespace("https://w3id.org/trialgraph/id/ctgov/")
CTORG = Namespace("https://w3id.org/trialgraph/id/ctgov/organization/")
CTPLACE = Namespace("https://w3id.org/trialgraph/id/ctgov/place/")
PLACE = Namespace("https://w3id.org/trialgraph/id/place/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
REGISTRY_PAGE = "https://clinicaltrials.gov/study/"
PREFIXES = {
    "tg": TG,
    "tgv": TGV,
    "ctgov": CTGOV,
    "ctorg": CTORG,
    "ctplace": CTPLACE,
    "place": PLACE,
    "geo": GEO,
    "dcterms": DCTERMS,
    "skos": SKOS,
}
NCT_ID = re.compile(r"^NCT\d{8}$")
AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(Years?|Months?|Weeks?|Days?|Hours?|Minutes?)\s*$", re.IGNORECASE)
AGE_UNITS = {"year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h", "minute": "min"}
PLACEBO = re.compile(r"\bplacebo\b", re.IGNORECASE)
DOI = re.compile(r"\bdoi:\s*(10\.\d{4,9}/\S+)", re.IGNORECASE)
# intervention types whose descriptions may state a dose worth reading
DOSED_TYPES = {"DRUG", "BIOLOGICAL", "DIETARY_SUPPLEMENT", "COMBINATION_PRODUCT", "GENETIC", "RADIATION"}
OUTCOME_LISTS = (("primaryOutcomes", "PRIMARY"), ("secondaryOutcomes", "SECONDARY"), ("otherOutcomes", "OTHER"))


class RecordError(ValueError):
    """A record that cannot be imported; the message names the field."""


@dataclass
class MappedStudy:
    nct_id: str
    graph: Graph
    notes: list[str] = field(default_factory=list)  # what was not parsed or was removed


def slug(text: str) -> str:
    """A lower-case ASCII slug; text without Latin letters or digits gets none.

    >>> slug("Hôpital Saint-Louis (AP-HP)")
    'hopital-saint-louis-ap-hp'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _get(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


class StudyMapper:
    """Maps study records; holds what every record shares (the value sets)."""

    def __init__(
        self,
        value_sets: ValueSets,
        converter: curies.Converter,
        thresholds: Callable[[str], list] | None = None,
    ):
        self.value_sets = value_sets
        self.converter = converter  # the project's prefix map: MeSH IRIs as the mapping tables write them
        self.thresholds = thresholds

    def map(self, record: StudyRecord) -> MappedStudy:
        return _StudyBuilder(self, record).build()


class _StudyBuilder:
    """Builds the graph of one record; collects notes as it goes."""

    def __init__(self, mapper: StudyMapper, record: StudyRecord):
        self.mapper = mapper
        self.record = record
        self.protocol = record.study.get("protocolSection")
        if not isinstance(self.protocol, dict):
            raise RecordError("protocolSection: missing")
        nct_id = _get(self.protocol, "identificationModule.nctId")
        if not nct_id:
            raise RecordError("protocolSection.identificationModule.nctId: missing")
        if not isinstance(nct_id, str) or not NCT_ID.match(nct_id):
            raise RecordError(f"protocolSection.identificationModule.nctId: not an NCT ID: {nct_id!r}")
        self.nct = nct_id
        self.trial = CTGOV[nct_id]
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self.graph.bind("mesh", mapper.converter.expand("mesh:"))
        self.notes: list[str] = []
        self.source = URIRef(REGISTRY_PAGE + nct_id)

    # ------------------------------------------------------------ small helpers
    def node(self, suffix: str) -> URIRef:
        return CTGOV[f"{self.nct}-{suffix}"]

    def local(self, node: URIRef) -> str:
        """`ctgov:NCT01234567-arm-1` -> `arm-1`, for naming the blank nodes that hang off it."""
        return str(node).removeprefix(str(CTGOV)).removeprefix(f"{self.nct}-")

    def add(self, subject, predicate, obj) -> None:
        if obj is not None:
            self.graph.add((subject, predicate, obj))

    def text(self, value: Any, field_path: str, lang: str | None = "en") -> Literal | None:
        """Free text as a literal, contact details removed (and noted)."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise RecordError(f"{field_path}: expected text, found {type(value).__name__}")
        cleaned, removed = scrub(value.strip())
        if removed:
            self.notes.append(f"{field_path}: {removed} e-mail address(es) or phone number(s) removed")
        return Literal(cleaned, lang=lang) if lang else Literal(cleaned)

    def enum(self, scheme: str, value: Any, field_path: str) -> URIRef | None:
        if value is None:
            return None
        try:
            return self.mapper.value_sets.concept(scheme, value)
        except UnknownValue as error:
            raise RecordError(f"{field_path}: {error}") from error

    def section(self, name: str) -> dict:
        value = self.protocol.get(name) or {}
        if not isinstance(value, dict):
            raise RecordError(f"protocolSection.{name}: expected an object")
        return value

    def items(self, container: dict, key: str, field_path: str) -> list:
        value = container.get(key) or []
        if not isinstance(value, list):
            raise RecordError(f"{field_path}.{key}: expected a list")
        return value

    def note(self, kind: str, text: str, holder: URIRef | None = None) -> None:
        """A curator note about the registry record, on the trial or on one of its nodes (one per kind)."""
        if holder is None or holder == self.trial:
            holder = self.trial
            name = f"{self.nct}-note-{len(list(self.graph.objects(self.trial, TG.hasCuratorNote))) + 1}"
        else:
            name = f"{self.nct}-{self.local(holder)}-note-{kind}"
        note = BNode(name)
        self.add(holder, TG.hasCuratorNote, note)
        self.add(note, RDF.type, TG.CuratorNote)
        self.add(note, TG.noteKind, TGV[f"note-{kind}"])
        self.add(note, TG.aboutSource, self.source)
        self.add(note, TG.noteText, Literal(scrub(text)[0], lang="en"))

    def listed(self, module: dict, key: str, where: str, required: str, what: str) -> Iterator[tuple[str, dict]]:
        """The entries of a list that have their `required` field, with their field path; the others are noted."""
        for index, entry in enumerate(self.items(module, key, where)):
            field_path = f"{where}.{key}[{index}]"
            if isinstance(entry, dict) and entry.get(required):
                yield field_path, entry
            else:
                self.notes.append(f"{field_path}.{required}: missing, {what} not imported")

    def quantity(self, name: str, value: Decimal, unit: str, unit_text: str | None) -> BNode:
        quantity = BNode(f"{self.nct}-{name}")
        self.add(quantity, RDF.type, TG.Quantity)
        self.add(quantity, TG.numericValue, Literal(value, datatype=XSD.decimal))
        self.add(quantity, TG.unit, Literal(unit))
        self.add(quantity, TG.unitText, Literal(unit_text) if unit_text else None)
        return quantity

    def organization(self, name: str) -> URIRef:
        # a name without Latin letters gets a stable digest, so that re-imports give the same IRI
        iri = CTORG[slug(name) or "org-" + hashlib.sha1(name.encode()).hexdigest()[:12]]
        self.add(iri, RDF.type, TG.Organization)
        self.add(iri, RDFS.label, self.text(name, "organization name"))
        return iri

    # ------------------------------------------------------------ the record
    def build(self) -> MappedStudy:
        self.provenance()
        self.identification()
        self.status()
        self.sponsors()
        self.oversight()
        self.description()
        self.conditions()
        self.design()
        self.arms_and_interventions()
        self.outcomes()
        self.eligibility()
        self.locations()
        self.officials()
        self.references()
        self.mesh_terms()
        if self.notes:
            self.note("omission", "Not imported or not structured from the registry record: " + "; ".join(self.notes))
        return MappedStudy(self.nct, self.graph, self.notes)

    def provenance(self) -> None:
        self.add(self.source, RDF.type, TG.RegistryRecord)
        self.add(self.source, RDFS.label, Literal(f"ClinicalTrials.gov record {self.nct} (API v2 JSON)"))
        self.add(self.source, TG.fileName, Literal(self.record.path.name))
        self.add(self.trial, RDF.type, TG.Trial)
        self.add(self.trial, TG.curationSource, self.source)
        self.add(self.trial, TG.importedFrom, self.source)
        self.add(self.trial, TG.registryRecord, self.source)

    def identification(self) -> None:
        ident = self.section("identificationModule")
        where = "protocolSection.identificationModule"
        self.add(self.trial, TG.nctId, Literal(self.nct))
        self.add(self.trial, DCTERMS.identifier, Literal(self.nct))
        org_id = _get(ident, "orgStudyIdInfo.id")
        if org_id:
            self.add(self.trial, TG.orgStudyId, Literal(str(org_id)))
            self.add(self.trial, DCTERMS.identifier, Literal(str(org_id)))
        for secondary in self.items(ident, "secondaryIdInfos", where):
            if isinstance(secondary, dict) and secondary.get("id"):
                self.add(self.trial, DCTERMS.identifier, Literal(str(secondary["id"])))
        title = ident.get("briefTitle")
        if not title:
            raise RecordError(f"{where}.briefTitle: missing (a trial needs a title)")
        self.add(self.trial, TG.briefTitle, self.text(title, f"{where}.briefTitle"))
        self.add(self.trial, TG.officialTitle, self.text(ident.get("officialTitle"), f"{where}.officialTitle"))
        self.add(self.trial, TG.acronym, self.text(ident.get("acronym"), f"{where}.acronym", lang=None))

    def date(self, value: Any, field_path: str) -> Literal | None:
        if value is None:
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Literal(value, datatype=XSD.date)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}", value):
            return Literal(value, datatype=XSD.gYearMonth)
        raise RecordError(f"{field_path}: not a date (YYYY-MM-DD or YYYY-MM): {value!r}")

    def status(self) -> None:
        status = self.section("statusModule")
        where = "protocolSection.statusModule"
        self.add(
            self.trial,
            TG.overallStatus,
            self.enum("OverallStatus", status.get("overallStatus"), f"{where}.overallStatus"),
        )
        self.add(self.trial, TG.whyStopped, self.text(status.get("whyStopped"), f"{where}.whyStopped"))
        for key, date_property, type_property in (
            ("startDateStruct", TG.startDate, TG.startDateType),
            ("primaryCompletionDateStruct", TG.primaryCompletionDate, TG.primaryCompletionDateType),
            ("completionDateStruct", TG.completionDate, TG.completionDateType),
        ):
            struct = status.get(key) or {}
            self.add(self.trial, date_property, self.date(struct.get("date"), f"{where}.{key}.date"))
            self.add(self.trial, type_property, self.enum("DateType", struct.get("type"), f"{where}.{key}.type"))
        self.add(
            self.trial,
            TG.firstPosted,
            self.date(_get(status, "studyFirstPostDateStruct.date"), f"{where}.studyFirstPostDateStruct.date"),
        )
        updated = self.date(_get(status, "lastUpdatePostDateStruct.date"), f"{where}.lastUpdatePostDateStruct.date")
        self.add(self.trial, TG.lastUpdated, updated)
        self.add(
            self.trial, TG.statusVerified, self.date(status.get("statusVerifiedDate"), f"{where}.statusVerifiedDate")
        )

    def sponsors(self) -> None:
        module = self.section("sponsorCollaboratorsModule")
        where = "protocolSection.sponsorCollaboratorsModule"
        parties = []
        if isinstance(module.get("leadSponsor"), dict):
            parties.append(("LEAD", module["leadSponsor"], f"{where}.leadSponsor"))
        for index, collaborator in enumerate(self.items(module, "collaborators", where)):
            parties.append(("COLLABORATOR", collaborator, f"{where}.collaborators[{index}]"))
        for position, (role, party, field_path) in enumerate(parties, start=1):
            if not isinstance(party, dict) or not party.get("name"):
                self.notes.append(f"{field_path}: no name, not imported")
                continue
            sponsorship = self.node(f"sponsor-{position}")
            self.add(self.trial, TG.hasSponsorship, sponsorship)
            self.add(sponsorship, RDF.type, TG.Sponsorship)
            self.add(sponsorship, TG.position, Literal(position))
            self.add(sponsorship, TG.organization, self.organization(party["name"]))
            self.add(sponsorship, TG.sponsorRole, self.enum("SponsorRole", role, field_path))
            self.add(sponsorship, TG.agencyClass, self.enum("AgencyClass", party.get("class"), f"{field_path}.class"))

    def oversight(self) -> None:
        module = self.section("oversightModule")
        for key, prop in (
            ("oversightHasDmc", TG.oversightHasDmc),
            ("isFdaRegulatedDrug", TG.fdaRegulatedDrug),
            ("isFdaRegulatedDevice", TG.fdaRegulatedDevice),
        ):
            if isinstance(module.get(key), bool):
                self.add(self.trial, prop, Literal(module[key]))

    def description(self) -> None:
        module = self.section("descriptionModule")
        where = "protocolSection.descriptionModule"
        self.add(self.trial, TG.briefSummary, self.text(module.get("briefSummary"), f"{where}.briefSummary"))
        self.add(
            self.trial,
            TG.detailedDescription,
            self.text(module.get("detailedDescription"), f"{where}.detailedDescription"),
        )

    def conditions(self) -> None:
        module = self.section("conditionsModule")
        where = "protocolSection.conditionsModule"
        conditions = [c for c in self.items(module, "conditions", where) if isinstance(c, str) and c.strip()]
        if not conditions:
            raise RecordError(f"{where}.conditions: missing (a trial needs at least one condition)")
        for position, name in enumerate(conditions, start=1):
            condition = self.node(f"condition-{position}")
            self.add(condition, RDF.type, TG.Condition)
            self.add(condition, RDFS.label, self.text(name, f"{where}.conditions[{position - 1}]"))
            self.add(self.trial, TG.condition, condition)
            self.add(self.trial, TG.conditionText, self.text(name, f"{where}.conditions[{position - 1}]", lang=None))
        for index, keyword in enumerate(self.items(module, "keywords", where)):
            self.add(self.trial, TG.keyword, self.text(keyword, f"{where}.keywords[{index}]", lang=None))

    def design(self) -> None:
        design = self.section("designModule")
        where = "protocolSection.designModule"
        self.add(self.trial, TG.studyType, self.enum("StudyType", design.get("studyType"), f"{where}.studyType"))
        phases = self.items(design, "phases", where)
        for index, phase in enumerate(phases):
            self.enum("Phase", phase, f"{where}.phases[{index}]")  # each value must be known
        if phases:
            combined = "_".join(phases)
            if not self.mapper.value_sets.knows("Phase", combined):
                raise RecordError(f"{where}.phases: unknown combination {combined!r}")
            self.add(self.trial, TG.phase, self.enum("Phase", combined, f"{where}.phases"))
        info = design.get("designInfo") or {}
        info_where = f"{where}.designInfo"
        for key, scheme, prop in (
            ("allocation", "Allocation", TG.allocation),
            ("interventionModel", "InterventionModel", TG.interventionModel),
            ("observationalModel", "ObservationalModel", TG.observationalModel),
            ("timePerspective", "TimePerspective", TG.timePerspective),
            ("primaryPurpose", "PrimaryPurpose", TG.primaryPurpose),
        ):
            self.add(self.trial, prop, self.enum(scheme, info.get(key), f"{info_where}.{key}"))
        masking = info.get("maskingInfo") or {}
        self.add(
            self.trial, TG.masking, self.enum("Masking", masking.get("masking"), f"{info_where}.maskingInfo.masking")
        )
        for index, role in enumerate(masking.get("whoMasked") or []):
            self.add(
                self.trial, TG.maskedRole, self.enum("MaskedRole", role, f"{info_where}.maskingInfo.whoMasked[{index}]")
            )
        enrollment = design.get("enrollmentInfo") or {}
        count = enrollment.get("count")
        if count is not None:
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise RecordError(f"{where}.enrollmentInfo.count: not a non-negative integer: {count!r}")
            self.add(self.trial, TG.enrollment, Literal(count))
        self.add(
            self.trial,
            TG.enrollmentType,
            self.enum("EnrollmentType", enrollment.get("type"), f"{where}.enrollmentInfo.type"),
        )

    # ------------------------------------------------------------ arms and interventions
    def arms_and_interventions(self) -> None:
        module = self.section("armsInterventionsModule")
        where = "protocolSection.armsInterventionsModule"
        interventions = []
        for index, item in enumerate(self.items(module, "interventions", where)):
            interventions.append(self.intervention(index, item, f"{where}.interventions[{index}]"))
        for index, arm in enumerate(self.items(module, "armGroups", where)):
            self.arm(index, arm, interventions, f"{where}.armGroups[{index}]")

    def intervention(self, index: int, item: Any, field_path: str) -> dict:
        if not isinstance(item, dict) or not item.get("name"):
            raise RecordError(f"{field_path}.name: missing")
        iri = self.node(f"intervention-{index + 1}")
        kind = item.get("type")
        concept = self.enum("InterventionType", kind, f"{field_path}.type")
        is_placebo = bool(PLACEBO.search(item["name"]))
        cls = TG.Placebo if is_placebo else {"DRUG": TG.Drug, "BIOLOGICAL": TG.Biological}.get(kind, TG.Intervention)
        self.add(iri, RDF.type, cls)
        self.add(iri, RDFS.label, self.text(item["name"], f"{field_path}.name"))
        self.add(iri, TG.interventionType, concept)
        self.add(iri, DCTERMS.description, self.text(item.get("description"), f"{field_path}.description"))
        other_names = [n for n in item.get("otherNames") or [] if isinstance(n, str) and n.strip()]
        for other in other_names:
            self.add(iri, SKOS.altLabel, self.text(other, f"{field_path}.otherNames"))
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

    def _linked(self, arm: dict, label: str, interventions: list[dict], field_path: str) -> list[dict]:
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
                self.notes.append(f"{field_path}.interventionNames[{name_index}]: names {written!r}, not listed")
            else:
                self.notes.append(f"{field_path}.interventionNames[{name_index}]: {written!r} is ambiguous")
        return sorted(linked, key=lambda i: i["index"])

    def arm(self, index: int, arm: Any, interventions: list[dict], field_path: str) -> None:
        if not isinstance(arm, dict) or not arm.get("label"):
            raise RecordError(f"{field_path}.label: missing")
        iri = self.node(f"arm-{index + 1}")
        label = arm["label"]
        self.add(self.trial, TG.hasArm, iri)
        self.add(iri, RDF.type, TG.Arm)
        self.add(iri, RDFS.label, self.text(label, f"{field_path}.label"))
        self.add(iri, TG.position, Literal(index + 1))
        self.add(iri, DCTERMS.description, self.text(arm.get("description"), f"{field_path}.description"))
        arm_type = self.enum("ArmType", arm.get("type"), f"{field_path}.type")
        linked = self._linked(arm, label, interventions, field_path)
        given = {i["index"]: i["iri"] for i in linked}
        if arm.get("type") == "PLACEBO_COMPARATOR" and not any(i["placebo"] for i in linked):
            arm_type = self._placebo_from_other_names(iri, label, linked, given, arm_type, field_path)
        self.add(iri, TG.armType, arm_type)
        if not linked:
            return
        regimen = self.node(f"regimen-{index + 1}")
        self.add(iri, TG.receives, regimen)
        self.add(regimen, RDF.type, TG.Regimen)
        # an arm's description speaks for its intervention only when it has just one
        arm_text = (arm.get("description") or "") if len(linked) == 1 else ""
        for number, intervention in enumerate(linked, start=1):
            admin = self.node(f"admin-{index + 1}-{number}")
            self.add(regimen, TG.hasComponent, admin)
            self.add(admin, RDF.type, TG.Administration)
            self.add(admin, TG.intervention, given[intervention["index"]])
            self.add(
                admin, TG.scheduleText, self.text(intervention["description"], f"{intervention['field']}.description")
            )
            # a record without an intervention type may still state a dose
            if intervention["type"] in DOSED_TYPES or intervention["type"] is None or intervention["placebo"]:
                self.dose(admin, intervention, arm_text, label)

    def _placebo_from_other_names(self, arm_iri, label, linked, given, arm_type, field_path):
        """A placebo arm whose intervention lists 'placebo' among its other names receives that placebo."""
        for intervention in linked:
            placebo_name = next((n for n in intervention["other_names"] if PLACEBO.search(n)), None)
            if placebo_name is None:
                continue
            placebo = URIRef(f"{intervention['iri']}-placebo")
            self.add(placebo, RDF.type, TG.Placebo)
            self.add(placebo, RDFS.label, self.text(placebo_name, f"{intervention['field']}.otherNames"))
            self.add(
                placebo, TG.interventionType, self.enum("InterventionType", intervention["type"], intervention["field"])
            )
            given[intervention["index"]] = placebo
            self.note(
                "interpretation",
                f"The placebo comparator arm '{label}' lists '{intervention['name']}', whose other names include "
                f"'{placebo_name}': the arm is taken to receive that placebo.",
                arm_iri,
            )
            return arm_type
        self.notes.append(
            f"{field_path}.type: PLACEBO_COMPARATOR, but no intervention of the arm is a placebo; type left out"
        )
        self.note(
            "contradiction",
            f"The record gives arm '{label}' the type PLACEBO_COMPARATOR but names no placebo among its "
            "interventions; the type is left out.",
            arm_iri,
        )
        return None

    def dose(self, admin: URIRef, intervention: dict, arm_text: str, arm_label: str) -> None:
        reading = read_dose(intervention["description"], arm_text)
        if reading.dose is not None:
            dose = reading.dose
            self.add(admin, TG.dose, self.quantity(f"{self.local(admin)}-dose", dose.value, dose.unit, dose.unit_text))
        if reading.route is not None:
            self.add(admin, TG.route, self.enum("Route", reading.route, f"{intervention['field']}.description"))
        for problem in reading.problems:
            self.notes.append(f"{intervention['field']} ({intervention['name']}) in arm '{arm_label}': {problem}")

    # ------------------------------------------------------------ outcomes and eligibility
    def outcomes(self) -> None:
        module = self.section("outcomesModule")
        where = "protocolSection.outcomesModule"
        position = 0
        for key, kind in OUTCOME_LISTS:
            for field_path, outcome in self.listed(module, key, where, "measure", "outcome"):
                position += 1
                iri = self.node(f"outcome-{position}")
                self.add(self.trial, TG.hasOutcome, iri)
                self.add(iri, RDF.type, TG.Outcome)
                self.add(iri, TG.position, Literal(position))
                self.add(iri, RDFS.label, self.text(outcome["measure"], f"{field_path}.measure"))
                self.add(iri, TG.outcomeType, self.enum("OutcomeType", kind, field_path))
                self.add(iri, DCTERMS.description, self.text(outcome.get("description"), f"{field_path}.description"))
                self.add(iri, TG.timeFrame, self.text(outcome.get("timeFrame"), f"{field_path}.timeFrame"))

    def age(self, value: Any, field_path: str, name: str) -> BNode | None:
        if value is None:
            return None
        match = AGE.match(value) if isinstance(value, str) else None
        if not match:
            self.notes.append(f"{field_path}: age {value!r} not understood")
            return None
        number, unit_text = match.groups()
        unit = AGE_UNITS[unit_text.lower().rstrip("s")]
        return self.quantity(name, Decimal(number), unit, unit_text)

    def eligibility(self) -> None:
        module = self.section("eligibilityModule")
        where = "protocolSection.eligibilityModule"
        self.add(self.trial, TG.eligibleSex, self.enum("Sex", module.get("sex"), f"{where}.sex"))
        self.add(self.trial, TG.minimumAge, self.age(module.get("minimumAge"), f"{where}.minimumAge", "minimum-age"))
        self.add(self.trial, TG.maximumAge, self.age(module.get("maximumAge"), f"{where}.maximumAge", "maximum-age"))
        if isinstance(module.get("healthyVolunteers"), bool):
            self.add(self.trial, TG.acceptsHealthyVolunteers, Literal(module["healthyVolunteers"]))
        text = module.get("eligibilityCriteria")
        if not text:
            return
        self.add(self.trial, TG.eligibilityText, self.text(text, f"{where}.eligibilityCriteria"))
        split = split_criteria(text)
        if split.unplaced:
            shown = " | ".join(split.unplaced)
            self.notes.append(
                f"{where}.eligibilityCriteria: {len(split.unplaced)} line(s) before any Inclusion or Exclusion "
                f"heading, not split into criteria: {shown[:300]}"
            )
        counters = {"inclusion": 0, "exclusion": 0}
        iris: dict[int, URIRef] = {}
        for item in split.items:
            counters[item.section] += 1
            prefix = "inc" if item.section == "inclusion" else "exc"
            iri = self.node(f"{prefix}-{counters[item.section]:02d}")
            iris[item.position] = iri
            self.add(self.trial, TG.hasCriterion, iri)
            self.add(iri, RDF.type, TG.InclusionCriterion if item.section == "inclusion" else TG.ExclusionCriterion)
            self.add(iri, TG.position, Literal(item.position))
            self.add(iri, TG.sourceNumber, Literal(item.source_number) if item.source_number else None)
            self.add(iri, TG.verbatim, self.text(item.text, f"{where}.eligibilityCriteria"))
            if item.parent is not None:
                self.add(iri, TG.subCriterionOf, iris[item.parent])
            if self.mapper.thresholds is not None:
                self.lab_thresholds(
                    iri, item.text, f"{where}.eligibilityCriteria ({prefix}-{counters[item.section]:02d})"
                )

    def lab_thresholds(self, criterion: URIRef, text: str, field_path: str) -> None:
        for number, found in enumerate(self.mapper.thresholds(text), start=1):
            if isinstance(found, str):
                self.notes.append(f"{field_path}: {found}")
                continue
            constraint = BNode(f"{self.nct}-{self.local(criterion)}-constraint-{number}")
            self.add(criterion, TG.hasConstraint, constraint)
            self.add(constraint, RDF.type, TG.LabTestConstraint)
            self.add(constraint, TG.measure, found.measure)
            self.add(constraint, TG.comparator, self.enum("Comparator", found.comparator, field_path))
            if found.uln_multiple is not None:  # a bound relative to the upper limit of normal, as curated
                self.add(constraint, TG.ulnMultiple, Literal(found.uln_multiple, datatype=XSD.decimal))
                continue
            threshold = self.quantity(
                f"{self.local(criterion)}-threshold-{number}", found.value, found.unit, found.unit_text
            )
            # no tg:canonicalValue here: assembly computes it from value and unit (trialgraph.canonical), and a
            # second copy written as "100.0" would be a second value beside its "100"
            self.add(constraint, TG.threshold, threshold)

    # ------------------------------------------------------------ places, people, references, MeSH
    def country(self, name: str, field_path: str) -> URIRef | None:
        try:
            code = pycountry.countries.lookup(name).alpha_2
        except LookupError:
            self.notes.append(f"{field_path}: country {name!r} has no ISO 3166 code here; country left out")
            return None
        iri = PLACE[code]
        self.add(iri, RDF.type, TG.Country)
        self.add(iri, RDFS.label, Literal(name, lang="en"))
        self.add(iri, TG.isoCode, Literal(code))
        return iri

    def locations(self) -> None:
        module = self.section("contactsLocationsModule")
        where = "protocolSection.contactsLocationsModule"
        for index, location in enumerate(self.items(module, "locations", where)):
            field_path = f"{where}.locations[{index}]"
            if not isinstance(location, dict):
                continue
            site = self.node(f"site-{index + 1}")
            self.add(self.trial, TG.hasSite, site)
            self.add(site, RDF.type, TG.Site)
            self.add(site, TG.position, Literal(index + 1))
            country = self.country(location["country"], f"{field_path}.country") if location.get("country") else None
            self.add(site, TG.country, country)
            city_name, state = location.get("city"), location.get("state")
            if city_name and country is not None:
                code = str(country).rsplit("/", 1)[-1]
                city = CTPLACE["-".join(part for part in (code.lower(), slug(state or ""), slug(city_name)) if part)]
                self.add(city, RDF.type, TG.City)
                self.add(city, RDFS.label, self.text(city_name, f"{field_path}.city"))
                self.add(city, TG.country, country)
                if state:
                    self.add(city, RDFS.comment, Literal(f"{city_name}, {state}", lang="en"))
                self.add(site, TG.city, city)
            place = ", ".join(p for p in (city_name, state, location.get("country")) if p)
            if location.get("facility"):
                self.add(site, RDFS.label, self.text(location["facility"], f"{field_path}.facility", lang=None))
            else:
                self.add(site, RDFS.label, Literal(f"unnamed site, {place}" if place else "unnamed site"))
                self.note("omission", "The record names no facility for this location.", site)
            self.add(
                site, TG.recruitmentStatus, self.enum("OverallStatus", location.get("status"), f"{field_path}.status")
            )
            point = location.get("geoPoint") or {}
            for key, prop in (("lat", GEO.lat), ("lon", GEO.long)):
                if isinstance(point.get(key), int | float) and not isinstance(point.get(key), bool):
                    self.add(site, prop, Literal(Decimal(str(point[key])), datatype=XSD.decimal))

    def officials(self) -> None:
        module = self.section("contactsLocationsModule")
        where = "protocolSection.contactsLocationsModule"
        position = 0
        for field_path, official in self.listed(module, "overallOfficials", where, "name", "official"):
            role = self.enum("InvestigatorRoleType", official.get("role"), f"{field_path}.role")
            name, degrees = _name_and_degrees(official["name"])
            if re.search(r"[@0-9]", name) or role is None:
                self.notes.append(f"{field_path}: not a person's name, or no role; official not imported")
                continue
            position += 1
            person = self.node(f"person-{position}")
            self.add(person, RDF.type, TG.Person)
            self.add(person, RDFS.label, Literal(name))
            self.add(person, TG.degrees, Literal(degrees) if degrees else None)
            investigator = self.node(f"investigator-{position}")
            self.add(self.trial, TG.hasInvestigator, investigator)
            self.add(investigator, RDF.type, TG.InvestigatorRole)
            self.add(investigator, TG.person, person)
            self.add(investigator, TG.role, role)
            if official.get("affiliation"):
                self.add(investigator, TG.affiliation, self.organization(official["affiliation"]))

    def references(self) -> None:
        module = self.section("referencesModule")
        where = "protocolSection.referencesModule"
        listed = self.listed(module, "references", where, "citation", "reference")
        for position, (field_path, reference) in enumerate(listed, start=1):
            iri = self.node(f"reference-{position}")
            self.add(self.trial, TG.hasReference, iri)
            self.add(iri, RDF.type, TG.Reference)
            self.add(iri, TG.position, Literal(position))
            self.add(iri, TG.citation, Literal(reference["citation"]))
            pmid = reference.get("pmid")
            if isinstance(pmid, str) and re.fullmatch(r"\d{1,9}", pmid):
                self.add(iri, TG.pmid, Literal(pmid))
            doi = DOI.search(reference["citation"])
            if doi:
                self.add(iri, TG.doi, Literal(doi.group(1).rstrip(".,;")))
            self.add(iri, TG.referenceType, self.enum("ReferenceType", reference.get("type"), f"{field_path}.type"))

    def mesh_terms(self) -> None:
        derived = self.record.study.get("derivedSection") or {}
        for module, prop in (
            ("conditionBrowseModule", TG.meshCondition),
            ("interventionBrowseModule", TG.meshIntervention),
        ):
            for index, term in enumerate(_get(derived, f"{module}.meshes") or []):
                field_path = f"derivedSection.{module}.meshes[{index}]"
                if not isinstance(term, dict) or not isinstance(term.get("id"), str):
                    continue
                try:
                    mesh = normalise_mesh_id(term["id"])
                except ValueError as error:
                    self.notes.append(f"{field_path}.id: {error}")
                    continue
                if mesh.ambiguous:
                    self.notes.append(f"{field_path}.id: {term['id']} may be zero-padded or not; kept as given")
                iri = URIRef(self.mapper.converter.expand(f"mesh:{mesh.ui}"))
                self.add(self.trial, prop, iri)
                self.add(iri, SKOS.notation, Literal(mesh.ui))
                self.add(iri, RDFS.label, self.text(term.get("term"), f"{field_path}.term"))


_DEGREE = re.compile(r"^[A-Z][A-Za-z.]{0,7}$")


def _name_and_degrees(written: str) -> tuple[str, str | None]:
    """'Steve Pastores, MD' -> ('Steve Pastores', 'MD'); a name without degrees stays whole.

    >>> _name_and_degrees("Marcel van den Brink, MD, PhD")
    ('Marcel van den Brink', 'MD, PhD')
    >>> _name_and_degrees("Gilead Study Director")
    ('Gilead Study Director', None)
    """
    parts = [p.strip() for p in written.split(",")]
    # a degree is short and has at least two capitals: MD, PhD, MSc, M.D., FRCPC (not Jr, not a word)
    if len(parts) > 1 and all(_DEGREE.match(p) and sum(c.isupper() for c in p) >= 2 for p in parts[1:]):
        return parts[0], ", ".join(parts[1:])
    return written.strip(), None
