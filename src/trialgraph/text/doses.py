"""Doses, routes and schedules stated in free text (intervention names and descriptions, arm labels and
descriptions), read as a curator would, or reported.

One administration gets at most one dose (or one dose range), an optional loading dose, one route (or
stated alternatives), one frequency, one duration and one cycle length. A quantity that is no dose is
passed over: a bound ('maximum dose of'), a total ('for a total of 600 mg'), a strength ('20 mg each',
'capsules containing'), a second quantity in parentheses ('60 mg (1.0 mL)'), a diluent or container
volume ('in 250 ml of saline'), a reduced dose ('or 40 mg for dose reduction'). Several doses left after
that (dose levels, titration steps, another drug's dose) give none, and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .routes import read_routes
from .schedules import Frequency, Period, ScheduleReading, read_schedule

# unit as written (lower case) -> UCUM code; the longer forms first
DOSE_UNITS = {
    "mg/kg/dose": "mg/kg",
    "mg/kg/day": "mg/kg/d",
    "µg/kg/day": "ug/kg/d",
    "μg/kg/day": "ug/kg/d",
    "mcg/kg/day": "ug/kg/d",
    "mg/kg": "mg/kg",
    "µg/kg": "ug/kg",
    "μg/kg": "ug/kg",
    "mcg/kg": "ug/kg",
    "ug/kg": "ug/kg",
    "g/kg": "g/kg",
    "meq/kg": "meq/kg",
    "mg/m2": "mg/m2",
    "mg/m²": "mg/m2",
    "mg/m^2": "mg/m2",
    "units/m2": "[arb'U]/m2",
    "units/m²": "[arb'U]/m2",
    "u/m2": "[arb'U]/m2",
    "iu/kg": "[iU]/kg",
    "cells/kg": "{cells}/kg",
    "mg": "mg",
    "g": "g",
    "mcg": "ug",
    "µg": "ug",
    "μg": "ug",
    "ug": "ug",
    "iu": "[iU]",
    "units": "[arb'U]",  # unnamed units (of heparin, asparaginase): UCUM's arbitrary unit
    "meq": "meq",
    "ml": "mL",
    "gy": "Gy",
    "cgy": "cGy",
}
# unit words, rewritten to their symbols before reading (the symbol often follows in parentheses)
_UNIT_WORDS = [
    (re.compile(r"\bmilligrams?\s+per\s+kilogram\b", re.I), "mg/kg"),
    (re.compile(r"\bmilligrams?\s+per\s+(?:square\s+)?met(?:er|re)s?(?:\s+squared?)?\b", re.I), "mg/m2"),
    (re.compile(r"\bmicrograms?\s+per\s+kilogram\b", re.I), "ug/kg"),
    (re.compile(r"\bmeq\s+per\s+kilogram\b", re.I), "meq/kg"),
    (re.compile(r"\bmilligrams?\b", re.I), "mg"),
    (re.compile(r"\bmicrograms?\b", re.I), "ug"),
    (re.compile(r"\s*/\s*(?:kg|kilogram)\b", re.I), "/kg"),
]
_UNIT = "|".join(re.escape(u) for u in sorted(DOSE_UNITS, key=len, reverse=True))
# '1,000 mg': a comma before exactly three digits groups thousands in a dose
_AMOUNT = r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?)"
_DOSE = re.compile(
    rf"(?<![\w.,/^])(?:{_AMOUNT}\s*(?:-|\u2013|to)\s*)?{_AMOUNT}\s*({_UNIT})(?![\w²^]|/(?!\s*(?:day|daily)\b))(\s*(?:/\s*|per\s+)(?:day|daily)\b|\s+day\b)?",
    re.IGNORECASE,
)
_CELLS = re.compile(
    rf"{_AMOUNT}\s*(?:(?:-|\u2013|to)\s*{_AMOUNT}\s*)?[x\u00d7]\s*10\s*\^?\s*(\d+)\s*(?:viable\s+)?cells(/kg)?", re.I
)
# what before a quantity makes it no dose
_BOUND_BEFORE = re.compile(
    r"(?:\bup to|\bmax(?:imum|imal)?(?:\s+dose)?(?:\s+of)?(?:\s+this\s+\w+)?|\bat most|[<>≤≥]=?|\bnot exceed\w*)\s*$",
    re.I,
)
_TOTAL_BEFORE = re.compile(r"\btotal(?:\s+\w+){0,4}?\s+(?:of|=|:)?\s*$|\btotal\s*$", re.I)
_STRENGTH_BEFORE = re.compile(r"(?:\bcontain(?:s|ing)|\bequivalent to|\bconsists? of)\s*(?:\w+\s*){0,2}$", re.I)
_VOLUME_BEFORE = re.compile(r"\b(?:in|into|of|with|to)\s+(?:a\s+)?$", re.I)
_MIXTURE_BEFORE = re.compile(r"\+\s*$")
_EACH_AFTER = re.compile(r"\s*each\b", re.I)
_FRACTIONS_AFTER = re.compile(r"\s+in\s+\d+\s+fractions\b", re.I)
_REDUCTION = re.compile(r"\(\s*or\b[^()]*\breduc\w*[^()]*\)", re.I)
_LOADING = re.compile(r"\bloading\s+dose\b", re.I)
_FIRST_THEN = re.compile(r"\bday\s*1\b.*\b(?:followed by|then)\b", re.I | re.S)
# words that make several doses the steps of one dose (levels, titration, taper), whose schedule holds
_STEPS = re.compile(r"\b(?:dose[- ]levels?|titrat\w*|increas\w*|taper\w*|reduc\w*)\b", re.I)
_TOO_MANY = 3  # more dose mentions than this: a list (a formula, dose levels), not one dose


@dataclass(frozen=True)
class Dose:
    value: Decimal
    unit: str  # UCUM
    unit_text: str  # as written


@dataclass
class DoseReading:
    dose: Dose | None = None
    route: str | None = None  # a notation of tgv:Route, when one route is stated
    problems: tuple[str, ...] = ()
    loading_dose: Dose | None = None
    dose_range: tuple[Dose, Dose] | None = None
    routes: tuple[str, ...] = ()  # the route, or the alternatives stated
    frequency: Frequency | None = None
    duration: Period | None = None
    cycle_length: Period | None = None
    on_duration: Period | None = None
    off_duration: Period | None = None
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    dose: Dose
    low: Dose | None  # a range's low end; dose is then the high end
    kind: str  # "dose", or why it is none: "bound", "total", "strength", "volume", "second", "reduction"


def _clean(text: str) -> str:
    text = text.replace("\\^", "^").replace("\\<", "<").replace("\\>", ">")
    for pattern, symbol in _UNIT_WORDS:
        text = pattern.sub(symbol, text)
    return text


def _mentions(text: str) -> list[_Mention]:
    reduced = [m.span() for m in _REDUCTION.finditer(text)]
    found: list[_Mention] = []
    for match in _CELLS.finditer(text):
        power = Decimal(10) ** int(match.group(3))
        unit = "{cells}/kg" if match.group(4) else "{cells}"
        high = Dose((Decimal(match.group(2) or match.group(1)) * power).normalize(), unit, "cells")
        low = Dose((Decimal(match.group(1)) * power).normalize(), unit, "cells") if match.group(2) else None
        found.append(_Mention(match.start(), match.end(), high, low, "dose"))
    taken = [(m.start, m.end) for m in found]
    for match in _DOSE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        written = match.group(3)
        unit = DOSE_UNITS[written.lower()]
        if match.group(4) and not unit.endswith("/d"):
            unit += "/d"
        high = Dose(_decimal(match.group(2)), unit, written)
        low = Dose(_decimal(match.group(1)), unit, written) if match.group(1) else None
        found.append(_Mention(match.start(), match.end(), high, low, _kind(text, match, unit, found, reduced)))
    return sorted(found, key=lambda m: m.start)


def _decimal(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def _kind(text: str, match: re.Match, unit: str, before: list[_Mention], reduced: list[tuple[int, int]]) -> str:
    head, tail = text[: match.start()], text[match.end() :]
    if any(s <= match.start() < e for s, e in reduced):
        return "reduction"
    if _BOUND_BEFORE.search(head[-40:]):
        return "bound"
    if _TOTAL_BEFORE.search(head[-40:]) or _FRACTIONS_AFTER.match(tail):
        return "total"
    if _STRENGTH_BEFORE.search(head[-40:]) or _EACH_AFTER.match(tail):
        return "strength"
    if unit == "mL" and _VOLUME_BEFORE.search(head[-12:]):
        return "volume"
    if _MIXTURE_BEFORE.search(head[-4:]):
        return "mixture"
    previous = before[-1] if before else None
    if previous is not None and re.fullmatch(r"[^()]{0,25}\([^()]*", text[previous.end : match.start()]):
        return "second"  # '60 mg (1.0 mL)': the first quantity is the dose
    return "dose"


def _loading(text: str, mentions: list[_Mention], doses: list[_Mention]) -> tuple[_Mention | None, list[_Mention]]:
    """A loading dose and the maintenance doses left: 'X as a loading dose ... followed by Y', 'X on Day 1
    followed by Y'."""
    phrase = _LOADING.search(text)
    if phrase is not None:
        before = [m for m in mentions if m.end <= phrase.start() and phrase.start() - m.end < 40]
        after = [m for m in mentions if m.start >= phrase.end() and m.start - phrase.end() < 30]
        loading = before[-1] if before else after[0] if after else None
        if loading is not None:
            rest = [m for m in doses if m is not loading and m.dose.value != loading.dose.value]
            return loading, rest
    values = {m.dose.value for m in doses}
    if len(values) == 2 and len(doses) >= 2:
        first, second = doses[0], next(m for m in doses if m.dose.value != doses[0].dose.value)
        if first.dose.unit == second.dose.unit and _FIRST_THEN.search(text[first.end : second.start]):
            return first, [m for m in doses if m.dose.value == second.dose.value]
    return None, doses


