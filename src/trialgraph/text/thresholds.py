"""Numeric lab thresholds stated in one eligibility criterion's text, best effort.

A criterion is cut into clauses (at ";" and at sentence ends). A clause gives a threshold only when
it is unambiguous: one known lab test (by the rdfs:label or skos:altLabel of a tg:LabTest in
data/shared/measures.ttl), after it one comparator with one number, and then a unit that
trialgraph.graph.units reads, or a multiple of the upper limit of normal. A clause that names a known
test and a number but gives no such reading is reported as not parsed; nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.namespace import SKOS

from ..graph.turtle import read_turtle
from ..graph.units import UnitError, to_canonical, ucum_code

TG = Namespace("https://w3id.org/trialgraph/ontology/")
MEASURE = Namespace("https://w3id.org/trialgraph/id/measure/")
# ratios stated without a unit; their threshold is in UCUM "1", as the curated trials write INR
UNITLESS = {MEASURE["inr"]}

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
_COMPARATOR = "|".join(
    re.escape(c) + (r"\b" if c[-1].isalpha() else "") for c in sorted(COMPARATORS, key=len, reverse=True)
)
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# a comparator directly followed by a number ("≥1500", "at least 100", "of at least 9"); letters or
# digits just before a word comparator belong to another word
_BOUND = re.compile(rf"(?<![\w])({_COMPARATOR})\s*(?:of\s+)?({_NUMBER})(?![\d,]\d)", re.IGNORECASE)
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

    def __init__(self, names: dict[str, URIRef]):
        # short all-capital names (ALT, INR, Hb) match as written, longer ones in any case;
        # "hemoglobin A1c" is another test than "hemoglobin"
        patterns = []
        for name in sorted(names, key=len, reverse=True):
            escaped = r"\s+".join(re.escape(word) for word in name.split())
            exact = len(name) <= 4 and not name.islower()
            patterns.append(f"(?-i:{escaped})" if exact else escaped)
        self._names = {name.casefold(): iri for name, iri in names.items()}
        self._test = re.compile(rf"(?<![\w-])({'|'.join(patterns)})(?![\w-])(?!\s*A1c)", re.IGNORECASE)

    @classmethod
    def load(cls, measures_file: Path) -> ThresholdReader:
        """Names of every tg:LabTest in a measures file ("creatinine clearance (calculated)" also without the
        parenthesis)."""
        graph = read_turtle(measures_file).graph
        names: dict[str, URIRef] = {}
        for test in graph.subjects(RDF.type, TG.LabTest):
            if not isinstance(test, URIRef):
                continue  # a constraint must name its test by IRI
            for predicate in (RDFS.label, SKOS.altLabel):
                for label in graph.objects(test, predicate):
                    for name in {str(label).strip(), re.sub(r"\s*\([^)]*\)$", "", str(label)).strip()}:
                        names[name] = test
        return cls(names)

    def __call__(self, text: str) -> list[Threshold | str]:
        """The thresholds in one criterion, and a sentence for each clause that names a test and a number
        but could not be read."""
        found: list[Threshold | str] = []
        clauses = [c.strip() for c in _CLAUSE_END.split(text) if c.strip()]
        readings = [(clause, self.read_list(clause)) for clause in clauses]
        counted: dict[URIRef, int] = {}
        for clause, _ in readings:
            for test in self.tests(clause):
                counted[test] = counted.get(test, 0) + 1
        for clause, clause_readings in readings:
            for reading in clause_readings:
                if isinstance(reading, Threshold) and counted[reading.measure] > 1:
                    reading = f"{_short(clause)}: the test is bounded in several clauses of the criterion; none taken"
                if reading is not None:
                    found.append(reading)
        return found

    def read_list(self, clause: str) -> list[Threshold | str | None]:
        """A clause, or a list of bounds in it ("Platelets <100,000/mm3, ANC <1500/mm3, or ...") when every
        item that names a test reads on its own; a shared bound ("AST, ALT or ALP ≤ 2.5 x ULN") is not split."""
        whole = self.read_clause(clause)
        if not (isinstance(whole, str) and "several lab tests" in whole):
            return [whole]
        parts = [p for p in _LIST_ITEM.split(clause) if self.tests(p)]
        readings = [self.read_clause(part) for part in parts]
        if len(parts) > 1 and all(isinstance(r, Threshold) for r in readings):
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
        value = Decimal(bound.group(2).replace(",", ""))
        rest = clause[bound.end() :]
        measure = tests[0]
        uln = _ULN.match(rest)
        if uln:
            return Threshold(measure, comparator, uln_multiple=value)
        unit = _read_unit(rest)
        spaced = _SPACE_THOUSANDS.match(rest)
        if unit is None and spaced and "," not in bound.group(2) and "." not in bound.group(2):
            # "140 000/mm³": a space as thousands separator, taken only when the unit then reads
            unit = _read_unit(rest[spaced.end() :])
            if unit is not None:
                value = value * 1000 + Decimal(spaced.group(1))
        if unit is None:
            written = " ".join(_UNIT_STOP.split(rest, maxsplit=1)[0].split()[:2])
            if measure in UNITLESS and not re.match(r"\s*[^\W\d_]", rest):
                return Threshold(measure, comparator, value, "1", None, (value, "1"))
            return f"{shown}: unit {written!r} not known; not taken" if written else f"{shown}: no unit; not taken"
        code, written = unit
        try:
            canonical = to_canonical(value, code)
        except UnitError as error:
            return f"{shown}: {error}; not taken"
        if canonical[1] == "d":  # a duration is no lab value ("> 5 days")
            return f"{shown}: {written!r} is a time, not a lab unit; not taken"
        return Threshold(measure, comparator, value, code, written, canonical)


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
