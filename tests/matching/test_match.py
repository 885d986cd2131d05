"""Patient matching on the curated trials: eligible, ineligible with the deciding values, or undetermined."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.graph.canonical import add_canonical_values
from trialgraph.matching.eligibility import TG, TGV, match
from trialgraph.matching.patient import load_patient, parse_patient

ID = "https://w3id.org/trialgraph/id/"
OBO = "http://purl.obolibrary.org/obo/"
runner = CliRunner()

# Meets every structured criterion of NCT03079011 (seed 003), none of NCT01368107 (seed 000) lymphopenia.
PATIENT = {
    "age": 52,
    "sex": "female",
    "conditions": ["condition:er-positive-her2-negative-metastatic-breast-cancer"],
    "performance_status": {"scale": "ECOG", "value": 1},
    "labs": {
        "718-7": {"value": 12.5, "unit": "g/dL"},
        "777-3": {"value": 150000, "unit": "/uL"},
        "6690-2": {"value": 6.1, "unit": "G/L"},
        "measure:er-positive-cells": {"value": 80, "unit": "%"},
    },
    "life_expectancy": {"value": 12, "unit": "months"},
}


def results(graph: Graph, document: dict) -> dict:
    return {str(r.trial).rsplit("/", 1)[-1]: r for r in match(parse_patient(document), graph)}


def patient(**changes) -> dict:
    document = copy.deepcopy(PATIENT)
    for key, value in changes.items():
        if value is None:
            document.pop(key, None)
        else:
            document[key] = value
    return document


def with_lab(code: str, value, unit: str, **extra) -> dict:
    document = patient()
    document["labs"][code] = {"value": value, "unit": unit, **extra}
    return document


def criteria(result) -> set[str]:
    return {str(r.criterion).rsplit("/", 1)[-1] for r in result.reasons}


# ---------------------------------------------------------------- whole trials
def test_eligible_for_one_trial_and_not_another(graph):
    found = results(graph, PATIENT)
    assert found["NCT03079011"].status == "eligible"
    assert found["NCT03079011"].reasons == []
    assert found["NCT01368107"].status == "ineligible"
    assert criteria(found["NCT01368107"]) == {"NCT01368107-inc-03"}  # not lymphopenic
    assert found["NCT04426201"].status == "ineligible"
    assert criteria(found["NCT04426201"]) == {"NCT04426201-inc-10", "NCT04426201-inc-11"}  # no COVID-19, no hypoxemia


def test_unstructured_criteria_are_listed_as_not_assessed(graph):
    result = results(graph, PATIENT)["NCT03079011"]
    not_assessed = {str(r.criterion).rsplit("/", 1)[-1] for r in result.not_assessed}
    assert "NCT03079011-inc-06" in not_assessed  # "Must be menopausal or have suppressed ovarian function"
    assert "NCT03079011-inc-07" not in not_assessed  # a heading, assessed through its items
    assert all(r.verbatim for r in result.not_assessed)


def test_trial_without_criteria_is_undetermined(graph):
    result = results(graph, PATIENT)["anakinra-tpc-mbc"]
    assert result.status == "undetermined"
    assert result.reasons[0].detail == ["the sources state no eligibility criteria"]


# ---------------------------------------------------------------- comparators at their boundary
def test_ge_and_gt_at_the_same_boundary_after_conversion(graph):
    """Hb exactly 90 g/L: seed 003 says >= 90 g/L, seed 004 says > 9 g/dl (90 g/L once converted)."""
    found = results(graph, with_lab("718-7", 9, "g/dL"))
    assert found["NCT03079011"].status == "eligible"
    nct05190094 = found["NCT05190094"]
    assert nct05190094.status == "ineligible"
    assert criteria(nct05190094) == {"NCT05190094-inc-16"}
    assert nct05190094.reasons[0].detail == ["hemoglobin 90 g/L (given 9 g/dL); required > 90 g/L (stated 9 g/dl)"]
    just_above = results(graph, with_lab("718-7", "9.01", "g/dL"))
    assert "NCT05190094-inc-16" not in criteria(just_above["NCT05190094"])


@pytest.mark.parametrize(
    ("comparator", "below", "at", "above"),
    [
        ("cmp-lt", True, False, False),
        ("cmp-le", True, True, False),
        ("cmp-eq", False, True, False),
        ("cmp-ge", False, True, True),
        ("cmp-gt", False, False, True),
    ],
)
def test_each_comparator_at_its_boundary(comparator, below, at, above):
    graph = Graph()
    trial, criterion, constraint, threshold = (URIRef(f"{ID}trial/NCT00000001{s}") for s in ("", "-inc-01", "-c", "-q"))
    graph.add((trial, RDF.type, TG.Trial))
    graph.add((trial, TG.hasCriterion, criterion))
    graph.add((criterion, RDF.type, TG.InclusionCriterion))
    graph.add((criterion, TG.hasConstraint, constraint))
    graph.add((constraint, RDF.type, TG.LabTestConstraint))
    graph.add((constraint, TG.measure, URIRef(f"{ID}measure/platelet-count")))
    graph.add((constraint, TG.comparator, TGV[comparator]))
    graph.add((constraint, TG.threshold, threshold))
    graph.add((threshold, RDF.type, TG.Quantity))
    graph.add(
        (threshold, TG.numericValue, Literal("100.0", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))
    )
    graph.add((threshold, TG.unit, Literal("10*9/L")))
    add_canonical_values(graph)

    def eligible(per_microlitre: int) -> bool:
        labs = {"measure:platelet-count": {"value": per_microlitre, "unit": "/µL"}}
        return match(parse_patient({"labs": labs}), graph)[0].status == "eligible"

    assert (eligible(99999), eligible(100000), eligible(100001)) == (below, at, above)


def test_age_boundary_is_inclusive_for_ge_and_exclusive_for_gt(graph):
    assert results(graph, patient(age=18))["NCT03079011"].status == "eligible"  # "18 years or older"
    nct01368107 = results(graph, patient(age=18))["NCT01368107"]  # "more than 18 years"
    assert "NCT01368107-inc-01" in criteria(nct01368107)


# ---------------------------------------------------------------- units
def test_ineligibility_decided_only_after_converting_a_unit(graph):
    """90,000/µL is below 100 G/L only once both are in 10*9/L (90 against 100)."""
    result = results(graph, with_lab("777-3", 90000, "/µL"))["NCT03079011"]
    assert result.status == "ineligible"
    assert criteria(result) == {"NCT03079011-inc-10"}
    assert result.reasons[0].detail == [
        "platelet count 90 10*9/L (given 90000 /uL); required >= 100 10*9/L (stated 100 G/L)"
    ]


def test_garbled_source_unit_compares_like_the_others(graph):
    """Seed 000's "100 109/µL" is read as 100 x 10^9/L: 99 G/L fails it, 100 G/L passes."""
    document = with_lab("777-3", 99, "G/L")
    assert "NCT01368107-inc-08" in criteria(results(graph, document)["NCT01368107"])
    document = with_lab("777-3", 100, "x10^9/L")
    assert "NCT01368107-inc-08" not in criteria(results(graph, document)["NCT01368107"])


