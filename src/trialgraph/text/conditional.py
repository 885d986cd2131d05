"""Conditional bounds: a default bound and its alternative under a condition the graph holds as a node.

"AST ≤ 2.5 x ULN (≤ 5 x ULN if liver metastases)" is two bounds: ≤ 2.5 x ULN unless liver metastases
(tg:appliesUnless) and ≤ 5 x ULN when they are present (tg:appliesWhen). "Total bilirubin > 2 x ULN unless
caused by Gilbert's syndrome" is one bound applying unless the syndrome; "Hb < 11 g/dL for men; < 10 g/dL for
women" two bounds, each for one sex. Only conditions named in CONDITION_NAMES are read, and only when the text
names exactly one of them (or exactly the two sexes); any other conditional wording is left to the threshold
reader, which reports it. Nothing is guessed: a form that does not fit exactly gives None.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef

from .comparators import COMPARATOR_PATTERN
from .conditions import CLAUSE_END, condition

if TYPE_CHECKING:
    from .thresholds import Threshold, ThresholdReader

CONDITION = Namespace("https://w3id.org/trialgraph/id/condition/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
SEXES = {TGV["sex-male"], TGV["sex-female"]}
# the condition nodes the reader may link a bound to (data/shared/conditions.ttl, tgv:Sex), by their written names
CONDITION_NAMES: list[tuple[str, URIRef]] = [
    (r"(?:liver|hepatic)\s+metastas[ie]s", CONDITION["liver-metastases"]),
    (r"(?:liver|hepatic)\s+involvement", CONDITION["liver-involvement"]),
    (r"Gilbert(?:'|\u2019)?s?\s+(?:syndrome|disease)", CONDITION["gilbert-syndrome"]),
    (r"anticoagulant\s+therapy|therapeutic\s+anticoagulation", CONDITION["anticoagulant-therapy"]),
    (r"(?:fe)?male\s+(?:patients|subjects|participants)|(?:fe)?males?|(?:wo)?men", TGV["sex-male"]),
]
_NAMES = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p, _ in CONDITION_NAMES) + r")\b", re.IGNORECASE)
# words that make a named condition not the one the bound hangs on ("in the absence of", "liver or bone")
_OTHER = re.compile(
    r"\b(?:without|absence|no|not|non|bone|or\s+(?:liver|hepatic|bone|Gilbert)|(?:liver|bone)\s+or|due\s+to\s+\w+\s+involvement)\b",
    re.IGNORECASE,
)
_CONDITION_PHRASE = re.compile(
    r"(?:\b(?:if|in|for|except)\s+)?(?:the\s+presence\s+of\s+)?(?:(?:patients|subjects|participants|cases)\s+(?:with|of)\s+)?"
    r"(?:known\s+|documented\s+)?(?:" + _NAMES.pattern + r")(?:\s+(?:are|is)\s+present)?",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:who\s+(?:may|can)\s+(?:only\s+)?(?:be\s+included\s+if|have)|(?:are|is)\s+allowed\s+with(?:\s+a)?)\b",
    re.IGNORECASE,
)
_ANOTHER = re.compile(
    r"\s*,?\s*(?:or|and/or|and)\s+(?![<>≤≥=\d]|(?:ALT|AST|total|serum|QTc|hemoglobin|greater|less|more|above|below|at)\b)",
    re.IGNORECASE,
)
_UNLESS = re.compile(r"\b(?:unless|except)\b", re.IGNORECASE)


def condition_node(words: str) -> URIRef | None:
    """The node a written condition name stands for ("liver metastases", "Gilbert's syndrome", "women")."""
    for pattern, node in CONDITION_NAMES:
        if re.fullmatch(pattern, words.strip(), re.IGNORECASE):
            if node == TGV["sex-male"] and re.match(r"\s*(?:fe|wo)", words, re.IGNORECASE):
                return TGV["sex-female"]
            return node
    return None


def conditional_readings(reader: ThresholdReader, text: str, section: str) -> list[Threshold | str] | None:
    """The bounds of a criterion whose condition is a known node, each with its tg:appliesWhen or
    tg:appliesUnless (and the readings of its other clauses); None when the criterion is no such case, or not
    one read with certainty. The whole criterion is tried first, then its clauses, each condition with the
    clause of the tests it bounds ("total bilirubin ≤ 1.5 x ULN (ULN; unless Gilbert's); ALT ≤ 2.5 x ULN (≤ 5
    x ULN with liver metastases)")."""
    whole = _read(reader, text, section)
    if whole is not None:
        return [*whole]
    segments: list[str] = []
    for clause in (c.strip() for c in CLAUSE_END.split(text) if c.strip()):
        tests = reader.tests(clause)
        if segments and (not tests or (set(tests) == set(reader.tests(segments[-1])) and _NAMES.search(clause))):
            segments[-1] += "; " + clause  # a condition or an alternative of the tests just bounded
        else:
            segments.append(clause)
    segments = [part for segment in segments for part in _apart(reader, segment)]
    found: list[Threshold | str] = []
    bounded: list[URIRef] = []
    conditional = False
    for segment in segments:
        if (later := _later_alternative(reader, segment, section, found)) is not None:
            found, conditional = later, True
            continue
        readings = _read(reader, segment, section) if _NAMES.search(segment) else None
        conditional |= readings is not None
        if readings is None:
            if condition(segment) is not None:
                return None
            readings = [r for r in reader.read_list(segment, section) if r is not None]
        bounded += list(dict.fromkeys(r.measure for r in readings if not isinstance(r, str)))
        found += readings
    return found if conditional and len(bounded) == len(set(bounded)) else None  # a test bounded twice: no


