"""Units: every form the sources write, read as UCUM and converted to the canonical unit of its kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.graph import units
from trialgraph.graph.units import (
    UnitError,
    _conversion,
    canonical_unit,
    decimal_text,
    known_ucum_codes,
    quantity,
    to_canonical,
    ucum_code,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("G/L", "10*9/L"),  # seeds 003 and 004: giga per litre
        ("x10^9/L", "10*9/L"),
        ("x 10^9/L", "10*9/L"),
        ("\u00d710\u2079/L", "10*9/L"),  # multiplication sign, superscript 9
        ("10*9/L", "10*9/L"),
        ("109/µL", "10*9/L"),  # seed 000, superscript lost: "Platelets ≥ 100 109/µL"
        ("/µL", "/uL"),  # micro sign U+00B5 (seed 000)
        ("/μL", "/uL"),  # Greek mu U+03BC
        ("/uL", "/uL"),
        ("cells/mm3", "/mm3"),  # seed 002
        ("cells/mm³", "/mm3"),
        ("x10^3/µL", "10*3/uL"),
        ("g/dl", "g/dL"),  # seed 004: "Hb> 9g/dl"
        ("g/dL", "g/dL"),
        ("g/L", "g/L"),  # seed 003: "Hemoglobin levels ≥ 90 g/L"
        ("g/l", "g/L"),
        ("mL/min", "mL/min"),  # seeds 000 and 004
        ("ml/min", "mL/min"),
        ("mg/dL", "mg/dL"),
        ("µmol/L", "umol/L"),
        ("months", "mo"),
        ("Years", "a"),
        ("days", "d"),
        ("hrs", "h"),
        ("mmHg", "mm[Hg]"),
        ("%", "%"),
        ("µg/kg", "ug/kg"),
        # issue 14's forms, and those of the shared records (NCT IDs)
        ("/mm^3", "/mm3"),  # NCT02227251, NCT03067181
        ("gm/dl", "g/dL"),  # NCT01126879
        ("per cu mm", "/mm3"),
        ("*109/L", "10*9/L"),  # a star for the multiplication sign, superscript lost
        ("x 10^9/l", "10*9/L"),
        ("10^9/L", "10*9/L"),
        ("cells/ul", "/uL"),  # NCT03646617
        ("K/cu mm", "10*3/uL"),  # NCT03793439
        ("K/cumm", "10*3/uL"),  # NCT06529822
        ("\u00d7 10^9 cells/L", "10*9/L"),  # NCT06627244
        ("\u00d7 109 platelets/L", "10*9/L"),  # NCT06627244
        ("\u00d7 10\u00b3/μL", "10*3/uL"),  # NCT07504796
        ("grams per deciliter", "g/dL"),  # NCT06831370
        ("milligrams per deciliter", "mg/dL"),  # NCT06831370
        ("mL/minute", "mL/min"),  # NCT07504796
        ("kg/m^2", "kg/m2"),  # NCT06383390
    ],
)
def test_ucum_code_reads_written_forms(text, code):
    assert ucum_code(text) == code


def test_giga_and_gram_per_litre_are_told_apart_by_case():
    assert ucum_code("G/L") == "10*9/L"
    assert ucum_code("g/L") == "g/L"


@pytest.mark.parametrize("text", ["furlongs", "mg/fortnight", "", "   ", "10^9", "per", "cells", "percent/dl"])
def test_unknown_unit_raises_unit_error_naming_the_text(text):
    with pytest.raises(UnitError) as caught:
        ucum_code(text)
    assert repr(text) in str(caught.value)


def test_unit_error_is_a_value_error():
    assert issubclass(UnitError, ValueError)


@pytest.mark.parametrize(
    ("value", "unit", "expected", "canonical"),
    [
        # cell counts -> 10*9/L
        ("100", "10*9/L", "100", "10*9/L"),
        ("1.5", "10*9/L", "1.5", "10*9/L"),
        ("1000", "/uL", "1", "10*9/L"),  # seed 000 neutrophils 1,000/µL
        ("150000", "/uL", "150", "10*9/L"),
        ("1000", "/mm3", "1", "10*9/L"),  # seed 002 lymphocytes 1000 cells/mm3
        ("1500", "/uL", "1.5", "10*9/L"),
        ("150", "10*3/uL", "150", "10*9/L"),
        # haemoglobin -> g/L
        ("9", "g/dL", "90", "g/L"),  # seed 004 "Hb> 9g/dl" equals seed 003's 90 g/L
        ("8.5", "g/dL", "85", "g/L"),
        ("90", "g/L", "90", "g/L"),
        # creatinine, calcium
        ("1.2", "mg/dL", "0.012", "g/L"),
        ("2.2", "mmol/L", "2200", "umol/L"),
        # clearance -> mL/min
        ("60", "mL/min", "60", "mL/min"),
        ("3.6", "L/h", "60", "mL/min"),
        # time -> d (UCUM Julian month and year)
        ("6", "mo", "182.625", "d"),
        ("3", "mo", "91.3125", "d"),
        ("18", "a", "6574.5", "d"),
        ("2", "wk", "14", "d"),
        ("72", "h", "3", "d"),
        # own kinds stay as they are
        ("10", "%", "10", "%"),
        ("1.5", "1", "1.5", "1"),
        ("40", "kg/m2", "40", "kg/m2"),
        ("10", "ug/kg", "0.01", "mg/kg"),
    ],
)
def test_to_canonical(value, unit, expected, canonical):
    assert to_canonical(Decimal(value), unit) == (Decimal(expected), canonical)


def test_garbled_platelet_threshold_reads_as_the_usual_one():
    """Seed 000's '100 109/µL' and seeds 003/004's '100 G/L' are the same threshold."""
    garbled = to_canonical(*quantity("100 109/µL"))
    assert garbled == to_canonical(*quantity("100 G/L")) == to_canonical(Decimal(100000), ucum_code("/µL"))
    assert garbled == (Decimal(100), "10*9/L")


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("100 109/µL", "100", "10*9/L"),
        ("1,000/µL", "1000", "/uL"),
        ("9g/dl", "9", "g/dL"),
        ("60mL/min", "60", "mL/min"),
    ],
)
def test_quantity_splits_number_and_unit(text, value, code):
    assert quantity(text) == (Decimal(value), code)


def test_quantity_without_a_number_is_refused():
    with pytest.raises(UnitError, match="'G/L'"):
        quantity("G/L")


def test_to_canonical_refuses_an_unsupported_ucum_code():
    with pytest.raises(UnitError, match="'furlong'"):
        to_canonical(Decimal(1), "furlong")
    with pytest.raises(UnitError, match="'G/L'"):
        canonical_unit("G/L")  # a written form, not a UCUM code


def test_decimal_text_never_uses_an_exponent():
    value, _ = to_canonical(Decimal(1), "/L")
    assert decimal_text(value) == "0.000000001"


@pytest.mark.parametrize("code", sorted(set(known_ucum_codes()) - {"{score}"}))
def test_every_code_of_the_table_converts_by_ucumvert_with_the_same_factor(code):
    """The table's pint expressions and ucumvert's reading of the UCUM code agree on each factor."""
    kind = canonical_unit(code)
    assert _conversion(code, kind) == _conversion_by_ucumvert(code, kind)


def _conversion_by_ucumvert(source: str, target: str):
    _conversion.cache_clear()
    table = units._UNITS
    try:
        units._UNITS = {}  # every code is then read by ucumvert
        return _conversion(source, target)
    finally:
        units._UNITS = table
        _conversion.cache_clear()


def test_an_annotation_alone_is_no_unit_for_ucumvert_but_score_is_in_the_table():
    with pytest.raises(UnitError, match="annotation"):
        units.ucum_quantity("{score}")
    assert to_canonical(Decimal(3), "{score}") == (Decimal(3), "{score}")


@pytest.mark.parametrize(
    ("value", "code", "expected", "kind"),
    [
        ("1.5", "g", "1500", "mg"),
        ("200", "ug", "0.2", "mg"),
        ("250", "mL", "0.25", "L"),
        ("180", "cGy", "1.8", "Gy"),
        ("50", "ng/dL", "0.0000005", "g/L"),  # dose and lab units the table does not list
        ("2", "dL", "0.2", "L"),
        ("20", "ng", "20", "ng"),  # mass has two kinds (mg, doses; kg, body weight): one not listed is its own
        ("3", "10*3/L", "0.000003", "10*9/L"),
        ("5000", "[iU]", "5000", "[iU]"),  # dimensionless to pint: a kind of its own
        ("100", "[iU]/kg", "100", "[iU]/kg"),
    ],
)
def test_any_valid_ucum_code_converts(value, code, expected, kind):
    assert to_canonical(Decimal(value), code) == (Decimal(expected), kind)


def test_an_invalid_ucum_code_is_a_unit_error():
    with pytest.raises(UnitError, match="not a valid UCUM code 'mg/'"):
        to_canonical(Decimal(1), "mg/")
