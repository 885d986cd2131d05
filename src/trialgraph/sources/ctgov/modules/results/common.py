"""What the four results modules share: their section, result groups and their arms, counts, numbers,
value sets, and the measurements of baseline and outcome measures (one table shape in the API).

One bad value (a count that is no whole number, a field of the wrong JSON type, an enum value the
vocabulary does not know) skips that value with a note, never the study. Numbers come as text:
"12.5" and "26,300" are decimals, "<0.001" is a comparator and 0.001 (where a comparator is
modelled, the p-value), anything else ("NA") stays as the text the record gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ...builder import TG, StudyBuilder, number_literal, slug, string_literal

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_COMPARED = re.compile(r"(<=|>=|≤|≥|<|>|=)\s*(\S.*)")
COMPARATORS = {"<": "<", ">": ">", "<=": "<=", ">=": ">=", "≤": "<=", "≥": ">=", "=": "="}
_MAX_DIGITS = 30  # a longer "number" is no measurement: kept as text


def section(study: StudyBuilder, name: str) -> dict:
    """`resultsSection.<name>`, or {} when the record has none (most records have no results)."""
    results = study.record.study.get("resultsSection")
    if not isinstance(results, dict):
        return {}
    module = results.get(name)
    if module is None:
        return {}
    if not isinstance(module, dict):
        study.warn(f"resultsSection.{name}", "expected an object; not imported")
        return {}
    return module


def table(study: StudyBuilder, name: str, suffix: str, link: URIRef, cls: URIRef) -> tuple[dict, URIRef | None]:
    """A results module and the node of the trial that holds it (`link` from the trial), or no node
    when the record has no such module."""
    module = section(study, name)
    if not module:
        return module, None
    node = study.node(suffix)
    study.add(study.trial, link, node)
    study.add(node, RDF.type, cls)
    return module, node


def texts(study: StudyBuilder, node: URIRef, item: dict, where: str, *fields: tuple[str, URIRef]) -> None:
    """The free-text fields `(key, property)` of a module or table, each on `node`."""
    for key, prop in fields:
        study.add(node, prop, free_text(study, item.get(key), f"{where}.{key}"))


def describe_measure(study: StudyBuilder, node: URIRef, measure: dict, field_path: str) -> None:
    """What a baseline or outcome measure's values are: parameter type, dispersion type and unit."""
    study.add(node, TG.paramType, study.enum("ResultParamType", measure.get("paramType"), f"{field_path}.paramType"))
    dispersion = study.enum("DispersionType", measure.get("dispersionType"), f"{field_path}.dispersionType")
    study.add(node, TG.dispersionType, dispersion)
    study.add(node, TG.resultUnit, plain(study, measure.get("unitOfMeasure"), f"{field_path}.unitOfMeasure"))


def entries(study: StudyBuilder, container: dict, key: str, where: str) -> Iterator[tuple[str, dict]]:
    """The objects of a list with their field paths; a list or entry of another type is noted and skipped."""
    value = container.get(key)
    if value is None:
        return
    if not isinstance(value, list):
        study.warn(f"{where}.{key}", "expected a list; not imported")
        return
    for index, entry in enumerate(value):
        if isinstance(entry, dict):
            yield f"{where}.{key}[{index}]", entry
        else:
            study.warn(f"{where}.{key}[{index}]", "expected an object; not imported")


def decimal_of(text: str) -> Decimal | None:
    """The decimal a registry number is, or None when the text is none.

    >>> [decimal_of(t) for t in ("12.5", "-2.72", ".33", "26,300", "NA", "1e5", "12.5.3")]
    [Decimal('12.5'), Decimal('-2.72'), Decimal('0.33'), Decimal('26300'), None, None, None]
    """
    text = text.strip()
    if len(text) > _MAX_DIGITS:
        return None
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value + 0 if value == 0 else value  # -0 is 0


def number(study: StudyBuilder, value: Any, field_path: str) -> Literal | None:
    """A result value: an xsd:decimal where the text is a number, else the text itself ("NA")."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        study.warn(field_path, f"expected a number as text, found {type(value).__name__}; left out")
        return None
    text = str(value).strip()
    found = decimal_of(text)
    if found is not None:
        return number_literal(found)
    return study.text(text, field_path, lang=None)


def compared(study: StudyBuilder, value: Any, field_path: str) -> tuple[Literal | None, URIRef | None]:
    """A value that may carry a comparator ("<0.001"): the number and the tgv:Comparator concept.

    A number without a comparator has none; text that is neither stays text."""
    if isinstance(value, str):
        match = _COMPARED.fullmatch(value.strip())
        if match:
            found = decimal_of(match.group(2))
            if found is not None:
                concept = study.mapper.value_sets.find("Comparator", COMPARATORS[match.group(1)])
                return number_literal(found), concept
    return number(study, value, field_path), None


def count(study: StudyBuilder, value: Any, field_path: str) -> Literal | None:
    """A number of participants or events: a whole number >= 0 (as text or JSON); else noted and skipped."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return number_literal(value)
    if isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        return number_literal(int(value.strip()))
    study.warn(field_path, f"{value!r} is not a count of participants or events; left out")
    return None


def plain(study: StudyBuilder, value: Any, field_path: str) -> Literal | None:
    """Text as a plain string (no language tag), so that a question can bind it: a term, a title."""
    return study.text(value, field_path, lang=None)


def free_text(study: StudyBuilder, value: Any, field_path: str) -> Literal | None:
    """Free text in English, contact details removed; a value of another type is warned and left out."""
    return study.text(value, field_path)