def test_uln_multiple_uses_the_laboratory_limit(graph):
    document = patient(conditions=["condition:hr-positive-her2-negative-advanced-breast-cancer"])
    document["labs"]["measure:total-bilirubin"] = {"value": 40, "unit": "umol/L", "uln": 21}
    result = results(graph, document)["NCT05190094"]
    assert "NCT05190094-inc-18" in criteria(result)  # 40/21 = 1.9 x ULN > 1.5 x ULN
    reason = next(r for r in result.reasons if str(r.criterion).endswith("inc-18"))
    assert reason.detail == ["total bilirubin 40 umol/L = 1.9048 x ULN (21); required <= 1.5 x ULN"]


# ---------------------------------------------------------------- missing facts
def test_undetermined_when_a_fact_is_missing(graph):
    result = results(graph, patient(age=None))["NCT03079011"]
    assert result.status == "undetermined"
    assert criteria(result) == {"NCT03079011-inc-01"}
    assert result.reasons[0].detail == ["lacks age"]


def test_undetermined_names_the_missing_lab_and_its_keys(graph):
    document = patient()
    del document["labs"]["777-3"]
    result = results(graph, document)["NCT03079011"]
    assert result.status == "undetermined"
    assert result.reasons[0].detail == ["lacks a result for platelet count (LOINC 777-3 or measure:platelet-count)"]


