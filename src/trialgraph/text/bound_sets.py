"""Whether the bounds read in one clause fit together: each test bounded once, by a range (one lower and one
upper bound), by one bound restated in another unit ("> 10.5% (> 91 mmol/mol)", "≤300 lbs. or ≤136 kg"), or by a
range restated in another unit ("between 35 to 80 mmol/mol (5.4 to 9.5%)"). Anything else is a test with two
different bounds, which the reader reports. And whether the text after a bound leads to an alternative."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

if TYPE_CHECKING:
    from .thresholds import Threshold

# after a bound (brackets left out), "or" before the next test: alternatives in an inclusion criterion
_OR = re.compile(r"\b(?:or|and/or)\b", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)?|\[[^\[\]]*\]?")


def range_pairs(taken: list[Threshold]) -> bool:
    """Every test bounded more than once has exactly one lower and one upper bound, or one bound restated in
    another unit ("> 10.5% (> 91 mmol/mol)")."""
    per_test: dict[URIRef, list[Threshold]] = {}
    for found in taken:
        per_test.setdefault(found.measure, []).append(found)
    if any(len(bounds) == 4 for bounds in per_test.values()):  # a range restated in another unit
        groups = _by_unit(taken)
        return len(per_test) == 1 and len(groups) == 2 and all(len(g) == 2 and range_pairs(g) for g in groups)
    return all(
        len(bounds) == 1
        or (
            len(bounds) == 2
            and (
                {b.comparator[0] for b in bounds} == {"<", ">"}
                or (
                    bounds[0].comparator == bounds[1].comparator
                    and None not in (bounds[0].canonical, bounds[1].canonical)
                    and (bounds[0].canonical[1] != bounds[1].canonical[1] or _same_amount(bounds))
                )
            )
        )
        for bounds in per_test.values()
    )


def _by_unit(taken: list[Threshold]) -> list[list[Threshold]]:
    """The bounds of one test per canonical unit (a multiple of the ULN in a group of its own)."""
    groups: dict[str | None, list[Threshold]] = {}
    for found in taken:
        groups.setdefault(found.canonical[1] if found.canonical else None, []).append(found)
    return list(groups.values())


def _same_amount(bounds: list[Threshold]) -> bool:
    """Two units, one amount (within 1%): "≤300 lbs. or ≤136 kg"."""
    (first, _), (second, _) = (b.canonical for b in bounds)
    return bounds[0].unit != bounds[1].unit and abs(first - second) <= Decimal("0.01") * max(first, second)


def leads_to_alternative(after_bound: str) -> bool:
    """Whether the text after a bound leads to an alternative: "or" outside brackets, or a bracket opening with
    it ("≤ 1.5 x ULN (or INR ≤ 1.3)")."""
    return bool(_OR.search(_unbracketed(after_bound)) or re.match(r"^[^()]*\(\s*(?:or|and/or)\b", after_bound, re.I))


def _unbracketed(text: str) -> str:
    """`text` without what is in brackets ("(ULN) or", "(use of transfusion or other ..." to its end)."""
    previous = None
    while previous != text:
        previous, text = text, _BRACKETED.sub(" ", text)
    return text
