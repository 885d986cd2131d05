"""Bounds the second reading pass stores with conditions made for the study (issue 14), as the matcher decides
them: two bounds that exclude only together ("creatinine > 1.5 x ULN concurrent with creatinine clearance < 50
mL/min"), each applying when the other holds, and a bound for patients a second test's bound describes ("for
participants with eGFR ≥ 45 ..., potassium ≥ 3.0 mmol/L"). Neither condition is assessed, so neither bound
makes a patient ineligible; a patient meeting the bounds is decided without them."""

from __future__ import annotations

from tests.matching.test_qualified_bounds import bound, status, trial
from trialgraph.matching.eligibility import ELIGIBLE, UNDETERMINED

CONDITIONS = """ctgov:NCT09999999-c-01-condition-1 a tg:UnlinkedCondition ;
    rdfs:label "concurrent with creatinine clearance < 50 mL/min" .
ctgov:NCT09999999-c-01-condition-2 a tg:UnlinkedCondition ;
    rdfs:label "concurrent with creatinine > 2 mg/dL" ."""


def labs(creatinine: float, clearance: float) -> dict:
    return {
        "labs": {
            "measure:serum-creatinine": {"value": creatinine, "unit": "mg/dL"},
            "measure:creatinine-clearance": {"value": clearance, "unit": "mL/min"},
        }
    }


def test_two_bounds_excluding_only_together():
    graph = trial(
        "exclusion",
        ", ".join(
            [
                bound(
                    "serum-creatinine", "cmp-gt", "2", "mg/dL", "; tg:appliesWhen ctgov:NCT09999999-c-01-condition-1"
                ),
                bound(
                    "creatinine-clearance",
                    "cmp-lt",
                    "50",
                    "mL/min",
                    "; tg:appliesWhen ctgov:NCT09999999-c-01-condition-2",
                ),
            ]
        ),
        CONDITIONS,
    )
    assert status(graph, labs(3.0, 30))[0] == UNDETERMINED  # both met: excluded only if the conditions hold
    assert status(graph, labs(3.0, 80))[0] == UNDETERMINED  # one met: whether it excludes is not assessed
    assert status(graph, labs(1.0, 80))[0] == ELIGIBLE  # neither met: not excluded, whatever the conditions


def test_a_bound_for_patients_another_bound_describes():
    condition = """ctgov:NCT09999999-c-01-condition-1 a tg:UnlinkedCondition ;
    rdfs:label "participants with screening eGFR ≥ 45 mL/min/1.73 m2" ."""
    graph = trial(
        "inclusion",
        bound("serum-potassium", "cmp-ge", "3.0", "mmol/L", "; tg:appliesWhen ctgov:NCT09999999-c-01-condition-1"),
        condition,
    )
    low = {"labs": {"measure:serum-potassium": {"value": 2.8, "unit": "mmol/L"}}}
    normal = {"labs": {"measure:serum-potassium": {"value": 4.0, "unit": "mmol/L"}}}
    assert status(graph, low)[0] == UNDETERMINED  # not ineligible: whether the bound applies is not known
    assert status(graph, normal)[0] == ELIGIBLE
