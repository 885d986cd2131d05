"""Written forms rewritten to plain bounds before reading, and text decoded wrongly once, decoded right.

"blood pressure > 140/90 mmHg" is a systolic and a diastolic bound; "> 1.5 mg/dl males/1.4 mg/dl females" two
bounds sharing one comparator; "Hypertriglyceridemia (>500 mg/dl)" a bound of the test the disorder is named
for. Each rewrite keeps every number and unit as written.
"""

from __future__ import annotations

import re

from .comparators import COMPARATOR_PATTERN

_NUMBER = r"\d+(?:[.,]\d+)?"
_PRESSURE = re.compile(
    rf"\b((?:resting\s+)?)blood\s+pressure\s*(?:\(BP\)\s*)?(?:of\s+)?({COMPARATOR_PATTERN})\s*(\d{{2,3}})\s*/\s*"
    r"(\d{2,3})\s*(mm\s*Hg)\b",
    re.IGNORECASE,
)
# a comparator, a number and unit for one sex, a slash, and the other sex's number without a comparator
_PER_SEX = re.compile(
    rf"({COMPARATOR_PATTERN})\s*({_NUMBER}\s*[^\s/()]+(?:/[^\s/()]+)?\s+(?:fe)?males?)\s*/\s*(?={_NUMBER}\s*\S+\s+(?:fe)?males?\b)",
    re.IGNORECASE,
)


# a disorder named for its test, with the test's bound in brackets: "Hypertriglyceridemia (>500 mg/dl)"
_NAMED_FOR = {
    "hypertriglyceridemia": "triglycerides",
    "hypertriglyceridaemia": "triglycerides",
    "leukopenia": "leukocyte count",
    "leucopenia": "leukocyte count",
    "neutropenia": "absolute neutrophil count",
    "thrombocytopenia": "platelet count",
}
_DISORDER = re.compile(rf"\b({'|'.join(_NAMED_FOR)})\s*\((?=\s*(?:{COMPARATOR_PATTERN})\s*\d)", re.IGNORECASE)


def expanded(text: str) -> str:
    """`text` with each such form written as two bounds, and a disorder named for its test with that test's name."""
    text = _DISORDER.sub(lambda m: f"{m[1]} ({_NAMED_FOR[m[1].lower()]} ", text)
    text = _PRESSURE.sub(
        lambda m: (
            f"{m[1]}systolic blood pressure {m[2]} {m[3]} {m[5]} and diastolic blood pressure {m[2]} {m[4]} " + m[5]
        ),
        text,
    )
    return _PER_SEX.sub(lambda m: f"{m[1]} {m[2]} / {m[1]} ", text)


def repaired(text: str) -> str:
    """Text whose UTF-8 was once decoded as Windows-1252 ("â‰¥" for "≥"), decoded right."""
    if not re.search("[\u00c2\u00c3\u00e2][\u0080-\u203a]", text):
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
