"""The bound forms the threshold reader adds for issue 14, as the matcher decides them: a bound under a condition
stated only in words (tg:UnlinkedCondition) is undetermined where that condition matters and never makes a
patient ineligible; a bound for an age group (tg:appliesWhen a tg:AgeConstraint) counts only for that age; an
alternative group (tg:ConstraintGroup, any of) is met when any of its bounds is met."""

from __future__ import annotations

import pytest
from rdflib import Graph

from trialgraph.graph.canonical import add_canonical_values
from trialgraph.matching.eligibility import ELIGIBLE, INELIGIBLE, UNDETERMINED, match
from trialgraph.matching.patient import parse_patient

PREFIXES = """
@prefix tg: <https://w3id.org/trialgraph/ontology/> .
@prefix tgv: <https://w3id.org/trialgraph/vocab/> .
@prefix measure: <https://w3id.org/trialgraph/id/measure/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ctgov: <https://w3id.org/trialgraph/id/ctgov/> .
"""


def trial(section: str, constraints: str, extra: str = "") -> Graph:
    """One trial with one criterion (`section`) holding `constraints` (Turtle objects of tg:hasConstraint)."""
    kind = "tg:InclusionCriterion" if section == "inclusion" else "tg:ExclusionCriterion"
    text = f"""{PREFIXES}
ctgov:NCT09999999 a tg:Trial ; tg:nctId "NCT09999999" ; tg:hasCriterion ctgov:NCT09999999-c-01 .
ctgov:NCT09999999-c-01 a {kind} ; tg:position 1 ; tg:verbatim "as written" ;
    tg:hasConstraint {constraints} .
{extra}"""
    graph = Graph().parse(data=text, format="turtle")
    add_canonical_values(graph)
    return graph


def quantity(value: str, unit: str) -> str:
    return f'[ a tg:Quantity ; tg:numericValue "{value}"^^xsd:decimal ; tg:unit "{unit}" ]'


def bound(measure: str, comparator: str, value: str, unit: str, condition: str = "") -> str:
    kind = "tg:LabTestConstraint" if measure != "systolic-blood-pressure" else "tg:MeasurementConstraint"
    return (
        f"[ a {kind} ; tg:measure measure:{measure} ; tg:comparator tgv:{comparator} ; "
        f"tg:threshold {quantity(value, unit)} {condition} ]"
    )


def status(graph: Graph, document: dict) -> tuple[str, list[str]]:
    (result,) = match(parse_patient(document), graph)
    return result.status, [line for reason in result.reasons for line in reason.detail]


UNLINKED = """ctgov:NCT09999999-c-01-condition-1 a tg:UnlinkedCondition ;
    rdfs:label "unless due to NHL involvement of the bone marrow" ."""


@pytest.mark.parametrize(("section", "predicate"), [("inclusion", "appliesUnless"), ("exclusion", "appliesWhen")])
def test_a_bound_under_an_unlinked_condition_is_undetermined_where_it_matters(section, predicate):
    # inclusion "neutrophils >= 1.5 x 10^9/L unless due to NHL involvement"; exclusion "< 1.5 x 10^9/L if ..."
    comparator = "cmp-ge" if section == "inclusion" else "cmp-lt"
    graph = trial(
        section,
        bound("neutrophil-count", comparator, "1.5", "10*9/L", f"; tg:{predicate} ctgov:NCT09999999-c-01-condition-1"),
        UNLINKED,
    )
    low = {"labs": {"measure:neutrophil-count": {"value": 1.0, "unit": "10*9/L"}}}
    normal = {"labs": {"measure:neutrophil-count": {"value": 3.0, "unit": "10*9/L"}}}
    found, detail = status(graph, low)
    assert found == UNDETERMINED  # not ineligible: whether the bound applies is not known
    assert detail == [
        "lacks whether 'unless due to NHL involvement of the bone marrow' holds "
        "(a condition stated only in words, not assessed)"
    ]
    assert status(graph, normal)[0] == ELIGIBLE  # met (or not excluded) whether or not it applies


