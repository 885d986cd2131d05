"""`trialgraph match`: a patient against the curated trials (embedded) or the trials of a store."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rdflib.namespace import NamespaceManager

from ..errors import InputError
from ..graph import assemble
from ..links.prefixes import Compactor
from ..matching import eligibility, studied
from ..matching.eligibility import TrialMatch
from ..matching.patient import load_patient
from ..matching.results import NO_STRUCTURE, Reason
from ..matching.store_matching import StoreMatching
from ..paths import project_paths
from .common import Jobs, echo_all, fail


class MatchFormat(StrEnum):
    table = "table"
    json = "json"


def match(
    patient: Annotated[Path, typer.Argument(help="Patient JSON file (age, sex, conditions, labs...).")],
    fmt: Annotated[MatchFormat, typer.Option("--format", help="table or json.")] = MatchFormat.table,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Only trials with this overall status, e.g. recruiting (repeatable)."),
    ] = None,
    oxigraph: Annotated[
        Path | None, typer.Option("--oxigraph", help="Match the trials of this on-disk Oxigraph store, study by study.")
    ] = None,
    condition: Annotated[
        list[str] | None,
        typer.Option(
            "--condition",
            help="Only trials studying this condition (a CURIE: MONDO:0007254, mesh:D001943...; repeatable), "
            "ranked: eligible first, then by how many criteria were assessed.",
        ),
    ] = None,
    jobs: Jobs = None,
) -> None:
    """For each trial: eligible, ineligible (criterion and values) or undetermined (facts lacking)."""
    try:
        facts = load_patient(patient)
        conditions = studied.condition_iris(condition or [])
        if oxigraph is not None:
            on_store = StoreMatching(facts, oxigraph, project_paths(), jobs)
            gc.freeze()  # the context lives as long as the command: the collector need not walk it for each batch
            statuses = eligibility.status_iris(status or [], on_store.context.graph)
            unread, namespaces = on_store.unread_labs(), on_store.context.namespaces
            results: Iterable[TrialMatch] = on_store.results(statuses, conditions)
        else:
            graph = assemble.build_graph(project_paths())
            statuses = eligibility.status_iris(status or [], graph)
            unread, namespaces = eligibility.unread_labs(facts, graph), graph.namespace_manager
            keep = (lambda g, trial: studied.studies(g, trial, conditions)) if conditions else None
            results = eligibility.match(facts, graph, statuses, keep)
        if conditions:
            results = studied.ranked(results)
        if unread:  # on stderr, so that --format json stays one JSON document
            labs = ", ".join(f"labs.{key}" for key in unread)
            typer.echo(f"not assessed: {labs}: no trial criterion reads this lab (an unknown LOINC code?)", err=True)
        if fmt is MatchFormat.json:
            _print_json(results)
        else:
            _print_table(results, namespaces)
    except InputError as error:
        raise fail(error) from error


def _print_json(results: Iterable[TrialMatch]) -> None:
    """One JSON array (as json.dumps(..., indent=2) writes it), printed as the matches come."""
    echo_all(_json_parts(results))


def _json_parts(results: Iterable[TrialMatch]) -> Iterator[str]:
    yield "["
    printed = 0
    for result in results:
        yield ("," if printed else "") + "\n  " + json_item(result)
        printed += 1
    yield "\n]\n" if printed else "]\n"


_STRING = json.encoder.encode_basestring  # a string as json.dumps(..., ensure_ascii=False) writes it (in C)


def json_item(result: TrialMatch) -> str:
    """json.dumps(result.as_dict(), indent=2, ensure_ascii=False) as an item of the output's array (indented
    once more), written without json's indenting encoder, which runs in Python; a digest's criteria not assessed
    straight from its columns, without making their reasons."""
    reasons = [_json_reason(r, _REASON) for r in result.reasons]
    columns = result.unassessed_columns()
    if columns is None:
        unassessed = [_json_reason(r, _REASON) for r in result.not_assessed]
    else:
        unassessed = [_json_criterion(*criterion, _NO_STRUCTURE) for criterion in zip(*columns, strict=True)]
    nct_id = _STRING(result.nct_id) if result.nct_id is not None else "null"
    fields = [
        ("trial", _STRING(str(result.trial))),
        ("nct_id", nct_id),
        ("status", _STRING(result.status)),
        ("reasons", _json_list(reasons, "    ")),
        ("not_assessed", _json_list(unassessed, "    ")),
    ]
    return _json_object(fields, "  ")


_REASON = "      "  # a reason's indent in an item


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


def _print_table(results: Iterable[TrialMatch], namespaces: NamespaceManager) -> None:
    echo_all(table_parts(results, Compactor(namespaces)))


def table_parts(results: Iterable[TrialMatch], short: Compactor) -> Iterator[str]:
    """Each trial's lines as one text (a store's matches run to millions of lines), IRIs written by `short`, the
    criteria not assessed by `short.below` (their names after their trial's, without splitting each)."""
    for result in results:
        lines = [f"{result.nct_id or short(result.trial)}: {result.status}"]
        for reason in result.reasons:
            where = short(reason.criterion)
            lines.append(f"  {reason.section} {where}: {reason.verbatim}" if reason.verbatim else f"  {where}")
            lines += [f"    - {detail}" for detail in reason.detail]
        unassessed = result.not_assessed_iris()
        if unassessed:  # listed, never silently dropped; --format json gives their text
            names = ", ".join(short.below(result.trial, unassessed))
            lines.append(f"  not assessed (no structured constraint): {names}")
        lines.append("")
        yield "\n".join(lines)
