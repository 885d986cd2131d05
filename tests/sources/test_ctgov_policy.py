"""One bad value never drops a study (issue 13): one test per point of the policy, each on a real record of
../shared/ctgov changed in the test as said; and every real record of ../shared imports, counted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal

from trialgraph.checks.validation import validate
from trialgraph.sources.ctgov.importer import import_ctgov

from .test_ctgov import CTGOV, TG, write_json

BREAST = "NCT02513394"  # Palbociclib and Standard Adjuvant Endocrine Therapy, two arms


def real_record(folder: Path, nct_id: str) -> dict:
    return json.loads((folder / f"{nct_id}.json").read_text(encoding="utf-8"))


def import_one(project, tmp_path: Path, study: dict):
    """The changed record imported alone: its summary and graph."""
    nct_id = study["protocolSection"]["identificationModule"]["nctId"]
    summary = import_ctgov([write_json(tmp_path / f"{nct_id}.json", study)], tmp_path / "out", project)
    assert summary.skipped == [] and [p.name for p in summary.written] == [f"{nct_id}.ttl"]  # never dropped
    return summary, Graph().parse(tmp_path / "out" / f"{nct_id}.ttl")


def trial_notes(graph: Graph, nct_id: str) -> str:
    return "\n".join(str(graph.value(n, TG.noteText)) for n in graph.objects(CTGOV[nct_id], TG.hasCuratorNote))


def test_an_unknown_enum_value_is_kept_as_a_literal_warned_and_counted(ctgov_records, project, tmp_path):
    study = real_record(ctgov_records, BREAST)  # changed: three values the vocabulary does not know
    protocol = study["protocolSection"]
    protocol["statusModule"]["overallStatus"] = "PAUSED"
    protocol["designModule"]["designInfo"]["allocation"] = "QUASI_RANDOMIZED"
    protocol["armsInterventionsModule"]["armGroups"][1]["type"] = "DOSE_COMPARISON"
    summary, graph = import_one(project, tmp_path, study)
    trial = CTGOV[BREAST]
    assert graph.value(trial, TG.overallStatus) == Literal("PAUSED")  # a plain literal, not a concept
    assert graph.value(trial, TG.allocation) == Literal("QUASI_RANDOMIZED")
    assert graph.value(CTGOV[f"{BREAST}-arm-2"], TG.armType) == Literal("DOSE_COMPARISON")
    where = f"{BREAST}.json: protocolSection."
    assert summary.warnings.lines == [
        f"{where}statusModule.overallStatus: unknown value 'PAUSED' (no concept of tgv:OverallStatus); "
        "kept as a plain literal",
        f"{where}designModule.designInfo.allocation: unknown value 'QUASI_RANDOMIZED' (no concept of "
        "tgv:Allocation); kept as a plain literal",
        f"{where}armsInterventionsModule.armGroups[1].type: unknown value 'DOSE_COMPARISON' (no concept of "
        "tgv:ArmType); kept as a plain literal",
    ]
    assert "3 warning(s) (3 unknown enum value(s))" in summary.lines()[-1] and summary.exit_code == 1
    assert "unknown value 'QUASI_RANDOMIZED'" in trial_notes(graph, BREAST)
    # validation warns about each kept literal; it is no violation
    report = validate([tmp_path / "out"], project)
    unlisted = {(r.severity, r.value) for r in report.results if "vocabulary does not know" in r.message}
    assert unlisted == {("Warning", "PAUSED"), ("Warning", "QUASI_RANDOMIZED"), ("Warning", "DOSE_COMPARISON")}
    assert [r.as_text() for r in report.results if r.severity == "Violation"] == []


def test_a_nameless_intervention_is_skipped_with_a_curator_note(ctgov_records, project, tmp_path):
    study = real_record(ctgov_records, BREAST)  # changed: Palbociclib loses its name
    study["protocolSection"]["armsInterventionsModule"]["interventions"][0]["name"] = ""
    summary, graph = import_one(project, tmp_path, study)
    interventions = {str(graph.value(i, RDFS.label)) for i in graph.objects(CTGOV[BREAST], TG.hasIntervention)}
    assert interventions == {"Standard Adjuvant Endocrine Therapy"}
    assert (CTGOV[f"{BREAST}-intervention-1"], None, None) not in graph
    assert len(list(graph.objects(CTGOV[BREAST], TG.hasArm))) == 2  # the arms stay
    notes = trial_notes(graph, BREAST)
    assert "protocolSection.armsInterventionsModule.interventions[0].name: missing, intervention not imported" in notes
    assert "interventionNames[0]: names 'Drug: Palbociclib', not listed" in notes
    assert summary.exit_code == 0  # a note, not a warning: the record says less, nothing is wrong in it


def test_a_year_alone_is_an_xsd_gyear_the_shapes_accept(ctgov_records, project, tmp_path):
    study = real_record(ctgov_records, BREAST)  # changed: start and completion dates cut to their years
    status = study["protocolSection"]["statusModule"]
    status["startDateStruct"]["date"], status["completionDateStruct"]["date"] = "2015", "2027"
    status["studyFirstSubmitDate"] = "2015"
    summary, graph = import_one(project, tmp_path, study)
    trial = CTGOV[BREAST]
    for prop, year in ((TG.startDate, "2015"), (TG.completionDate, "2027"), (TG.firstSubmitted, "2015")):
        assert graph.value(trial, prop) == Literal(year, datatype=XSD.gYear)
    assert summary.warnings.lines == [] and summary.exit_code == 0
    report = validate([tmp_path / "out"], project)
    assert [r.as_text() for r in report.results if r.severity == "Violation"] == []


@pytest.mark.parametrize("brief", ["", "   ", None])
def test_without_a_brief_title_the_official_title_is_used_with_a_note(ctgov_records, project, tmp_path, brief):
    study = real_record(ctgov_records, BREAST)  # changed: the brief title emptied, or taken out
    ident = study["protocolSection"]["identificationModule"]
    if brief is None:
        del ident["briefTitle"]
    else:
        ident["briefTitle"] = brief
    _, graph = import_one(project, tmp_path, study)
    official = graph.value(CTGOV[BREAST], TG.officialTitle)
    assert str(official) == ident["officialTitle"].strip()
    assert list(graph.objects(CTGOV[BREAST], TG.briefTitle)) == [official]
    assert "gives no brief title" in trial_notes(graph, BREAST) and "the official title is used" in trial_notes(
        graph, BREAST
    )


def test_without_any_title_the_nct_id_stands_in(ctgov_records, project, tmp_path):
    study = real_record(ctgov_records, BREAST)  # changed: both titles taken out
    ident = study["protocolSection"]["identificationModule"]
    del ident["briefTitle"], ident["officialTitle"]
    _, graph = import_one(project, tmp_path, study)
    assert list(graph.objects(CTGOV[BREAST], TG.briefTitle)) == [Literal(BREAST, lang="en")]
    assert "nor an official title: the NCT ID is used" in trial_notes(graph, BREAST)


def test_a_record_is_skipped_only_without_a_valid_nct_id_or_unreadable(ctgov_records, project, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    study = real_record(ctgov_records, BREAST)  # changed copies: many bad values, then no NCT ID
    protocol = study["protocolSection"]
    protocol["conditionsModule"]["conditions"] = []
    protocol["designModule"]["enrollmentInfo"]["count"] = -3
    protocol["statusModule"]["startDateStruct"]["date"] = "2020-13-45"
    protocol["descriptionModule"]["briefSummary"] = ["a list", "where text belongs"]
    write_json(inputs / "bad-values.json", study)
    without_id = json.loads(json.dumps(study))
    without_id["protocolSection"]["identificationModule"]["nctId"] = "NCT2513394"
    write_json(inputs / "bad-id.json", without_id)
    (inputs / "unreadable.json").write_bytes(b"\xff\xfe not JSON")
    summary = import_ctgov([inputs], tmp_path / "out", project)
    assert [p.name for p in summary.written] == [f"{BREAST}.ttl"]
    assert sorted(s.where.rsplit("/", 1)[-1] for s in summary.skipped) == ["bad-id.json", "unreadable.json"]
    fields = [line.split(": ")[1] for line in summary.warnings.lines]
    assert fields == [
        "protocolSection.statusModule.startDateStruct.date",
        "protocolSection.descriptionModule.briefSummary",
        "protocolSection.conditionsModule.conditions",
        "protocolSection.designModule.enrollmentInfo.count",
    ]


def test_no_study_of_the_shared_records_is_dropped(ctgov_records, more_records, every_import):
    files = sorted([*ctgov_records.glob("*.json"), *more_records.glob("*.json")])
    output, summary = every_import
    assert (summary.read, len(summary.skipped), len(summary.written)) == (len(files), 0, len(files))
    assert len(files) >= 152  # 32 in ctgov, 120 (partial ones among them) in ctgov-more
    assert {p.name for p in output.glob("*.ttl")} == {p.stem + ".ttl" for p in files}
    assert summary.warnings.lines == []  # every enum value of these records is in the vocabulary
    for path in files:  # each file's trial is there, titled
        graph = Graph().parse(output / f"{path.stem}.ttl")
        assert (CTGOV[path.stem], RDF.type, TG.Trial) in graph
        assert graph.value(CTGOV[path.stem], TG.briefTitle) is not None
