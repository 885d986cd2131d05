"""Lab thresholds read from one criterion's text: what is taken, and what is reported as not parsed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.errors import InputError
from trialgraph.text.thresholds import MEASURE, Threshold, ThresholdReader


@pytest.fixture(scope="module")
def reader(project) -> ThresholdReader:
    return ThresholdReader.load(project.shared_data_dir / "measures.ttl")


# text -> (measure, comparator, value, UCUM unit, canonical value, canonical unit)
READABLE = [
    ("Platelets >= 100,000/mm3", ("platelet-count", ">=", "100000", "/mm3", "100", "10*9/L")),
    ("hemoglobin ≥ 9 g/dL", ("hemoglobin", ">=", "9", "g/dL", "90", "g/L")),
    ("ANC > 1.5 x 10^9/L", ("neutrophil-count", ">", "1.5", "10*9/L", "1.5", "10*9/L")),
    ("Absolute neutrophil count ≥1500/µL", ("neutrophil-count", ">=", "1500", "/uL", "1.5", "10*9/L")),
    ("creatinine clearance >= 60 mL/min", ("creatinine-clearance", ">=", "60", "mL/min", "60", "mL/min")),
    ("Platelets ≥ 100 109/µL", ("platelet-count", ">=", "100", "10*9/L", "100", "10*9/L")),  # lost superscript
    ("Platelet count <140 000/mm³", ("platelet-count", "<", "140000", "/mm3", "140", "10*9/L")),
    ("Platelets ≥ 100,000/ mm3", ("platelet-count", ">=", "100000", "/mm3", "100", "10*9/L")),
    ("Neutrophils < 1.5 x 109/L (unless due to NHL)", ("neutrophil-count", "<", "1.5", "10*9/L", "1.5", "10*9/L")),
    ("Platelets >= 100 K/uL", ("platelet-count", ">=", "100", "10*3/uL", "100", "10*9/L")),
    ("Serum creatinine at least 1.2 mg/dL", ("serum-creatinine", ">=", "1.2", "mg/dL", "0.012", "g/L")),
    ("Hb no more than 12 g/dL", ("hemoglobin", "<=", "12", "g/dL", "120", "g/L")),
    ("WBC less than 3,000 cells/mm3", ("leukocyte-count", "<", "3000", "/mm3", "3", "10*9/L")),
    ("haemoglobin greater than 100 g/L", ("hemoglobin", ">", "100", "g/L", "100", "g/L")),
    ("INR ≤ 1.5", ("inr", "<=", "1.5", "1", "1.5", "1")),
    ("Creatinine clearance of at least 50 ml/min.", ("creatinine-clearance", ">=", "50", "mL/min", "50", "mL/min")),
]


@pytest.mark.parametrize(("text", "expected"), READABLE, ids=[t for t, _ in READABLE])
def test_a_stated_threshold_is_read(reader, text, expected):
    measure, comparator, value, unit, canonical, canonical_unit = expected
    (found,) = reader(text)
    assert isinstance(found, Threshold), found
    assert (found.measure, found.comparator, found.value, found.unit) == (
        MEASURE[measure],
        comparator,
        Decimal(value),
        unit,
    )
    assert found.canonical == (Decimal(canonical), canonical_unit) and found.uln_multiple is None


ULN = [
    ("Total bilirubin ≤ 1.5 x ULN", ("total-bilirubin", "<=", "1.5")),
    ("ALT less than 2.5 times the upper limit of normal", ("alt", "<", "2.5")),
    ("AST ≤ 3 \u00d7 institutional ULN", ("ast", "<=", "3")),
    ("Total bilirubin > 1.5 times ULN [upper normal limit]", ("total-bilirubin", ">", "1.5")),
    ("alkaline phosphatase <= 5X upper limit of normal", ("alkaline-phosphatase", "<=", "5")),
]


@pytest.mark.parametrize(("text", "expected"), ULN, ids=[t for t, _ in ULN])
def test_a_multiple_of_the_upper_limit_of_normal_is_read(reader, text, expected):
    measure, comparator, multiple = expected
    (found,) = reader(text)
    assert isinstance(found, Threshold), found
    assert (found.measure, found.comparator, found.uln_multiple) == (MEASURE[measure], comparator, Decimal(multiple))
    assert found.value is None and found.unit is None


UNPARSED = [
    ("AST (SGOT)/ALT (SGPT) < 3X upper limit of normal", "several lab tests"),  # one bound, two tests
    ("Hemoglobin < 9g/dL or hematocrit < 30%", "several comparators"),
    ("Hemoglobin > 9.0gm/dl", "unit 'gm/dl' not known"),
    ("Platelet count <100 K/cu mm", "unit 'K/cu mm' not known"),
    ("Hemoglobin ≥ 9", "no unit"),
    ("Creatinine above protocol specified thresholds for < 1 year of age.", "is a time"),
    ("Platelets 100,000/mm3 or more", "no comparator"),
    ("creatinine clearance ≥ 60 mL/min/1.73 m2", "unit 'mL/min/1.73 m2' not known"),
    ("Serum creatinine ≥2.0 mg/dL; patients with serum creatinine ≥2.0 mg/dL need a biopsy", "several clauses"),
    ("ALT and aspartate aminotransferase >5 \u00d7 ULN, or ALP >1.5 \u00d7 ULN", "several lab tests"),
]


@pytest.mark.parametrize(("text", "problem"), UNPARSED, ids=[t for t, _ in UNPARSED])
def test_an_ambiguous_or_unknown_statement_is_reported_not_taken(reader, text, problem):
    found = reader(text)
    assert found and all(isinstance(f, str) for f in found), found
    assert problem in found[0] and found[0].endswith(("; not taken", "; none taken"))


def test_a_list_of_separate_bounds_gives_one_threshold_each(reader):
    found = reader("Platelet count <140 000/mm³, absolute neutrophil count <1500 cells/mm3, or total")
    assert [(f.measure, f.comparator, f.value, f.unit) for f in found] == [
        (MEASURE["platelet-count"], "<", Decimal("140000"), "/mm3"),
        (MEASURE["neutrophil-count"], "<", Decimal("1500"), "/mm3"),
    ]


def test_each_sentence_is_its_own_clause(reader):
    found = reader("Neutrophils < 1.5 x 109/L (unless due to NHL). Platelets < 100 x 109/L (unless due to NHL).")
    assert [(f.measure, f.value) for f in found] == [
        (MEASURE["neutrophil-count"], Decimal("1.5")),
        (MEASURE["platelet-count"], Decimal("100")),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "ECOG performance status 0-1",  # no lab test
        "hemoglobin A1c >10.0% during screening",  # another test than hemoglobin
        "Adequate platelet count",  # a test, but no number
        "Life expectancy of at least 6 months",
        "ALTERNATIVE therapy within 2 weeks",  # ALT only as written, as a word of its own
    ],
)
def test_text_without_a_known_test_and_a_number_gives_nothing(reader, text):
    assert reader(text) == []


def test_an_unreadable_measures_file_is_an_input_error_naming_it(tmp_path):
    broken = tmp_path / "measures.ttl"
    broken.write_text("@prefix tg: <https://w3id.org/trialgraph/ontology/> .\nmeasure:x a tg:LabTest", encoding="utf-8")
    with pytest.raises(InputError, match=r"measures\.ttl"):
        ThresholdReader.load(broken)
