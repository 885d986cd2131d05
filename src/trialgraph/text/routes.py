"""Routes of administration stated in intervention and arm text.

A route is taken only from words that state one. 'Infusion' alone does not say intravenous, 'IV access'
or 'oral temperature' are no routes, radiotherapy has none, and 'either orally or intravenously' gives
both routes as alternatives. Several routes not stated as alternatives give none (reported)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

# route notation (as in ontology/vocabulary.ttl) -> words that state it; upper-case abbreviations are
# matched case-sensitively
ROUTE_WORDS = {
    "ORAL": [r"\borally\b", r"\boral\b", r"\bby mouth\b", r"\bPO\b", r"\bper os\b", r"\bp\.o\."],
    "INTRAVENOUS": [r"\bintravenous(?:ly)?\b", r"\bIV\b", r"\bi\.v\b\.?"],
    "SUBCUTANEOUS": [r"\bsubcutaneous(?:ly)?\b", r"\bSC\b", r"\bs\.c\.", r"\bSQ\b", r"\bsubcut\b"],
    "INTRAMUSCULAR": [r"\bintramuscular(?:ly)?\b", r"\bIM\b", r"\bi\.m\."],
    "INHALATION": [
        r"\binhal(?:ed|ation|ations)\b",
        r"\bby inhalation\b",
        r"\bnebuli[sz]ed\b",
        r"\bDPI\b",
        r"\bMDI\b",
        r"\w*haler\b",
    ],
    "NASAL": [r"\bintranasal(?:ly)?\b", r"\bnasal spray\b", r"\bnasally\b"],
    "SUBLINGUAL": [r"\bsublingual(?:ly)?\b"],
    "TOPICAL": [r"\btopical(?:ly)?\b"],
    "TRANSDERMAL": [r"\btransdermal(?:ly)?\b"],
    "INTRATHECAL": [r"\bintrathecal(?:ly)?\b"],
    "INTRAVESICAL": [r"\bintravesical(?:ly)?\b"],
    "INTRACORONARY": [r"\bintracoronary\b"],
    "INTRA_ARTERIAL": [r"\bintra-?arterial(?:ly)?\b"],
    "INTRADERMAL": [r"\bintradermal(?:ly)?\b"],
    "INTRAPERITONEAL": [r"\bintraperitoneal(?:ly)?\b"],
    "INTRATUMORAL": [r"\bintratumou?ral(?:ly)?\b"],
    "INTRALYMPHATIC": [r"\bintralymphatic(?:ally)?\b"],
    "INTRANODAL": [r"\bintranodal(?:ly)?\b"],
    "EPIDURAL": [r"\bepidural(?:ly)?\b", r"\bcaudal\b"],
    "RECTAL": [r"\brectally\b", r"\bper rectum\b", r"\bsuppositor(?:y|ies)\b"],
}
# an injection of no stated kind, taken only when no other route is stated
_INJECTION = re.compile(r"\binject(?:ion|ions|able|ed)\b", re.IGNORECASE)
_NOT_INJECTION = re.compile(
    r"\b(?:chloride|water for) injection\b|\binjection,? USP\b|\bfor injection\b", re.IGNORECASE
)
# words after a route word that make it something else: a line for blood draws, a body temperature
_NOT_ROUTE_AFTER = re.compile(
    r"\s*(?:access|line|lines|catheter|cannula|temperature|hygiene|health|cavity|mucos\w*|care|surgery|exam\w*)\b",
    re.IGNORECASE,
)
# words before 'IV' that make it a Roman numeral
_NUMERAL_BEFORE = re.compile(r"\b(?:stage|grade|phase|type|class|part|cohort|arm|step|level)\s*$", re.IGNORECASE)
_ALTERNATIVE = re.compile(r"\s*,?\s*(?:or|/|and/or)\s*", re.IGNORECASE)


def _compile(word: str) -> re.Pattern:
    return re.compile(word) if re.fullmatch(r"\\b[A-Z]+\\b", word) else re.compile(word, re.IGNORECASE)


_ROUTES = {route: [_compile(w) for w in words] for route, words in ROUTE_WORDS.items()}


@dataclass(frozen=True)
class RouteReading:
    routes: tuple[str, ...] = ()  # one route, or the alternatives stated
    alternatives: bool = False
    problem: str | None = None


def _mentions(text: str) -> list[tuple[int, int, str]]:
    found = []
    for route, patterns in _ROUTES.items():
        for pattern in patterns:
            for match in pattern.finditer(text):
                if _NOT_ROUTE_AFTER.match(text, match.end()):
                    continue
                if match.group() == "IV" and _NUMERAL_BEFORE.search(text[: match.start()]):
                    continue
                found.append((match.start(), match.end(), route))
    return sorted(found)


def read_routes(text: str) -> RouteReading:
    """The route the text states, the alternatives it offers, or none (with the reason when several).

    >>> read_routes("administered orally in PVd and intravenously or orally in Kd")
    RouteReading(routes=('INTRAVENOUS', 'ORAL'), alternatives=True, problem=None)
    >>> read_routes("A 90 minute infusion in 250 ml of normal saline").routes
    ()
    """
    mentions = _mentions(text)
    distinct = sorted({route for _, _, route in mentions})
    if not distinct:
        injection = _INJECTION.search(_NOT_INJECTION.sub(" ", text))
        return RouteReading(("INJECTION",) if injection else ())
    if len(distinct) == 1:
        return RouteReading(tuple(distinct))
    linked = set()
    for (_, end, first), (start, _, second) in pairwise(mentions):
        if first != second and _ALTERNATIVE.fullmatch(text[end:start]):
            linked |= {first, second}
    if linked == set(distinct):
        return RouteReading(tuple(distinct), alternatives=True)
    return RouteReading(problem=f"several routes stated ({', '.join(distinct)}): none taken")
