"""Forms the threshold reader reads since the gold set's second pass (text/thresholds.py, text/conditional.py,
text/qualified.py): each with the reading it must give, and a near form it must report or leave alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.conditional import CONDITION
from trialgraph.text.conditions import StudyCondition
from trialgraph.text.thresholds import MEASURE, Threshold


def _key(found: Threshold) -> tuple:
    """(test, comparator, amount, unit or "ULN", "when" / "unless" / "any" or None) of one bound."""
    relative = found.uln_multiple is not None
    condition = "when" if found.applies_when else "unless" if found.applies_unless else None
    amount = found.uln_multiple if relative else found.value
    test = str(found.measure).removeprefix(str(MEASURE))
    return (
        test,
        found.comparator,
        amount,
        "ULN" if relative else found.unit,
        condition or ("any" if found.any_of else None),
    )


def read(reader, text: str, section: str = "inclusion") -> list[tuple]:
    """The bounds of a criterion read whole: every reading a bound."""
    readings = reader(text, section)
    assert all(isinstance(r, Threshold) for r in readings), readings
    return [_key(r) for r in readings]


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


def conditions(reader, text: str, section: str = "inclusion") -> list[tuple]:
    """(test, multiple or value, applies when, applies unless) of each bound read."""
    found = reader(text, section)
    return [
        (
            str(f.measure).rsplit("/", 1)[1],
            f.uln_multiple if f.value is None else f.value,
            f.applies_when,
            f.applies_unless,
        )
        for f in found
        if isinstance(f, Threshold)
    ]


def test_two_bounds_that_exclude_only_together(reader):
    text = "Creatinine > 2 x ULN concurrent with creatinine clearance < 40 mL/min"
    assert conditions(reader, text, "exclusion") == [
        ("serum-creatinine", Decimal("2"), StudyCondition("concurrent with creatinine clearance < 40 mL/min"), None),
        ("creatinine-clearance", Decimal("40"), StudyCondition("concurrent with Creatinine > 2 x ULN"), None),
    ]
    # in an inclusion the one would be the other's condition: not read this way
    assert not any(f.applies_when for f in reader(text, "inclusion") if isinstance(f, Threshold))


def test_a_bracket_defining_the_words_before_it(reader):
    text = "Uncontrolled diabetes (patients with HbA1c > 8% or fasting glucose >= 200 mg/dL)"
    assert read(reader, text, "exclusion") == [
        ("hemoglobin-a1c", ">", Decimal("8"), "%", None),
        ("fasting-glucose", ">=", Decimal("200"), "mg/dL", None),
    ]
    # a bracket naming a condition before its bound stays a condition
    found = reader("AST ≤ 5 x ULN (patients with liver metastases)", "inclusion")
    assert not any(isinstance(f, Threshold) and f.applies_when is None and f.applies_unless is None for f in found)


def test_a_shared_condition_after_a_number(reader):
    anticoagulated = CONDITION["anticoagulant-therapy"]
    assert conditions(reader, "INR > 1.5 x ULN (> 2.5 if receiving anticoagulant therapy)", "exclusion") == [
        ("inr", Decimal("1.5"), None, anticoagulated),
        ("inr", Decimal("2.5"), anticoagulated, None),
    ]


def test_a_later_sentence_under_a_shared_condition(reader):
    text = (
        "Hepatic dysfunction: bilirubin > 2 x ULN (except participants with Gilbert's syndrome: bilirubin > 4 x ULN) "
        "and ALT > 3 x ULN. In participants with known liver involvement of their lymphoma, ALT > 6 x ULN."
    )
    gilbert, liver = CONDITION["gilbert-syndrome"], CONDITION["liver-involvement"]
    assert conditions(reader, text, "exclusion") == [
        ("total-bilirubin", Decimal("2"), None, gilbert),
        ("total-bilirubin", Decimal("4"), gilbert, None),
        ("alt", Decimal("3"), None, liver),
        ("alt", Decimal("6"), liver, None),
    ]
    # without that sentence ALT is bounded for all, and not under Gilbert's syndrome
    alone = conditions(reader, text.split(". In")[0], "exclusion")
    assert ("alt", Decimal("3"), None, None) in alone


def test_names_of_methods_units_and_disorders(reader):
    assert read(reader, "eGFR calculated by the CKD-EPI creatinine equation < 45 mL/min/1.73 m2", "exclusion") == [
        ("egfr", "<", Decimal("45"), "mL/min/{1.73_m2}", None)
    ]
    assert read(reader, "eGFR < 45 mL·min-1", "exclusion") == [("egfr", "<", Decimal("45"), "mL/min", None)]
    assert read(reader, "INR ≥ 1.8 at screening", "exclusion") == [("inr", ">=", Decimal("1.8"), "1", None)]
    assert read(reader, "Thrombocytopenia (< 75,000/uL)", "exclusion") == [
        ("platelet-count", "<", Decimal("75000"), "/uL", None)
    ]
    assert read(reader, "ALT ≥ level 60 IU/L", "exclusion") == [("alt", ">=", Decimal("60"), "U/L", None)]
    assert read(reader, "Creatinine clearance or BSA adjusted eGFR < 50 mL/min", "exclusion") == [
        ("creatinine-clearance", "<", Decimal("50"), "mL/min", None),
        ("egfr", "<", Decimal("50"), "mL/min", None),
    ]
    # a disorder with a bound of another test in brackets is no bound of its own
    assert read(reader, "Anemia (Hemoglobin < 9 g/dL)", "exclusion") == [
        ("hemoglobin", "<", Decimal("9"), "g/dL", None)
    ]


def test_a_bound_required_for_a_part_of_the_study(reader):
    found = reader(
        "Kidney failure (eGFR 15 mL/min/1.73m2 or less) (an eGFR ≥ 40 mL/min/1.73m2 is required for the MRI)"
    )
    assert [f for f in found if isinstance(f, Threshold)] == [
        f for f in found if isinstance(f, Threshold) and f.comparator == "<=" and f.value == 15
    ]
    assert any(isinstance(f, str) and "required for a part of the study" in f for f in found)


def test_a_condition_after_a_semicolon_in_a_bracket(reader):
    found = conditions(reader, "Total bilirubin ≤ 1.5 x ULN (ULN; ≤ 3 x ULN for patients with a documented hemolysis)")
    condition = StudyCondition("patients with a documented hemolysis")
    assert found == [
        ("total-bilirubin", Decimal("1.5"), None, condition),
        ("total-bilirubin", Decimal("3"), condition, None),
    ]


def test_a_bracket_accepting_the_other_side(reader):
    text = "Total bilirubin ≤ 1.5 x ULN (bilirubin > 1.5 x ULN is acceptable if direct bilirubin is ≤ 1 x ULN)"
    assert conditions(reader, text) == [
        ("total-bilirubin", Decimal("1.5"), None, StudyCondition("direct bilirubin is ≤ 1 x ULN"))
    ]


def test_two_tests_then_a_bound_each(reader):
    text = (
        "Creatinine OR measured creatinine clearance ≤ 1.5 x ULN OR ≥ 50 mL/min "
        "for patients with creatinine > 1.5 x ULN"
    )
    assert read(reader, text) == [
        ("serum-creatinine", "<=", Decimal("1.5"), "ULN", "any"),
        ("creatinine-clearance", ">=", Decimal("50"), "mL/min", "any"),
    ]
    # a bound plausible for both tests does not say which it is for: not read this way
    both = reader("Creatinine clearance OR eGFR ≥ 50 mL/min OR ≥ 40 mL/min/1.73 m2")
    assert not any(isinstance(f, Threshold) and f.any_of for f in both), both


def test_a_condition_qualifies_its_own_clause_only(reader):
    text = "Total bilirubin ≤ 1.5 x ULN; INR ≤ 1.5. For subjects with cirrhosis, total bilirubin ≤ 3 x ULN, INR ≤ 1.8."
    found = reader(text)
    cirrhosis = StudyCondition("subjects with cirrhosis")
    assert conditions(reader, text) == [
        ("total-bilirubin", Decimal("3"), cirrhosis, None),
        ("inr", Decimal("1.8"), cirrhosis, None),
    ]
    # the first clause's bounds are not said to be for those subjects, nor for everyone: reported
    assert sum(isinstance(f, str) and "under a condition" in f for f in found) == 2


def test_an_exception_heading_before_a_bound_is_reported(reader):
    text = "Total bilirubin ≤ 1.5 x ULN; except for subjects with Gilbert-like disorders, direct bilirubin ≤ 1.5 x ULN"
    assert all(isinstance(f, str) for f in reader(text)), reader(text)


def test_words_exempting_a_cause_make_the_bound_conditional(reader):
    found = reader("INR ≥ 2.0 or PTT > 2 x ULN that is not related to anticoagulation", "exclusion")
    assert all(isinstance(f, str) for f in found), found


def test_a_criterion_ending_in_or_is_an_alternative(reader):
    found = reader("eGFR < 60 mL/min/1.73 m2 and urine protein > 1 g/day, or")
    assert [(f.measure, f.applies_unless) for f in found if isinstance(f, Threshold)] == [
        (MEASURE["egfr"], StudyCondition("the alternative the next criterion states"))
    ]


def test_an_alternative_group_missing_a_member_is_not_stored(reader):
    # the bilirubin alternative is reported (a condition in another clause): direct bilirubin alone is no group
    text = "Total bilirubin ≤ 1.5 x ULN or direct bilirubin ≤ ULN. Total bilirubin ≤ 3 x ULN (for subjects with HIV)"
    found = reader(text)
    assert not any(isinstance(f, Threshold) and f.any_of is not None for f in found), found


def test_a_note_exempting_patients_from_its_tests_bound(reader):
    text = "Total bilirubin < 2 mg/dl (Note: subjects with a higher bilirubin due to hemolysis will be considered)"
    assert conditions(reader, text) == [
        (
            "total-bilirubin",
            Decimal("2"),
            None,
            StudyCondition("subjects with a higher bilirubin due to hemolysis will be considered"),
        )
    ]
    # a note that names no bounded test says nothing of the bound: reported
    assert all(isinstance(f, str) for f in reader("Hemoglobin ≥ 9 g/dL (Note: transfusion will be considered)"))
