"""Precision, recall and F1 of the regimen reader (text/doses.py) on the hand-annotated gold set.

    python benchmarks/extraction_regimens.py

The gold set is tests/fixtures/extraction/regimens.jsonl (see README-regimens.md there): each line is one
text of a real record (an intervention's name, description or other name, or an arm's label or
description) with the reading a curator gave it. The reader reads each text alone; its doses, routes,
frequencies, durations and cycle lengths are compared with the gold ones, item by item. Every false
positive is printed, and the false negatives grouped by the forms the gold line is tagged with (its cause).
`scores()` gives the same figures as CategoryScores; benchmarks/extraction.py prints them beside the
criteria's.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `benchmarks.*` when run as a script

from benchmarks.extraction import CategoryScore, report
from trialgraph.text.doses import read_dose

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "extraction" / "regimens.jsonl"
CATEGORIES = ("doses", "routes", "frequencies", "durations", "cycle lengths")
# UCUM time unit -> (ISO 8601 designator, factor): weeks are compared as days
_UCUM_TIME = {"h": ("H", 1), "d": ("D", 1), "wk": ("D", 7), "mo": ("M", 1), "a": ("Y", 1)}
_ISO = re.compile(r"P(?:T(\d+(?:\.\d+)?)H|(\d+(?:\.\d+)?)([DWMY]))")


def gold_lines(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def iso_period(text: str) -> str:
    """An ISO 8601 period in one canonical form (weeks as days): P3W -> P21D, PT4H -> PT4H."""
    match = _ISO.fullmatch(text)
    if match is None:
        raise ValueError(f"not an ISO 8601 period of one unit: {text!r}")
    if match.group(1):
        return f"PT{_number(Decimal(match.group(1)))}H"
    value, unit = Decimal(match.group(2)), match.group(3)
    if unit == "W":
        value, unit = value * 7, "D"
    return f"P{_number(value)}{unit}"


def ucum_period(value: Decimal, unit: str) -> str:
    designator, factor = _UCUM_TIME[unit]
    amount = _number(value * factor)
    return f"PT{amount}H" if designator == "H" else f"P{amount}{designator}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _dose_item(role: str, unit: str, value=None, low=None, high=None) -> str:
    amount = f"{_number(Decimal(low))}-{_number(Decimal(high))}" if low is not None else _number(Decimal(value))
    return f"{'loading ' if role == 'loading' else ''}{amount} {unit}"


def expected(line: dict) -> dict[str, set[str]]:
    frequency = line["frequency"]
    return {
        "doses": {_dose_item(d["role"], d["unit"], d.get("value"), d.get("low"), d.get("high")) for d in line["doses"]},
        "routes": set(line["routes"]),
        "frequencies": {f"{frequency['count']}/{iso_period(frequency['period'])}"} if frequency else set(),
        "durations": {iso_period(line["duration"])} if line["duration"] else set(),
        "cycle lengths": {iso_period(line["cycle_length"])} if line["cycle_length"] else set(),
    }


def found(text: str) -> dict[str, set[str]]:
    """What the reader takes from one text, in the gold set's terms (older readers lack some fields)."""
    reading = read_dose(text)
    doses = set()
    dose_range = getattr(reading, "dose_range", None)
    if dose_range is not None:
        low, high = dose_range
        doses.add(_dose_item("maintenance", low.unit, low=low.value, high=high.value))
    elif reading.dose is not None:
        doses.add(_dose_item("maintenance", reading.dose.unit, reading.dose.value))
    loading = getattr(reading, "loading_dose", None)
    if loading is not None:
        doses.add(_dose_item("loading", loading.unit, loading.value))
    routes = getattr(reading, "routes", None)
    if routes is None:
        routes = (reading.route,) if reading.route else ()
    frequency = getattr(reading, "frequency", None)
    duration = getattr(reading, "duration", None)
    cycle = getattr(reading, "cycle_length", None)
    return {
        "doses": doses,
        "routes": set(routes),
        "frequencies": {f"{_number(frequency.count)}/{ucum_period(*frequency.period)}"} if frequency else set(),
        "durations": {ucum_period(*duration)} if duration else set(),
        "cycle lengths": {ucum_period(*cycle)} if cycle else set(),
    }


def _where(line: dict) -> str:
    return f"{line['nct_id']} {line['path']}"


def scores(path: Path = GOLD) -> list[CategoryScore]:
    """One CategoryScore per category, as benchmarks/extraction.py prints them."""
    table = {name: CategoryScore(name) for name in CATEGORIES}
    for line in gold_lines(path):
        gold, read = expected(line), found(line["text"])
        cause = ", ".join(line["forms"]) or "plain form"
        for name, score in table.items():
            score.tp += len(gold[name] & read[name])
            for item in sorted(read[name] - gold[name]):
                score.fp += 1
                score.false_positives.append(f"{_where(line)}: read {item!r} in {_excerpt(line['text'])}")
            for item in sorted(gold[name] - read[name]):
                score.fn += 1
                score.false_negatives.setdefault(cause, []).append(f"{_where(line)}: {item!r} missed")
    return list(table.values())


def _excerpt(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= width else flat[: width - 1] + "…")


def main() -> None:
    print(f"{len(gold_lines())} gold texts in {GOLD.name}")
    rows = scores()
    for score in rows:
        print("\n".join(report(score, causes_only=False)))
    print("\n".join(score.summary() for score in rows))


if __name__ == "__main__":
    main()
