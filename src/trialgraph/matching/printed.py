"""A match as `trialgraph match` prints it, table or JSON, made where the match is: in a store's worker processes.

A store's matches run to millions of lines, and writing them cost the main process more than receiving the
matches: so a worker can make each match's text (`show`, see store_matching.py) and send only that, with what
ranking reads (`Shown`). The table compacts IRIs with a Compactor (links/prefixes.py); a worker rebuilds its
namespaces from their (prefix, namespace) pairs. JSON items are written with C's string encoder rather than
json's indenting one, which runs in Python, byte for byte as json.dumps(..., indent=2) writes them.
"""

from __future__ import annotations

import json

from rdflib import Graph
from rdflib.namespace import NamespaceManager

from ..links.prefixes import Compactor
from ..sources.ctgov.match_digest import RELATIVE
from .results import NO_STRUCTURE, Reason, TrialMatch


def table_text(result: TrialMatch, short: Compactor) -> str:
    """A trial's lines, IRIs written by `short`, the criteria not assessed by `short.below` (their names after
    their trial's, without splitting each)."""
    lines = [f"{result.nct_id or short(result.trial)}: {result.status}"]
    for reason in result.reasons:
        where = short(reason.criterion)
        lines.append(f"  {reason.section} {where}: {reason.verbatim}" if reason.verbatim else f"  {where}")
        lines += [f"    - {detail}" for detail in reason.detail]
    after = result.not_assessed_after()  # a digest's, most often: all written at once
    names = short.after(result.trial, after, RELATIVE) if after else None
    if names is None and after != "":
        names = ", ".join(short.below(result.trial, result.not_assessed_iris()))
    if names:  # listed, never silently dropped; --format json gives their text
        lines.append(f"  not assessed (no structured constraint): {names}")
    lines.append("")
    return "\n".join(lines)


class TableText:
    """table_text with the given namespaces; pickled as their pairs, for a worker process."""

    def __init__(self, namespaces: NamespaceManager | None):
        self.short = Compactor(namespaces)

    def __call__(self, result: TrialMatch) -> str:
        return table_text(result, self.short)

    def __getstate__(self) -> list[tuple[str, str]] | None:
        namespaces = self.short.namespaces
        return None if namespaces is None else [(prefix, str(ns)) for prefix, ns in namespaces.namespaces()]

    def __setstate__(self, pairs: list[tuple[str, str]] | None) -> None:
        namespaces = None
        if pairs is not None:
            namespaces = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
            for prefix, namespace in pairs:
                namespaces.bind(prefix, namespace, override=True, replace=True)
        self.short = Compactor(namespaces)


_STRING = json.encoder.encode_basestring  # a string as json.dumps(..., ensure_ascii=False) writes it (in C)
_REASON = "      "  # a reason's indent in an item


def json_item(result: TrialMatch) -> str:
    """json.dumps(result.as_dict(), indent=2, ensure_ascii=False) as an item of the output's array (indented
    once more); a digest's criteria not assessed straight from its columns, without making their reasons."""
    reasons = [_json_reason(r, _REASON) for r in result.reasons]
    columns = result.unassessed_columns()
    if columns is None:
        unassessed = [_json_reason(r, _REASON) for r in result.not_assessed]
    else:  # each from one template, its fields made JSON strings in C
        iris, sections, verbatims = columns
        fields = zip(map(_STRING, iris), map(_SECTION_JSON.__getitem__, sections), map(_STRING, verbatims), strict=True)
        unassessed = [*map(_UNASSESSED.__mod__, fields)]
    nct_id = _STRING(result.nct_id) if result.nct_id is not None else "null"
    fields = [
        ("trial", _STRING(str(result.trial))),
        ("nct_id", nct_id),
        ("status", _STRING(result.status)),
        ("reasons", _json_list(reasons, "    ")),
        ("not_assessed", _json_list(unassessed, "    ")),
    ]
    return _json_object(fields, "  ")


def _json_reason(reason: Reason, indent: str) -> str:
    details = _json_list([*map(_STRING, reason.detail)], indent + "  ")
    return _json_criterion(reason.criterion, reason.section, reason.verbatim, details, indent)


def _json_criterion(criterion: str, section: str, verbatim: str, details: str, indent: str = _REASON) -> str:
    fields = [
        ("criterion", _STRING(str(criterion))),
        ("section", _STRING(section)),
        ("verbatim", _STRING(verbatim)),
        ("detail", details),
    ]
    return _json_object(fields, indent)


def _json_list(items: list[str], indent: str) -> str:
    inner = "\n" + indent + "  "
    return "[" + inner + ("," + inner).join(items) + "\n" + indent + "]" if items else "[]"


def _json_object(fields: list[tuple[str, str]], indent: str) -> str:
    inner = "\n" + indent + "  "
    return "{" + inner + ("," + inner).join(f'"{key}": {value}' for key, value in fields) + "\n" + indent + "}"


_NO_STRUCTURE = _json_list([*map(_STRING, NO_STRUCTURE)], _REASON + "  ")  # every not assessed one's detail
_SECTION_JSON = {section: _STRING(section) for section in ("inclusion", "exclusion")}
# a criterion not assessed as _json_criterion writes it, for its JSON IRI, section and text (no "%" else in it)
_UNASSESSED = _json_object(
    [("criterion", "%s"), ("section", "%s"), ("verbatim", "%s"), ("detail", _NO_STRUCTURE)], _REASON
)
