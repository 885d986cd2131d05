"""Numbers as registry texts write them: a dot or a comma may be the decimal mark or group thousands.

"1,5" and "1.5" are one and a half; "1,500,000" and "1.500.000" one and a half million; "1,500.5" and
"1.500,5" the same number. A single separator followed by exactly three digits ("1,500", "100.000") may
be either: `readings` then gives both values, and the caller decides by the unit and the test (see
text/thresholds.py), or reports the number as ambiguous.

>>> readings("1,5"), readings("100.000"), readings("1,500,000"), readings("1.500,5"), readings("1.2.3")
([Decimal('1.5')], [Decimal('100.000'), Decimal('100000')], [Decimal('1500000')], [Decimal('1500.5')], [])
"""

from __future__ import annotations

import re
from decimal import Decimal

WRITTEN = r"\d+(?:[.,]\d+)*"  # digits, with dots or commas between them
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*")  # "1,500", "1.500.000"


def readings(written: str) -> list[Decimal]:
    """The values `written` (digits, dots and commas, as WRITTEN matches) can be: one, two when it is ambiguous
    (the decimal reading first), none when it is no number."""
    separators = [c for c in written if c in ".,"]
    if not separators:
        return [Decimal(written)]
    kinds = set(separators)
    if len(kinds) == 2:  # both: the last one is the decimal mark, the other groups thousands
        grouped, _, decimals = written.rpartition(separators[-1])
        if separators.count(separators[-1]) != 1 or not _GROUPED.fullmatch(grouped):
            return []
        return [Decimal(f"{_digits(grouped)}.{decimals}")]
    if len(separators) > 1:  # one kind, several times: thousands only
        return [Decimal(_digits(written))] if _GROUPED.fullmatch(written) else []
    whole, _, fraction = written.partition(separators[0])
    values = [Decimal(f"{whole}.{fraction}")]
    if _GROUPED.fullmatch(written):
        values.append(Decimal(whole + fraction))
    return values


def _digits(text: str) -> str:
    return re.sub(r"[.,]", "", text)