def test_missing_uln_is_a_missing_fact(graph):
    document = patient()
    document["labs"]["measure:total-bilirubin"] = {"value": 10, "unit": "umol/L"}
    result = results(graph, document)["NCT05190094"]
    assert result.status == "undetermined"
    reason = next(r for r in result.reasons if str(r.criterion).endswith("inc-18"))
    assert reason.detail == ["lacks the laboratory's ULN for total bilirubin (labs.measure:total-bilirubin.uln)"]


def test_performance_status_other_scale_is_undetermined_and_who_counts_as_ecog(graph):
    karnofsky = results(graph, patient(performance_status={"scale": "Karnofsky", "value": 80}))["NCT03079011"]
    assert karnofsky.status == "undetermined"
    assert karnofsky.reasons[0].detail == ["lacks performance status on the ECOG scale (given on Karnofsky)"]
    who = results(graph, patient(performance_status={"scale": "WHO", "value": 3}))["NCT03079011"]
    assert who.status == "ineligible"
    assert who.reasons[0].detail == ["WHO performance status 3, required ECOG 0-2"]


# ---------------------------------------------------------------- conditions and treatments
def mapped(graph: Graph, *triples) -> Graph:
    """The curated graph plus mapping triples made for the test (not the lead's mapping files)."""
    copy_ = Graph()
    copy_ += graph
    for triple in triples:
        copy_.add(triple)
    copy_.namespace_manager = graph.namespace_manager
    return copy_


def test_mondo_curie_matches_through_exact_match(graph):
    mondo = URIRef(f"{OBO}MONDO_0007254")
    ours = URIRef(f"{ID}condition/breast-cancer")
    linked = mapped(graph, (ours, SKOS.exactMatch, mondo))
    found = results(linked, patient(conditions=["MONDO:0007254"]))
    # breast cancer is broader than the metastatic disease NCT03079011 requires: not known either way
    assert found["NCT03079011"].status == "undetermined"
    details = [d for r in found["NCT03079011"].reasons for d in r.detail]
    assert "lacks whether MONDO:0007254 is metastatic breast cancer" in details
    # without the mapping the MONDO condition is just absent: the inclusion fails
    unmapped = mapped(graph)
    unmapped.remove((None, SKOS.exactMatch, mondo))
    assert results(unmapped, patient(conditions=["MONDO:0007254"]))["NCT03079011"].status == "ineligible"


def test_descendant_condition_is_excluded(graph):
    """A patient condition below (rdfs:subClassOf) the MONDO class mapped to our HIV infection meets the exclusion."""
    hiv = URIRef(f"{OBO}MONDO_0005109")  # data/mappings/conditions.sssom.tsv maps our HIV infection to it
    assert (URIRef(f"{ID}condition/hiv-infection"), SKOS.exactMatch, hiv) in graph
    subtype = URIRef("http://example.org/hiv-subtype")  # made up for this test only
    linked = mapped(graph, (subtype, RDFS.subClassOf, hiv))
    document = patient(conditions=[PATIENT["conditions"][0], str(subtype)])
    result = results(linked, document)["NCT03079011"]
    assert result.status == "ineligible"
    assert criteria(result) == {"NCT03079011-exc-10"}  # "Known HIV infection that is not well-controlled..."


def test_condition_window(graph):
    recent = patient(
        conditions=[
            PATIENT["conditions"][0],
            {"id": "condition:myocardial-infarction", "since": {"value": 3, "unit": "months"}},
        ]
    )
    assert "NCT03079011-exc-08" in criteria(results(graph, recent)["NCT03079011"])
    old = copy.deepcopy(recent)
    old["conditions"][1]["since"] = {"value": 2, "unit": "years"}
    assert results(graph, old)["NCT03079011"].status == "eligible"
    undated = patient(conditions=[PATIENT["conditions"][0], "condition:myocardial-infarction"])
    result = results(graph, undated)["NCT03079011"]
    assert result.status == "undetermined"
    assert result.reasons[0].detail == [
        "lacks how long ago condition:myocardial-infarction was (counts within 6 months)"
    ]