def test_a_patient_listing_a_condition_does_not_meet_an_unlinked_one():
    graph = trial(
        "inclusion",
        bound("neutrophil-count", "cmp-ge", "1.5", "10*9/L", "; tg:appliesUnless ctgov:NCT09999999-c-01-condition-1"),
        UNLINKED,
    )
    document = {
        "conditions": ["condition:liver-involvement"],
        "absent_conditions": ["condition:liver-metastases"],
        "labs": {"measure:neutrophil-count": {"value": 1.0, "unit": "10*9/L"}},
    }
    assert status(graph, document)[0] == UNDETERMINED


def age_group(comparator: str, years: str) -> str:
    return f"[ a tg:AgeConstraint ; tg:comparator tgv:{comparator} ; tg:threshold {quantity(years, 'a')} ]"


@pytest.fixture(scope="module")
def blood_pressure() -> Graph:
    # exclusion "SBP above 140 mmHg if < 60 years of age and above 150 mmHg if >= 60"
    return trial(
        "exclusion",
        bound("systolic-blood-pressure", "cmp-gt", "140", "mm[Hg]", f"; tg:appliesWhen {age_group('cmp-lt', '60')}")
        + " , "
        + bound("systolic-blood-pressure", "cmp-gt", "150", "mm[Hg]", f"; tg:appliesWhen {age_group('cmp-ge', '60')}"),
    )


@pytest.mark.parametrize(
    ("age", "pressure", "expected"),
    [(50, 145, INELIGIBLE), (65, 145, ELIGIBLE), (65, 155, INELIGIBLE), (50, 130, ELIGIBLE), (None, 145, UNDETERMINED)],
)
def test_a_bound_for_an_age_group_counts_only_at_that_age(blood_pressure, age, pressure, expected):
    document = {"labs": {"measure:systolic-blood-pressure": {"value": pressure, "unit": "mm[Hg]"}}}
    if age is not None:
        document["age"] = age
    found, detail = status(blood_pressure, document)
    assert found == expected
    if expected == UNDETERMINED:
        assert detail == ["lacks age"]


@pytest.fixture(scope="module")
def renal_alternatives() -> Graph:
    # inclusion "creatinine <= 1.5 x ULN or creatinine clearance >= 60 mL/min"
    creatinine = (
        "[ a tg:LabTestConstraint ; tg:measure measure:serum-creatinine ; tg:comparator tgv:cmp-le ; "
        "tg:ulnMultiple 1.5 ]"
    )
    clearance = bound("creatinine-clearance", "cmp-ge", "60", "mL/min")
    group = f"[ a tg:ConstraintGroup ; tg:logic tgv:logic-any-of ; tg:member {creatinine} , {clearance} ]"
    return trial("inclusion", group)


def renal(creatinine: float | None, clearance: float | None) -> dict:
    labs = {}
    if creatinine is not None:
        labs["measure:serum-creatinine"] = {"value": creatinine, "unit": "mg/dL", "uln": 1.2}
    if clearance is not None:
        labs["measure:creatinine-clearance"] = {"value": clearance, "unit": "mL/min"}
    return {"labs": labs}


@pytest.mark.parametrize(
    ("creatinine", "clearance", "expected"),
    [
        (1.0, 40, ELIGIBLE),  # the first alternative is met
        (2.5, 70, ELIGIBLE),  # the second is
        (2.5, 40, INELIGIBLE),  # neither
        (2.5, None, UNDETERMINED),  # one fails, the other is not known
        (None, 70, ELIGIBLE),  # one met suffices, the other need not be known
    ],
)
def test_an_alternative_group_is_met_when_any_bound_is(renal_alternatives, creatinine, clearance, expected):
    assert status(renal_alternatives, renal(creatinine, clearance))[0] == expected