def _apart(reader: ThresholdReader, segment: str) -> list[str]:
    """A segment cut after each bracket naming a shared condition that the next test's bounds follow: "bilirubin >
    2 x ULN (except participants with Gilbert's syndrome: > 3 x ULN) | and ALT and AST > 2.5 x ULN"."""
    parts, start, opened = [], 0, []
    for index, char in enumerate(segment):
        if char in "([":
            opened.append(index)
        elif char in ")]" and opened:
            begin = opened.pop()
            after = re.match(r"\s*(?:,\s*)?(?:and\s+)?", segment[index + 1 :])
            rest = segment[index + 1 + after.end() :]
            named = reader._mentions(rest)
            if not opened and _NAMES.search(segment[begin:index]) and named and named[0][1] == 0:
                parts.append(segment[start : index + 1])
                start = index + 1 + after.end()
    return [*parts, segment[start:]] if parts else [segment]


# "In participants with known liver involvement of their lymphoma, AST and ALT > 5 x ULN": another sentence's tests
_LATER = re.compile(
    r"^\W*(?:in|for)\s+(?:patients|participants|subjects)\s+with\s+(?:known\s+|documented\s+)?"
    rf"(?P<name>{_NAMES.pattern})[^,;<>≤≥\d]*,\s*",
    re.IGNORECASE,
)


def _later_alternative(
    reader: ThresholdReader, segment: str, section: str, found: list[Threshold | str]
) -> list[Threshold | str] | None:
    """The readings so far with the segment's bounds as the alternative, under a shared condition, of the tests
    an earlier segment bounded without one: those earlier bounds then apply unless the condition holds. None
    when the segment is no such sentence, or its tests were not each bounded once, the same way, before."""
    start = _LATER.match(segment)
    if start is None or _OTHER.search(segment) or len(_NAMES.findall(segment)) != 1:
        return None
    node = condition_node(start.group("name"))
    alternative = _only_thresholds(reader.read_list(segment[start.end() :], section))
    if node is None or node in SEXES or not alternative:
        return None
    plain = [t for t in found if not isinstance(t, str) and t.applies_when is None and t.applies_unless is None]
    for bound in alternative:
        earlier = [t for t in found if not isinstance(t, str) and t.measure == bound.measure]
        if len(earlier) != 1 or earlier[0] not in plain or earlier[0].comparator[0] != bound.comparator[0]:
            return None
    measures = {t.measure for t in alternative}
    changed = [
        replace(t, applies_unless=node) if not isinstance(t, str) and t in plain and t.measure in measures else t
        for t in found
    ]
    return changed + [replace(t, applies_when=node) for t in alternative]