def read_dose(*texts: str) -> DoseReading:
    """What the texts state of one administration: dose, loading dose, route, frequency, duration, cycle.

    >>> r = read_dose("IM administration at 10µg/kg twice a week for three weeks")
    >>> (r.dose, r.route, r.frequency.count, r.duration, r.problems)  # doctest: +NORMALIZE_WHITESPACE
    (Dose(value=Decimal('10'), unit='ug/kg', unit_text='µg/kg'), 'INTRAMUSCULAR', Decimal('2'),
     (Decimal('3'), 'wk'), ())
    >>> read_dose("80 mg or 120 mg orally").problems
    ('several doses stated (80 mg, 120 mg): none taken',)
    >>> read_dose("10-20 mg IV").dose_range
    (Dose(value=Decimal('10'), unit='mg', unit_text='mg'), Dose(value=Decimal('20'), unit='mg', unit_text='mg'))
    """
    readings = [_read_one(text) for text in texts if text and text.strip()]
    return _combine(readings)


def _read_one(raw: str) -> DoseReading:
    text = _clean(raw)
    schedule = read_schedule(text)
    routes = read_routes(text)
    reading = DoseReading(problems=tuple(schedule.problems), notes=tuple(schedule.notes))
    _schedule_into(reading, schedule)
    reading.routes = routes.routes
    reading.route = routes.routes[0] if len(routes.routes) == 1 else None
    if routes.problem:
        # several routes not offered as alternatives: several drugs, whose doses and schedules cannot be told apart
        return DoseReading(problems=(routes.problem, "several routes: no dose or schedule taken"))
    mentions = _mentions(text)
    doses = [m for m in mentions if m.kind == "dose"]
    if len({m.dose.unit for m in doses}) > 1:
        # doses in different units: several drugs (or forms) in one text, whose schedules cannot be told apart
        listed = ", ".join(_written(m) for m in doses)
        return DoseReading(problems=(f"doses in different units ({listed}): no dose, route or schedule taken",))
    loading, doses = _loading(text, mentions, doses)
    seconds = [m for m in mentions if m.kind == "second"]
    _dose_into(reading, doses, seconds, schedule.frequency, text)
    if loading is not None and (reading.dose or reading.dose_range):
        reading.loading_dose = loading.dose
    return reading


