"""`trialgraph match`: a patient against the curated trials (embedded) or the trials of a store."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rdflib.namespace import NamespaceManager

from ..errors import InputError
from ..graph import assemble
from ..links.prefixes import compact
from ..matching import eligibility, studied
from ..matching.eligibility import TrialMatch
from ..matching.patient import load_patient
from ..matching.store_matching import StoreMatching
from ..paths import project_paths
from .common import Jobs, fail


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
    typer.echo("[", nl=False)
    printed = 0
    for result in results:
        item = json.dumps(result.as_dict(), indent=2, ensure_ascii=False).replace("\n", "\n  ")
        typer.echo(("," if printed else "") + "\n  " + item, nl=False)
        printed += 1
    typer.echo("\n]" if printed else "]")


def _print_table(results: Iterable[TrialMatch], namespaces: NamespaceManager) -> None:
    for result in results:
        name = result.nct_id or compact(result.trial, namespaces)
        typer.echo(f"{name}: {result.status}")
        for reason in result.reasons:
            where = compact(reason.criterion, namespaces)
            typer.echo(f"  {reason.section} {where}: {reason.verbatim}" if reason.verbatim else f"  {where}")
            for detail in reason.detail:
                typer.echo(f"    - {detail}")
        if result.not_assessed:  # listed, never silently dropped; --format json gives their text
            names = ", ".join(compact(r.criterion, namespaces) for r in result.not_assessed)
            typer.echo(f"  not assessed (no structured constraint): {names}")