def names_shared(text: str) -> bool:
    """Whether `text` names a condition the graph holds as a node."""
    return _NAMES.search(text) is not None


def shared_pair(reader: ThresholdReader, text: str, section: str) -> list[Threshold] | None:
    """The conditional bounds of one clause whose condition is a shared node, or None (the other clauses of its
    criterion read apart: "Total bilirubin ... (a form not read) Aspartate aminotransferase (AST) ≤ 2.5 x ULN (or ≤ 5
    x ULN if liver metastases are present)")."""
    return _read(reader, text, section) if _NAMES.search(text) else None


def _read(reader: ThresholdReader, text: str, section: str) -> list[Threshold] | None:
    """The conditional bounds of one text (a criterion, or a run of its clauses), or None."""
    named = [(m.start(), m.end(), condition_node(m.group(0))) for m in _NAMES.finditer(text)]
    nodes = {node for _, _, node in named}
    if not named or _OTHER.search(text) or None in nodes:
        return None
    if any(_ANOTHER.match(text, end) for _, end, _ in named):  # "Gilbert's syndrome or disease-related hemolysis"
        return None
    if nodes == SEXES:
        return _per_sex(reader, text, section, named)
    if len(nodes) != 1 or nodes & SEXES:
        return None
    (node,) = nodes
    starts = _bound_starts(text)
    first_name = named[0][0]
    if len(starts) == 1 and _UNLESS.search(text[starts[0] : first_name]):
        found = _only_thresholds(reader.read_list(text[: _UNLESS.search(text, starts[0]).start()], section))
        return [replace(t, applies_unless=node) for t in found] if found else None
    if len(starts) < 2 or not starts[0] < first_name:
        return None
    if reader.tests(text[_bracket_end(text, starts[1]) :]):  # tests bounded after the alternative's bracket
        return None
    cuts = [m.start() for m in (_CONDITION_PHRASE.search(text, starts[0]), _UNLESS.search(text, starts[0])) if m]
    head = re.sub(r"[\s,;(]*(?:\bor\b[\s,;(]*)?$", "", text[: min([starts[1], *cuts])])
    default = _only_thresholds(reader.read_list(_without(head), section))
    between = set(reader.tests(text[starts[0] : starts[1]]))
    if not default or between - {t.measure for t in default}:  # "AST ≤ 2.5 x ULN or ALT ≤ 5 ...": another test
        return None
    rest = _without(text[starts[1] :])
    mentions = reader._mentions(rest)
    if not mentions or mentions[0][1] > _bound_starts(rest)[0]:
        # "(≤ 5 x ULN ...)", "≤ 3.0 x ULN with direct bilirubin ≤ 1.5 x ULN": the tests named before the default
        rest = " and ".join(_names(reader, text[: starts[0]])) + " " + rest
    alternative = _only_thresholds(reader.read_list(rest, section))
    if alternative is None and all(t.uln_multiple is not None for t in default):
        # "(or ≤ 5 if liver metastases are present)": the multiple of the ULN stated once, with the default bound
        bare = rf"((?:{COMPARATOR_PATTERN})\s*\d+(?:\.\d+)?)(?=\s*(?:\)|$|(?:if|in|for|with|when)\b))"
        rest = re.sub(bare, r"\1 x ULN", rest, count=1, flags=re.IGNORECASE)
        alternative = _only_thresholds(reader.read_list(rest, section))
    # the alternative bounds the default's tests, and may bound others with them ("total bilirubin ≤ 3 x ULN and
    # direct bilirubin ≤ 1.5 x ULN" under Gilbert's syndrome)
    if not alternative or not {t.measure for t in default} <= {t.measure for t in alternative}:
        return None
    if any(t.any_of is not None for t in [*default, *alternative]):
        return None  # alternatives within the alternative ("> 3 x ULN or direct bilirubin > 1.5 x ULN"): no group
    if {t.measure for t in alternative} - {t.measure for t in default} - set(reader.tests(text[starts[1] :])):
        return None  # a test the default should bound, named only before it ("ALT and aspirate ... normal range")
    if len({t.comparator[0] for t in [*default, *alternative]}) != 1:  # both upper or both lower bounds
        return None
    return [replace(t, applies_unless=node) for t in default] + [replace(t, applies_when=node) for t in alternative]


