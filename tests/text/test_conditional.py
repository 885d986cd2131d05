"""Conditional bounds read with their condition as a node (issue 14): the default bound applies unless the
condition holds, the alternative when it does; a condition the graph does not hold stays a report."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.conditional import CONDITION, TGV, condition_node
from trialgraph.text.conditions import StudyCondition
from trialgraph.text.thresholds import MEASURE, Threshold

LM, GILBERT, ANTICOAGULATION = (
    CONDITION["liver-metastases"],
    CONDITION["gilbert-syndrome"],
    CONDITION["anticoagulant-therapy"],
)


def bounds(found: list) -> set[tuple]:
    assert found and all(isinstance(f, Threshold) for f in found), found
    return {
        (
            f.measure.rsplit("/", 1)[-1],
            f.comparator,
            f.uln_multiple if f.value is None else f.value,
            "when" if f.applies_when else "unless" if f.applies_unless else None,
            f.applies_when or f.applies_unless,
        )
        for f in found
    }


CASES = [
    (  # NCT02576665: each condition with the clause of the test it bounds
        "Liver: total bilirubin ≤ 1.5 x the upper limit of normal (ULN; unless known Gilbert's syndrome); alanine "
        "aminotransferase ≤ 2.5 x ULN (≤ 5.0 x ULN in patients with liver metastases).",
        "inclusion",
        {
            ("total-bilirubin", "<=", Decimal("1.5"), "unless", GILBERT),
            ("alt", "<=", Decimal("2.5"), "unless", LM),
            ("alt", "<=", Decimal("5.0"), "when", LM),
        },
    ),
    (  # NCT06081920: the other clauses' bounds are read as they are without a condition
        "Total bilirubin>1.5 \u00d7 ULN; AST or ALT>3 \u00d7 ULN; "
        "If it is tumor liver metastasis, AST or ALT>5.0 \u00d7 ULN; Albumin<30 g/L.",
        "exclusion",
        {
            ("total-bilirubin", ">", Decimal("1.5"), None, None),
            ("ast", ">", Decimal("3"), "unless", LM),
            ("alt", ">", Decimal("3"), "unless", LM),
            ("ast", ">", Decimal("5.0"), "when", LM),
            ("alt", ">", Decimal("5.0"), "when", LM),
            ("serum-albumin", "<", Decimal("30"), None, None),
        },
    ),
    (  # NCT05833815
        "Alanine aminotransferase (ALT) and aspartate aminotransferase (AST) =< 2.5 x upper limit of normal (ULN) "
        "(=< 5x ULN in patients with liver metastases)",
        "inclusion",
        {
            ("alt", "<=", Decimal("2.5"), "unless", LM),
            ("ast", "<=", Decimal("2.5"), "unless", LM),
            ("alt", "<=", Decimal("5"), "when", LM),
            ("ast", "<=", Decimal("5"), "when", LM),
        },
    ),
    (
        "AST ≤ 2.5 \u00d7 ULN; ≤ 5 \u00d7 ULN if liver metastases are present",
        "inclusion",
        {("ast", "<=", Decimal("2.5"), "unless", LM), ("ast", "<=", Decimal("5"), "when", LM)},
    ),
    (  # NCT05865002
        "Total Bilirubin ≤ 1.5 x ULN; (Patients with known Gilbert's syndrome are allowed with ≤ 2.5 x ULN)",
        "inclusion",
        {
            ("total-bilirubin", "<=", Decimal("1.5"), "unless", GILBERT),
            ("total-bilirubin", "<=", Decimal("2.5"), "when", GILBERT),
        },
    ),
    (  # NCT02513394: "direct bilirubin" is another test, not read
        "Total serum bilirubin ≤ ULN; or total bilirubin ≤ 3.0 \u00d7 ULN with direct bilirubin within normal range in "
        "patients with documented Gilbert's Syndrome.",
        "inclusion",
        {
            ("total-bilirubin", "<=", Decimal("1"), "unless", GILBERT),
            ("total-bilirubin", "<=", Decimal("3.0"), "when", GILBERT),
        },
    ),
    (  # NCT03899402
        "Serum Total Bilirubin > 2X ULN unless exclusively caused by Gilbert's Syndrome",
        "exclusion",
        {("total-bilirubin", ">", Decimal("2"), "unless", GILBERT)},
    ),
    (
        "Prothrombin time or INR≤1.5x upper limit of normal unless receiving anticoagulant therapy",
        "inclusion",
        {
            ("prothrombin-time", "<=", Decimal("1.5"), "unless", ANTICOAGULATION),
            ("inr", "<=", Decimal("1.5"), "unless", ANTICOAGULATION),
        },
    ),
    (  # NCT03899402
        "Hemoglobin < 11.0 g/dL (110 g/L) for men; hemoglobin < 10.0 g/dL (100 g/L) for women.",
        "exclusion",
        {
            ("hemoglobin", "<", Decimal("11.0"), "when", TGV["sex-male"]),
            ("hemoglobin", "<", Decimal("10.0"), "when", TGV["sex-female"]),
        },
    ),
    (  # NCT05605119
        "QTc (Bazzett) interval >450 ms for male patients or >460 ms for female patients on ECG at screening",
        "exclusion",
        {
            ("qtc-interval", ">", Decimal("450"), "when", TGV["sex-male"]),
            ("qtc-interval", ">", Decimal("460"), "when", TGV["sex-female"]),
        },
    ),
]


@pytest.mark.parametrize(("text", "section", "expected"), CASES, ids=[t[:60] for t, _, _ in CASES])
def test_a_bound_under_a_known_condition_is_read_with_it(reader, text, section, expected):
    assert bounds(reader(text, section)) == expected


def test_each_measure_is_one_the_gold_set_names(reader):
    assert {m for case in CASES for m, *_ in case[2]} <= {str(m).rsplit("/", 1)[-1] for m in reader._names.values()}
    assert {str(MEASURE["ast"])} <= {str(m) for m in reader._names.values()}


@pytest.mark.parametrize(
    ("words", "node"),
    [
        ("liver metastases", LM),
        ("Hepatic metastasis", LM),
        ("Gilbert's syndrome", GILBERT),
        ("Gilbert disease", GILBERT),
        ("women", TGV["sex-female"]),
        ("male patients", TGV["sex-male"]),
        ("females", TGV["sex-female"]),
        ("bone metastases", None),
        ("brain metastases", None),
    ],
)
def test_only_known_condition_names_give_a_node(words, node):
    assert condition_node(words) == node


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bilirubin ≤ 1.5 x ULN (≤ 3 x ULN if liver or bone metastases)", "liver or bone metastases"),  # two
        ("AST ≤ 2.5 x ULN (≤ 5 x ULN if bone metastases)", "bone metastases"),  # no node for bone metastases
        ("AST ≤ 2.5 x ULN (≤ 5 x ULN in patients without liver metastases)", "patients without liver metastases"),
    ],
)
def test_other_conditional_wording_gets_a_condition_of_the_study_not_a_shared_node(reader, text, words):
    """The form of a shared node's bounds, with a condition no node says: a condition in words (text/qualified.py)."""
    default, alternative = reader(text, "inclusion")
    assert (default.applies_when, default.applies_unless) == (None, StudyCondition(words))
    assert (alternative.applies_when, alternative.applies_unless) == (StudyCondition(words), None)


