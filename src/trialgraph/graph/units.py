"""Units: the text a source writes to a UCUM code, and a value to the canonical unit of its kind.

Sources write units many ways ("G/L", "x10^9/L", "/µL", "cells/mm3", "g/dl", "gm/dl", "per cu mm",
"grams per deciliter", and the garbled "109/µL" or "*109/L" where the superscript of 10^9 was lost).
`ucum_code` reads those forms; `to_canonical`
converts with pint, so cell counts, haemoglobin, clearances and durations compare across trials.

The codes the criteria use are listed with their pint expression and the canonical code of their kind;
the kind is explicit because pint cannot tell a score from a percentage or a dose per kilogram
(all dimensionless to it). Any other valid UCUM code (g, ug, [iU], cGy, ng/mL) is read by ucumvert, and
its kind is the one listed kind of the same dimension; a dimensionless code, or one whose dimension
several kinds share (mg/m2 and kg/m2; mg and kg), is a kind of its own. ucumvert reads strict UCUM only ("G/L"
would be gauss per litre), so the written forms below stay ours. Conversion factors come from pint
and are rounded to 12 significant digits, which removes binary floating-point noise
(10.000000000000002) and nothing else; results keep 12 significant digits.

>>> ucum_code("x10^9/L"), ucum_code("/µL"), ucum_code("109/µL")
('10*9/L', '/uL', '10*9/L')
>>> to_canonical(Decimal("150000"), "/uL")
(Decimal('150'), '10*9/L')
>>> to_canonical(Decimal("8.5"), "g/dL")
(Decimal('85'), 'g/L')
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, localcontext
from functools import cache

import pint
from lark.exceptions import UnexpectedInput, VisitError
from ucumvert import InvalidUcumError, PintUcumRegistry

__all__ = ["UnitError", "canonical_unit", "decimal_text", "known_ucum_codes", "quantity", "to_canonical", "ucum_code"]


class UnitError(ValueError):
    """A unit that cannot be read or converted; the message names the unit text."""


# UCUM code -> (pint expression, canonical UCUM code of its kind). Time units follow UCUM:
# mo and a are the Julian month and year (30.4375 d, 365.25 d), as pint defines them.
_UNITS: dict[str, tuple[str, str]] = {
    # number concentration (cell counts): 10*9/L
    "10*9/L": ("1e9 / liter", "10*9/L"),
    "10*6/L": ("1e6 / liter", "10*9/L"),
    "10*3/uL": ("1e3 / microliter", "10*9/L"),
    "10*6/uL": ("1e6 / microliter", "10*9/L"),
    "/L": ("1 / liter", "10*9/L"),
    "/uL": ("1 / microliter", "10*9/L"),
    "/mm3": ("1 / millimeter ** 3", "10*9/L"),
    # mass concentration (haemoglobin; creatinine or calcium when stated by mass): g/L
    "g/L": ("gram / liter", "g/L"),
    "g/dL": ("gram / deciliter", "g/L"),
    "mg/dL": ("milligram / deciliter", "g/L"),
    "mg/L": ("milligram / liter", "g/L"),
    # substance concentration (creatinine or calcium when stated in moles): umol/L
    "umol/L": ("micromole / liter", "umol/L"),
    "mmol/L": ("millimole / liter", "umol/L"),
    # volume flow (creatinine clearance): mL/min
    "mL/min": ("milliliter / minute", "mL/min"),
    "L/h": ("liter / hour", "mL/min"),
    # time (age, life expectancy, windows, durations): d
    "s": ("second", "d"),
    "min": ("minute", "d"),
    "h": ("hour", "d"),
    "d": ("day", "d"),
    "wk": ("week", "d"),
    "mo": ("month", "d"),
    "a": ("year", "d"),
    # units that are their own kind
    "%": ("percent", "%"),
    "1": ("dimensionless", "1"),
    "{score}": ("dimensionless", "{score}"),
    "kg/m2": ("kilogram / meter ** 2", "kg/m2"),
    "mm[Hg]": ("millimeter_Hg", "mm[Hg]"),
    "U/L": ("1 / liter", "U/L"),
    "ug/kg": ("microgram / kilogram", "mg/kg"),
    "mg/kg": ("milligram / kilogram", "mg/kg"),
    "g/kg": ("gram / kilogram", "mg/kg"),  # dimensionless to pint, so listed: the dose reader writes it
    "mg/kg/d": ("milligram / kilogram / day", "mg/kg/d"),  # the kind of ug/kg/d
    "mg/m2": ("milligram / meter ** 2", "mg/m2"),
    "mg": ("milligram", "mg"),
    "g": ("gram", "mg"),  # listed, since body weight makes kg a second kind of mass
    "ug": ("microgram", "mg"),
    # measures beside the labs (QTc, body weight, eGFR, HbA1c, PSA, FEV1)
    "ms": ("millisecond", "ms"),
    "kg": ("kilogram", "kg"),
    "[lb_av]": ("pound", "kg"),
    "mL/min/{1.73_m2}": ("milliliter / minute", "mL/min/{1.73_m2}"),  # a clearance per standard body surface
    "mmol/mol": ("millimole / mole", "mmol/mol"),  # HbA1c in IFCC units, not convertible to the % of NGSP
    "ng/mL": ("nanogram / milliliter", "g/L"),
    "L": ("liter", "L"),
    "mL": ("milliliter", "L"),
    # radiation doses, for codes read by ucumvert (cGy)
    "Gy": ("gray", "Gy"),
}

# Written forms (after normalising micro signs, superscripts and spaces; compared exactly, then
# lower-cased) -> UCUM code. Exact-case entries come first: "G/L" (giga per litre) is a cell
# count, "g/L" grams per litre.
_EXACT_FORMS: dict[str, str] = {"G/L": "10*9/L"}
_FORMS: dict[str, str] = {
    # 10^9 per litre, however the power is written; "109/uL" and "109/L" are 10^9 with the
    # superscript lost (seed 000 prints "Platelets ≥ 100 109/µL"): read as per litre, the only
    # possible platelet count.
    "10*9/l": "10*9/L",
    "x10*9/l": "10*9/L",
    "109/l": "10*9/L",
    "109/ul": "10*9/L",
    "x109/l": "10*9/L",
    "giga/l": "10*9/L",
    "10*6/l": "10*6/L",
    "10*3/ul": "10*3/uL",
    "x10*3/ul": "10*3/uL",
    "103/ul": "10*3/uL",  # "10³/μL" after NFKC, the same lost superscript
    "x103/ul": "10*3/uL",
    "10*3/mm3": "10*3/uL",  # a cubic millimetre is a microlitre
    "x10*3/mm3": "10*3/uL",
    "k/ul": "10*3/uL",
    "k/mm3": "10*3/uL",  # "K/cu mm", "K/cumm"
    "10*6/ul": "10*6/uL",
    "/l": "/L",
    "/ul": "/uL",
    "/mcl": "/uL",
    "/mm3": "/mm3",
    "/cmm": "/mm3",
    "g/l": "g/L",
    "g/dl": "g/dL",
    "mg/dl": "mg/dL",
    "mg/l": "mg/L",
    "umol/l": "umol/L",
    "mmol/l": "mmol/L",
    "ml/min": "mL/min",
    "ml/mn": "mL/min",
    "l/h": "L/h",
    "s": "s",
    "sec": "s",
    "second": "s",
    "seconds": "s",
    "min": "min",
    "minute": "min",
    "minutes": "min",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "d",
    "day": "d",
    "days": "d",
    "wk": "wk",
    "week": "wk",
    "weeks": "wk",
    "mo": "mo",
    "month": "mo",
    "months": "mo",
    "a": "a",
    "y": "a",
    "yr": "a",
    "yrs": "a",
    "year": "a",
    "years": "a",
    "%": "%",
    "percent": "%",
    "1": "1",
    "{score}": "{score}",
    "point": "{score}",
    "points": "{score}",
    "kg/m2": "kg/m2",
    "mmhg": "mm[Hg]",
    "mm[hg]": "mm[Hg]",
    "u/l": "U/L",
    "iu/l": "U/L",
    "ug/kg": "ug/kg",
    "mcg/kg": "ug/kg",
    "mg/kg": "mg/kg",
    "mg/m2": "mg/m2",
    "mg": "mg",
    "ms": "ms",
    "msec": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
    "kg": "kg",
    "kgs": "kg",
    "kilograms": "kg",
    "lb": "[lb_av]",
    "lbs": "[lb_av]",
    "ml/min/1.73m2": "mL/min/{1.73_m2}",
    "ml/min/1.73sqm": "mL/min/{1.73_m2}",
    "ml/min/1.73sq.meters": "mL/min/{1.73_m2}",
    "ml/min/1.73m": "mL/min/{1.73_m2}",  # "per 1.73 m" with the square lost
    "ml/min.1.73m2": "mL/min/{1.73_m2}",
    "ml/min/1,73m2": "mL/min/{1.73_m2}",
    "mmol/mol": "mmol/mol",
    "ng/ml": "ng/mL",
    "l": "L",
}
_POWER_OF_TEN = re.compile(r"^(?:[x*]\s*)?10\s*(?:\^|\*\*|\*|e|E)\s*(\d+)")
# words spelled out, read as their symbols before spaces go ("grams per deciliter", "per cu mm", "gm/dl");
# "cells" and "platelets" name what is counted ("cells/mm3", "x 10^9 cells/L"), not a unit
_SPELLED = [
    (re.compile(rf"(?<![a-z])(?:{words})(?![a-z])", re.IGNORECASE), symbol)
    for words, symbol in (
        (r"per", "/"),
        (r"grams?|gms?", "g"),
        (r"milligrams?", "mg"),
        (r"micromoles?", "umol"),
        (r"millimoles?", "mmol"),
        (r"decilit(?:er|re)s?", "dL"),
        (r"microlit(?:er|re)s?", "uL"),
        (r"millilit(?:er|re)s?", "mL"),
        (r"lit(?:er|re)s?", "L"),
        (r"minutes?", "min"),
        (r"(?<=min)\s*/\s*1\.73\s*m(?:\s*\^?\s*2|²)?|(?<=min)\s+per\s+1\.73\s*m(?:\s*\^?\s*2|²)?", "/1.73m2"),
        (r"cu\.?\s*mm|cubic\s+millimet(?:er|re)s?", "mm3"),
        (r"cells|platelets", ""),
    )
]
_QUANTITY = re.compile(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(\S.*)")  # matched whole
_SIGNIFICANT_DIGITS = 12


def ucum_code(text: str) -> str:
    """The UCUM code of a unit as a source writes it; UnitError if it is not a form we know.

    >>> ucum_code("cells/mm3"), ucum_code("g/dl"), ucum_code("G/L"), ucum_code("months")
    ('/mm3', 'g/dL', '10*9/L', 'mo')
    """
    if not isinstance(text, str) or not text.strip():
        raise UnitError(f"empty unit {text!r}")
    form = _normalise(text)
    if form in _UNITS:
        return form
    code = _EXACT_FORMS.get(form) or _FORMS.get(form.lower())
    if code is None:
        raise UnitError(f"unknown unit {text!r}")
    return code


def quantity(text: str) -> tuple[Decimal, str]:
    """A number and its unit as one string ("100 109/µL", "1,000/µL", "9g/dl") -> (value, UCUM code).

    >>> quantity("100 109/µL")
    (Decimal('100'), '10*9/L')
    >>> quantity("1,000/µL")
    (Decimal('1000'), '/uL')
    """
    match = _QUANTITY.fullmatch(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise UnitError(f"not a number followed by a unit: {text!r}")
    return Decimal(match.group(1).replace(",", "")), ucum_code(match.group(2))


def to_canonical(value: Decimal, ucum: str) -> tuple[Decimal, str]:
    """`value` in `ucum` converted to the canonical unit of its kind, and that unit's UCUM code.

    >>> to_canonical(Decimal("1.5"), "10*9/L")
    (Decimal('1.5'), '10*9/L')
    >>> to_canonical(Decimal("6"), "mo")
    (Decimal('182.625'), 'd')
    """
    canonical = canonical_unit(ucum)
    factor, multiply = _conversion(ucum, canonical)
    with localcontext() as context:
        context.prec = _SIGNIFICANT_DIGITS
        converted = Decimal(value) * factor if multiply else Decimal(value) / factor
    return _plain(converted), canonical


def canonical_unit(ucum: str) -> str:
    """The canonical UCUM code of the kind `ucum` measures (UnitError if `ucum` is not valid UCUM).

    >>> canonical_unit("g/dL"), canonical_unit("ug"), canonical_unit("cGy"), canonical_unit("[iU]")
    ('g/L', 'mg', 'Gy', '[iU]')
    """
    if ucum in _UNITS:
        return _UNITS[ucum][1]
    if ucum in _EXACT_FORMS:  # valid UCUM, but never meant so in a trial: G/L is a cell count, not gauss
        raise UnitError(f"{ucum!r} is a written form of {_EXACT_FORMS[ucum]}, not a UCUM code here")
    return _kind_by_dimension(ucum)


def known_ucum_codes() -> frozenset[str]:
    return frozenset(_UNITS)


# ---------------------------------------------------------------- internals
@cache
def _registry() -> pint.UnitRegistry:
    return pint.UnitRegistry()


@cache
def _ucum_registry() -> PintUcumRegistry:
    return PintUcumRegistry()  # about a second to build: only when a code outside the table comes


@cache
def ucum_quantity(ucum: str) -> pint.Quantity:
    """One `ucum` as ucumvert reads it; UnitError if it is not valid UCUM."""
    try:
        found = _ucum_registry().from_ucum(ucum)
    except (InvalidUcumError, UnexpectedInput, VisitError, pint.PintError, ValueError) as error:
        raise UnitError(f"not a valid UCUM code {ucum!r}") from error
    if not isinstance(found, pint.Quantity):  # an annotation alone ({score}) comes back as the parser's token
        raise UnitError(f"UCUM code {ucum!r} is an annotation, not a unit")
    return found


@cache
def _kind_by_dimension(ucum: str) -> str:
    dimension = ucum_quantity(ucum).dimensionality
    if not dimension:
        return ucum  # pint cannot tell %, [iU] and mg/kg apart
    kinds = {kind for kind in {k for _, k in _UNITS.values()} if _dimension(kind) == dimension}
    return kinds.pop() if len(kinds) == 1 else ucum


def _dimension(kind: str) -> object:
    try:
        return ucum_quantity(kind).dimensionality
    except UnitError:
        return None  # {score}


@cache
def _conversion(source: str, target: str) -> tuple[Decimal, bool]:
    """How to turn `source` into `target`: (factor, True) to multiply or (factor, False) to divide.

    pint gives both directions as floats, rounded here to 12 significant digits. The direction
    whose factor is shorter is exact (24 h per day, 30.4375 d per month), so 72 h is 3 d and not
    72 x 0.0416666666667.
    """
    try:
        if source in _UNITS and target in _UNITS:
            registry = _registry()
            ratio = registry.parse_expression(_UNITS[source][0]) / registry.parse_expression(_UNITS[target][0])
        else:
            ratio = ucum_quantity(source) / ucum_quantity(target)
        magnitude = float(ratio.to("dimensionless").magnitude)
    except (pint.PintError, ValueError) as error:  # pint's own errors, and ValueError for bad expressions
        raise UnitError(f"cannot convert {source!r} to {target!r}: {error}") from error
    forward, inverse = _rounded(magnitude), _rounded(1 / magnitude)
    if len(inverse.as_tuple().digits) < len(forward.as_tuple().digits):
        return inverse, False
    return forward, True


def _rounded(number: float) -> Decimal:
    with localcontext() as context:
        context.prec = _SIGNIFICANT_DIGITS
        return (+Decimal(repr(number))).normalize()


def _plain(number: Decimal) -> Decimal:
    """Drop trailing zeros, keeping integers out of exponent notation (150.000 -> 150, not 1.5E+2)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def decimal_text(number: Decimal) -> str:
    """A decimal as xsd:decimal text: no exponent (1E-9 -> 0.000000001).

    >>> decimal_text(Decimal("1E-9")), decimal_text(Decimal("150"))
    ('0.000000001', '150')
    """
    return format(number, "f")


def _normalise(text: str) -> str:
    """One spelling per form: micro signs as u, superscripts as digits, 10^9 as 10*9, no spaces."""
    # NFKC turns the micro sign into Greek mu and superscript digits into digits (10⁹ -> 109)
    form = unicodedata.normalize("NFKC", text.strip()).replace("μ", "u").replace("µ", "u")
    for pattern, symbol in _SPELLED:
        form = pattern.sub(symbol, form)
    form = re.sub(r"\s+", "", form).replace("\u00d7", "x")  # multiplication sign
    form = re.sub(r"^\*(?=10)", "x", form)  # "*109/L", a star for the multiplication sign
    form = _POWER_OF_TEN.sub(lambda m: f"10*{m.group(1)}", form)
    return re.sub(r"\^(?=\d)", "", form)  # "/mm^3" is /mm3