class Groups:
    """The result groups of one table (`FG000`, `BG000`...), each linked to the arm whose label is
    exactly its title. A title that names no arm exactly is not guessed at: the group is left
    unlinked and the title listed in the study's notes (`unlinked`)."""

    def __init__(
        self,
        study: StudyBuilder,
        holder: URIRef,
        name: str,
        unlinked: set[str],
        arms: dict[tuple[str, ...], URIRef] | None = None,
    ):
        self.study, self.holder, self.name, self.unlinked = study, holder, name, unlinked
        self.nodes: dict[str, URIRef] = {}
        # the study's arms: found once per module (a scan of its triples), not once per table
        self.arms = labelled(study, TG.Arm) if arms is None else arms

    def add(self, group: dict, field_path: str) -> URIRef | None:
        study = self.study
        code = group.get("id")
        if not isinstance(code, str) or not slug(code):
            study.warn(f"{field_path}.id", "missing; group not imported")
            return None
        node = study.node(f"{self.name}-{slug(code)}")
        self.nodes[code] = node
        study.add(self.holder, TG.hasResultGroup, node)
        study.add(node, RDF.type, TG.ResultGroup)
        study.add(node, TG.groupCode, string_literal(code))
        title = group.get("title")
        study.add(node, RDFS.label, free_text(study, title, f"{field_path}.title"))
        study.add(node, DCTERMS.description, free_text(study, group.get("description"), f"{field_path}.description"))
        if isinstance(title, str) and title:
            arm = self.arms.get((title,))
            if arm is not None:
                study.add(node, TG.reportsOnArm, arm)
            else:
                self.unlinked.add(title)
        return node

    def read(self, container: dict, key: str, where: str) -> None:
        for field_path, group in entries(self.study, container, key, where):
            self.add(group, field_path)

    def of(self, code: Any, field_path: str) -> URIRef | None:
        """The group a `groupId` names; an unknown one is noted (the value it holds is skipped)."""
        node = self.nodes.get(code) if isinstance(code, str) else None
        if node is None:
            self.study.warn(f"{field_path}.groupId", f"{code!r} names no group of the table; value left out")
        return node


def labelled(study: StudyBuilder, cls: URIRef, *also: URIRef) -> dict[tuple[str, ...], URIRef]:
    """The nodes of `cls` the protocol modules mapped (arms, outcomes), keyed by their label as written
    and the values of `also` (an outcome's time frame); a key two of them share names neither. Read
    from the triples, so the numbering stays the protocol modules' own."""
    typed = {s for s, p, o in study.triples if p == RDF.type and o == cls}
    wanted = (RDFS.label, *also)
    values: dict[Node, dict[Node, str]] = {node: {} for node in typed}
    for s, p, o in study.triples:
        if s in values and p in wanted:
            values[s][p] = str(o)
    found: dict[tuple[str, ...], URIRef] = {}
    shared: set[tuple[str, ...]] = set()
    for node, known in values.items():
        if RDFS.label in known:
            key = tuple(known.get(p, "") for p in wanted)
            if key in found:
                shared.add(key)
            found[key] = URIRef(node)
    return {key: node for key, node in found.items() if key not in shared}


def note_unlinked(study: StudyBuilder, unlinked: set[str], where: str) -> None:
    if unlinked:
        titles = ", ".join(repr(t) for t in sorted(unlinked))
        study.notes.append(f"{where}: groups whose title is no arm's label, not linked to an arm: {titles}")


def measurements(study: StudyBuilder, holder: URIRef, measure: dict, groups: Groups, where: str) -> None:
    """The table of one baseline or outcome measure: classes (rows such as a country), categories
    (such as female / male) and one measurement per group, each a tg:ResultMeasurement of `holder`."""
    number_in = 0
    for class_path, row in entries(study, measure, "classes", where):
        class_title = plain(study, row.get("title"), f"{class_path}.title")
        for category_path, category in entries(study, row, "categories", class_path):
            category_title = plain(study, category.get("title"), f"{category_path}.title")
            for field_path, value in entries(study, category, "measurements", category_path):
                group = groups.of(value.get("groupId"), field_path)
                if group is None:
                    continue
                number_in += 1
                node = URIRef(f"{holder}-m{number_in}")
                triples: list[tuple[Node, Node, Node | None]] = [
                    (holder, TG.hasMeasurement, node),
                    (node, RDF.type, TG.ResultMeasurement),
                    (node, TG.resultGroup, group),
                    (node, TG.className, class_title),
                    (node, TG.categoryName, category_title),
                    (node, TG.value, number(study, value.get("value"), f"{field_path}.value")),
                    (node, TG.spread, number(study, value.get("spread"), f"{field_path}.spread")),
                    (node, TG.lowerLimit, number(study, value.get("lowerLimit"), f"{field_path}.lowerLimit")),
                    (node, TG.upperLimit, number(study, value.get("upperLimit"), f"{field_path}.upperLimit")),
                    (node, TG.comment, free_text(study, value.get("comment"), f"{field_path}.comment")),
                ]
                for triple in triples:
                    study.add(*triple)


def analysed(study: StudyBuilder, container: dict, groups: Groups, where: str) -> None:
    """The overall numbers of participants analysed per group (the table's first `denoms` entry)."""
    for denom_path, denom in entries(study, container, "denoms", where):
        for field_path, item in entries(study, denom, "counts", denom_path):
            group = groups.of(item.get("groupId"), field_path)
            if group is not None:
                study.add(group, TG.participantsAnalyzed, count(study, item.get("value"), f"{field_path}.value"))
        return  # further denominators (units other than participants) are left out
