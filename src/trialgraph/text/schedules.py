"""Frequencies, durations and cycles stated in intervention and arm text.

A frequency is a count per period (FHIR Timing.repeat, as tg:frequency and tg:period): BID is 2 per 1 d,
q3w 1 per 3 wk. Only one distinct frequency, duration and cycle length is taken; alternatives ('once or
twice a day'), ranges ('3-4 times a day') and several schedules (a dose given twice weekly, then weekly)
are reported, never picked from. Periods and durations are (value, UCUM time unit) pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

Period = tuple[Decimal, str]  # (value, UCUM unit: h, d, wk, mo, a)

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_NUMBER = r"(\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"
_UNITS = {
    "hour": "h",
    "hr": "h",
    "h": "h",
    "day": "d",
    "d": "d",
    "week": "wk",
    "wk": "wk",
    "w": "wk",
    "month": "mo",
    "mo": "mo",
    "year": "a",
    "yr": "a",
}
_UNIT = r"(hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)"
_TO_DAYS = {"h": Decimal(1) / 24, "d": Decimal(1), "wk": Decimal(7), "mo": Decimal("30.4375"), "a": Decimal("365.25")}


def _number(text: str) -> Decimal:
    return Decimal(_WORDS[text.lower()]) if text.lower() in _WORDS else Decimal(text)


def _unit(text: str) -> str:
    return _UNITS[text.lower().rstrip("s")]


def days(period: Period) -> Decimal:
    return period[0] * _TO_DAYS[period[1]]


@dataclass(frozen=True)
class Frequency:
    count: Decimal
    period: Period


@dataclass
class ScheduleReading:
    frequency: Frequency | None = None
    duration: Period | None = None
    cycle_length: Period | None = None
    on_duration: Period | None = None
    off_duration: Period | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _f(count: int, value: int, unit: str) -> Frequency:
    return Frequency(Decimal(count), (Decimal(value), unit))


# fixed phrases -> frequency; the (?<![/\w]) keeps 'mg/daily' (a dose per day) out
_DAILY_NOT = r"(?!\s+(?:doses?|text|puzzles?|diary|diaries|living|activit\w*|life|messages?|surveys?))"
_FIXED = [
    (
        re.compile(r"\b(?:b\.i\.d\.?|twice (?:a |per )?day|twice[- ]daily|two times (?:a |per )?day)", re.I),
        _f(2, 1, "d"),
    ),
    (re.compile(r"\bBID\b"), _f(2, 1, "d")),
    (re.compile(r"\bbid\b"), _f(2, 1, "d")),
    (
        re.compile(r"\b(?:t\.i\.d\.?|three times? (?:a |per |/)?\s*day|three times daily|thrice daily)", re.I),
        _f(3, 1, "d"),
    ),
    (re.compile(r"\bTID\b"), _f(3, 1, "d")),
    (re.compile(r"\b(?:q\.i\.d\.?|four times (?:a |per )?day|four times daily)", re.I), _f(4, 1, "d")),
    (re.compile(r"\bQID\b"), _f(4, 1, "d")),
    (
        re.compile(
            r"\b(?:once[- ]daily|once (?:a |per )day|every ?day|every morning|every evening|nightly|at bedtime)", re.I
        ),
        _f(1, 1, "d"),
    ),
    (re.compile(r"\bsingle daily dose\b", re.I), _f(1, 1, "d")),
    (re.compile(r"\b(?:QD|QHS|qd|PO/day)\b"), _f(1, 1, "d")),
    (re.compile(r"\b(?:twice (?:a |per )?week|twice[- ]weekly|two times (?:a |per )?week)", re.I), _f(2, 1, "wk")),
    (re.compile(r"\bBIW\b"), _f(2, 1, "wk")),
    (re.compile(r"\b(?:three times (?:a |per )?week|three times weekly)", re.I), _f(3, 1, "wk")),
    (re.compile(r"\bTIW\b"), _f(3, 1, "wk")),
    (
        re.compile(
            r"\b(?:once[- ]weekly|once (?:a |per )week|every week|weekly)\b"
            r"(?!\s+(?:assessments?|visits?|calls?|sessions?|meetings?|phone|questionnaires?))",
            re.I,
        ),
        _f(1, 1, "wk"),
    ),
    (re.compile(r"\b(?:QW|qw)\b"), _f(1, 1, "wk")),
]
# a bare 'daily' gives way to a stated count per day ('900 mg daily (300 mg three times daily)')
_BARE_DAILY = re.compile(r"(?<![/\w])daily\b" + _DAILY_NOT, re.I)
_PHASES = re.compile(r"\b(?:induction|consolidation|maintenance)\s+(?:phase|period)\b", re.I)
_PER_CYCLE_NO_LENGTH = re.compile(r"\bdays?\s+\d+[^.]*?\bof\s+(?:each|every)\s+cycle\b", re.I)
_FOLLOW_UP = re.compile(r"\bfollow[- ]?ups?\b", re.I)
_EVERY = re.compile(rf"\bevery\s+{_NUMBER}[- ]?{_UNIT}\b(?!\s+as a cycle)(?![- ]cycle)", re.I)
_EVERY_HOURLY = re.compile(rf"\bat\s+{_NUMBER}[- ]hourly intervals\b", re.I)
_Q = re.compile(r"\b[qQ]\s?(\d+)\s?(h|d|w|wk|wks|weeks|days|hours)\b")
_ALTERNATIVE = re.compile(
    r"\b(?:once|twice|thrice|\w+ times)\s+or\s+(?:once|twice|thrice|\w+ times)\b"
    r"|\b\d+\s*(?:-|\u2013|to)\s*\d+\s+times\b",
    re.I,
)
_DAYS_PER_WEEK = re.compile(rf"\b{_NUMBER}\s+days\s+(?:per|a|each)\s+week\b", re.I)
_RANGE_EVERY = re.compile(rf"\bevery\s+\d+\s*(?:-|\u2013|to)\s*\d+\s+{_UNIT}", re.I)

# cycles
_CYCLE = [
    re.compile(rf"\b{_NUMBER}[- ](day|week)s?[- ](?:treatment\s+)?cycles?\b(?!\s+of\s+[a-z])", re.I),
    re.compile(rf"\b(?:each|every|a)\s+{_NUMBER}[- ](day|week)s?\b", re.I),  # 'of every 3-week' (cycle below)
    re.compile(rf"\bcycles?\s+of\s+{_NUMBER}\s+(days?|weeks?)\b", re.I),
    re.compile(rf"\bcycles?\s*\(\s*every\s+{_NUMBER}\s+(days?|weeks?)\s*\)", re.I),
    re.compile(rf"\brepeats?\s+every\s+{_NUMBER}\s+(days?|weeks?)\b", re.I),
    re.compile(rf"\bevery\s+{_NUMBER}\s+(days?|weeks?)\s+as\s+a\s+cycle\b", re.I),
    re.compile(rf"\bcycle\s+(?:duration|length)\s+is\s+{_NUMBER}\s+(days?|weeks?)\b", re.I),
]
_CYCLE_NEEDS_WORD = re.compile(r"\s*(?:treatment\s+)?cycles?\b(?!\s+of\s+[a-z])", re.I)  # for the second pattern
_AS_CYCLE = re.compile(rf"(?:\bcycles?\s*\(\s*|\brepeats?\s+)every\s+{_NUMBER}\s+(days?|weeks?)", re.I)
_ON_OFF = [
    re.compile(rf"\bfor\s+{_NUMBER}\s+{_UNIT}\s+followed\s+by\s+{_NUMBER}\s+{_UNIT}\s+(?:of\s+)?(?:rest|off)\b", re.I),
    re.compile(rf"\b{_NUMBER}\s+{_UNIT}\s+on\s*[-/,]?\s*{_NUMBER}\s+{_UNIT}\s+off\b", re.I),
    re.compile(
        rf"\bdays?\s+1\s+(?:to|through|-)\s+(?:day\s+)?{_NUMBER}()\s+followed\s+by\s+{_NUMBER}\s+{_UNIT}\s+off\b", re.I
    ),
]
# durations
_DURATION = re.compile(
    rf"\b(?:for|over)\s+(?:only\s+|a\s+total\s+(?:duration\s+)?of\s+|up\s+to\s+|another\s+)?{_NUMBER}\s*"
    rf"(?:consecutive\s+)?{_UNIT}\b",
    re.I,
)
_UP_TO = re.compile(rf"\bup\s+to\s+(?:a\s+)?{_NUMBER}\s+{_UNIT}\b", re.I)
_RT_WEEKS = re.compile(rf"#\s*/\s*{_NUMBER}\s*{_UNIT}", re.I)
_TOTAL_DURATION = re.compile(
    rf"\btotal\s+(?:treatment\s+)?(?:time|duration|course)\s+(?:of|for)\s+{_NUMBER}\s+{_UNIT}\b", re.I
)
_NOT_DURATION_BEFORE = re.compile(r"\b(?:at least|minimum of|first|within|after|prior)\s*$", re.I)


def _explicit_frequencies(text: str) -> list[Frequency]:
    found: list[Frequency] = []
    spans: list[tuple[int, int]] = []
    for pattern, frequency in _FIXED:
        for match in pattern.finditer(text):
            if not any(s <= match.start() < e for s, e in spans):  # 'twice weekly' is not also 'weekly'
                spans.append(match.span())
                found.append(frequency)
    bare = [m for m in _BARE_DAILY.finditer(text) if not any(s <= m.start() < e for s, e in spans)]
    if bare and not any(f.period == (Decimal(1), "d") and f.count > 1 for f in found):
        found.append(_f(1, 1, "d"))
    for match in _EVERY.finditer(text):
        if _AS_CYCLE.search(text[max(0, match.start() - 12) : match.end()]):
            continue
        found.append(Frequency(Decimal(1), (_number(match.group(1)), _unit(match.group(2)))))
    for match in _EVERY_HOURLY.finditer(text):
        found.append(Frequency(Decimal(1), (_number(match.group(1)), "h")))
    for match in _Q.finditer(text):
        unit = {"h": "h", "hours": "h", "d": "d", "days": "d"}.get(match.group(2).lower(), "wk")
        found.append(Frequency(Decimal(1), (Decimal(match.group(1)), unit)))
    return found


def _distinct(values: list, key) -> list:
    seen: dict = {}
    for value in values:
        seen.setdefault(key(value), value)
    return list(seen.values())


def _per_day(frequency: Frequency) -> Decimal:
    return frequency.count / days(frequency.period)


def read_schedule(text: str) -> ScheduleReading:
    """The one frequency, duration and cycle length the text states (and the cycle's on and off periods).

    >>> r = read_schedule("80 mg QD PO for 3 weeks")
    >>> (r.frequency, r.duration)
    (Frequency(count=Decimal('1'), period=(Decimal('1'), 'd')), (Decimal('3'), 'wk'))
    >>> read_schedule("Once or twice a day").problems
    ['alternative or ranged frequencies stated: none taken']
    """
    reading = ScheduleReading()
    _cycle(text, reading)
    _frequency(text, reading)
    _duration(text, reading)
    return reading


def _frequency(text: str, reading: ScheduleReading) -> None:
    if _ALTERNATIVE.search(text) or _RANGE_EVERY.search(text):
        reading.problems.append("alternative or ranged frequencies stated: none taken")
        return
    if _PHASES.search(text):
        reading.problems.append("the text describes several phases: no one frequency or duration taken")
        return
    if reading.cycle_length is None and _PER_CYCLE_NO_LENGTH.search(text):
        reading.problems.append("days of a cycle whose length is not stated: no frequency taken")
        return
    found = _distinct(_explicit_frequencies(text), _per_day)
    per_week = _DAYS_PER_WEEK.search(text)
    if per_week and all(f.period == (Decimal(1), "d") and f.count == 1 for f in found):
        found = [Frequency(_number(per_week.group(1)), (Decimal(1), "wk"))]
    if not found and reading.cycle_length is not None and _day_one_only(text):
        found = [Frequency(Decimal(1), reading.cycle_length)]
    if len(found) == 1:
        reading.frequency = found[0]
    elif len(found) > 1:
        listed = ", ".join(f"{f.count} per {f.period[0]} {f.period[1]}" for f in found)
        reading.problems.append(f"several frequencies stated ({listed}): none taken")


_DAY_MENTION = re.compile(r"\b(?:d|days?)\s*(\d+)", re.I)


def _day_one_only(text: str) -> bool:
    """Given on day 1 of each cycle and on no other stated day ('Days 1-5', 'Day 15' rule it out)."""
    days_named = [m for m in _DAY_MENTION.finditer(text)]
    if not days_named or any(m.group(1) != "1" for m in days_named):
        return False
    return not any(re.match(r"\s*(?:-|\u2013|to|through|and|,)", text[m.end() :]) for m in days_named)


def _cycle(text: str, reading: ScheduleReading) -> None:
    found: list[Period] = []
    for index, pattern in enumerate(_CYCLE):
        for match in pattern.finditer(text):
            if index == 1 and not _CYCLE_NEEDS_WORD.match(text, match.end()):
                continue
            found.append((_number(match.group(1)), _unit(match.group(2))))
    for pattern in _ON_OFF:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groups()
        if groups[1] == "":  # 'Day 1 to Day 21 followed by 7 days off'
            on, off = (_number(groups[0]), "d"), (_number(groups[2]), _unit(groups[3]))
        else:
            on, off = (_number(groups[0]), _unit(groups[1])), (_number(groups[2]), _unit(groups[3]))
        reading.on_duration, reading.off_duration = on, off
        if not found:
            total = days(on) + days(off)
            found.append((total, "d"))
            reading.notes.append(f"cycle length {total} d derived from {on[0]} {on[1]} on, {off[0]} {off[1]} off")
        break
    distinct = _distinct(found, days)
    if len(distinct) == 1:
        reading.cycle_length = distinct[0]
    elif len(distinct) > 1:
        reading.problems.append("several cycle lengths stated: none taken")


def _duration(text: str, reading: ScheduleReading) -> None:
    if _PHASES.search(text):
        return
    total = _TOTAL_DURATION.search(text)
    if total:
        reading.duration = (_number(total.group(1)), _unit(total.group(2)))
        return
    found: list[Period] = []
    on = reading.on_duration
    for pattern in (_DURATION, _UP_TO, _RT_WEEKS):
        for match in pattern.finditer(text):
            if _NOT_DURATION_BEFORE.search(text[: match.start()]) or _FOLLOW_UP.search(_sentence(text, match)):
                continue
            period = (_number(match.group(1)), _unit(match.group(2)))
            if period[1] == "h" or (on is not None and days(period) == days(on)):
                continue  # an infusion's length, or the on period of a cycle
            if re.match(r"\s+followed\s+by", text[match.end() :], re.I):
                continue
            found.append(period)
    distinct = _distinct(found, days)
    if len(distinct) == 1:
        reading.duration = distinct[0]
    elif len(distinct) > 1:
        reading.problems.append("several durations stated: none taken")


def _sentence(text: str, match: re.Match) -> str:
    start = text.rfind(".", 0, match.start()) + 1
    end = text.find(".", match.end())
    return text[start : end if end >= 0 else len(text)]
