"""Two tests named together, then a bound for each in the same order: "Serum creatinine OR creatinine clearance ≤
1.5 x ULN OR ≥ 60 mL/min for patients with creatinine > 1.5 x ULN" (the NCI template). In an inclusion these are
alternatives (any of), each bound with the one test it is plausible for; words after the second "OR" may only
restate the first alternative's failing side. Nothing is guessed: a bound plausible for both tests, or for
neither, gives None, and the criterion is read (and reported) the usual way.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .conditional import _bound_starts

if TYPE_CHECKING:
    from .thresholds import Threshold, ThresholdReader

# between the two names: "OR", and words saying how the second is obtained
_JOIN = re.compile(r"\s*\bor\b\s*(?:(?:measured|calculated|estimated|or)\s+)*", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)


def respective(reader: ThresholdReader, text: str, section: str) -> list[Threshold] | None:
    """The two bounds of such a criterion as one group of alternatives, or None."""
    plain = _blanked(text)
    starts = _bound_starts(plain)
    if section != "inclusion" or len(starts) < 2:
        return None
    mentions = reader._mentions(plain[: starts[0]])
    if len(mentions) != 2 or plain[mentions[1][2] : starts[0]].strip():
        return None
    (first, _, first_end), (second, second_start, _) = mentions
    if len(first) != 1 or len(second) != 1 or first == second or not _JOIN.fullmatch(plain[first_end:second_start]):
        return None
    joined = _OR.search(plain, starts[0], starts[1])
    if joined is None:
        return None
    tests = [first[0], second[0]]
    one = _paired(reader, plain[starts[0] : joined.start()], tests)
    two = _paired(reader, plain[starts[1] : starts[2] if len(starts) > 2 else len(plain)], tests)
    if one is None or two is None or one.measure == two.measure:
        return None
    # the words between and after may name the first alternative's test, and bound it only on its failing side
    rest = plain[joined.end() : starts[1]] + " " + plain[starts[2] if len(starts) > 2 else len(plain) :]
    if set(reader.tests(rest)) - {one.measure}:
        return None
    for start in starts[2:]:
        other = _paired(reader, plain[start:], [one.measure])
        if other is None or other.uln_multiple != one.uln_multiple or other.canonical != one.canonical:
            return None
        if other.comparator[0] == one.comparator[0]:
            return None
    return [replace(one, any_of=1), replace(two, any_of=1)]


def _paired(reader: ThresholdReader, text: str, tests: list) -> Threshold | None:
    """The one bound at the start of `text` read for the one test among `tests` it is plausible for."""
    from .thresholds import Threshold

    bounds = reader._bounds(text)
    if isinstance(bounds, str) or not bounds:
        return None
    comparator, written, after, _, _ = bounds[0]
    found = [
        r for test in tests if isinstance(r := reader.read_bound(text, test, comparator, written, after), Threshold)
    ]
    return found[0] if len(found) == 1 else None


def _blanked(text: str) -> str:
    """`text` with what stands in brackets, brackets included, as spaces (the other positions kept)."""
    depth, kept = 0, []
    for char in text:
        depth += char in "(["
        kept.append(" " if depth else char)
        depth -= depth > 0 and char in ")]"
    return "".join(kept)
