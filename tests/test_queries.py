"""The query library: every file has a header, and every question's answer is checked by value."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import URIRef

from trialgraph.queries import GraphBackend, parse_params, query_library, run_query

ID = "https://w3id.org/trialgraph/id/"


def answer(graph, project, name: str, *params: str) -> list[tuple]:
    query = query_library(project.queries_dir)[name]
    bindings = parse_params(list(params), query, graph.namespace_manager)
    table = run_query(query, GraphBackend(graph), bindings)
    assert tuple(table.columns) == query.columns, "the header's columns must match the query's"
    return [tuple(None if v is None else v.toPython() for v in row) for row in table.rows]


def drugs_in_several_trials(graph, project):
    rows = answer(graph, project, "drugs-in-several-trials")
    # ORDER BY trial count, then label in code-point order (upper case first)
    assert [(label, n, set(trials.split(", "))) for _, label, n, trials in rows] == [
        ("CYT107", 2, {"NCT01368107", "NCT04426201"}),
        ("anastrozole", 2, {"NCT03079011", "NCT05190094"}),
        ("capecitabine", 2, {"NCT01368107", "anakinra-tpc-mbc"}),
        ("letrozole", 2, {"NCT03079011", "NCT05190094"}),
        ("palbociclib", 2, {"NCT03079011", "NCT05190094"}),
    ]


def drug_doses_and_routes(graph, project):
    rows = answer(graph, project, "drug-doses-and-routes", "drug=intervention:palbociclib")
    found = {(r[2].rsplit("/", 1)[-1], str(r[4]) if r[4] is not None else None, r[5], r[6]) for r in rows}
    assert ("NCT05190094", "125.0", "mg", "oral") in found
    assert {f[0] for f in found} == {"NCT03079011", "NCT05190094"}
    assert {f[1] for f in found if f[0] == "NCT03079011"} == {None}  # seed 003 states no dose
    all_rows = answer(graph, project, "drug-doses-and-routes")
    assert {r[1] for r in all_rows} >= {"CYT107", "anakinra", "palbociclib", "fulvestrant", "letrozole"}


def arms_per_trial(graph, project):
    rows = answer(graph, project, "arms-per-trial")
    assert {r[0].rsplit("/", 1)[-1]: r[2] for r in rows} == {
        "NCT01368107": 4,
        "NCT03079011": 3,
        "NCT04426201": 2,
        "NCT05190094": 1,
        "anakinra-tpc-mbc": 1,
    }
    arms = {r[0].rsplit("/", 1)[-1]: r[3] for r in rows}
    assert arms["NCT04426201"] == "CYT107 Treatment | Saline control"  # in the source's order


def lab_thresholds(graph, project):
    rows = answer(graph, project, "lab-thresholds", f"test=<{ID}measure/platelet-count>")
    found = {(r[1].rsplit("/", 1)[-1], r[2], r[3], str(r[4]), r[5]) for r in rows}
    assert found == {
        ("NCT01368107", "inclusion", ">=", "100.0", "10*9/L"),
        ("NCT03079011", "inclusion", ">=", "100.0", "10*9/L"),
        ("NCT05190094", "inclusion", ">=", "100.0", "10*9/L"),
    }
    uln = {
        (r[1].rsplit("/", 1)[-1], str(r[6]))
        for r in answer(graph, project, "lab-thresholds", f"test=<{ID}measure/alt>")
    }
    assert uln == {("NCT01368107", "2.5"), ("NCT04426201", "5.0"), ("NCT05190094", "2.5")}


def sites_by_country(graph, project):
    rows = answer(graph, project, "sites-by-country")
    assert [(r[0], r[1].rsplit("/", 1)[-1], r[2]) for r in rows] == [
        ("Algeria", "NCT05190094", 2),
        ("France", "NCT01368107", 3),
        ("Jordan", "NCT05190094", 1),
        ("Saudi Arabia", "NCT05190094", 4),
        ("United States", "NCT04426201", 2),
    ]


EXPECTED: dict[str, Callable] = {
    "drugs-in-several-trials": drugs_in_several_trials,
    "drug-doses-and-routes": drug_doses_and_routes,
    "arms-per-trial": arms_per_trial,
    "lab-thresholds": lab_thresholds,
    "sites-by-country": sites_by_country,
}


def test_every_query_file_has_a_checked_answer(project):
    assert set(query_library(project.queries_dir)) == set(EXPECTED)
    assert len(EXPECTED) >= 5  # the library cannot silently shrink


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query(name, graph, project):
    EXPECTED[name](graph, project)


def test_header_is_required(tmp_path):
    from trialgraph.errors import InputError
    from trialgraph.queries import read_query

    path = tmp_path / "no-header.rq"
    path.write_text("# title: Something\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks: # description:, # columns:"):
        read_query(path)


def test_iri_parameter_is_bound_as_iri(graph, project):
    query = query_library(project.queries_dir)["lab-thresholds"]
    bindings = parse_params(["test=measure:platelet-count"], query, graph.namespace_manager)
    assert bindings == {"test": URIRef(f"{ID}measure/platelet-count")}
