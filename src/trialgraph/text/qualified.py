"""Bounds under a condition no shared node says, kept as data: the condition's words become a condition of the
study's own (text/conditions.py, StudyCondition), or an age group (AgeCondition).

"Neutrophils < 1.5 x 10^9/L (unless due to NHL involvement of the bone marrow)" is a bound applying unless that
condition; "PATIENTS WITH SOLID TUMORS: Albumin >= 2 g/dL" one applying when its heading holds; "eGFR < 30
mL/min/1.73m^2 ... for individuals >= 1 year of age" one for an age group. The condition's extent is the bracket
it stands in, a heading before the tests (up to its colon or comma), or the words from it to the end of the
clause. Nothing is guessed: a condition whose extent holds a bound of its own ("NOTE: for Asian-Americans BMI >
23"), or whose sense (applies when, or unless) the words do not say, gives no qualifier, and the bound is
reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from ..graph.units import UnitError, ucum_code
from .comparators import COMPARATOR_PATTERN, COMPARATORS
from .conditional import _ANOTHER, _OTHER, _bound_starts, _names, _only_thresholds, closing, open_bracket
from .conditional import _NAMES as _SHARED
from .conditions import AgeCondition, StudyCondition

if TYPE_CHECKING:
    from .thresholds import Threshold, ThresholdReader

# words saying the bound does not apply where the condition holds
_UNLESS = re.compile(r"^\W*(?:unless|except|excluding)\b", re.IGNORECASE)
_EXEMPT = re.compile(
    r"\b(?:(?:still\s+)?be\s+eligible|are\s+eligible|(?:is|are)\s+(?:allowed|permitted|acceptable)"
    r"|will\s+be\s+considered)\b",
    re.IGNORECASE,
)
# words that state a condition's sense: "if", "for patients", a heading
_WHEN = re.compile(
    r"^\W*(?:if|when|provided|in\s+the\s+presence\s+of|(?:for|in)\b|with\b)|^[^:]*:$|(?-i:^\(?\s*[A-Z]{2}[A-Z\s]*\)?$)"
    r"|\bwith\s*$|\bcohorts?\b",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^\W*(?:[a-z]\)\s*)?(?:note\s*:\s*)?(?:or\s+)?"
    r"(?:unless|except(?:\s+for)?|excluding|if|when|provided(?:\s+that)?|for|in)?\s*",
    re.IGNORECASE,
)
_AGE = re.compile(
    rf"^(?:(?:patients|individuals|subjects|participants|children|those)\s+)?(?:aged\s+)?({COMPARATOR_PATTERN})\s*"
    r"(\d+(?:\.\d+)?)\s*(years?|yrs?|months?|weeks?|days?)(?:\s+(?:of\s+age|old))?$",
    re.IGNORECASE,
)
_AGE_PHRASE = re.compile(
    r"\b(?:if|for|in)\s+(?P<age>(?:(?:patients|individuals|subjects|participants|children|those)\s+)?(?:aged\s+)?"
    rf"(?:{COMPARATOR_PATTERN})\s*\d+(?:\.\d+)?\s*(?:years?|yrs?|months?)(?:\s+(?:of\s+age|old))?)",
    re.IGNORECASE,
)
_BRACKETED_WORDS = re.compile(r"\s*\([^()]*\)")
NEXT_CRITERION = StudyCondition("the alternative the next criterion states")


def spaced_out(clause: str, start: int, end: int) -> str:
    """`clause` with its words from `start` to `end` left out, as spaces (the other positions kept)."""
    return clause[:start] + " " * (end - start) + clause[end:]


@dataclass(frozen=True)
class Qualifier:
    """A condition found in a clause, whether the bound applies unless it holds, and its extent in the clause."""

    condition: StudyCondition | AgeCondition
    unless: bool
    start: int = 0
    end: int = 0

    def blanked(self, clause: str) -> str:
        """The clause with the condition's words left out (spaces keep the other positions)."""
        return spaced_out(clause, self.start, self.end)

    def applied(self, reading: Threshold) -> Threshold:
        return replace(reading, **{"applies_unless" if self.unless else "applies_when": self.condition})