def _schedule_into(reading: DoseReading, schedule: ScheduleReading) -> None:
    reading.frequency, reading.duration = schedule.frequency, schedule.duration
    reading.cycle_length = schedule.cycle_length
    reading.on_duration, reading.off_duration = schedule.on_duration, schedule.off_duration


def _dose_into(
    reading: DoseReading, doses: list[_Mention], seconds: list[_Mention], frequency: Frequency | None, text: str
) -> None:
    distinct: dict[tuple, _Mention] = {}
    for mention in doses:
        key = (
            mention.low.value.normalize() if mention.low else None,
            mention.dose.value.normalize(),
            mention.dose.unit,
        )
        distinct.setdefault(key, mention)
    if len(doses) > _TOO_MANY:
        reading.problems += (f"{len(doses)} doses stated (a list or dose levels): none taken",)
        _not_steps(reading, text)
        return
    chosen = list(distinct.values())
    if frequency is not None and frequency.period == (Decimal(1), "d") and frequency.count > 1:
        # '900 mg daily (300 mg three times daily)': the daily total and the dose of each administration
        every = [m for m in seconds if m.low is None] + chosen
        totals = {m.dose.value for m in chosen}
        parts = [m for m in every if m.dose.value * frequency.count in totals and m.dose.unit == chosen[0].dose.unit]
        if len(chosen) <= 2 and parts:
            chosen = [parts[0]] + [
                m
                for m in chosen
                if m is not parts[0]
                and m.dose.value != parts[0].dose.value
                and m.dose.value != parts[0].dose.value * frequency.count
            ]
    if len(chosen) == 1:
        mention = chosen[0]
        if mention.low is not None:
            reading.dose_range = (mention.low, mention.dose)
        else:
            reading.dose = mention.dose
    elif len(chosen) > 1:
        listed = ", ".join(_written(m) for m in chosen)
        reading.problems += (f"several doses stated ({listed}): none taken",)
        _not_steps(reading, text)


