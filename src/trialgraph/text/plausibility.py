"""What a lab bound can plausibly be, per test and canonical unit (data/shared/lab-bound-ranges.tsv).

A bound read outside its test's range, or in a unit the test has no range for, comes from a misread
number or unit: "platelets < 100.000/µl" read as 100/µL, haemoglobin "8.5 mg/dL" meant as g/dL. The
reader reports such a bound instead of storing it, and uses the ranges to tell a thousands separator
from a decimal one ("1,500/µL" against "INR > 1,5").

>>> from rdflib import URIRef
>>> platelets = URIRef("https://w3id.org/trialgraph/id/measure/platelet-count")
>>> bounds = PlausibleBounds({(platelets, "10*9/L"): Range(Decimal(5), Decimal(2000), "CTCAE v5.0")})
>>> bounds.problem(platelets, Decimal("100"), "10*9/L") is None
True
>>> bounds.problem(platelets, Decimal("0.1"), "10*9/L")
'0.1 10*9/L is outside what a platelet-count bound can be (5 to 2000 10*9/L, CTCAE v5.0)'
>>> bounds.problem(platelets, Decimal("9"), "g/L")
'g/L is no unit of platelet-count (it takes 10*9/L)'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import URIRef

from ..errors import InputError
from ..graph.units import UnitError, canonical_unit
from ..paths import table_rows

MEASURE = "https://w3id.org/trialgraph/id/measure/"
ULN = "ULN"  # the unit column of a range for multiples of the upper limit of normal
COLUMNS = ("measure", "unit", "lowest", "highest", "source")


@dataclass(frozen=True)
class Range:
    lowest: Decimal
    highest: Decimal
    source: str


class PlausibleBounds:
    """The plausible range of a bound, per (test, canonical UCUM code or ULN)."""

    def __init__(self, ranges: dict[tuple[URIRef, str], Range]):
        self.ranges = ranges
        self._units: dict[URIRef, list[str]] = {}
        for measure, unit in ranges:
            self._units.setdefault(measure, []).append(unit)

    @classmethod
    def load(cls, path: Path) -> PlausibleBounds:
        """Read the table; a bad row is an InputError naming the file and line."""
        ranges: dict[tuple[URIRef, str], Range] = {}
        for number, row in table_rows(path, COLUMNS):
            key, value = _row(row, path, number)
            if key in ranges:
                raise InputError(f"a second range for {row[0]} in {row[1]}", path, number)
            ranges[key] = value
        return cls(ranges)

    def units(self, measure: URIRef) -> list[str]:
        return self._units.get(measure, [])

    def problem(self, measure: URIRef, value: Decimal, unit: str) -> str | None:
        """None when `value` (in the canonical `unit`, or ULN) is plausible for `measure`, else why not. A test
        without any range is not checked."""
        units = self.units(measure)
        if not units:
            return None
        name = str(measure).removeprefix(MEASURE)
        found = self.ranges.get((measure, unit))
        if found is None:
            return f"{unit} is no unit of {name} (it takes {', '.join(units)})"
        if found.lowest <= value <= found.highest:
            return None
        shown = "x ULN" if unit == ULN else unit
        return (
            f"{value} {shown} is outside what a {name} bound can be "
            f"({found.lowest} to {found.highest} {shown}, {found.source})"
        )


def _row(row: list[str], path: Path, number: int) -> tuple[tuple[URIRef, str], Range]:
    if len(row) != len(COLUMNS) or not all(cell.strip() for cell in row):
        raise InputError(
            f"a row needs {len(COLUMNS)} non-empty tab-separated cells ({', '.join(COLUMNS)})", path, number
        )
    measure, unit, lowest, highest, source = (cell.strip() for cell in row)
    if not measure.startswith("measure:"):
        raise InputError(f"measure {measure!r} is not a measure: CURIE", path, number)
    if unit != ULN:
        try:
            canonical = canonical_unit(unit)
        except UnitError as error:
            raise InputError(str(error), path, number) from None
        if canonical != unit:
            raise InputError(
                f"unit {unit!r} is not canonical (use {canonical!r}, as bounds are compared)", path, number
            )
    try:
        low, high = Decimal(lowest), Decimal(highest)
    except InvalidOperation:
        raise InputError(f"lowest {lowest!r} and highest {highest!r} must be decimal numbers", path, number) from None
    if not (low.is_finite() and high.is_finite() and low <= high):
        raise InputError(f"lowest {lowest} and highest {highest} must be finite, the lowest first", path, number)
    return (URIRef(MEASURE + measure.removeprefix("measure:")), unit), Range(low, high, source)
