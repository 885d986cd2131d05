"""Performance status and life expectancy stated in one eligibility criterion's text.

Performance status is read on the ECOG (also Zubrod), WHO, Karnofsky (KPS) and Lansky (LPS) scales, as a
range ("ECOG 0-1", "0 to 2", "0~2"), a list ("0, 1, or 2"), a comparator ("ECOG PS ≤ 2", "KPS ≥ 70%",
"less than or equal to (≤) 2") or a number with "or less"/"or higher". Scales named together ("WHO/ECOG
performance status 0-1") share the score; several scales with their own scores in one criterion ("ECOG ≤ 2
(Karnofsky ≥ 60%)", "ECOG 0-2 or Karnofsky ≥ 60") are alternatives: any one suffices. A qualifier of the
patients a scale is for ("Lansky ≥ 50 for patients < 16 years") only says who is scored on it. A score with
another qualifier ("0 or 1 (solid tumours)", "(disease related ECOG 2 allowed)") applies only under a
condition and is reported, not read, as is a scale named with a number that reads as no score.

Life expectancy is read as a comparator and a duration after the words ("life expectancy of at least 12
weeks", "expected survival of ≥ 12 weeks", "life expectancy of 3 months or more").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ..graph.units import UnitError, ucum_code
from .comparators import COMPARATOR_PATTERN, COMPARATORS

# notation of tgv:PerformanceScale -> (lowest, highest, step between scores)
SCALES = {"ECOG": (0, 5, 1), "WHO": (0, 5, 1), "KARNOFSKY": (0, 100, 10), "LANSKY": (0, 100, 10)}
_MENTIONS = (
    ("ECOG", r"\bECOG\b|Eastern\s+Cooperative\s+(?:Oncology\s+)?Group|\bZubrod\b"),
    ("WHO", r"\bWHO\b|World\s+Health\s+Organi[sz]ation"),
    ("KARNOFSKY", r"\bKarnofsky\b|\bKPS\b"),
    ("LANSKY", r"\bLansky\b|\bLPS\b"),
)
_MENTION = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _MENTIONS), re.IGNORECASE)
_CASED = {"WHO", "KPS", "LPS"}  # "who" is a pronoun: these only as capitals
# between scales named together: "World Health Organization (WHO)/Eastern ... (ECOG)", "WHO or ECOG"
_JOINED = re.compile(r"^[\s()/]*(?:or\s+)?[\s()/]*$", re.IGNORECASE)
# words between a scale and its score
_FILLER = re.compile(
    r"^(?:\((?:see\s+)?appendix\s+\w+\)|\s+|[:(),]|(?:performance|physical|status|scores?|scale|PS|of|is|must|be"
    r"|current|corresponding|a|an|the|level)\b)*",
    re.IGNORECASE,
)
_NUMBER = r"(\d{1,3})(?!\d)(?:\s*%)?"
_NOT_A_SCORE = r"(?!\s*(?:%\s*)?(?:y\b|y/o|yrs?\b|years?\b|months?\b|weeks?\b|days?\b|hours?\b|mg\b|cm\b|kg\b))"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|\u2013|\u2014|~|to|through)\s*{_NUMBER}{_NOT_A_SCORE}", re.IGNORECASE)
_LIST = re.compile(r"^(\d{1,3}(?:\s*,\s*\d{1,3})*\s*,?\s*(?:or|and)\s+\d{1,3})" + _NOT_A_SCORE, re.IGNORECASE)
_COMPARED = re.compile(
    rf"^(?P<cmp>{COMPARATOR_PATTERN})\s*(?:\(\s*[<>≤≥=/]+\s*\)\s*)?(?:of\s+)?{_NUMBER}{_NOT_A_SCORE}", re.IGNORECASE
)
_TRAILING = re.compile(
    rf"^{_NUMBER}\s*(?:points?\s+)?or\s+(?P<word>less|lower|below|fewer|more|higher|greater|above|better)\b",
    re.IGNORECASE,
)
_SINGLE = re.compile(rf"^{_NUMBER}\s*(?=$|[.;,])")
_TRAILING_WORDS = {"less": "<=", "lower": "<=", "below": "<=", "fewer": "<=", "better": "<="}
# what may follow a score: an age qualifier (who is scored on the scale), else a parenthesis or clause that
# restricts it is a condition
_AGE_QUALIFIER = re.compile(
    r"^\s*(?:for|in)\s+(?:patients|participants|subjects|children|those)?\s*(?:aged\s+|age\s+)?"
    r"(?:[<>≤≥=]+\s*|(?:older|younger)\s+than\s+)?\d{1,2}(?:\s*(?:to|-|\u2013)\s*\d{1,2})?\s*"
    r"(?:years?|y|yrs?)?(?:\s+of\s+age)?(?:\s+(?:and|or)\s+(?:older|over|above|younger|under))?",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"^\s*(?:\((?!\s*(?:see\b|appendix\b|ECOG\b|Karnofsky\b|KPS\b|Lansky\b|WHO\b))|(?:for|in|if|unless|except)\b)",
    re.IGNORECASE,
)
_LIFE = re.compile(
    r"\b(?:life\s+expectancy|expected\s+survival|survival\s+expectancy|estimated\s+survival)\b", re.IGNORECASE
)
_DURATION_UNIT = r"weeks?|months?|years?|days?|wks?|mos?"
_LIFE_BOUND = re.compile(
    rf"(?P<cmp>{COMPARATOR_PATTERN})\s*(?:\(\s*[<>≤≥=/]+\s*\)\s*)?(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>{_DURATION_UNIT})\b"
    rf"|(?P<value2>\d+(?:\.\d+)?)\s*(?P<unit2>{_DURATION_UNIT})\s+or\s+(?:more|longer|greater)\b",
    re.IGNORECASE,
)
_LIFE_GAP = re.compile(r"^[\w\s(),:]{0,40}?$")  # "of", "must be", "estimated ... of": no number, no "within"


@dataclass(frozen=True)
class PerformanceStatus:
    scale: str  # a notation of tgv:PerformanceScale
    min_score: int
    max_score: int


@dataclass(frozen=True)
class Alternatives:
    """Performance status on any one of these scales (tg:ConstraintGroup, any of)."""

    members: tuple[PerformanceStatus, ...]


@dataclass(frozen=True)
class LifeExpectancy:
    comparator: str  # a notation of tgv:Comparator
    value: Decimal
    unit: str  # UCUM time unit
    unit_text: str


Reading = PerformanceStatus | Alternatives | LifeExpectancy | str


def read_performance(text: str) -> list[Reading]:
    """The performance status (one constraint or alternatives) and life expectancy in one criterion, and a
    sentence for each statement that names a scale and a number but could not be read."""
    return [*_performance(text), *_life_expectancy(text)]


def _performance(text: str) -> list[Reading]:
    chains = _chains(text)
    if not chains:
        return []
    found: list[PerformanceStatus] = []
    for scales, end in chains:
        rest = text[end:]
        skipped = _FILLER.match(rest).end()  # always matches, maybe empty
        score = _score(rest[skipped:])
        if score is None:
            continue
        (low, high), length = score
        after = rest[skipped + length :]
        age = _AGE_QUALIFIER.match(after)
        if age is None and _CONDITION.match(after):
            return [f"{_short(text)}: the performance status applies under a condition; not taken"]
        for scale in scales:
            reading = _on_scale(scale, low, high)
            if reading is None:
                written = rest[skipped : skipped + length]
                return [f"{_short(text)}: {written!r} is not possible on the {scale} scale; not taken"]
            if reading not in found:
                found.append(reading)
    if not found:
        if re.search(r"\d", text) and re.search(r"performance|\bPS\b|score", text, re.IGNORECASE):
            return [f"{_short(text)}: a performance status scale and a number, but no score read; not taken"]
        return []
    if len({p.scale for p in found}) < len(found):
        return [f"{_short(text)}: two different scores on one scale; not taken"]
    return [found[0] if len(found) == 1 else Alternatives(tuple(found))]


def _chains(text: str) -> list[tuple[list[str], int]]:
    """Scales named together, each with the end of its last mention."""
    chains: list[tuple[list[str], int]] = []
    previous_end = None
    for mention in _MENTION.finditer(text):
        if mention.group(0).upper() in _CASED and mention.group(0) != mention.group(0).upper():
            continue
        scale = mention.lastgroup
        if previous_end is not None and _JOINED.match(text[previous_end : mention.start()]):
            scales, _ = chains[-1]
            chains[-1] = (scales if scale in scales else [*scales, scale], mention.end())
        else:
            chains.append(([scale], mention.end()))
        previous_end = mention.end()
    return chains


def _score(rest: str) -> tuple[tuple[int, int | None], int] | None:
    """(lowest, highest) scores (highest None: the top of the scale; a strict bound is made inclusive by the
    scale's step later) and the length read, or None."""
    if match := _RANGE.match(rest):
        return (int(match.group(1)), int(match.group(2))), match.end()
    if match := _LIST.match(rest):
        numbers = [int(n) for n in re.findall(r"\d+", match.group(1))]
        return ((min(numbers), max(numbers)), match.end()) if _steps(numbers) else None
    if match := _COMPARED.match(rest):
        comparator = COMPARATORS[re.sub(r"\s+", " ", match.group("cmp").lower())]
        return _bounded(comparator, int(match.group(2))), match.end()
    if match := _TRAILING.match(rest):
        comparator = _TRAILING_WORDS.get(match.group("word").lower(), ">=")
        return _bounded(comparator, int(match.group(1))), match.end()
    if match := _SINGLE.match(rest):
        return (int(match.group(1)), int(match.group(1))), match.end()
    return None


def _steps(numbers: list[int]) -> bool:
    """A list of consecutive scores ("0, 1 or 2", "80, 90 or 100")."""
    ordered = sorted(numbers)
    gaps = {b - a for a, b in pairwise(ordered)}
    return len(gaps) == 1 and gaps <= {1, 10}


def _bounded(comparator: str, value: int) -> tuple[int, int | None]:
    # strict bounds are kept as ("<", n) markers, resolved by the scale's step in _on_scale
    return {"<=": (0, value), "<": (0, -value - 1), ">=": (value, None), ">": (-value - 1, None)}.get(
        comparator, (value, value)
    )


def _on_scale(scale: str, low: int, high: int | None) -> PerformanceStatus | None:
    lowest, highest, step = SCALES[scale]
    if low < 0:  # "> n": the next score up
        low = -low - 1 + step
    if high is None:
        high = highest
    elif high < 0:  # "< n": the next score down
        high = -high - 1 - step
    if not (lowest <= low <= high <= highest) or low % step or high % step:
        return None
    return PerformanceStatus(scale, low, high)


def _life_expectancy(text: str) -> list[Reading]:
    found: list[Reading] = []
    for mention in _LIFE.finditer(text):
        rest = text[mention.end() :]
        bound = _LIFE_BOUND.search(rest[:80])
        gap = rest[: bound.start()] if bound else rest[:40]
        if re.search(r"\bwithin\b", gap):
            continue  # "impact life expectancy within the next 3 years": a time, no bound
        if bound is None or not _LIFE_GAP.match(gap):
            if re.match(r"^[\w\s(),:]{0,40}?\d", rest):
                found.append(f"{_short(text)}: a life expectancy with a number, but no bound read; not taken")
            continue
        if bound.group("value") is not None:
            comparator = COMPARATORS[re.sub(r"\s+", " ", bound.group("cmp").lower())]
            value, unit_text = bound.group("value"), bound.group("unit")
        else:
            comparator, value, unit_text = ">=", bound.group("value2"), bound.group("unit2")
        try:
            unit = ucum_code({"wks": "weeks", "wk": "week", "mos": "months"}.get(unit_text.lower(), unit_text))
        except UnitError:
            continue
        reading = LifeExpectancy(comparator, Decimal(value), unit, unit_text)
        if reading not in found:
            found.append(reading)
    return found


def _short(text: str) -> str:
    return repr(text if len(text) <= 120 else text[:117] + "...")