def _not_steps(reading: DoseReading, text: str) -> None:
    """Several doses that are not the steps of one dose (levels, titration, taper) may be several drugs':
    the schedule the text states may be another drug's, so none is taken."""
    if not _STEPS.search(text) and (reading.frequency or reading.duration or reading.cycle_length):
        _schedule_into(reading, ScheduleReading())
        reading.problems += ("the doses are not the steps of one dose: no schedule taken",)


def _written(mention: _Mention) -> str:
    low = f"{mention.low.value}-" if mention.low else ""
    return f"{low}{mention.dose.value} {mention.dose.unit_text}"


def _combine(readings: list[DoseReading]) -> DoseReading:
    """One reading from several texts (description, name, arm text): a field stated by one text is taken,
    the same value stated by several too; different values give none, reported."""
    if len(readings) == 1:
        return readings[0]
    combined = DoseReading()
    problems: list[str] = [p for r in readings for p in r.problems]
    notes: list[str] = [n for r in readings for n in r.notes]
    for name in (
        "dose",
        "loading_dose",
        "dose_range",
        "frequency",
        "duration",
        "cycle_length",
        "on_duration",
        "off_duration",
        "routes",
    ):
        values = [getattr(r, name) for r in readings if getattr(r, name)]
        if name == "routes" and any(v != ("INJECTION",) for v in values):
            values = [v for v in values if v != ("INJECTION",)]  # 'injection' gives way to the kind stated
        keys = {_key(v) for v in values}
        if len(keys) == 1:
            setattr(combined, name, values[0])
        elif len(keys) > 1:
            problems.append(f"the texts state different values of {name.replace('_', ' ')}: none taken")
    if combined.dose is not None and combined.dose_range is not None:
        combined.dose = combined.dose_range = None
        problems.append("the texts state a dose and a dose range: none taken")
    combined.route = combined.routes[0] if len(combined.routes) == 1 else None
    combined.problems = tuple(dict.fromkeys(problems))
    combined.notes = tuple(dict.fromkeys(notes))
    return combined


def _key(value) -> object:
    if isinstance(value, Dose):
        return (value.value.normalize(), value.unit)
    if isinstance(value, tuple) and value and isinstance(value[0], Dose):
        return tuple(_key(v) for v in value)
    return value