@pytest.mark.parametrize(
    "text",
    [
        "AST ≤ 2.5 x ULN or ALT ≤ 5 x ULN if liver metastases",  # the alternative bounds another test
        "AST ≤ 5 x ULN if liver metastases",  # the partner bound is elsewhere: never stored as if unconditional
        "Bilirubin ≤2 x ULN. Subjects with known Gilbert's Syndrome or disease-related hemolysis must have ≤ 3 x ULN",
    ],
)
def test_other_conditional_wording_is_reported(reader, text):
    found = reader(text, "inclusion")
    assert found and all(isinstance(f, str) for f in found), found


def test_a_test_bounded_in_clauses_apart_is_reported(reader):
    """AST's default and alternative are two clauses apart: AST is reported, ALT's own bound still taken."""
    found = reader("AST ≤ 2.5 x ULN; ALT ≤ 3 x ULN; AST ≤ 5 x ULN in patients with liver metastases", "inclusion")
    taken = [f for f in found if isinstance(f, Threshold)]
    assert [(t.measure, t.applies_when, t.applies_unless) for t in taken] == [(MEASURE["alt"], None, None)]
    assert sum("applies under a condition" in f for f in found if isinstance(f, str)) == 2


def test_the_alternative_takes_the_multiple_of_the_uln_stated_once(reader):
    # NCT04389281: "Aspartate aminotransferase (AST) ≤ 2.5 x ULN (or ≤ 5 if liver metastases are present)"
    found = reader("Aspartate aminotransferase (AST) ≤ 2.5 \u00d7 ULN (or ≤ 5 if liver metastases are present)")
    assert [(f.uln_multiple, f.applies_when, f.applies_unless) for f in found] == [
        (Decimal("2.5"), None, LM),
        (Decimal("5"), LM, None),
    ]
    (note,) = reader("Aspartate aminotransferase (AST) ≤ 2.5 \u00d7 ULN (or ≤ 5 mg/dL if liver metastases are present)")
    assert isinstance(note, str)  # a unit of its own is never replaced by the ULN
