"""Doses and routes stated in free text (intervention and arm descriptions), best effort.

Only an unambiguous statement is taken: one distinct dose (a number and a known unit, not a
range) and one distinct route. Anything else is reported as not parsed, never picked from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

# unit as written (lower case) -> UCUM code; per body weight and per body surface first
DOSE_UNITS = {
    "mg/kg": "mg/kg",
    "µg/kg": "ug/kg",
    "μg/kg": "ug/kg",
    "mcg/kg": "ug/kg",
    "ug/kg": "ug/kg",
    "g/kg": "g/kg",
    "mg/m2": "mg/m2",
    "mg/m²": "mg/m2",
    "mg/m^2": "mg/m2",
    "mg": "mg",
    "g": "g",
    "mcg": "ug",
    "µg": "ug",
    "μg": "ug",
    "ug": "ug",
    "iu": "[iU]",
    "ml": "mL",
    "gy": "Gy",
}
_UNIT = "|".join(re.escape(u) for u in sorted(DOSE_UNITS, key=len, reverse=True))
_DOSE = re.compile(rf"(?<![\w.,/])(\d+(?:\.\d+)?)\s*({_UNIT})(?![\w/²^])", re.IGNORECASE)
_RANGE_BEFORE = re.compile(r"(?:\d\s*(?:-|\u2013|to)\s*|\bup to\s*|\bmax(?:imum)?\s*(?:of\s*)?)$", re.IGNORECASE)

# route notation (as in ontology/vocabulary.ttl) -> words that state it
ROUTE_WORDS = {
    "ORAL": [r"\borally\b", r"\boral\b", r"\bby mouth\b", r"\bPO\b"],
    "INTRAVENOUS": [r"\bintravenous(?:ly)?\b", r"\bIV\b", r"\bi\.v\.", r"\binfusion\b"],
    "SUBCUTANEOUS": [r"\bsubcutaneous(?:ly)?\b", r"\bSC\b", r"\bs\.c\.", r"\bSQ\b"],
    "INTRAMUSCULAR": [r"\bintramuscular(?:ly)?\b", r"\bIM\b", r"\bi\.m\."],
}
_CASE_SENSITIVE = {r"\bPO\b", r"\bIV\b", r"\bSC\b", r"\bSQ\b", r"\bIM\b"}
_ROUTES = {
    route: [re.compile(w) if w in _CASE_SENSITIVE else re.compile(w, re.IGNORECASE) for w in words]
    for route, words in ROUTE_WORDS.items()
}


@dataclass(frozen=True)
class Dose:
    value: Decimal
    unit: str  # UCUM
    unit_text: str  # as written


@dataclass
class DoseReading:
    dose: Dose | None = None
    route: str | None = None  # a notation of tgv:Route
    problems: tuple[str, ...] = ()


def read_dose(*texts: str) -> DoseReading:
    """The one dose and the one route the texts state, and what could not be decided.

    >>> r = read_dose("IM administration at 10µg/kg twice a week for three weeks")
    >>> (r.dose, r.route, r.problems)
    (Dose(value=Decimal('10'), unit='ug/kg', unit_text='µg/kg'), 'INTRAMUSCULAR', ())
    >>> read_dose("80 mg or 120 mg orally").problems
    ('several doses stated (80 mg, 120 mg): none taken',)
    >>> read_dose("10-20 mg IV").problems
    ('a dose range or bound is stated (20 mg): not taken',)
    """
    doses: dict[tuple[Decimal, str], Dose] = {}
    problems: list[str] = []
    ranged: list[str] = []
    for text in texts:
        for match in _DOSE.finditer(text):
            value, written = Decimal(match.group(1)), match.group(2)
            if _RANGE_BEFORE.search(text[: match.start()]):
                ranged.append(f"{match.group(1)} {written}")
                continue
            dose = Dose(value, DOSE_UNITS[written.lower()], written)
            doses.setdefault((dose.value.normalize(), dose.unit), dose)
    dose = None
    if ranged:
        problems.append(f"a dose range or bound is stated ({', '.join(ranged)}): not taken")
    elif len(doses) == 1:
        dose = next(iter(doses.values()))
    elif len(doses) > 1:
        listed = ", ".join(f"{d.value} {d.unit_text}" for d in doses.values())
        problems.append(f"several doses stated ({listed}): none taken")
    routes = sorted({route for route, words in _ROUTES.items() for text in texts for w in words if w.search(text)})
    route = routes[0] if len(routes) == 1 else None
    if len(routes) > 1:
        problems.append(f"several routes stated ({', '.join(routes)}): none taken")
    return DoseReading(dose, route, tuple(problems))
