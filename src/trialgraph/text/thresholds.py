"""Numeric lab thresholds stated in one eligibility criterion's text, best effort.

A criterion is cut into clauses (at ";" and at sentence ends). A clause gives a threshold only when
it is unambiguous: one known lab test (by the rdfs:label or skos:altLabel of a tg:LabTest in
data/shared/measures.ttl), after it one comparator with one number, and then a unit that
trialgraph.graph.units reads, or a multiple of the upper limit of normal. The bound must be plausible
for its test and unit (data/shared/lab-bound-ranges.tsv): "platelets < 100/µL" or "Hb > 8.5 mg/dL" is
a misread source, reported and not stored. A number with one separator and three digits after it
("100.000/µl", "1,500") is a thousands count with a unit of single cells per volume; otherwise the
one plausible reading is taken, and a number plausible both ways is reported. A clause that names a
known test and a number but gives no such reading is reported as not parsed; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.namespace import SKOS

from ..graph.turtle import read_turtle
from ..graph.units import UnitError, decimal_text, to_canonical, ucum_code
from .numbers import WRITTEN, readings
from .plausibility import ULN, PlausibleBounds

TG = Namespace("https://w3id.org/trialgraph/ontology/")
MEASURE = Namespace("https://w3id.org/trialgraph/id/measure/")
# ratios stated without a unit; their threshold is in UCUM "1", as the curated trials write INR
UNITLESS = {MEASURE["inr"]}
# counts written per single cells and volume, where "100,000" and "1.500" group thousands
_CELLS_PER_VOLUME = {"/uL", "/mm3", "/L"}

# written comparator (lower case) -> notation of tgv:Comparator
COMPARATORS = {
    ">=": ">=",
    "=>": ">=",
    "≥": ">=",
    "⩾": ">=",
    ">/=": ">=",
    "> or =": ">=",
    "at least": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "greater than or equal to": ">=",
    "more than or equal to": ">=",
    "equal to or greater than": ">=",
    "<=": "<=",
    "=<": "<=",
    "≤": "<=",
    "⩽": "<=",
    "</=": "<=",
    "< or =": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "no greater than": "<=",
    "not greater than": "<=",
    "not exceeding": "<=",
    "less than or equal to": "<=",
    "equal to or less than": "<=",
    "up to": "<=",
    ">": ">",
    "greater than": ">",
    "more than": ">",
    "above": ">",
    "exceeding": ">",
    "<": "<",
    "less than": "<",
    "below": "<",
}
# letters or digits just before a word comparator belong to another word; a sign may follow a name ("Hb< 8.5")
COMPARATOR_PATTERN = "|".join(
    (r"(?<!\w)" + re.escape(c) + r"\b" if c[0].isalpha() else re.escape(c))
    for c in sorted(COMPARATORS, key=len, reverse=True)
)
# a comparator directly followed by a number ("≥1500", "at least 100", "of at least 9", "> 1,5")
_BOUND = re.compile(rf"({COMPARATOR_PATTERN})\s*(?:of\s+)?({WRITTEN})", re.IGNORECASE)
_ANY_COMPARATOR = re.compile(COMPARATOR_PATTERN, re.IGNORECASE)
# a name right after these words is another test ("direct bilirubin", "urine creatinine")
_OTHER_TEST = r"(?<!direct\s)(?<!conjugated\s)(?<!urine\s)(?<!urinary\s)"
_ULN = re.compile(
    r"^\s*(?:x|\u00d7|\*|times|-?fold)?\s*(?:the\s+)?(?:institutional\s+)?"
    r"(?:ULN\b|upper\s+(?:limit|level)s?\s+of\s+(?:the\s+)?(?:institutional\s+)?normal|upper\s+normal\s+limit)",
    re.IGNORECASE,
)
_SPACE_THOUSANDS = re.compile(r"^ (\d{3})(?![\d,])")  # "140 000/mm³"
_CLAUSE_END = re.compile(r";|\.\s+(?=[A-Z(])")
_LIST_ITEM = re.compile(r",\s+")  # not "1,500": a list comma is followed by a space
_UNIT_STOP = re.compile(r"[,;()\[\]]")
_MAX_UNIT_WORDS = 3


class Implausible(str):
    """The sentence reporting a bound that was read but cannot be right for its test and unit."""


@dataclass(frozen=True)
class Threshold:
    measure: URIRef
    comparator: str  # a notation of tgv:Comparator
    value: Decimal | None = None  # None for a multiple of the upper limit of normal
    unit: str | None = None  # UCUM
    unit_text: str | None = None  # as written
    canonical: tuple[Decimal, str] | None = None
    uln_multiple: Decimal | None = None


class ThresholdReader:
    """Finds thresholds in criterion texts; holds the lab test names (load once, call per criterion)."""

    def __init__(self, names: dict[str, URIRef], bounds: PlausibleBounds):
        # short all-capital names (ALT, INR, Hb) match as written, longer ones in any case;
        # "hemoglobin A1c" is another test than "hemoglobin"
        patterns = []
        for name in sorted(names, key=len, reverse=True):
            escaped = r"\s+".join(re.escape(word) for word in name.split())
            exact = len(name) <= 4 and not name.islower()
            patterns.append(f"(?-i:{escaped})" if exact else escaped)
        self._names = {name.casefold(): iri for name, iri in names.items()}
        self._test = re.compile(
            rf"(?<![\w-]){_OTHER_TEST}({'|'.join(patterns)})(?![\w-])(?!\s*A1c)(?!\s+ratio\b)", re.IGNORECASE
        )
        self.bounds = bounds

    @classmethod
    def load(cls, measures_file: Path, ranges_file: Path) -> ThresholdReader:
        """Names of every tg:LabTest in a measures file ("creatinine clearance (calculated)" also without the
        parenthesis), and the plausible ranges of their bounds."""
        graph = read_turtle(measures_file).graph
        names: dict[str, URIRef] = {}
        for test in graph.subjects(RDF.type, TG.LabTest):
            if not isinstance(test, URIRef):
                continue  # a constraint must name its test by IRI
            for predicate in (RDFS.label, SKOS.altLabel):
                for label in graph.objects(test, predicate):
                    for name in {str(label).strip(), re.sub(r"\s*\([^)]*\)$", "", str(label)).strip()}:
                        names[name] = test
        return cls(names, PlausibleBounds.load(ranges_file))

    def __call__(self, text: str) -> list[Threshold | str]:
        """The thresholds in one criterion, and a sentence for each clause that names a test and a number
        but could not be read."""
        found: list[Threshold | str] = []
        clauses = [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]
        readings = [(clause, self.read_list(clause)) for clause in clauses]
        # clauses naming the test and a comparator ("≤ ULN" is one; "the ULN for SGPT is 45 U/L" has none)
        counted: dict[URIRef, int] = {}
        for clause, _ in readings:
            for test in self.tests(clause) if _ANY_COMPARATOR.search(clause) else []:
                counted[test] = counted.get(test, 0) + 1
        for clause, clause_readings in readings:
            for reading in clause_readings:
                if isinstance(reading, Threshold) and counted.get(reading.measure, 0) > 1:
                    reading = f"{_short(clause)}: the test is bounded in several clauses of the criterion; none taken"
                if reading is not None:
                    found.append(reading)
        return found

    def read_list(self, clause: str) -> list[Threshold | str | None]:
        """A clause, or a list of bounds in it ("Platelets <100,000/mm3, ANC <1500/mm3, or ...") when every
        item that names a test reads on its own (an implausible item is reported, its neighbours still taken);
        a shared bound ("AST, ALT or ALP ≤ 2.5 x ULN") is not split."""
        whole = self.read_clause(clause)
        if not (isinstance(whole, str) and "several lab tests" in whole):
            return [whole]
        parts = [p for p in _LIST_ITEM.split(clause) if self.tests(p)]
        readings = [self.read_clause(part) for part in parts]
        if len(parts) > 1 and all(isinstance(r, Threshold | Implausible) for r in readings):
            return list(readings)
        return [whole]

    def tests(self, clause: str) -> list[URIRef]:
        """The distinct known lab tests a clause names, in order."""
        tests: list[URIRef] = []
        for match in self._test.finditer(clause):
            test = self._names[re.sub(r"\s+", " ", match.group(1)).casefold()]
            if test not in tests:
                tests.append(test)
        return tests

    def read_clause(self, clause: str) -> Threshold | str | None:
        """A threshold, a sentence saying why none was taken, or None when the clause names no test with a number."""
        tests = self.tests(clause)
        if not tests or not re.search(r"\d", clause):
            return None
        shown = _short(clause)
        if len(tests) > 1:
            return f"{shown}: several lab tests in one clause; not taken"
        bounds = list(_BOUND.finditer(clause))
        if len(bounds) != 1:
            problem = "no comparator before a number" if not bounds else "several comparators and numbers"
            return f"{shown}: {problem}; not taken"
        bound = bounds[0]
        first_test = self._test.search(clause)
        if first_test is None or first_test.start() > bound.start():
            return f"{shown}: the lab test is not named before its bound; not taken"
        comparator = COMPARATORS[re.sub(r"\s+", " ", bound.group(1).lower())]
        written = bound.group(2)
        values = readings(written)
        if not values:
            return f"{shown}: {written!r} is no number; not taken"
        rest = clause[bound.end() :]
        measure = tests[0]
        if _ULN.match(rest):
            found = [Threshold(measure, comparator, uln_multiple=value) for value in values]
            return self._plausible(shown, written, found)
        unit = _read_unit(rest)
        spaced = _SPACE_THOUSANDS.match(rest)
        if unit is None and spaced and written.isdigit():
            # "140 000/mm³": a space as thousands separator, taken only when the unit then reads
            unit = _read_unit(rest[spaced.end() :])
            if unit is not None:
                values = [Decimal(written) * 1000 + Decimal(spaced.group(1))]
        if unit is None:
            stated = " ".join(_UNIT_STOP.split(rest, maxsplit=1)[0].split()[:2])
            if measure in UNITLESS and not re.match(r"\s*[^\W\d_]", rest):
                found = [Threshold(measure, comparator, value, "1", None, (value, "1")) for value in values]
                return self._plausible(shown, written, found)
            return f"{shown}: unit {stated!r} not known; not taken" if stated else f"{shown}: no unit; not taken"
        code, unit_text = unit
        if len(values) == 2 and code in _CELLS_PER_VOLUME:
            values = values[1:]  # "100,000/mm3", "100.000/µl": a count of single cells, in thousands
        try:
            found = [Threshold(measure, comparator, v, code, unit_text, to_canonical(v, code)) for v in values]
        except UnitError as error:
            return f"{shown}: {error}; not taken"
        if found[0].canonical[1] == "d":  # a duration is no lab value ("> 5 days")
            return f"{shown}: {unit_text!r} is a time, not a lab unit; not taken"
        return self._plausible(shown, written, found)

    def _plausible(self, shown: str, written: str, found: list[Threshold]) -> Threshold | str:
        """The one plausible reading of a bound; a sentence when none is, or when both readings of an ambiguous
        number are."""
        problems = [self.bounds.problem(t.measure, *(t.canonical or (t.uln_multiple, ULN))) for t in found]
        plausible = [t for t, problem in zip(found, problems, strict=True) if problem is None]
        if len(plausible) == 1:
            return plausible[0]
        if plausible:
            values = " or ".join(
                decimal_text((t.value if t.uln_multiple is None else t.uln_multiple).normalize()) for t in plausible
            )
            return f"{shown}: {written!r} may be {values} (a decimal or a thousands separator); not taken"
        return Implausible(
            f"{shown}: implausible bound, {' and '.join(dict.fromkeys(p for p in problems if p))}; not taken"
        )


def _read_unit(rest: str) -> tuple[str, str] | None:
    """The UCUM code and written form of the unit at the start of `rest`: the most words (up to three, before
    any bracket or comma) that read as one unit ("x 10^9/L", "/ mm3", "mm Hg")."""
    words = _UNIT_STOP.split(rest, maxsplit=1)[0].split()[:_MAX_UNIT_WORDS]
    for count in range(len(words), 0, -1):
        written = " ".join(words[:count]).rstrip(".:")
        try:
            return ucum_code(written), written
        except UnitError:
            continue
    return None


def _short(clause: str) -> str:
    return repr(clause if len(clause) <= 120 else clause[:117] + "...")
