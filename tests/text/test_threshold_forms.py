"""Forms the threshold reader reads since the gold set's second pass (text/thresholds.py, text/conditional.py,
text/qualified.py): each with the reading it must give, and a near form it must report or leave alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.conditional import CONDITION
from trialgraph.text.conditions import StudyCondition
from trialgraph.text.thresholds import MEASURE, Threshold, ThresholdReader


@pytest.fixture(scope="module")
def reader(project) -> ThresholdReader:
    shared = project.shared_data_dir
    return ThresholdReader.load(shared / "measures.ttl", shared / "lab-bound-ranges.tsv")


def read(reader, text: str, section: str = "inclusion") -> list[tuple]:
    found = reader(text, section)
    assert all(isinstance(f, Threshold) for f in found), found
    return [
        (
            str(f.measure).removeprefix(str(MEASURE)),
            f.comparator,
            f.value if f.uln_multiple is None else f.uln_multiple,
            f.unit if f.uln_multiple is None else "ULN",
            "when" if f.applies_when else "unless" if f.applies_unless else "any" if f.any_of else None,
        )
        for f in found
    ]


def test_a_gilbert_alternative_bounding_a_second_test(reader):
    found = reader(
        "Bilirubin ≤ 1.5 x ULN (in subjects with documented Gilbert's syndrome a bilirubin ≤ 3 x ULN with "
        "direct bilirubin ≤ 1.2 x ULN)"
    )
    gilbert = CONDITION["gilbert-syndrome"]
    assert [(str(f.measure).rsplit("/", 1)[1], f.uln_multiple, f.applies_when, f.applies_unless) for f in found] == [
        ("total-bilirubin", Decimal("1.5"), None, gilbert),
        ("total-bilirubin", Decimal("3"), gilbert, None),
        ("direct-bilirubin", Decimal("1.2"), gilbert, None),
    ]


def test_the_alternative_must_still_bound_the_default_test(reader):
    # the bracket bounds only another test: which bound applies to Gilbert's patients is not said
    found = reader("Total bilirubin ≤ 1.5 x ULN (in subjects with Gilbert's syndrome direct bilirubin ≤ 1 x ULN)")
    assert not any(isinstance(f, Threshold) and f.applies_when for f in found), found


def test_a_condition_stated_as_another_tests_bound(reader):
    found = reader("for subjects with eGFR < 60 mL/min/1.73 m2, potassium must be ≥ 3.5 and ≤ 5.0 mmol/L")
    assert read(reader, "for subjects with eGFR < 60 mL/min/1.73 m2, potassium must be ≥ 3.5 and ≤ 5.0 mmol/L") == [
        ("serum-potassium", ">=", Decimal("3.5"), "mmol/L", "when"),
        ("serum-potassium", "<=", Decimal("5.0"), "mmol/L", "when"),
    ]
    assert {f.applies_when for f in found} == {StudyCondition("subjects with eGFR < 60 mL/min/1.73 m2")}
    # the condition's own bound is no bound of the criterion; a bound of the same test is no plain condition
    trailing = reader("Direct bilirubin ≤ ULN for patients with total bilirubin > 1.5 x ULN")
    assert read(reader, "Direct bilirubin ≤ ULN for patients with total bilirubin > 1.5 x ULN") == [
        ("direct-bilirubin", "<=", Decimal("1"), "ULN", "when")
    ]
    assert trailing[0].applies_when == StudyCondition("patients with total bilirubin > 1.5 x ULN")
    same = reader("eGFR ≥ 30 mL/min/1.73 m2 for patients with eGFR < 45 mL/min/1.73 m2 at baseline")
    assert all(isinstance(f, str) for f in same), same


def test_a_condition_restating_the_bound_says_nothing_more(reader):
    text = "INR and PTT ≤ 2 x ULN (anticoagulated patients are allowed if the INR ≤ 2 x ULN on a stable dose)"
    assert read(reader, text) == [
        ("inr", "<=", Decimal("2"), "ULN", None),
        ("activated-partial-thromboplastin-time", "<=", Decimal("2"), "ULN", None),
    ]
    # in an exclusion the same bound under "still eligible" exempts some patients: not read as everyone's
    exempt = reader("QTc > 480 ms (patients with a pacemaker will still be eligible with QTc > 480 ms)", "exclusion")
    assert all(not isinstance(f, Threshold) or f.applies_unless for f in exempt), exempt


def test_a_condition_naming_the_failing_side_of_an_alternative(reader):
    text = "Creatinine below the ULN or creatinine clearance ≥ 50 mL/min for patients with creatinine above the ULN"
    assert read(reader, text) == [
        ("serum-creatinine", "<", Decimal("1"), "ULN", "any"),
        ("creatinine-clearance", ">=", Decimal("50"), "mL/min", "any"),
    ]


def test_a_bound_after_words_naming_something_else(reader):
    text = "Hemoglobin < 8 g/dL or renal function tests > 2 x ULN or platelets < 50,000/uL; INR > 2.5 or any other"
    assert read(reader, text, "exclusion") == [
        ("hemoglobin", "<", Decimal("8"), "g/dL", None),
        ("platelet-count", "<", Decimal("50000"), "/uL", None),
        ("inr", ">", Decimal("2.5"), "1", None),
    ]
    # in an inclusion "or" makes it an alternative: not taken alone
    found = reader("Hemoglobin ≥ 9 g/dL or transfusion-dependent ≥ 8 g/dL", "inclusion")
    assert not any(isinstance(f, Threshold) for f in found), found


def test_method_words_between_names_sharing_a_bound(reader):
    assert read(reader, "Creatinine clearance or measured GFR ≥ 60 mL/min", "exclusion") == [
        ("creatinine-clearance", ">=", Decimal("60"), "mL/min", None),
        ("egfr", ">=", Decimal("60"), "mL/min", None),
    ]


def test_ranges_restated_outside_and_bare(reader):
    assert read(reader, "HbA1c between 53 and 75 mmol/mol (7.0 to 9.0%)") == [
        ("hemoglobin-a1c", ">=", Decimal("53"), "mmol/mol", None),
        ("hemoglobin-a1c", "<=", Decimal("75"), "mmol/mol", None),
        ("hemoglobin-a1c", ">=", Decimal("7.0"), "%", None),
        ("hemoglobin-a1c", "<=", Decimal("9.0"), "%", None),
    ]
    assert read(reader, "Outside a BMI range of (20 - 35)", "exclusion") == [
        ("body-mass-index", "<", Decimal("20"), "kg/m2", None),
        ("body-mass-index", ">", Decimal("35"), "kg/m2", None),
    ]
    # outside a range in an inclusion is either bound: not read
    assert all(isinstance(f, str) for f in reader("Outside a BMI range of (20 - 35)", "inclusion"))
    # a bare count keeps no unit: reported
    assert all(isinstance(f, str) for f in reader("Platelet count < 75,000", "exclusion"))


@pytest.mark.parametrize("text", ["HbA1c of \\&gt; 7.5%", "HbA1c of \\> 7.5%"])
def test_a_markdown_escaped_comparator(reader, text):
    assert read(reader, text, "exclusion") == [("hemoglobin-a1c", ">", Decimal("7.5"), "%", None)]