@pytest.mark.parametrize("treatment", ["palbociclib", "intervention:palbociclib", f"{ID}intervention/palbociclib"])
def test_prior_treatment_of_a_drug_class(graph, treatment):
    result = results(graph, patient(prior_treatments=[treatment]))["NCT03079011"]
    assert result.status == "ineligible"
    assert criteria(result) == {"NCT03079011-exc-01"}  # prior CDK4/6 inhibitor
    assert results(graph, patient(prior_treatments=["letrozole"]))["NCT03079011"].status == "eligible"


# ---------------------------------------------------------------- the patient file
@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"age": "old"}, "field 'age': must be a number"),
        ({"sex": "f"}, "field 'sex': must be one of female, male"),
        ({"labs": {"718-7": {"value": 8.5, "unit": "g/fortnight"}}}, "field 'labs.718-7.unit': unknown unit"),
        ({"labs": {"718-7": {"value": 8.5}}}, "field 'labs.718-7.unit': required"),
        ({"labs": {"718-7": {"value": 8.5, "unit": "g/dL", "ulm": 9}}}, "field 'labs.718-7.ulm': unknown field"),
        ({"labs": {"718-7": {"value": float("nan"), "unit": "g/dL"}}}, "field 'labs.718-7.value': must be a finite"),
        ({"labs": {"718-7": {"value": 8, "unit": "g/dL", "lln": 0}}}, "field 'labs.718-7.lln': must be positive"),
        ({"age": float("inf")}, "field 'age': must be a finite number"),
        ({"age": True}, "field 'age': must be a number, not true"),
        ({"performance_status": {"scale": "ECOG", "value": True}}, "field 'performance_status.value'"),
        ({"performance_status": {"scale": "Zubrod", "value": 1}}, "field 'performance_status.scale': must be ECOG"),
        ({"conditions": [{"id": "MONDO:0007254", "when": 1}]}, "field 'conditions[0].when': unknown field"),
        ({"conditions": [{"id": "breast cancer"}]}, "field 'conditions[0].id': 'breast cancer' is not a CURIE"),
        ({"prior_treatments": ["letrozole", " "]}, "field 'prior_treatments[1]': must be a non-empty string"),
        ({"labs": {"hemoglobin": {"value": 8.5, "unit": "g/dL"}}}, "field 'labs.hemoglobin': key must be a LOINC"),
        ({"conditions": ["breast cancer"]}, "field 'conditions[0]'"),
        ({"performance_status": {"scale": "ECOG", "value": 7}}, "field 'performance_status.value'"),
        ({"lab": {}}, "field 'lab': unknown field"),
        ({"life_expectancy": {"value": 6, "unit": "g/L"}}, "field 'life_expectancy.unit': must be a time unit"),
        ([1, 2], "one JSON object"),
    ],
)
def test_invalid_patient_names_the_field(document, message):
    with pytest.raises(InputError) as caught:
        parse_patient(document, "p.json")
    assert message in str(caught.value)
    assert str(caught.value).startswith("p.json: ")


def test_every_problem_in_a_patient_file_is_reported_at_once():
    document = {"age": -1, "sex": "f", "labs": {"718-7": {"value": 8, "unit": "g/dL", "uln": -2}}, "x": 1}
    with pytest.raises(InputError) as caught:
        parse_patient(document, "p.json")
    message = str(caught.value)
    assert "\n" not in message
    assert [part.split("'")[1] for part in message.removeprefix("p.json: ").split("; ")] == [
        "age",
        "sex",
        "labs.718-7.uln",
        "x",
    ]


def test_patient_labs_convert_like_criteria():
    parsed = parse_patient({"labs": {"777-3": {"value": 150000, "unit": "/µL"}}})
    assert (parsed.labs["777-3"].canonical_value, parsed.labs["777-3"].canonical_unit) == (Decimal(150), "10*9/L")