def qualifier(reader: ThresholdReader, clause: str, marker: re.Match, section: str) -> Qualifier | None:
    """The condition `marker` (a match of text/conditions.py in `clause`) states, or None when its extent or its
    sense is not certain."""
    start, end = _extent(reader, clause, marker)
    words = clause[start:end]
    shared = _SHARED.search(words)
    if shared and not _OTHER.search(words) and not _ANOTHER.match(clause, start + shared.end()):
        return None  # a shared condition as such (text/conditional.py did not read its form)
    if re.match(r"note\b", marker.group(0), re.IGNORECASE) and not _exempting(reader, clause, start, end):
        return None  # a note says no sense, unless it exempts some patients from the bound of its own test
    inside = [r for r in reader.read_list(words, section) if r is not None and not isinstance(r, str)]
    outside = reader.read_list(spaced_out(clause, start, end), section)
    unless = bool(_UNLESS.match(words) or _EXEMPT.search(words))
    if unless and start == 0 and end < len(clause.rstrip(" .;")) and _UNLESS.match(words):
        return None  # "except for participants with X, <bound>": the bound is theirs, not everyone's but theirs
    bounded = {r.measure for r in outside if r is not None and not isinstance(r, str)}
    if inside and bounded and not unless and not bounded & {r.measure for r in inside} and _WHEN.search(words.strip()):
        # a condition stated as a bound of other tests ("for participants with eGFR ≥ 45 mL/min/1.73 m2,
        # potassium must be ≥ 3.0 ..."): its words are the condition, its bound no bound of the criterion
        label = _LEAD.sub("", words.strip().strip("()[]:,; ")).strip(" ():,;.[]")
        return Qualifier(StudyCondition(label), False, start, end) if label else None
    exempt = re.search(r"\b(?:acceptable|allowed|permitted|eligible)\s+(?:if|when|provided)\b\s*(.*)", words, re.I)
    accepted = [r for r in reader.read_list(words[: exempt.start()], section) if r] if exempt else []
    if accepted and all(not isinstance(r, str) and _complement(r, outside) for r in accepted):
        # "(bilirubin > 1.5 x ULN is acceptable if it is fractionated and ...)": the bound applies unless that holds
        label = exempt.group(1).strip(" ().;,")
        return Qualifier(StudyCondition(label), True, start, end) if label else None
    if reader._bounds(words, section) and not (inside and all(r in outside for r in inside)):
        return None  # a bound of its own (unless the one outside, restated): no plain condition
    if inside and (section == "inclusion" or not unless):
        return None  # the bound restated under a condition: an exemption only from an exclusion ("still eligible")
    if not unless and not _WHEN.search(words.strip()):
        return None  # "(Note: ...)": which sense is not said
    label = _LEAD.sub("", words.strip().strip("()[]:,; ")).strip(" ():,;.[]")
    if not label or not re.search(r"[^\W\d_]", label):
        return None
    return Qualifier(_age(label) or StudyCondition(label), unless, start, end)


def _exempting(reader: ThresholdReader, clause: str, start: int, end: int) -> bool:
    """Whether a note exempts patients from a bound of the test it names: "Total bilirubin < 2 mg/dl (Note:
    subjects with a higher level of bilirubin due to ... will be considered on an individual basis)"."""
    words = clause[start:end]
    named = set(reader.tests(clause[:start] + clause[end:])) & set(reader.tests(words))
    return bool(named and _EXEMPT.search(words) and re.search(r"\b(?:higher|lower|elevated|abnormal)\b", words, re.I))


def _complement(bound: Threshold, readings: list) -> bool:
    """Whether `readings` hold the bound's other side: the same test and amount, the opposite direction."""
    amount = (bound.measure, bound.canonical, bound.uln_multiple)
    return any(
        not isinstance(r, str)
        and r is not None
        and (r.measure, r.canonical, r.uln_multiple) == amount
        and r.comparator[0] != bound.comparator[0]
        for r in readings
    )


def required_for(reader: ThresholdReader, clause: str, marker: re.Match, section: str) -> list[Threshold | str] | None:
    """The bounds of a clause holding a bound required only for a part of the study, in brackets ("(a GFR ≥ 45
    mL/min/1.73m2 is required for the cardiac MRI portion)"): the bracket reported (in an exclusion it states what
    a patient needs, not what excludes them), the rest read; None for any other form."""
    opened = open_bracket(clause, marker.start())
    if not re.fullmatch(r"required\s+for", marker.group(0), re.IGNORECASE) or opened is None:
        return None
    end = closing(clause, opened)
    if not reader.tests(clause[opened:end]):
        return None
    rest = [r for r in reader.read_list(spaced_out(clause, opened, end), section) if r]
    note = f"{clause[opened:end]!r}: a bound required for a part of the study; not taken"
    return [*rest, note] if any(not isinstance(r, str) for r in rest) else None


