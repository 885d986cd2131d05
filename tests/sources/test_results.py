"""The results section of real registry records, checked by value, and one bad value per kind."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from trialgraph.sources.ctgov.importer import default_mapper
from trialgraph.sources.ctgov.mapper import StudyMapper
from trialgraph.sources.ctgov.read import StudyRecord

TG = Namespace("https://w3id.org/trialgraph/ontology/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
CTGOV = Namespace("https://w3id.org/trialgraph/id/ctgov/")
WITH_RESULTS = 17  # records of ../shared/ctgov and ctgov-more with a resultsSection


@pytest.fixture(scope="module")
def mapper(project) -> StudyMapper:
    return default_mapper(project)


@pytest.fixture(scope="module")
def records(ctgov_records) -> dict[str, dict]:
    found = {}
    for folder in (ctgov_records, ctgov_records.parent / "ctgov-more"):
        for path in sorted(folder.glob("*.json")):
            study = json.loads(path.read_text(encoding="utf-8"))
            if "resultsSection" in study:
                found[path.stem] = study
    return found


def mapped(mapper: StudyMapper, study: dict) -> tuple[Graph, list[str]]:
    result = mapper.map(StudyRecord(Path("test.json"), None, study))
    return result.graph, result.notes


@pytest.fixture(scope="module")
def graphs(mapper, records) -> dict[str, Graph]:
    return {nct: mapped(mapper, study)[0] for nct, study in records.items()}


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def by_group(graph: Graph, holder, link, *values) -> dict[str, tuple]:
    """{group title: (values...)} of the count nodes `holder` links to."""
    out = {}
    for node in graph.objects(holder, link):
        group = one(graph, node, TG.resultGroup)
        out[str(one(graph, group, RDFS.label))] = tuple(graph.value(node, v).toPython() for v in values)
    return out


def test_every_record_with_results_keeps_them_all(records, graphs):
    assert len(records) == WITH_RESULTS
    for nct, graph in graphs.items():
        trial = CTGOV[nct]
        for link in (TG.hasParticipantFlow, TG.hasBaselineCharacteristics, TG.hasAdverseEventReport):
            assert graph.value(trial, link) is not None, (nct, link)
        module = records[nct]["resultsSection"]
        assert len(list(graph.objects(trial, TG.hasOutcomeResult))) == len(
            module["outcomeMeasuresModule"]["outcomeMeasures"]
        )
        stated = len(module["adverseEventsModule"].get("seriousEvents", [])) + len(
            module["adverseEventsModule"].get("otherEvents", [])
        )
        assert len(list(graph.subjects(RDF.type, TG.AdverseEvent))) == stated, nct


def test_adverse_event_counts_per_group(graphs):
    graph = graphs["NCT02513394"]  # PALLAS: palbociclib plus endocrine therapy against endocrine therapy alone
    events = {
        (str(one(graph, e, TG.adverseEventTerm)), one(graph, e, TG.seriousness)): e
        for e in graph.subjects(RDF.type, TG.AdverseEvent)
    }
    serious = events[("Neutropenia", TGV["ae-serious"])]
    assert one(graph, serious, TG.organSystem) == Literal("Blood and lymphatic system disorders")
    assert one(graph, serious, TG.sourceVocabulary) == Literal("MedDRA 23.1")
    assert one(graph, serious, TG.assessmentType) == TGV["assessment-systematic"]
    assert by_group(graph, serious, TG.hasEventCount, TG.affected, TG.atRisk, TG.events) == {
        "Palbociclib Plus Endocrine Therapy (Arm A)": (4, 2841, 5),
        "Endocrine Therapy Alone (Arm B)": (0, 2902, 0),
    }
    other = events[("Neutropenia", TGV["ae-other"])]
    assert by_group(graph, other, TG.hasEventCount, TG.affected)["Palbociclib Plus Endocrine Therapy (Arm A)"] == (
        1125,
    )
    group = CTGOV["NCT02513394-ae-group-eg000"]
    assert (one(graph, group, TG.seriousAffected), one(graph, group, TG.seriousAtRisk)) == (Literal(369), Literal(2841))


def test_outcome_measurement_and_its_protocol_outcome(graphs):
    graph = graphs["NCT00332579"]
    result = CTGOV["NCT00332579-result-1"]
    assert str(one(graph, result, RDFS.label)).startswith("Yale Brown Obsessive Compulsive Scale")
    assert one(graph, result, TG.reportsOutcome) == CTGOV["NCT00332579-outcome-1"]
    assert one(graph, result, TG.paramType) == TGV["param-mean"]
    assert one(graph, result, TG.dispersionType) == TGV["dispersion-sd"]  # written "Standard Deviation" there
    assert one(graph, result, TG.resultUnit) == Literal("units on a scale")
    assert by_group(graph, result, TG.hasMeasurement, TG.value, TG.spread) == {
        "Naltrexone": (Decimal("3.83"), Decimal("2.86")),
        "Placebo": (Decimal("11.46"), Decimal("7.76")),
    }
    group = CTGOV["NCT00332579-result-1-group-og000"]
    assert one(graph, group, TG.participantsAnalyzed) == Literal(12)


def test_milestones_per_group(graphs):
    graph = graphs["NCT02513394"]
    period = one(graph, one(graph, CTGOV["NCT02513394"], TG.hasParticipantFlow), TG.hasPeriod)
    milestones = {str(one(graph, m, TG.milestoneType)): m for m in graph.objects(period, TG.hasMilestone)}
    assert set(milestones) == {"STARTED", "COMPLETED", "NOT COMPLETED"}
    assert by_group(graph, milestones["COMPLETED"], TG.hasGroupCount, TG.participants) == {
        "Palbociclib Plus Endocrine Therapy (Arm A)": (2884,),
        "Endocrine Therapy Alone (Arm B)": (2877,),
    }
    reasons = {str(one(graph, d, TG.reason)) for d in graph.objects(period, TG.hasDropWithdrawal)}
    assert reasons  # PALLAS lists why participants left
    for reason in graph.objects(period, TG.hasDropWithdrawal):
        assert all(isinstance(v[0], int) for v in by_group(graph, reason, TG.hasGroupCount, TG.participants).values())


def test_baseline_measurements(graphs):
    graph = graphs["NCT00332579"]
    measures = {str(one(graph, m, RDFS.label)): m for m in graph.subjects(RDF.type, TG.BaselineMeasure)}
    age = measures["Age, Continuous"]
    assert (one(graph, age, TG.paramType), one(graph, age, TG.dispersionType)) == (
        TGV["param-mean"],
        TGV["dispersion-sd"],  # written STANDARD_DEVIATION here
    )
    assert by_group(graph, age, TG.hasMeasurement, TG.value, TG.spread)["Total"] == (Decimal("42.6"), Decimal("12.4"))
    sex = measures["Sex: Female, Male"]
    female = {
        str(one(graph, one(graph, m, TG.resultGroup), RDFS.label)): one(graph, m, TG.value).toPython()
        for m in graph.objects(sex, TG.hasMeasurement)
        if graph.value(m, TG.categoryName) == Literal("Female")
    }
    assert female == {"Naltrexone": 8, "Placebo": 10, "Total": 18}
    region = measures["Region of Enrollment"]
    assert {str(graph.value(m, TG.className)) for m in graph.objects(region, TG.hasMeasurement)} == {"United States"}
    total = CTGOV["NCT00332579-baseline-group-bg002"]
    assert one(graph, total, TG.participantsAnalyzed) == Literal(25)


def test_analysis_p_values_estimates_and_intervals(graphs):
    graph = graphs["NCT02513394"]
    by_title = {str(one(graph, r, RDFS.label)): r for r in graph.subjects(RDF.type, TG.OutcomeResult)}
    analysis = one(graph, by_title["Invasive Disease Free Survival (iDFS)"], TG.hasAnalysis)
    assert one(graph, analysis, TG.pValue).toPython() == Decimal("0.65")
    assert graph.value(analysis, TG.pValueComparator) is None
    assert one(graph, analysis, TG.statisticalMethod) == Literal("Log Rank")
    assert (one(graph, analysis, TG.estimateType), one(graph, analysis, TG.estimateValue).toPython()) == (
        Literal("Hazard Ratio (HR)"),
        Decimal("0.96"),
    )
    interval = [one(graph, analysis, p).toPython() for p in (TG.ciPercent, TG.ciLowerLimit, TG.ciUpperLimit)]
    assert interval == [95, Decimal("0.81"), Decimal("1.14")]
    assert len(list(graph.objects(analysis, TG.comparesGroup))) == 2
    # "<0.0001" is a comparator and a number
    dupilumab = graphs["NCT02210780"]
    bounded = [
        a for a in dupilumab.subjects(RDF.type, TG.StatisticalAnalysis) if dupilumab.value(a, TG.pValueComparator)
    ]
    assert bounded and {
        (dupilumab.value(a, TG.pValueComparator), dupilumab.value(a, TG.pValue).toPython()) for a in bounded
    } == {(TGV["cmp-lt"], Decimal("0.0001"))}


def test_groups_link_to_arms_only_on_exact_titles(mapper, records, graphs):
    graph = graphs["NCT00711529"]  # groups titled exactly as the arms
    links = {
        str(one(graph, g, RDFS.label)): graph.value(g, TG.reportsOnArm)
        for g in graph.subjects(RDF.type, TG.ResultGroup)
    }
    arm_labels = {str(graph.value(a, RDFS.label)): a for a in graph.subjects(RDF.type, TG.Arm)}
    assert links["Gabapentin"] == arm_labels["Gabapentin"] and links["Hypnotherapy"] == arm_labels["Hypnotherapy"]
    assert links["Total"] is None
    # arms A and B, groups "Naltrexone" and "Placebo": not guessed, and said so
    graph, notes = mapped(mapper, records["NCT00332579"])
    assert not list(graph.subject_objects(TG.reportsOnArm))
    flow_note = [n for n in notes if n.startswith("resultsSection.participantFlowModule")]
    assert flow_note == [
        "resultsSection.participantFlowModule: groups whose title is no arm's label, not linked to an arm: "
        "'Naltrexone', 'Placebo'"
    ]
    linked = sum(1 for g in graphs.values() for _ in g.subject_objects(TG.reportsOnArm))
    groups = sum(1 for g in graphs.values() for _ in g.subjects(RDF.type, TG.ResultGroup))
    assert 0 < linked < groups


def test_outcome_results_with_a_repeated_measure_text_link_by_time_frame(graphs):
    graph = graphs["NCT00711529"]  # the protocol lists "Number of Daily Hot Flashes" three times
    reported = {one(graph, r, TG.reportsOutcome) for r in graph.subjects(RDF.type, TG.OutcomeResult)}
    assert len(reported) == len(list(graph.subjects(RDF.type, TG.OutcomeResult)))


# ---------------------------------------------------------------- one bad value: that value, never the study
def _broken(records, change) -> dict:
    study = copy.deepcopy(records["NCT00332579"])
    change(study["resultsSection"])
    return study


def _flow(results):
    return results["participantFlowModule"]["periods"][0]["milestones"][0]["achievements"]


@pytest.mark.parametrize(
    ("name", "change", "noted"),
    [
        (
            "count-not-a-number",
            lambda r: _flow(r)[0].update(numSubjects="twelve"),
            "numSubjects: 'twelve' is not a count",
        ),
        ("negative-count", lambda r: _flow(r)[0].update(numSubjects="-3"), "numSubjects: '-3' is not a count"),
        (
            "unknown-group",
            lambda r: _flow(r)[0].update(groupId="FG009"),
            "groupId: 'FG009' names no group of the table",
        ),
        (
            "unknown-param-type",
            lambda r: r["outcomeMeasuresModule"]["outcomeMeasures"][0].update(paramType="MODE"),
            "paramType: unknown value 'MODE' (no concept of tgv:ResultParamType); kept as a plain literal",
        ),
        (
            "object-for-a-value",
            lambda r: r["baselineCharacteristicsModule"]["measures"][1]["classes"][0]["categories"][0]["measurements"][
                0
            ].update(value={"x": 1}),
            "value: expected a number as text, found dict; left out",
        ),
        (
            "list-for-a-module",
            lambda r: r.update(adverseEventsModule=[1, 2]),
            "resultsSection.adverseEventsModule: expected an object; not imported",
        ),
        (
            "text-for-events",
            lambda r: r["adverseEventsModule"].update(otherEvents="none"),
            "otherEvents: expected a list",
        ),
    ],
)
def test_a_bad_value_skips_that_value_with_a_note(name, change, noted, mapper, records):
    result = mapper.map(StudyRecord(Path("test.json"), None, _broken(records, change)))
    graph = result.graph
    assert (CTGOV["NCT00332579"], RDF.type, TG.Trial) in graph
    assert any(noted in warning for warning in result.warnings), result.warnings  # the builder's one policy
    assert graph.value(CTGOV["NCT00332579"], TG.hasParticipantFlow) is not None
    text = " ".join(str(o) for o in graph.objects(None, TG.noteText))
    assert noted in text  # the curator note on the trial says it too


def test_an_unknown_results_enum_is_kept_as_a_literal_and_counted(mapper, records):
    def change(results):
        results["outcomeMeasuresModule"]["outcomeMeasures"][0].update(paramType="MODE")

    result = mapper.map(StudyRecord(Path("test.json"), None, _broken(records, change)))
    kept = set(result.graph.objects(None, TG.paramType))
    assert Literal("MODE") in kept
    assert result.unknown_values == 1


def test_numbers_kept_as_decimals_or_text(mapper, records):
    def change(results):
        values = results["outcomeMeasuresModule"]["outcomeMeasures"][0]["classes"][0]["categories"][0]["measurements"]
        values[0].update(value="26,300", spread="NA")
        values[1].update(value=".33", spread="<5")

    graph, _ = mapped(mapper, _broken(records, change))
    found = by_group(graph, CTGOV["NCT00332579-result-1"], TG.hasMeasurement, TG.value, TG.spread)
    assert found == {"Naltrexone": (Decimal("26300"), "NA"), "Placebo": (Decimal("0.33"), "<5")}


def test_records_without_results_get_no_result_nodes(mapper, ctgov_records):
    study = json.loads(
        next(p for p in sorted(ctgov_records.glob("*.json")) if "resultsSection" not in p.read_text()).read_text()
    )
    graph, _ = mapped(mapper, study)
    assert not set(graph.subjects(RDF.type, TG.ResultGroup)) and not set(graph.subjects(RDF.type, TG.AdverseEvent))
    assert URIRef(TG.Trial) in set(graph.objects(None, RDF.type))
