"""Words that make a bound in an eligibility criterion apply only under a condition.

"≤ 5 x ULN if liver metastases", "unless Gilbert's syndrome", "for male patients", "(US ONLY)", "Cohort 1:",
"PATIENTS WITH SOLID TUMORS: ...", "> 1.5 mg/dl males/1.4 mg/dl females". The graph has no place for the
condition yet, so the reader reports such a bound instead of storing it as if it applied to everyone.

>>> bool(condition("AST ≤ 5 x ULN if liver metastases are present")), bool(condition("AST ≤ 2.5 x ULN"))
(True, False)
>>> bool(condition("Subjects with an eGFR ≤ 40 ml/min")), bool(condition("Total bilirubin ≤ 1.5 x ULN for age"))
(False, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# where a criterion's clauses end: ";", a sentence end, and a bracket closed before the next item of a list written
# without separators ("... (or ≤ 5 if liver metastases are present) Alanine aminotransferase ...")
CLAUSE_END = re.compile(r";|\.\s+(?=[A-Z(])|(?<=\))\s+(?=[A-Z][a-z]+\s)")
_PEOPLE = r"(?:patients?|subjects?|participants?|those|cases|individuals|persons|men|women|males?|females?|children)"
_MARKERS = re.compile(
    "|".join(
        (
            r"\b(?:unless|except|excluding|provided|if)\b",
            r"\bGilbert",
            r"\bmetasta",
            rf"\b(?:for|in)\s+(?:(?:all|any|the)\s+)?(?:\w+\s+)?{_PEOPLE}\b",
            r"\bin\s+the\s+presence\s+of\b",
            rf"\(\s*{_PEOPLE}\s+(?:with|who|on|receiving)\b",
            rf"^[^:]{{0,80}}\b{_PEOPLE}\s+with\b[^:]*:",  # a stratum heading: "PATIENTS WITH SOLID TUMORS: ..."
            r"\b(?:males?|females?)\b",
            r"\bUS\s+ONLY\b",
            r"\bcohorts?\b",
            r"\bnote\b",
            r"\b(?:concurrent|together|in\s+combination)\s+with\b",
            r"\b(?:disease|cirrhosis)\s+with\b",
            r"\bwith\s+(?:known|documented)\b",
            r"\bnot\s+(?:related|due|attributable)\s+to\b",  # "PTT > 2.5 x control that is not related to ..."
            r"\brequired\s+for\b",  # "(a GFR ≥ 45 is required for the cardiac MRI portion)"
        )
    ),
    re.IGNORECASE,
)


def condition(text: str) -> str | None:
    """The words in `text` that restrict a bound to some patients, or None. Words right after a number belong
    to a formula ("(140 - age) x weight x (0.85 if female)"), not to a bound.

    >>> condition("CrCl by Cockcroft-Gault: (140 - age) x weight x 0.85 if female") is None
    True
    """
    found = condition_match(text)
    return found.group(0) if found else None


def condition_match(text: str) -> re.Match | None:
    """Where `condition` finds its words."""
    for found in _MARKERS.finditer(text):
        if not re.search(r"(?<![A-Za-z\d.,])\d+(?:[.,]\d+)?\s*(?:(?:if|for)\s+)?$", text[: found.start()]):
            return found
    return None


@dataclass(frozen=True)
class StudyCondition:
    """A condition stated only in words ("unless due to NHL involvement of the bone marrow", "Cohort 1", "US
    ONLY"): no shared node says it, so the importer makes one for the study (a tg:UnlinkedCondition labelled with
    these words), which a matcher cannot assess."""

    label: str


@dataclass(frozen=True)
class AgeCondition:
    """An age group a bound applies to ("above 140 mmHg if < 60 years of age"): stored as a tg:AgeConstraint."""

    comparator: str  # a notation of tgv:Comparator
    value: Decimal
    unit: str  # UCUM time unit: a, mo, wk, d
    unit_text: str