def redundant(reader: ThresholdReader, clause: str, marker: re.Match, section: str) -> str | None:
    """The clause without the condition's words when they only restate its bounds, or None: the same bound
    ("INR ≤ 3.0 x ULN (anticoagulation is allowed if target INR ≤ 3.0 x ULN)"), or the failing side of an
    alternative ("creatinine < ULN or creatinine clearance ≥ 60 mL/min for patients with creatinine above ULN")."""
    from .thresholds import Threshold

    start, end = _extent(reader, clause, marker)
    inside = [r for r in reader.read_list(clause[start:end], section) if r is not None]
    blanked = spaced_out(clause, start, end)
    outside = reader.read_list(blanked, section)
    named = reader._mentions(clause[marker.end() :])
    opens = clause[start] == "(" == marker.group(0)[0] and named
    if opens and not clause[marker.end() : marker.end() + named[0][1]].strip() and inside and outside == [None]:
        # "uncontrolled DM (patient with HbA1c > 6.5% ...)": the bracket defines the words before it by its bounds
        return clause[: marker.start()] + " " * len(marker.group(0)) + clause[marker.end() :]
    if not inside or not all(isinstance(r, Threshold) for r in [*inside, *outside]):
        return None
    for bound in inside:
        amount = (bound.measure, bound.canonical, bound.uln_multiple)
        same = [o for o in outside if (o.measure, o.canonical, o.uln_multiple) == amount]
        # in an exclusion the same bound under "still eligible" is an exemption (qualifier), not a restatement
        restated = section == "inclusion" and _EXEMPT.search(clause[start:end])
        restated = restated and any(o.comparator == bound.comparator for o in same)
        failing = _complement(bound, [o for o in same if o.any_of is not None])
        if not (restated or failing):
            return None
    return blanked


def paired(reader: ThresholdReader, clause: str, marker: re.Match, section: str) -> list[Threshold] | None:
    """A default bound and its alternative under a condition in words: "ALP ≤ 2.5 x ULN (or ≤ 5 x ULN if liver or
    bone metastases)", "BMI > 25 kg/m2, NOTE: for Asian-Americans BMI > 23 kg/m2". The default applies unless the
    condition holds, the alternative when it does; None for any other form (text/conditional.py reads the same
    form for a shared condition)."""
    starts = _bound_starts(clause)
    if len(starts) != 2 or not starts[0] < marker.start():
        return None
    if marker.start() > starts[1]:  # the condition after the alternative: "(or ≤ 5 x ULN if ...)"
        opened = open_bracket(clause, marker.start())
        start, end = marker.start(), closing(clause, opened) if opened is not None else len(clause)
        alternative_text = clause[starts[1] : start]
    else:  # the condition before it, up to its test: "NOTE: for Asian-Americans BMI > 23"
        named = [m for m in reader._mentions(clause) if marker.end() <= m[1] < starts[1]]
        start, end = marker.start(), named[0][1] if named else starts[1]
        alternative_text = clause[end:]
    words = clause[start:end]
    shared = _SHARED.search(words)
    if shared and not _OTHER.search(words) and not _ANOTHER.match(clause, start + shared.end()):
        return None
    default_text = re.sub(r"[\s,;(]*(?:\bor\b[\s,;(]*)?$", "", clause[: min(starts[1], start)])
    default = _only_thresholds(reader.read_list(default_text, section))
    if not reader.tests(alternative_text):
        alternative_text = " and ".join(_names(reader, clause[: starts[0]])) + " " + alternative_text
    alternative = _only_thresholds(reader.read_list(alternative_text.strip(" )"), section))
    label = _LEAD.sub("", words.strip().strip("()[]:,; ")).strip(" ():,;.[]")
    if not default or not alternative or not re.search(r"[^\W\d_]", label):
        return None
    measures = {t.measure for t in default}
    if measures != {t.measure for t in alternative} or set(default) & set(alternative):
        return None
    if set(reader.tests(clause[starts[0] : starts[1]])) - measures:  # "SBP > 180 and/or DBP > 100": two tests
        return None
    if len({t.comparator[0] for t in [*default, *alternative]}) != 1:  # both upper or both lower bounds
        return None
    condition = StudyCondition(label)
    return [replace(t, applies_unless=condition) for t in default] + [
        replace(t, applies_when=condition) for t in alternative
    ]


def joint(reader: ThresholdReader, clause: str, marker: re.Match, section: str) -> list[Threshold] | None:
    """Two bounds that exclude only together: "creatinine > 1.5 x ULN concurrent with creatinine clearance < 50
    mL/min". Each applies when the other holds (a condition in its words); None for any other form, and in an
    inclusion, where "with" would make one bound a condition of the other's alternative."""
    if section != "exclusion" or not re.fullmatch(r"(?:concurrent|together)\s+with", marker.group(0), re.I):
        return None
    before, after = clause[: marker.start()], clause[marker.end() :]
    first, second = (_only_thresholds(reader.read_list(part, section)) for part in (before, after))
    if not first or not second or {t.measure for t in first} & {t.measure for t in second}:
        return None
    if len(reader._mentions(before)) != 1 or len(reader._mentions(after)) != 1:
        return None
    words = marker.group(0).lower()
    plain = [_BRACKETED_WORDS.sub("", part).strip(" ,;.") for part in (before, after)]
    return [replace(t, applies_when=StudyCondition(f"{words} {plain[1]}")) for t in first] + [
        replace(t, applies_when=StudyCondition(f"{words} {plain[0]}")) for t in second
    ]


