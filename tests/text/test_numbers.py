"""Numbers with a dot or a comma: decimal mark, thousands separator, or either."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.numbers import readings


@pytest.mark.parametrize(
    ("written", "values"),
    [
        ("1500", ["1500"]),
        ("1.5", ["1.5"]),
        ("1,5", ["1.5"]),  # issue 14: "INR > 1,5"
        ("2,75", ["2.75"]),
        ("1,500", ["1.500", "1500"]),  # either: the caller decides by unit and test
        ("100.000", ["100.000", "100000"]),  # issue 14: "platelets < 100.000/µl"
        ("0.500", ["0.500"]),  # no thousands group starts with 0
        ("1234.567", ["1234.567"]),  # four digits before: no thousands group
        ("1,500,000", ["1500000"]),
        ("1.500.000", ["1500000"]),
        ("1,500.5", ["1500.5"]),
        ("1.500,5", ["1500.5"]),
        ("1,50,000", []),  # groups of two: no number we read
        ("1.2.3", []),
        ("1,500.5.5", []),
    ],
)
def test_readings(written, values):
    assert readings(written) == [Decimal(v) for v in values]
