"""Bounds under a condition no shared node says (text/qualified.py): kept with a condition of the study's own
(its words), an age group, or as one of a group of alternatives; reported when the condition's extent or sense
is not certain."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.conditions import AgeCondition, StudyCondition
from trialgraph.text.qualified import NEXT_CRITERION
from trialgraph.text.thresholds import MEASURE, Threshold


def read(reader, text: str, section: str = "inclusion") -> list[tuple]:
    found = reader(text, section)
    assert all(isinstance(f, Threshold) for f in found), found
    return [
        (
            str(f.measure).removeprefix(str(MEASURE)),
            f.comparator,
            f.value if f.uln_multiple is None else f.uln_multiple,
            "when" if f.applies_when else "unless" if f.applies_unless else None,
            f.applies_when or f.applies_unless,
        )
        for f in found
    ]


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        (  # NCT01294579: a bracket stating when the bound does not apply
            "Neutrophils < 1.5 x 109/L (unless due to NHL involvement of the bone marrow)",
            "exclusion",
            [("neutrophil-count", "<", Decimal("1.5"), "unless", "due to NHL involvement of the bone marrow")],
        ),
        (  # a shared condition among other words is no shared node: "or Gilbert's disease"
            "Total bilirubin > 1.5 times ULN (unless due to liver involvement by NHL or Gilbert's disease).",
            "exclusion",
            [
                (
                    "total-bilirubin",
                    ">",
                    Decimal("1.5"),
                    "unless",
                    "due to liver involvement by NHL or Gilbert's disease",
                )
            ],
        ),
        (  # a stratum heading
            "PATIENTS WITH SOLID TUMORS: Albumin >= 2 g/dL (within 7 days prior to enrollment)",
            "inclusion",
            [("serum-albumin", ">=", Decimal("2"), "when", "PATIENTS WITH SOLID TUMORS")],
        ),
        (  # a cohort heading; the ages before the test are no bound of it
            "a) Cohort 1: ≥ 12 years to < 18 years of age and weight at screening ≥ 40 kg",
            "inclusion",
            [("body-weight", ">=", Decimal("40"), "when", "Cohort 1")],
        ),
        (  # the words of a condition after the bound, to the end of the clause
            "Glomerular filtration rate (GFR) ≥60 mL/min/1.73 m2 for patients with creatinine levels above normal.",
            "inclusion",
            [("egfr", ">=", Decimal("60"), "when", "patients with creatinine levels above normal")],
        ),
        (  # "will still be eligible": the bound does not apply where the condition holds; the bound restated
            "ECG showing a baseline corrected QT interval >500msec "
            "(patients with a pacemaker will still be eligible with QTc>500msec)",
            "exclusion",
            [
                (
                    "qtc-interval",
                    ">",
                    Decimal("500"),
                    "unless",
                    "patients with a pacemaker will still be eligible with QTc>500msec",
                )
            ],
        ),
    ],
)
def test_a_condition_in_words_is_kept_with_the_bound(reader, text, section, expected):
    found = read(reader, text, section)
    assert [(m, c, v, kind, StudyCondition(label)) for m, c, v, kind, label in expected] == found


def test_an_age_group_is_structured(reader):
    (found,) = read(
        reader, "eGFR < 30 mL/min/1.73m^2 using Schwartz formula for individuals ≥ 1 year of age.", "exclusion"
    )
    assert found == ("egfr", "<", Decimal("30"), "when", AgeCondition(">=", Decimal("1"), "a", "year"))


@pytest.mark.parametrize(
    ("text", "default", "alternative", "label"),
    [
        ("Bilirubin ≤ 1.5 x ULN (≤ 3 x ULN if liver or bone metastases)", "1.5", "3", "liver or bone metastases"),
        ("Body mass index (BMI) >25 kg/m2, NOTE: for Asian-Americans BMI >23 kg/m2.", "25", "23", "Asian-Americans"),
    ],
)
def test_a_default_bound_and_its_alternative_under_a_condition_in_words(reader, text, default, alternative, label):
    first, second = read(reader, text)
    condition = StudyCondition(label)
    assert (first[2], first[3], first[4]) == (Decimal(default), "unless", condition)
    assert (second[2], second[3], second[4]) == (Decimal(alternative), "when", condition)


def test_bounds_per_age_group(reader):
    text = "Systolic blood pressure (SBP) above 140 mmHg if <60 years of age and above 150 mmHg if ≥60 years of age"
    assert read(reader, text, "exclusion") == [
        ("systolic-blood-pressure", ">", Decimal("140"), "when", AgeCondition("<", Decimal("60"), "a", "years")),
        ("systolic-blood-pressure", ">", Decimal("150"), "when", AgeCondition(">=", Decimal("60"), "a", "years")),
    ]


def test_a_criterion_ending_in_or_applies_unless_the_next_one_holds(reader):
    (found,) = read(reader, "Serum total bilirubin <= 1.5 X ULN OR")
    assert found == ("total-bilirubin", "<=", Decimal("1.5"), "unless", NEXT_CRITERION)


def test_an_alternative_naming_no_bound_is_a_condition_of_the_others(reader):
    text = "Creatinine clearance >= 70 mL/min/1.73 m^2 or a creatinine based on age/gender as follows:"
    (found,) = read(reader, text)
    assert found[:4] == ("creatinine-clearance", ">=", Decimal("70"), "unless")
    assert found[4].label.startswith("the other alternative: creatinine based on age/gender")


def test_alternatives_of_one_bound_each_are_one_group(reader):
    found = reader("Creatinine ≤ 1.5 X ULN OR calculated creatinine clearance ≥50 mL/min", "inclusion")
    assert [(f.measure, f.any_of) for f in found] == [
        (MEASURE["serum-creatinine"], 1),
        (MEASURE["creatinine-clearance"], 1),
    ]
    assert all(f.applies_when is None and f.applies_unless is None for f in found)


@pytest.mark.parametrize(
    ("text", "section"),
    [
        # a bound within the condition's words, in no form read: which bound applies to whom is not certain
        (
            "Systolic blood pressure (SBP) above 140 mmHg if <60 years of age and above 150 mmHg in other cases",
            "exclusion",
        ),
        ("Body mass index (BMI) >25 kg/m2, NOTE: for Asian-Americans BMI >23 kg/m2 or > 30 kg/m2.", "inclusion"),
        # a note says no sense (applies when, or unless)
        ("Hemoglobin ≥ 8.0 g/dL (Note: Blood transfusion is permitted up to 48 hours before)", "inclusion"),
        # alternatives sharing a bound: "(ALT and AST) or ALP" is no flat group
        ("ALT and aspartate aminotransferase >5 \u00d7 ULN, or ALP >1.5 \u00d7 ULN", "inclusion"),
    ],
)
def test_an_uncertain_condition_is_reported(reader, text, section):
    found = reader(text, section)
    assert found and all(isinstance(f, str) for f in found), found


def test_two_bounds_written_in_the_space_of_one(reader):
    # a systolic and a diastolic bound; two bounds sharing one comparator, one per sex (text/forms.py)
    assert read(reader, "resting blood pressure >140/90 mmHg despite treatment", "exclusion") == [
        ("systolic-blood-pressure", ">", Decimal("140"), None, None),
        ("diastolic-blood-pressure", ">", Decimal("90"), None, None),
    ]
    male, female = read(reader, "Subjects with elevated serum creatinine (>1.5 mg/dl males/1.4 mg/dl females)")
    assert (male[1], male[2], female[1], female[2]) == (">", Decimal("1.5"), ">", Decimal("1.4"))
    assert (str(male[4]).rsplit("/", 1)[-1], str(female[4]).rsplit("/", 1)[-1]) == ("sex-male", "sex-female")


def test_one_bound_in_two_units_joined_by_or(reader):
    pounds, kilograms = read(reader, "Subject weight limited to ≤300 lbs. or ≤136 kg")
    assert (pounds[2], kilograms[2]) == (Decimal("300"), Decimal("136"))
    (note,) = reader("Subject weight limited to ≤300 lbs. or ≤100 kg")  # two amounts: no restatement
    assert "two different bounds" in note
