"""Numeric lab thresholds stated in one eligibility criterion's text, best effort.

A criterion is cut into clauses (at ";" and at sentence ends). A clause gives a threshold only when it is
unambiguous: one known lab test (by the rdfs:label or skos:altLabel of a tg:LabTest in data/shared/measures.ttl),
after it one comparator with one number, and then a unit that trialgraph.graph.units reads, or a multiple of the
upper limit of normal. The bound must be plausible for its test and unit (data/shared/lab-bound-ranges.tsv):
"platelets < 100/µL" or "Hb > 8.5 mg/dL" is a misread source, reported and not stored. A number with one
separator and three digits after it ("100.000/µl", "1,500") is a thousands count with a unit of single cells per
volume; otherwise the one plausible reading is taken, and a number plausible both ways is reported. A clause that
names a known test and a number but gives no such reading is reported; nothing is guessed (text/conditional.py).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.namespace import SKOS

from ..graph.turtle import read_turtle
from ..graph.units import UnitError, decimal_text, to_canonical
from .bound_sets import leads_to_alternative, range_pairs
from .comparators import COMPARATOR_PATTERN, COMPARATORS
from .conditional import conditional_readings, names_shared, shared_pair
from .conditions import CLAUSE_END, AgeCondition, StudyCondition, condition, condition_match
from .forms import expanded, repaired
from .numbers import WRITTEN, readings
from .plausibility import ULN, PlausibleBounds
from .qualified import (
    NEXT_CRITERION,
    Qualifier,
    alternative_group,
    joint,
    paired,
    per_age,
    qualifier,
    redundant,
    required_for,
)
from .respective import respective
from .unit_words import UNIT_STOP, read_unit

TG = Namespace("https://w3id.org/trialgraph/ontology/")
MEASURE = Namespace("https://w3id.org/trialgraph/id/measure/")
# ratios stated without a unit; their threshold is in UCUM "1", as the curated trials write INR
UNITLESS = {MEASURE["inr"]}
# measures with one unit, which sources often leave out ("BMI ≥ 30"): a bare number is in it
STATED_BARE = {MEASURE["body-mass-index"]: "kg/m2"}
# words after a ratio's number that are no unit ("INR < 1.5 at the time of injection", "INR > 2 or any other"); not
# "if": in "> 3 if on anticoagulants" the multiple of the ULN may be stated once, with the default bound
_PLAIN_WORD = r"(?:or|and|at|on|within|prior|before|after|during|while)\b"
# counts written per single cells and volume, where "100,000" and "1.500" group thousands
_CELLS_PER_VOLUME = {"/uL", "/mm3", "/L"}

# a comparator directly followed by a number ("≥1500", "at least 100", "of at least 9", "> 1,5", "≥ level 50")
_BOUND = re.compile(
    rf"({COMPARATOR_PATTERN})\s*(?:\(\s*[<>≤≥=/]+\s*\)\s*)?(?:(?:of|level)\s+)?(?<![\d.,])({WRITTEN})", re.IGNORECASE
)
# a comparator after the number and its unit ("creatinine of 2.0 mg/dl or less", "2.5 X institutional norm or less")
_TRAILING = re.compile(
    rf"(?<![\d.,])({WRITTEN})((?:\s*[^\s,;()]+){{0,4}}?)\s+or\s+(less|lower|below|fewer|more|greater|higher|above)\b",
    re.IGNORECASE,
)
# what follows a number that is a time window or a count, not a bound
_NOT_A_BOUND = re.compile(
    r"^\s*(?:days?|weeks?|months?|years?|hours?|hrs?|wks?|consecutive|occasions?|times\b(?!\s+(?:the\s+)?(?:ULN|upper|institutional|normal))"
    r"|measurements?|readings?|episodes?|lines?|cycles?|doses?)\b",
    re.IGNORECASE,
)
_AT_ULN = re.compile(
    rf"({COMPARATOR_PATTERN})\s*(?=(?:the\s+)?(?:institutional\s+)?(?:ULN\b|upper\s+limit\s+of\s+(?:the\s+)?(?:institutional\s+)?normal))",
    re.IGNORECASE,
)
_EITHER_JOIN = re.compile(r"\s*(?:\S+\s+){0,2}?or\s*", re.IGNORECASE)  # "< 24 or > 40 kg/m2"
# the same bound in another unit, in brackets or after "or" ("> 10.5% (> 91 mmol/mol)", "≤300 lbs. or ≤136 kg")
_RESTATED = re.compile(r"\s*\S{0,12}\s*(?:\(|\bor\b)\s*", re.IGNORECASE)
_BETWEEN = re.compile(
    rf"(?:\bbetween|=|\brange\s+of)\s*\(?\s*(?<![\d.,])({WRITTEN})\s*(?:-|\u2013|\bto\b|\band\b)\s*({WRITTEN})",
    re.IGNORECASE,
)
# a range restated in another unit, in brackets after the first's unit: " mmol/mol (5.4 to 9.5%)"
_RANGE_RESTATED = re.compile(
    rf"^\s*[^\s\d()]+\s*\(\s*({WRITTEN})\s*(?:-|\u2013|\bto\b)\s*({WRITTEN})(?=\s*[^\s\d()]+\s*\))"
)
# between two names of one test ("aspartate aminotransferase (AST or SGOT)"), and between tests sharing a bound
_SAME_MENTION = re.compile(r"(?:\s|[()\[\]/,]|\bor\b)*", re.IGNORECASE)
_CONNECTOR = re.compile(
    r"(?:\s|[()\[\],/&:]|\b(?:or|and|serum|levels?|the|both|either|values?|counts?"
    r"|measured|calculated|estimated|radioisotope|radionuclide|isotopic|adjusted|body\s+surface\s+area|BSA)\b)*",
    # how a test is made ("BSA adjusted"): no other test
    re.IGNORECASE,
)
# between the two bounds of a range ("≥ 18.5 and ≤ 32", "≥ 450 ms to ≤ 500 ms")
_RANGE_JOIN = re.compile(r"\s*(?:\S+\s+){0,2}?(?:and|to)\s*", re.IGNORECASE)
# names of several tests at once
GROUPS = {
    name: (MEASURE["ast"], MEASURE["alt"])
    for name in ("transaminases", "aminotransferases", "liver aminotransferases", "serum transaminases")
}
_ANY_COMPARATOR = re.compile(COMPARATOR_PATTERN, re.IGNORECASE)
# between two bounds: a join, then words naming what the second bounds ("or liver function tests", "and the
# patient has a Child-Pugh score")
_OTHER_SUBJECT = re.compile(
    r"(?:[,;]|\b(?:or|and|and/or)\b)\s+(?!(?:or|and|to|then|of|the|a|an|is|are|be)\b)(?:\(?[^\W\d_][\w'-]*\s+){1,6}$",
    re.IGNORECASE,
)
# a name right after these words is another test ("direct bilirubin", "urine creatinine")
_OTHER_TEST = r"(?<!direct\s)(?<!conjugated\s)(?<!urine\s)(?<!urinary\s)"
_ULN = re.compile(
    r"^\s*(?:x|\u00d7|\*|times|-?fold)?\s*(?:above\s+|over\s+|of\s+)?(?:the\s+)?(?:institutional\s+|local\s+)?"
    r"(?:ULN\b|upper\s+(?:limit|level|value)s?\s+(?:of\s+)?(?:the\s+)?(?:institutional\s+)?(?:normal|reference)"
    r"|upper\s+normal\s+(?:limit|value|lab)|institutional\s+norm\b|normal\s+value|upper\s+limit\s+normal)",
    re.IGNORECASE,
)
_SPACE_THOUSANDS = re.compile(r"^ (\d{3})(?![\d,])")  # "140 000/mm³"


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
    lab_test: bool = True  # a tg:LabTest (a tg:LabTestConstraint), else another tg:Measure (BMI, QTc, weight)
    # the bound's condition (text/conditional.py, text/qualified.py): a shared node (a condition, a sex), a
    # condition stated only in words or an age group; the bound holds only under it, or only without it
    applies_when: URIRef | StudyCondition | AgeCondition | None = None
    applies_unless: URIRef | StudyCondition | AgeCondition | None = None
    any_of: int | None = None  # its alternative group in the criterion: one bound of the group suffices


class ThresholdReader:
    """Finds thresholds in criterion texts; holds the lab test names (load once, call per criterion)."""

    def __init__(self, names: dict[str, URIRef], bounds: PlausibleBounds, labs: set[URIRef] | None = None):
        # short all-capital names (ALT, INR, Hb) match as written, longer ones in any case;
        # "hemoglobin A1c" is another test than "hemoglobin"
        patterns = []
        for name in sorted([*names, *GROUPS], key=len, reverse=True):
            escaped = r"\s+".join(re.escape(word) for word in name.split())
            exact = len(name) <= 4 and not name.islower()
            patterns.append(f"(?-i:{escaped})" if exact else escaped)
        self._names = {name.casefold(): iri for name, iri in names.items()}
        self._groups = {name.casefold(): tests for name, tests in GROUPS.items()}
        self._labs = set(names.values()) if labs is None else labs
        # measures bounded by a duration (QTc in seconds): their times are no time windows
        self._durations = {measure for measure, unit in bounds.ranges if unit == "d"}
        self._test = re.compile(
            # "x 109 platelets/L" names what the unit counts, no test
            rf"(?<![\w-]){_OTHER_TEST}({'|'.join(patterns)})(?![\w-])(?!\s*A1c)(?!\s+(?:ratio|equation|formula)\b)"
            r"(?!/\s*(?:L|uL|\u00b5L|\u03bcL|mcL|mm|cu)\b)",
            re.IGNORECASE,
        )
        self.bounds = bounds

    @classmethod
    def load(cls, measures_file: Path, ranges_file: Path) -> ThresholdReader:
        """Names of every tg:LabTest in a measures file ("creatinine clearance (calculated)" also without the
        parenthesis), and of every other tg:Measure the ranges table has a range for (a measure without one
        could take any unit, so none is read), and the plausible ranges of their bounds."""
        graph = read_turtle(measures_file).graph
        bounds = PlausibleBounds.load(ranges_file)
        names: dict[str, URIRef] = {}
        labs = {test for test in graph.subjects(RDF.type, TG.LabTest) if isinstance(test, URIRef)}
        others = {m for m in graph.subjects(RDF.type, TG.Measure) if isinstance(m, URIRef) and bounds.units(m)}
        for test in labs | others:
            for predicate in (RDFS.label, SKOS.altLabel):
                for label in graph.objects(test, predicate):
                    for name in {str(label).strip(), re.sub(r"\s*\([^)]*\)$", "", str(label)).strip()}:
                        names[name] = test
        return cls(names, bounds, labs)

    def __call__(self, text: str, section: str = "inclusion") -> list[Threshold | str]:
        """The thresholds in one criterion, and a sentence for each clause that names a test and a number
        but could not be read. In an inclusion criterion, bounds joined by "or" are alternatives (reported); in
        an exclusion criterion each excludes on its own."""
        text = expanded(
            repaired(re.sub(r"\\(?=[<>=])", "", html.unescape(text)))
        )  # "HbA1c of &gt; 6.5%", "AST â‰¥ 3", "BP > 140/90 mmHg"
        if (alternatives := respective(self, text, section)) is not None:
            return [*alternatives]
        # a shared condition may follow a number ("> 3 if receiving anticoagulant therapy"), where condition() sees
        # the words of a formula
        marked = condition(text) is not None or names_shared(text)
        if marked and (conditional := conditional_readings(self, text, section)) is not None:
            return [*conditional]
        found: list[Threshold | str] = []
        clauses: list[str] = []
        for clause in (c.strip() for c in CLAUSE_END.split(text) if c.strip()):
            if clauses and clauses[-1].count("(") > clauses[-1].count(")") and not self.tests(clause):
                clauses[-1] += "; " + clause  # "(ULN; < 2.0 x ULN for patients with ...)": one bracket, one clause
            else:
                clauses.append(clause)
        readings = [(clause, self.read_list(clause, section)) for clause in clauses]
        # clauses naming the test and a comparator ("≤ ULN" is one; "the ULN for SGPT is 45 U/L" has none)
        counted: dict[URIRef, int] = {}
        for clause, _ in readings:
            for test in self.tests(clause) if _ANY_COMPARATOR.search(clause) else []:
                counted[test] = counted.get(test, 0) + 1
        # a condition in a clause restricts the bounds of the tests it names, or every bound when it names none
        # ("AST ≤ 2.5 x ULN (or ≤ 5 if liver metastases are present)"); its words are no bound (text/qualified.py)
        # (its words, the qualifier read from them, the clauses it qualifies: None for all)
        restricted: dict[URIRef | None, tuple[str, Qualifier | None, set[int] | None]] = {}
        for number, clause in enumerate(clauses):
            if (marker := condition_match(clause)) is None:
                continue
            words, mentions = marker.group(0), self._mentions(clause)
            pair = shared_pair(self, clause, section) or paired(self, clause, marker, section)
            pair = pair or per_age(self, clause, section) or joint(self, clause, marker, section)
            if (pair := pair or required_for(self, clause, marker, section)) is not None:
                readings[number] = (clause, [*pair])  # a default bound and its alternative under a condition
                continue
            if (plain := redundant(self, clause, marker, section)) is not None:
                readings[number] = (clause, self.read_list(plain, section))  # the condition says no more
                continue
            found_qualifier = qualifier(self, clause, marker, section)
            if found_qualifier is not None:
                readings[number] = (clause, self.read_list(found_qualifier.blanked(clause), section))
            if number == 0 and (not mentions or marker.start() < mentions[0][1]):
                restricted.setdefault(None, (words, found_qualifier, None))  # "(US ONLY) ... platelets < 124": all
                continue
            # a clause naming no test ("unless known Gilbert's syndrome)") restricts the clause before it; a bound of
            # the test in another clause is reported ("For subjects with HCC, ...: total bilirubin ≤ 3 x ULN" says
            # nothing of who the first clause's bound is for)
            named = self.tests(clause)
            scope = {number} if named else {number - 1, number}
            for test in named or (self.tests(clauses[number - 1]) if number else []):
                restricted.setdefault(test, (words, found_qualifier, scope))
            if named and number and re.match(r"\W*(?:unless|except)\b", clause, re.IGNORECASE):
                # "...; except for participants with X (direct bilirubin ≤ 1.5 x ULN)": the clause before is exempted
                for test in self.tests(clauses[number - 1]):
                    restricted.setdefault(test, (words, None, {number - 1}))
        if section == "inclusion" and re.search(r"(?:\bOR|,\s*or)\s*$", text):
            alternative = ("OR (an alternative to the next criterion)", Qualifier(NEXT_CRITERION, True), None)
            restricted.setdefault(None, alternative)
        broken: set[int] = set()  # alternative groups a member of which was not taken: none of them is
        for number, (clause, clause_readings) in enumerate(readings):
            for reading in clause_readings:
                grouped = isinstance(reading, Threshold) and reading.any_of is not None
                if isinstance(reading, Threshold):
                    unrestricted = (None, None, None)
                    words, found_qualifier, scope = restricted.get(reading.measure, restricted.get(None, unrestricted))
                    if found_qualifier is not None and not _qualified(reading) and (scope is None or number in scope):
                        reading = found_qualifier.applied(reading)
                    elif words is not None or found_qualifier is not None:  # no condition, or a second one
                        reading = f"{_short(clause)}: the bound applies under a condition ({words!r}); not taken"
                    elif counted.get(reading.measure, 0) > 1 and not _qualified(reading):
                        reading = (
                            f"{_short(clause)}: the test is bounded in several clauses of the criterion; none taken"
                        )
                if isinstance(reading, Threshold) and reading.any_of is not None:
                    reading = replace(reading, any_of=number + 1)  # one group per clause
                elif grouped:
                    broken.add(number + 1)
                if reading is not None and reading not in found:
                    found.append(reading)
        return [f for f in found if not isinstance(f, Threshold) or f.any_of not in broken]

    def read_list(self, clause: str, section: str = "inclusion") -> list[Threshold | str | None]:
        """The bounds of one clause. Each named test takes the bound that follows it; tests named together
        before one bound share it ("AST/ALT ≤ 3.0 x ULN", "AST and ALT ≤ 2.5 x ULN", "transaminases > 3 x ULN");
        a list names several tests, each with its bound ("Platelets <100,000/mm3, ANC <1500/mm3, or ..."): an
        implausible item is reported, its neighbours still taken. Two bounds of one test joined by "and" or "to"
        are a range ("BMI ≥ 18.5 and ≤ 32 kg/m2")."""
        mentions = self._mentions(clause)
        if not mentions or not re.search(r"\d|\bULN\b|upper\s+limit\s+of\s+normal", clause, re.IGNORECASE):
            return [None]
        shown = _short(clause)
        segments: list[list[Threshold | str]] = []  # the readings of each bound, with the tests sharing it
        alternatives: set[int] = set()  # segments joined by "or" in an inclusion criterion
        unread: str | None = None  # an alternative naming a test but no bound
        notes: list[str] = []
        pending: list[URIRef] = []
        pending_start: int | None = None
        bounded: set[URIRef] = set()
        after_bound: str | None = None  # the text after the previous bound's number
        for index, (tests, start, end) in enumerate(mentions):
            stop = mentions[index + 1][1] if index + 1 < len(mentions) else len(clause)
            rest = clause[end:stop]
            outside = bool(re.search(r"\boutside\b[^\d]*$", clause[:start], re.I))  # "outside of a BMI range of"
            bounds = self._bounds(rest, section, outside)
            or_before = after_bound is not None and section == "inclusion" and leads_to_alternative(after_bound)
            if not bounds:
                if _CONNECTOR.fullmatch(rest):
                    pending += tests
                    pending_start = start if pending_start is None else pending_start
                elif or_before and not set(tests) <= bounded:
                    alternatives.add(len(segments) - 1)  # "... ≥ 70 mL/min or a creatinine based on age"
                    unread = unread or clause[start:stop].strip(" ,;.:")
                elif not set(tests) <= bounded and re.search(r"\d", rest):
                    notes.append(f"{shown}: no comparator before a number; not taken")
                continue
            if isinstance(bounds, str):
                return [f"{shown}: {bounds}; not taken"]
            if or_before:
                alternatives |= {len(segments) - 1, len(segments)}
            segment: list[Threshold | str] = []
            # a list item is shown on its own ("'ANC > 1.5 cells/mm3': implausible bound ...")
            item = (
                _short(clause[start if pending_start is None else pending_start : stop].strip(" ,;"))
                if len(mentions) > 1
                else shown
            )
            for test in [*pending, *tests]:
                for position, (comparator, written, after, _, _) in enumerate(bounds):
                    if position == 0 and len(bounds) == 2 and not read_unit(after) and not _ULN.match(after):
                        after = bounds[1][2]  # "≥ 30 and < 90 mL/min/1.73 m2": the unit is stated once
                    segment.append(self.read_bound(item, test, comparator, written, after))
                bounded.add(test)
            segments.append(segment)
            pending, pending_start = [], None
            after_bound = bounds[-1][2]
        if pending and not bounded:
            return [f"{shown}: several lab tests in one clause; not taken"]
        segments = alternative_group(segments, alternatives, unread)
        if any(not _grouped(segments[i]) for i in alternatives if 0 <= i < len(segments)):
            notes.append(f"{shown}: bounds joined by 'or' are alternatives; not taken")
        every = [f for f in dict.fromkeys(r for segment in segments for r in segment) if isinstance(f, Threshold)]
        if len({t.measure for t in every}) < len(every) and not range_pairs(every):
            return [f"{shown}: a test with two different bounds; not taken"]
        found = [r for i, segment in enumerate(segments) if i not in alternatives or _grouped(segment) for r in segment]
        return list(dict.fromkeys([*found, *notes])) or [None]

    def _mentions(self, clause: str) -> list[tuple[list[URIRef], int, int]]:
        """The tests a clause names, in order: a name repeated in brackets or after a slash ("aspartate
        aminotransferase (AST) (SGOT)") is one mention."""
        mentions: list[tuple[list[URIRef], int, int]] = []
        for match in self._test.finditer(clause):
            tests = self._resolve(match.group(1))
            if (
                mentions
                and mentions[-1][0] == tests
                and _SAME_MENTION.fullmatch(clause[mentions[-1][2] : match.start()])
            ):
                mentions[-1] = (tests, mentions[-1][1], match.end())
            else:
                mentions.append((tests, match.start(), match.end()))
        return mentions

    def _resolve(self, name: str) -> list[URIRef]:
        key = re.sub(r"\s+", " ", name).casefold()
        return list(self._groups[key]) if key in self._groups else [self._names[key]]

    def tests(self, clause: str) -> list[URIRef]:
        """The distinct known tests a clause names, in order."""
        return list(dict.fromkeys(test for tests, _, _ in self._mentions(clause) for test in tests))

    @staticmethod
    def _bounds(
        rest: str, section: str = "inclusion", outside: bool = False
    ) -> list[tuple[str, str, str, int, int]] | str:
        """(comparator notation, number as written, text after it, end, start) of each bound in `rest`: a
        comparator before a number ("≤ 1.5", "of at least 9"), after it ("2.0 mg/dl or less"), or a range
        ("between 60-85%", "≥ 18.5 and ≤ 32 kg/m2", in an exclusion "< 24 or > 40 kg/m2"); a sentence when
        `rest` holds bounds that read no such way. A duration or a count ("at least 7 days", "at least 2
        consecutive occasions") is no bound."""
        found = []
        for bound in _BOUND.finditer(rest):
            after = rest[bound.end() :]
            if _NOT_A_BOUND.match(after):
                continue
            comparator = COMPARATORS[re.sub(r"\s+", " ", bound.group(1).lower())]
            found.append((comparator, bound.group(2), after, bound.end(), bound.start()))
        for index in range(1, len(found)):
            # a bound after words naming something else ("or liver function tests > 3 x ULN") is not this test's:
            # in an exclusion each excludes on its own, in an inclusion only a bound joined by "and" is apart
            other = _OTHER_SUBJECT.search(rest[found[index - 1][3] : found[index][4]])
            if other and (section == "exclusion" or not re.match(r"\W*or\b", other.group(0), re.IGNORECASE)):
                found = found[:index]
                break
        if len(found) == 2 and found[0][:2] == found[1][:2]:
            found = found[:1]  # "Hgb ≥ 8.0 g/dl (... to achieve Hgb ≥ 8.0 g/dl ...)"
        if len(found) == 2:
            (first, _, _, first_end, _), (second, _, _, _, second_start) = found
            between = rest[first_end:second_start]
            ranged = first[0] == ">" and second[0] == "<" and _RANGE_JOIN.fullmatch(between)
            either = section == "exclusion" and {first[0], second[0]} == {"<", ">"} and _EITHER_JOIN.fullmatch(between)
            restated = first == second and _RESTATED.fullmatch(between)  # "> 10.5% (> 91 mmol/mol)"
            if not (ranged or either or restated):
                return "several comparators and numbers"
            if restated:
                found = [found[0], (found[1][0], found[1][1], found[1][2], found[1][3], -1)]  # each its own unit
        elif len(found) > 2:
            return "several comparators and numbers"
        outside = outside or bool(re.search(r"\boutside\b", rest, re.I))
        if not found and (between := _BETWEEN.search(rest)) and (section == "exclusion" or not outside):
            # "outside a range of (18.5 - 30)" in an exclusion: below the one, above the other, each excluding
            low, high = ("<", ">") if outside else (">=", "<=")
            after = rest[between.end() :]
            ranged = [
                (low, between.group(1), after, between.end(), between.start()),
                (high, between.group(2), after, 0, 0),
            ]
            if again := _RANGE_RESTATED.match(after):  # "between 35 to 80 mmol/mol (5.4 to 9.5%)": both units
                restated = after[again.end(2) :]
                ranged += [(low, again.group(1), restated, 0, -1), (high, again.group(2), restated, 0, -1)]
            return ranged
        at_uln = None if found else _AT_ULN.search(rest)
        if at_uln and not re.search(r"\d", rest[: at_uln.start()]):  # "lipase ≤ ULN": one times the ULN
            comparator = COMPARATORS[re.sub(r"\s+", " ", at_uln.group(1).lower())]
            return [(comparator, "1", rest[at_uln.end() :], at_uln.end(), at_uln.start())]
        if not found and (trailing := _TRAILING.search(rest)):
            comparator = "<=" if trailing.group(3).lower() in ("less", "lower", "below", "fewer") else ">="
            found.append((comparator, trailing.group(1), trailing.group(2), trailing.end(), trailing.start()))
        return found

    def read_clause(self, clause: str) -> Threshold | str | None:
        """The one threshold of a clause naming one test, a sentence saying why none was taken, or None."""
        readings = self.read_list(clause)
        return readings[0] if len(readings) == 1 else f"{_short(clause)}: several bounds; not taken"

    def read_bound(self, shown: str, measure: URIRef, comparator: str, written: str, rest: str) -> Threshold | str:
        """One bound of `measure`: the number as written and the text after it (a unit or a multiple of ULN)."""
        values = readings(written)
        if not values:
            return f"{shown}: {written!r} is no number; not taken"
        if _ULN.match(rest):
            found = [
                Threshold(measure, comparator, uln_multiple=value, lab_test=measure in self._labs) for value in values
            ]
            return self._plausible(shown, written, found)
        unit = read_unit(rest)
        spaced = _SPACE_THOUSANDS.match(rest)
        if unit is None and spaced and written.isdigit():
            # "140 000/mm³": a space as thousands separator, taken only when the unit then reads
            unit = read_unit(rest[spaced.end() :])
            if unit is not None:
                values = [Decimal(written) * 1000 + Decimal(spaced.group(1))]
        if unit is None:
            stated = " ".join(UNIT_STOP.split(rest, maxsplit=1)[0].split()[:2])
            if measure in STATED_BARE and not re.match(r"\s*[^\W\d_]", rest):  # "a BMI range of (18.5 - 30)"
                return self.read_bound(shown, measure, comparator, written, STATED_BARE[measure] + rest)
            if measure in UNITLESS and not re.match(rf"\s*(?!{_PLAIN_WORD})[^\W\d_]", rest):
                found = [Threshold(measure, comparator, value, "1", None, (value, "1")) for value in values]
                return self._plausible(shown, written, found)
            return f"{shown}: unit {stated!r} not known; not taken" if stated else f"{shown}: no unit; not taken"
        code, unit_text = unit
        if len(values) == 2 and code in _CELLS_PER_VOLUME:
            values = values[1:]  # "100,000/mm3", "100.000/µl": a count of single cells, in thousands
        lab = measure in self._labs
        try:
            found = [
                Threshold(measure, comparator, v, code, unit_text, to_canonical(v, code), None, lab) for v in values
            ]
        except UnitError as error:
            return f"{shown}: {error}; not taken"
        if found[0].canonical[1] == "d" and measure not in self._durations:  # a duration is no lab value
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


def _qualified(reading: Threshold) -> bool:
    return reading.any_of is not None or reading.applies_when is not None or reading.applies_unless is not None


def _grouped(segment: list[Threshold | str]) -> bool:
    return bool(segment) and all(isinstance(r, Threshold) and _qualified(r) for r in segment)


def _short(clause: str) -> str:
    return repr(clause if len(clause) <= 120 else clause[:117] + "...")