def _per_sex(reader: ThresholdReader, text: str, section: str, named: list) -> list[Threshold] | None:
    """Two bounds, each followed by the sex it is for ("> 450 ms for male patients or > 460 ms for females")."""
    starts = _bound_starts(text)
    if len(starts) != 2 or len(named) != 2 or not starts[0] < named[0][0] < starts[1] < named[1][0]:
        return None
    prefix = _names(reader, text[: starts[0]])
    found: list[Threshold] = []
    for (start, end), (_, _, node) in zip(((0, starts[1]), (starts[1], len(text))), named, strict=True):
        part = _without(text[start:end]).strip(" ,;.")
        part = re.sub(r"\s+(?:or|and)$", "", part)
        if start and not reader.tests(part):
            part = " and ".join(prefix) + " " + part
        read = _only_thresholds(reader.read_list(part, section))
        if not read:
            return None
        found += [replace(t, applies_when=node) for t in read]
    measures = [t.measure for t in found]
    return found if len(measures) == 2 and measures[0] == measures[1] else None


def _names(reader: ThresholdReader, text: str) -> list[str]:
    """The names of the tests `text` names, as written."""
    return [text[start:end] for _, start, end in reader._mentions(text)]


def _bound_starts(text: str) -> list[int]:
    bound = rf"({COMPARATOR_PATTERN})\s*(?=\d|\.\d|(?:the\s+)?ULN\b|upper\s+limit)"  # before a number or the ULN
    return [m.start() for m in re.finditer(bound, text, re.IGNORECASE)]


def _without(text: str) -> str:
    """`text` without the words stating the condition ("if known liver metastases are present", "in patients
    with documented Gilbert's syndrome, who may be included if") and without any unmatched bracket."""
    text = _CONDITION_PHRASE.sub(" ", text)
    text = _FILLER.sub(" ", text)
    if text.count("(") != text.count(")"):
        text = text.replace("(", " ").replace(")", " ")
    return text


def _only_thresholds(readings: list) -> list[Threshold] | None:
    """The readings when every one is a threshold (a note or nothing: None)."""
    from .thresholds import Threshold

    if not readings or not all(isinstance(r, Threshold) for r in readings):
        return None
    return list(dict.fromkeys(readings))


def _bracket_end(text: str, position: int) -> int:
    """Where the bracket holding `position` closes (the text's end when it stands in none)."""
    opened = open_bracket(text, position)
    return len(text) if opened is None else closing(text, opened)


def open_bracket(clause: str, position: int) -> int | None:
    """Where the innermost bracket open at `position` opens, or None."""
    opened: list[int] = []
    for index, char in enumerate(clause[:position]):
        if char in "([":
            opened.append(index)
        elif char in ")]" and opened:
            opened.pop()
    return opened[-1] if opened else None


def closing(clause: str, opened: int) -> int:
    """Just after the bracket that opens at `opened` closes (the clause's end when it never does)."""
    depth = 0
    for index in range(opened, len(clause)):
        depth += clause[index] in "(["
        depth -= clause[index] in ")]"
        if depth == 0:
            return index + 1
    return len(clause)
