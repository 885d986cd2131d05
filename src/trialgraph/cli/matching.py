"""`trialgraph match`: a patient against the curated trials (embedded) or the trials of a store."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rdflib.namespace import NamespaceManager

from ..errors import InputError
from ..matching import eligibility, studied
from ..matching.eligibility import TrialMatch
from ..matching.patient import load_patient
from ..matching.printed import TableText, json_item
from ..matching.results import Shown
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
            unread, show = on_store.unread_labs(), _show(fmt, on_store.context.namespaces)
            shown: Iterable[Shown] = on_store.results(statuses, conditions, show)  # made in the workers
        else:
            from ..graph import assemble

            graph = assemble.build_graph(project_paths())
            statuses = eligibility.status_iris(status or [], graph)
            unread, show = eligibility.unread_labs(facts, graph), _show(fmt, graph.namespace_manager)
            keep = (lambda g, trial: studied.studies(g, trial, conditions)) if conditions else None
            shown = (Shown.of(result, show) for result in eligibility.match(facts, graph, statuses, keep))
        if conditions:
            shown = studied.ranked(shown)
        if unread:  # on stderr, so that --format json stays one JSON document
            labs = ", ".join(f"labs.{key}" for key in unread)
            typer.echo(f"not assessed: {labs}: no trial criterion reads this lab (an unknown LOINC code?)", err=True)
        texts = (item.text for item in shown)
        echo_all(_json_parts(texts) if fmt is MatchFormat.json else texts)
    except InputError as error:
        raise fail(error) from error


def _show(fmt: MatchFormat, namespaces: NamespaceManager) -> Callable[[TrialMatch], str]:
    return json_item if fmt is MatchFormat.json else TableText(namespaces)


def _json_parts(items: Iterable[str]) -> Iterator[str]:
    """One JSON array (as json.dumps(..., indent=2) writes it), printed as the matches come."""
    yield "["
    printed = 0
    for item in items:
        yield ("," if printed else "") + "\n  " + item
        printed += 1
    yield "\n]\n" if printed else "]\n"
