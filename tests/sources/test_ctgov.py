"""Importing ClinicalTrials.gov API v2 records: the real records in ../shared/ctgov and our own fixtures."""

from __future__ import annotations

import copy
import gzip
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from typer.testing import CliRunner

from trialgraph.checks.validation import validate
from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.sources.ctgov.importer import import_ctgov

from ..conftest import FIXTURES

TG = Namespace("https://w3id.org/trialgraph/ontology/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
CTGOV = Namespace("https://w3id.org/trialgraph/id/ctgov/")
MEASURE = Namespace("https://w3id.org/trialgraph/id/measure/")
FIXTURE = FIXTURES / "ctgov" / "NCT04426201.json"
runner = CliRunner()


def fixture_study() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write_json(path: Path, document) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def labels(graph: Graph, cls) -> set[str]:
    return {str(graph.value(node, RDFS.label)) for node in graph.subjects(RDF.type, cls)}


# ---------------------------------------------------------------- the real records
def test_every_shared_record_imports_and_conforms(imported_records, project):
    output, summary = imported_records
    assert summary.skipped == [] and summary.exit_code == 0
    assert summary.read == len(summary.written) == len(list(output.glob("*.ttl"))) >= 32
    report = validate([output], project)  # all imports in one merged graph, once
    assert [r.as_text() for r in report.results if not _unmapped_warning(r)] == []


def test_every_name_in_a_record_is_in_its_graph(imported_records, ctgov_records):
    output, _ = imported_records
    for path in sorted(ctgov_records.glob("*.json")):
        protocol = json.loads(path.read_text(encoding="utf-8"))["protocolSection"]
        locations = protocol.get("contactsLocationsModule", {}).get("locations", [])
        graph = Graph().parse(output / f"{protocol['identificationModule']['nctId']}.ttl")
        arms = protocol.get("armsInterventionsModule", {})
        expected = {
            "arm": ({a["label"] for a in arms.get("armGroups", [])}, labels(graph, TG.Arm)),
            "intervention": (
                {i["name"] for i in arms.get("interventions", [])},
                {str(o) for s in graph.subjects(TG.interventionType, None) for o in graph.objects(s, RDFS.label)},
            ),
            "condition": (set(protocol["conditionsModule"]["conditions"]), labels(graph, TG.Condition)),
            "facility": (
                {loc["facility"] for loc in locations if "facility" in loc},
                labels(graph, TG.Site),
            ),
        }
        for kind, (in_json, in_graph) in expected.items():
            assert in_json <= in_graph, f"{path.name}: {kind} missing from the graph: {in_json - in_graph}"


def test_padded_mesh_ids_are_normalised(imported_records):
    output, _ = imported_records
    graph = Graph().parse(output / "NCT02513394.ttl")  # the API gives D000001943 for Breast Neoplasms
    assert set(graph.objects(CTGOV.NCT02513394, TG.meshCondition)) == {URIRef("http://id.nlm.nih.gov/mesh/D001943")}
    covid = Graph().parse(output / "NCT04431453.ttl")  # D000086382 is a real 10-character UI: kept
    assert URIRef("http://id.nlm.nih.gov/mesh/D000086382") in set(covid.objects(CTGOV.NCT04431453, TG.meshCondition))


def test_contact_details_never_reach_the_graph(imported_records):
    output, summary = imported_records
    text = "\n".join(path.read_text(encoding="utf-8") for path in output.glob("*.ttl"))
    assert "@" not in text.replace("@prefix", "").replace('"@en', "").replace("@en ", "")
    assert "CTLILLY" not in text  # NCT03792139's "official" is a phone line: not imported
    assert any("phone number" in note for note in summary.notes["NCT06388018"])


def test_placebo_listed_as_another_name_is_what_the_placebo_arm_receives(imported_records):
    output, _ = imported_records
    graph = Graph().parse(output / "NCT05591079.ttl")
    arm = CTGOV["NCT05591079-arm-3"]
    assert graph.value(arm, TG.armType) == TGV["armtype-placebo-comparator"]
    given = graph.value(graph.value(graph.value(arm, TG.receives), TG.hasComponent), TG.intervention)
    assert (given, RDF.type, TG.Placebo) in graph and str(graph.value(given, RDFS.label)) == "placebo"
    assert graph.value(graph.value(arm, TG.hasCuratorNote), TG.noteKind) == TGV["note-interpretation"]


# ---------------------------------------------------------------- the fixture: structure from free text
def test_fixture_dose_route_and_criteria(imported_fixture):
    graph = Graph().parse(imported_fixture / "NCT04426201.ttl")
    trial = CTGOV.NCT04426201
    admin = CTGOV["NCT04426201-admin-1-1"]
    dose = graph.value(admin, TG.dose)
    assert (graph.value(dose, TG.numericValue).toPython(), str(graph.value(dose, TG.unit))) == (Decimal("10"), "ug/kg")
    assert str(graph.value(dose, TG.unitText)) == "µg/kg" and graph.value(admin, TG.route) == TGV["route-intramuscular"]
    placebo = graph.value(CTGOV["NCT04426201-admin-2-1"], TG.intervention)
    assert (placebo, RDF.type, TG.Placebo) in graph
    criteria = list(graph.objects(trial, TG.hasCriterion))
    kinds = [graph.value(c, RDF.type) for c in criteria]
    # two from the text, and the age fields' criterion (inc-age)
    assert (kinds.count(TG.InclusionCriterion), kinds.count(TG.ExclusionCriterion)) == (3, 24)
    last = CTGOV["NCT04426201-exc-24"]  # the seed's second "11\." is its own item
    assert (str(graph.value(last, TG.sourceNumber)), str(graph.value(last, TG.verbatim))) == (
        "11",
        "Patients under guardianship",
    )
    item_9 = str(graph.value(CTGOV["NCT04426201-exc-04"], TG.verbatim))
    assert item_9.endswith("according to patient's clinical status.")  # a continuation line joins its item
    assert "\\>" in str(graph.value(trial, TG.eligibilityText))  # the whole text is kept as written
    assert ">4L" in str(graph.value(CTGOV["NCT04426201-exc-05"], TG.verbatim))  # items lose Markdown escapes
    minimum = graph.value(trial, TG.minimumAge)
    assert (str(graph.value(minimum, TG.numericValue)), str(graph.value(minimum, TG.unit))) == ("25.0", "a")


def test_fixture_age_at_both_levels(imported_fixture):
    """The registry's age fields at trial level, and as the age constraints of one inclusion criterion."""
    graph = Graph().parse(imported_fixture / "NCT04426201.ttl")
    trial, criterion = CTGOV.NCT04426201, CTGOV["NCT04426201-inc-age"]
    assert (trial, TG.hasCriterion, criterion) in graph and (criterion, RDF.type, TG.InclusionCriterion) in graph
    assert str(graph.value(criterion, TG.verbatim)) == "Minimum Age: 25 Years; Maximum Age: 80 Years"
    bounds = {
        (
            graph.value(k, TG.comparator),
            str(graph.value(graph.value(k, TG.threshold), TG.numericValue)),
            str(graph.value(graph.value(k, TG.threshold), TG.unit)),
        )
        for k in graph.objects(criterion, TG.hasConstraint)
        if (k, RDF.type, TG.AgeConstraint) in graph
    }
    assert bounds == {(TGV["cmp-ge"], "25.0", "a"), (TGV["cmp-le"], "80.0", "a")}
    trial_level = {str(graph.value(graph.value(trial, p), TG.numericValue)) for p in (TG.minimumAge, TG.maximumAge)}
    assert trial_level == {"25.0", "80.0"}
    # each level has its own quantity, as a curated criterion's threshold does
    thresholds = {graph.value(k, TG.threshold) for k in graph.objects(criterion, TG.hasConstraint)}
    assert graph.value(trial, TG.minimumAge) not in thresholds
    # and a bound is not its own threshold (the two nodes once shared one blank-node id)
    assert not thresholds & set(graph.objects(criterion, TG.hasConstraint))
    assert not set(graph.subjects(RDF.type, TG.AgeConstraint)) & set(graph.subjects(RDF.type, TG.Quantity))


def test_an_arm_whose_record_gives_no_type_is_noted_not_guessed(imported_fixture, imported_records):
    graph = Graph().parse(imported_fixture / "NCT04426201.ttl")  # the fixture's arms have no type, as the seed
    for arm in (CTGOV["NCT04426201-arm-1"], CTGOV["NCT04426201-arm-2"]):
        assert graph.value(arm, TG.armType) is None
        note = graph.value(arm, TG.hasCuratorNote)
        assert graph.value(note, TG.noteKind) == TGV["note-omission"]
        assert "gives no arm type" in str(graph.value(note, TG.noteText))
    # a real record's arms all have their registry type; an observational study's groups have none, and no note
    output, _ = imported_records
    observational = Graph().parse(output / "NCT01511679.ttl")
    groups = list(observational.objects(CTGOV.NCT01511679, TG.hasArm))
    assert groups and all(observational.value(g, TG.armType) is None for g in groups)
    assert all(observational.value(g, TG.hasCuratorNote) is None for g in groups)


def test_curated_trial_and_its_import_live_side_by_side(project, imported_fixture, graph_with_import):
    report = validate([project.data_dir, imported_fixture], project)
    # no duplicate NCT ID, no doubled cardinality; imported conditions and drugs are not mapped yet, and the
    # fixture's arms have no type (the seed gives none): the importer notes that on each arm, a warning
    others = [r for r in report.results if not _unmapped_warning(r)]
    assert {(r.severity, r.focus, r.path) for r in others} == {
        ("Warning", f"ctgov:NCT04426201-arm-{n}", "tg:armType") for n in (1, 2)
    }
    trials = set(graph_with_import.subjects(TG.nctId, Literal("NCT04426201")))
    assert trials == {URIRef("https://w3id.org/trialgraph/id/trial/NCT04426201"), CTGOV.NCT04426201}


def test_two_imports_of_one_study_are_duplicates(project, imported_fixture, tmp_path):
    copy_dir = tmp_path / "again"
    copy_dir.mkdir()
    text = (imported_fixture / "NCT04426201.ttl").read_text(encoding="utf-8")
    (copy_dir / "twin.ttl").write_text(text.replace("ctgov:NCT04426201 ", "ctgov:NCT99999999-twin "), encoding="utf-8")
    report = validate([imported_fixture, copy_dir], project)
    duplicates = [r for r in report.results if r.shape == "qc:duplicate-nct-id"]
    assert duplicates and "Another imported trial" in duplicates[0].message


# ---------------------------------------------------------------- bad input, summary, idempotence
def test_only_records_without_a_valid_nct_id_or_unreadable_are_skipped(project, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_json(inputs / "good.json", fixture_study())
    no_id = fixture_study()
    del no_id["protocolSection"]["identificationModule"]["nctId"]
    write_json(inputs / "no-id.json", no_id)
    bad_id = fixture_study()
    bad_id["protocolSection"]["identificationModule"]["nctId"] = "NCT123"
    write_json(inputs / "bad-id.json", bad_id)
    bad_phase = fixture_study()  # a bad value: kept, with a warning
    bad_phase["protocolSection"]["identificationModule"]["nctId"] = "NCT00000123"
    bad_phase["protocolSection"]["designModule"]["phases"] = ["PHASE9"]
    write_json(inputs / "NCT00000123.json", bad_phase)
    (inputs / "broken.json").write_text('{"protocolSection": {', encoding="utf-8")
    summary = import_ctgov([inputs], tmp_path / "out", project)
    reasons = {s.where: s.reason for s in summary.skipped}
    assert reasons == {
        "no-id.json": "protocolSection.identificationModule.nctId: missing",
        "bad-id.json": "protocolSection.identificationModule.nctId: not an NCT ID: 'NCT123'",
        str(inputs / "broken.json"): reasons[str(inputs / "broken.json")],
    }
    assert reasons[str(inputs / "broken.json")].startswith("line 1: malformed JSON")
    assert summary.warnings.lines == [
        "NCT00000123.json: protocolSection.designModule.phases[0]: unknown value 'PHASE9' (no concept of tgv:Phase); "
        "kept as a plain literal"
    ]
    assert sorted(p.name for p in summary.written) == ["NCT00000123.ttl", "NCT04426201.ttl"]
    assert (summary.read, summary.exit_code) == (4, 2)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["NCT00000123.ttl", "NCT04426201.ttl"]


def test_cli_exit_codes_and_summary(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_json(inputs / "good.json", fixture_study())
    ok = runner.invoke(app, ["import", "ctgov", str(inputs), "-o", str(tmp_path / "out")])
    assert ok.exit_code == 0, ok.output
    assert "read 1 record(s): 1 written (0 unchanged), 0 skipped, 0 warning(s) (0 unknown enum value(s))" in ok.output
    unknown = fixture_study()
    unknown["protocolSection"]["identificationModule"]["nctId"] = "NCT00000125"
    unknown["protocolSection"]["statusModule"]["overallStatus"] = "PAUSED"
    write_json(inputs / "paused.json", unknown)
    warned = runner.invoke(app, ["import", "ctgov", str(inputs), "-o", str(tmp_path / "out")])
    assert warned.exit_code == 1  # imported all the same, with the warning on stderr and in the count
    assert warned.stderr.splitlines() == [
        "warning paused.json: protocolSection.statusModule.overallStatus: unknown value 'PAUSED' "
        "(no concept of tgv:OverallStatus); kept as a plain literal"
    ]
    assert "2 written (1 unchanged), 0 skipped, 1 warning(s) (1 unknown enum value(s))" in warned.stdout
    assert (tmp_path / "out" / "NCT00000125.ttl").exists()
    missing = runner.invoke(app, ["import", "ctgov", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output


def test_gzipped_page_of_studies(project, tmp_path):
    second = fixture_study()
    second["protocolSection"]["identificationModule"]["nctId"] = "NCT00000124"
    page = {"studies": [fixture_study(), second, "not a study"]}
    (tmp_path / "page.json.gz").write_bytes(gzip.compress(json.dumps(page).encode()))
    summary = import_ctgov([tmp_path / "page.json.gz"], tmp_path / "out", project)
    assert sorted(p.name for p in summary.written) == ["NCT00000124.ttl", "NCT04426201.ttl"]
    assert [(s.where, s.reason) for s in summary.skipped] == [
        (str(tmp_path / "page.json.gz"), "studies[2]: not a JSON object")
    ]


def test_reimport_is_byte_identical_and_leaves_files_alone(project, tmp_path):
    first = import_ctgov([FIXTURE], tmp_path / "out", project)
    target = tmp_path / "out" / "NCT04426201.ttl"
    before, stamp = target.read_bytes(), target.stat().st_mtime_ns
    second = import_ctgov([FIXTURE], tmp_path / "out", project)
    assert (len(first.written), len(second.written), len(second.unchanged)) == (1, 0, 1)
    assert target.read_bytes() == before and target.stat().st_mtime_ns == stamp


def test_a_failed_write_leaves_the_previous_file(project, tmp_path, monkeypatch):
    import_ctgov([FIXTURE], tmp_path / "out", project)
    target = tmp_path / "out" / "NCT04426201.ttl"
    before = target.read_bytes()
    changed = copy.deepcopy(fixture_study())
    changed["protocolSection"]["designModule"]["enrollmentInfo"]["count"] = 11
    source = write_json(tmp_path / "changed.json", changed)

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError, match=r"NCT04426201\.ttl: cannot write: disk full"):
        import_ctgov([source], tmp_path / "out", project)
    assert target.read_bytes() == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["NCT04426201.ttl"]  # no temporary file left


def _unmapped_warning(result) -> bool:
    """Imported drugs, conditions and sponsors have no external mappings yet: a warning, not an error."""
    return result.severity == "Warning" and result.shape == "tgsh:ExternalMappingShape"


# ---------------------------------------------------------------- lab thresholds in imported criteria
# (record, criterion as written, measure, comparator, value, UCUM unit or None, ULN multiple or None), read by hand
SHARED_THRESHOLDS = [
    ("NCT02513394", "Absolute neutrophil count ≥ 1,500/µL", "neutrophil-count", "cmp-ge", "1500", "/uL", None),
    ("NCT02513394", "Platelets ≥ 100,000/ mm3", "platelet-count", "cmp-ge", "100000", "/mm3", None),
    ("NCT02513394", "Hemoglobin ≥ 10g/dL", "hemoglobin", "cmp-ge", "10", "g/dL", None),
    ("NCT01126879", "Platelets >= 100 K/uL", "platelet-count", "cmp-ge", "100", "10*3/uL", None),
    ("NCT01126879", "ANC > 1000/uL", "neutrophil-count", "cmp-gt", "1000", "/uL", None),
    ("NCT01126879", "Creatinine < 2.0 mg/dl", "serum-creatinine", "cmp-lt", "2.0", "mg/dL", None),
    # one bound shared by two tests; an exclusion's "or" (issue 14)
    ("NCT01126879", "AST (SGOT)/ALT (SGPT) < 3X upper limit", "ast", "cmp-lt", None, None, "3"),
    ("NCT01126879", "AST (SGOT)/ALT (SGPT) < 3X upper limit", "alt", "cmp-lt", None, None, "3"),
    ("NCT03793439", "Hemoglobin < 9g/dL or hematocrit < 30%", "hemoglobin", "cmp-lt", "9", "g/dL", None),
    ("NCT03793439", "Hemoglobin < 9g/dL or hematocrit < 30%", "hematocrit", "cmp-lt", "30", "%", None),
    ("NCT05591079", "white blood cells <3000 cells/mm3.", "leukocyte-count", "cmp-lt", "3000", "/mm3", None),
    ("NCT03793439", "White blood cell count <3.0 K/cu mm", "leukocyte-count", "cmp-lt", "3.0", "10*3/uL", None),
    ("NCT01126879", "Hemoglobin > 9.0gm/dl", "hemoglobin", "cmp-gt", "9.0", "g/dL", None),
]


def _constraints(graph: Graph, verbatim_start: str) -> list[tuple]:
    criteria = [c for c, text in graph.subject_objects(TG.verbatim) if str(text).startswith(verbatim_start)]
    assert len(criteria) == 1, verbatim_start
    found = []
    for constraint in graph.objects(criteria[0], TG.hasConstraint):
        assert graph.value(constraint, RDF.type) == TG.LabTestConstraint
        threshold = graph.value(constraint, TG.threshold)
        value = graph.value(threshold, TG.numericValue) if threshold is not None else None
        unit = graph.value(threshold, TG.unit) if threshold is not None else None
        multiple = graph.value(constraint, TG.ulnMultiple)
        found.append(
            (
                str(graph.value(constraint, TG.measure)).rsplit("/", 1)[-1],
                str(graph.value(constraint, TG.comparator)).rsplit("/", 1)[-1],
                Decimal(str(value)) if value is not None else None,
                str(unit) if unit is not None else None,
                Decimal(str(multiple)) if multiple is not None else None,
            )
        )
    return found


@pytest.mark.parametrize("expected", SHARED_THRESHOLDS, ids=[f"{e[0]}-{e[2]}" for e in SHARED_THRESHOLDS])
def test_thresholds_in_the_shared_records_are_found(imported_records, expected):
    output, _ = imported_records
    nct, verbatim, measure, comparator, value, unit, multiple = expected
    graph = Graph().parse(output / f"{nct}.ttl")
    wanted = (measure, comparator, Decimal(value) if value else None, unit, Decimal(multiple) if multiple else None)
    assert wanted in _constraints(graph, verbatim)


def test_an_implausible_bound_is_a_curator_note_naming_its_criterion(more_records, project, tmp_path):
    # NCT06630793 inc-07 writes "Hb > 10 mg/dL" and "ANC > 1.5 cells/mm3": misread units, flagged and not stored
    summary = import_ctgov([more_records / "NCT06630793.json"], tmp_path, project)
    flagged = [n for n in summary.notes["NCT06630793"] if "implausible bound" in n]
    assert len(flagged) == 2 and all("eligibilityCriteria (inc-07)" in n for n in flagged), flagged
    graph = Graph().parse(tmp_path / "NCT06630793.ttl")
    note_texts = " ".join(str(graph.value(n, TG.noteText)) for n in graph.objects(CTGOV.NCT06630793, TG.hasCuratorNote))
    assert "'ANC > 1.5 cells/mm3': implausible bound" in note_texts
    measures = {m for _, _, m in graph.triples((None, TG.measure, None))}
    assert MEASURE["platelet-count"] in measures and not {MEASURE["hemoglobin"], MEASURE["neutrophil-count"]} & measures


def test_a_bound_under_a_condition_in_words_is_stored_with_a_condition_of_the_study(imported_records, project):
    # NCT01294579 exc: "Total bilirubin > 1.5 times ULN [upper normal limit] (unless due to liver involvement by NHL
    # or Gilbert's disease)": no shared node says that condition, so the study gets one (tg:UnlinkedCondition)
    output, _ = imported_records
    graph = Graph().parse(output / "NCT01294579.ttl")
    verbatim = "Total bilirubin > 1.5 times ULN"
    assert _constraints(graph, verbatim) == [("total-bilirubin", "cmp-gt", None, None, Decimal("1.5"))]
    (criterion,) = [c for c, text in graph.subject_objects(TG.verbatim) if str(text).startswith(verbatim)]
    (constraint,) = graph.objects(criterion, TG.hasConstraint)
    condition = graph.value(constraint, TG.appliesUnless)
    assert set(graph.objects(condition, RDF.type)) == {TG.UnlinkedCondition}
    assert graph.value(condition, RDFS.label) == Literal("due to liver involvement by NHL or Gilbert's disease")
    report = validate([output / "NCT01294579.ttl"], project)  # the condition's shapes hold, and ask no mapping
    about = [r for r in report.results if r.focus.startswith("ctgov:NCT01294579-exc") or "condition" in r.shape.lower()]
    assert [r.as_text() for r in about] == []
    # NCT05591079 exc: "Prothrombin time international normalized ratio >1.3, unless due to therapeutic
    # anticoagulation": a shared condition node
    graph = Graph().parse(output / "NCT05591079.ttl")
    (criterion,) = [c for c, text in graph.subject_objects(TG.verbatim) if str(text).startswith("Prothrombin time")]
    (constraint,) = graph.objects(criterion, TG.hasConstraint)
    assert graph.value(constraint, TG.appliesUnless) == URIRef(
        "https://w3id.org/trialgraph/id/condition/anticoagulant-therapy"
    )


def test_a_default_bound_and_its_alternative_share_one_condition_of_the_study(imported_records):
    # NCT05591079 inc: "Body mass index (BMI) >25 kg/m2, NOTE: for Asian-Americans BMI >23 kg/m2."
    output, _ = imported_records
    graph = Graph().parse(output / "NCT05591079.ttl")
    verbatim = "Body mass index (BMI) >25 kg/m2"
    (criterion,) = [c for c, text in graph.subject_objects(TG.verbatim) if str(text).startswith(verbatim)]
    bounds = {}
    for constraint in graph.objects(criterion, TG.hasConstraint):
        value = graph.value(graph.value(constraint, TG.threshold), TG.numericValue)
        bounds[Decimal(str(value))] = (
            graph.value(constraint, TG.appliesWhen),
            graph.value(constraint, TG.appliesUnless),
        )
    (condition,) = {node for pair in bounds.values() for node in pair if node is not None}
    assert bounds == {Decimal(25): (None, condition), Decimal(23): (condition, None)}
    assert graph.value(condition, RDFS.label) == Literal("Asian-Americans")


def test_alternative_bounds_are_one_group_of_which_one_suffices(more_records, project, tmp_path):
    # NCT05026983 inc: "Creatinine ≤ 1.5 X ULN OR calculated creatinine clearance ≥50 mL/min OR 24-hour urine
    # creatinine clearance ≥50 mL/min"
    summary = import_ctgov([more_records / "NCT05026983.json"], tmp_path, project)
    assert summary.exit_code == 0
    graph = Graph().parse(tmp_path / "NCT05026983.ttl")
    start = "Creatinine ≤ 1.5 X ULN OR"
    (criterion,) = [c for c, text in graph.subject_objects(TG.verbatim) if str(text).startswith(start)]
    (group,) = graph.objects(criterion, TG.hasConstraint)
    assert graph.value(group, RDF.type) == TG.ConstraintGroup and graph.value(group, TG.logic) == TGV["logic-any-of"]
    members = {str(graph.value(m, TG.measure)).rsplit("/", 1)[-1] for m in graph.objects(group, TG.member)}
    assert members == {"serum-creatinine", "creatinine-clearance"}
    report = validate([tmp_path / "NCT05026983.ttl"], project)  # the group's shape holds (the record lists no arm)
    assert [r.as_text() for r in report.violations if r.shape != "tgsh:TrialShape"] == []