def test_unreadable_patient_file(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"age": 52,\n  "sex": }', encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.json:2: not JSON"):
        load_patient(path)


# ---------------------------------------------------------------- the command
def test_match_command_json(tmp_path):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(with_lab("777-3", 90000, "/µL")), encoding="utf-8")
    result = runner.invoke(app, ["match", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    answers = {a["nct_id"]: a for a in json.loads(result.output)}
    assert set(answers["NCT03079011"]) >= {"trial", "nct_id", "status", "reasons"}
    assert answers["NCT03079011"]["trial"] == f"{ID}trial/NCT03079011"
    assert answers["NCT03079011"]["status"] == "ineligible"
    assert answers["NCT03079011"]["reasons"][0]["criterion"] == f"{ID}trial/NCT03079011-inc-10"
    assert answers[None]["trial"] == f"{ID}trial/anakinra-tpc-mbc"  # no NCT ID known


def test_match_command_table_and_bad_file(tmp_path):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(PATIENT), encoding="utf-8")
    result = runner.invoke(app, ["match", str(path)])
    assert result.exit_code == 0, result.output
    assert "NCT03079011: eligible" in result.output.splitlines()
    path.write_text(json.dumps({"sex": "unknown"}), encoding="utf-8")
    result = runner.invoke(app, ["match", str(path)])
    assert result.exit_code == 2
    assert "field 'sex'" in result.output
    missing = runner.invoke(app, ["match", str(tmp_path / "none.json")])
    assert missing.exit_code == 2


def test_shipped_example_patient_is_eligible_somewhere(project):
    from trialgraph.graph.assemble import build_graph
    from trialgraph.matching.eligibility import match_file

    statuses = {
        r.nct_id: r.status for r in match_file(project.root / "examples" / "patient.json", build_graph(project))
    }
    assert statuses["NCT03079011"] == "eligible"
    assert "ineligible" in statuses.values()


def test_canonical_values_are_in_the_built_graph(graph):
    values = {
        (
            str(graph.value(q, TG.unitText)),
            str(graph.value(q, TG.canonicalValue)),
            str(graph.value(q, TG.canonicalUnit)),
        )
        for q in graph.subjects(RDF.type, TG.Quantity)
        if graph.value(q, TG.unitText) is not None and graph.value(q, TG.canonicalValue) is not None
    }
    assert ("109/µL", "100", "10*9/L") in values
    assert ("cells/mm3", "1", "10*9/L") in values
    assert ("g/dl", "90", "g/L") in values
    assert not [q for q in graph.objects(None, TG.threshold) if graph.value(q, TG.canonicalValue) is None]


def test_a_lansky_score_is_matched_on_the_lansky_scale_only():
    # the imported form of "Lansky ≥ 50 for patients < 16 years" (tgv:scale-lansky runs 0-100, like Karnofsky)
    graph = Graph()
    trial, criterion, constraint = URIRef(ID + "trial/lansky"), URIRef(ID + "trial/lansky-inc-01"), URIRef(ID + "c")
    graph.add((trial, RDF.type, TG.Trial))
    graph.add((trial, TG.hasCriterion, criterion))
    graph.add((criterion, RDF.type, TG.InclusionCriterion))
    graph.add((criterion, TG.hasConstraint, constraint))
    graph.add((constraint, RDF.type, TG.PerformanceStatusConstraint))
    graph.add((constraint, TG.scale, TGV["scale-lansky"]))
    graph.add((constraint, TG.minScore, Literal(50)))
    child = {"performance_status": {"scale": "Lansky", "value": 40}}
    assert results(graph, child)["lansky"].reasons[0].detail == ["Lansky performance status 40, required Lansky 50-100"]
    assert results(graph, {"performance_status": {"scale": "lansky", "value": 70}})["lansky"].status == "eligible"
    assert (
        results(graph, {"performance_status": {"scale": "Karnofsky", "value": 70}})["lansky"].status == "undetermined"
    )
    with pytest.raises(InputError, match="from 0 to 100 on Lansky"):
        parse_patient({"performance_status": {"scale": "Lansky", "value": 110}})