def per_age(reader: ThresholdReader, clause: str, section: str) -> list[Threshold] | None:
    """Bounds each followed by the age group it is for: "SBP above 140 mmHg if < 60 years of age and above 150
    mmHg if ≥ 60 years of age" (text/conditional.py reads the same form per sex); None for any other form."""
    groups = list(_AGE_PHRASE.finditer(clause))
    starts = _bound_starts(clause)
    starts = [s for s in starts if not any(g.start() <= s < g.end() for g in groups)]  # the ages' own comparators
    if len(groups) != 2 or len(starts) != 2 or not starts[0] < groups[0].start() < starts[1] < groups[1].start():
        return None
    if clause[groups[1].end() :].strip(" .;,)"):
        return None
    prefix = _names(reader, clause[: starts[0]])
    found: list[Threshold] = []
    for text, group in (
        (clause[: groups[0].start()], groups[0]),
        (clause[groups[0].end() : groups[1].start()], groups[1]),
    ):
        text = re.sub(r"^\s*(?:,|and|or|;)\s*", "", text)
        if not reader.tests(text):
            text = " and ".join(prefix) + " " + text
        age = _age(group.group("age"))
        read = _only_thresholds(reader.read_list(text, section))
        if age is None or not read:
            return None
        found += [replace(t, applies_when=age) for t in read]
    return found if len({t.measure for t in found}) == 1 and len(found) == 2 else None


def _extent(reader: ThresholdReader, clause: str, marker: re.Match) -> tuple[int, int]:
    """The words of a condition: its bracket, a heading before the tests, or from it to the clause's end."""
    # the bracket the condition stands in, or the one its words open ("(patient with HbA1c > 6.5%)")
    opened = marker.start() if clause[marker.start()] in "([" else open_bracket(clause, marker.start())
    if opened is not None:
        return opened, closing(clause, opened)
    mentions = reader._mentions(clause)
    before = clause[: marker.start()]
    if mentions and marker.start() < mentions[0][1] and not re.search(rf"\d|{COMPARATOR_PATTERN}", before, re.I):
        if marker.group(0).endswith(":"):  # "PATIENTS WITH SOLID TUMORS: ..."
            return 0, marker.end()
        head = re.search(r"[:,]", clause[marker.end() :])  # a heading holding a bound is no plain condition
        return 0, (marker.end() + head.end()) if head else mentions[0][1]
    return marker.start(), len(clause)


def _age(label: str) -> AgeCondition | None:
    """ "individuals ≥ 1 year of age", "aged < 60 years": an age group."""
    found = _AGE.match(label.strip())
    if found is None:
        return None
    try:
        unit = ucum_code(found.group(3))
    except UnitError:
        return None
    comparator = COMPARATORS[re.sub(r"\s+", " ", found.group(1).lower())]
    return AgeCondition(comparator, Decimal(found.group(2)), unit, found.group(3))


def alternative_group(segments: list[list], alternatives: set[int], unread: str | None) -> list[list]:
    """The readings of a clause's bounds (one list per bound) with the alternatives among them ("creatinine ≤ 1.5 x
    ULN or creatinine clearance ≥ 60 mL/min") made one group, any of which suffices (`any_of` 0, numbered per
    criterion by the reader). An alternative naming no bound ("or a creatinine based on age") leaves the others
    applying unless it holds, a condition in its words. Unchanged when an alternative was not read."""
    from .thresholds import Threshold

    members = [r for i in sorted(alternatives) if 0 <= i < len(segments) for r in segments[i]]
    if not members or not all(isinstance(r, Threshold) for r in members):
        return segments
    if unread is not None:
        condition = StudyCondition(f"the other alternative: {unread}")
        change = {"applies_unless": condition}
    elif len(set(members)) >= 2 and all(len(segments[i]) == 1 for i in alternatives if 0 <= i < len(segments)):
        change = {"any_of": 0}  # one bound each: "AST and ALT > 5 x ULN, or ALP > 1.5 x ULN" is no flat any-of
    else:
        return segments
    return [[replace(r, **change) for r in s] if i in alternatives else s for i, s in enumerate(segments)]
