"""A conditional bound is honoured (issue 14): a patient with liver metastases and AST at 4 x ULN is not
ineligible where their bound is 5 x ULN; without them the default 2.5 x ULN excludes; unstated, undetermined.

NCT05833815 (../shared/ctgov-more), inclusion: "Alanine aminotransferase (ALT) and aspartate aminotransferase
(AST) =< 2.5 x upper limit of normal (ULN) (=< 5x ULN in patients with liver metastases)". Matched in memory
(import to Turtle, build) and on a store (`import ctgov --oxigraph`, `match --oxigraph`), with the same results.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.graph.assemble import build_graph, build_store
from trialgraph.matching import match_store
from trialgraph.matching.eligibility import INELIGIBLE, match
from trialgraph.matching.patient import parse_patient
from trialgraph.paths import ProjectPaths
from trialgraph.sources.ctgov.importer import import_ctgov
from trialgraph.sources.ctgov.registry import import_to_store

NCT = "NCT05833815"
AST, ALT = "1920-8", "1742-6"  # LOINC: AST and ALT in serum or plasma
CRITERION = "=< 5x ULN in patients with liver metastases"
runner = CliRunner()


def patient(**facts) -> dict:
    """AST at 4 x ULN, ALT normal; the rest of the record's facts left out (undetermined, never ineligible)."""
    labs = {AST: {"value": 160, "unit": "U/L", "uln": 40}, ALT: {"value": 30, "unit": "U/L", "uln": 40}}
    return {"age": 60, "sex": "female", "labs": labs, **facts}


WITH = patient(conditions=["condition:liver-metastases"])
WITHOUT = patient(absent_conditions=["condition:liver-metastases"])
UNSTATED = patient()


@pytest.fixture(scope="module")
def record(more_records: Path, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("conditional-record")
    shutil.copy(more_records / f"{NCT}.json", folder)
    return folder


@pytest.fixture(scope="module")
def graph(record: Path, project: ProjectPaths, tmp_path_factory) -> Graph:
    output = tmp_path_factory.mktemp("conditional-import")
    summary = import_ctgov([record], output, project)
    assert len(summary.written) == 1
    return build_graph(project, [project.data_dir, output])


@pytest.fixture(scope="module")
def store(record: Path, project: ProjectPaths, tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("conditional-store") / "store"
    build_store(project, location)
    assert import_to_store([record], location, project, jobs=1).added == 1
    return location


def the_trial(results) -> dict:
    (found,) = [r.as_dict() for r in results if r.nct_id == NCT]
    return found


def liver_reason(result: dict) -> dict | None:
    found = [r for r in result["reasons"] if CRITERION in r["verbatim"]]
    return found[0] if found else None


def test_the_record_states_the_two_bounds_as_data(graph):
    rows = graph.query(
        """SELECT ?measure ?multiple ?when ?unless WHERE {
            ?trial tg:nctId ?nct ; tg:hasCriterion/tg:hasConstraint ?c .
            ?c tg:measure ?measure ; tg:ulnMultiple ?multiple .
            OPTIONAL { ?c tg:appliesWhen ?when } OPTIONAL { ?c tg:appliesUnless ?unless }
        }""",
        initBindings={"nct": Literal(NCT)},
        initNs={"tg": "https://w3id.org/trialgraph/ontology/"},
    )
    found = {
        (
            str(m).rsplit("/", 1)[-1],
            str(Decimal(str(x)).normalize()),
            str(w or "").rsplit("/", 1)[-1],
            str(u or "").rsplit("/", 1)[-1],
        )
        for m, x, w, u in rows
    }
    assert {
        ("ast", "2.5", "", "liver-metastases"),
        ("alt", "2.5", "", "liver-metastases"),
        ("ast", "5", "liver-metastases", ""),
        ("alt", "5", "liver-metastases", ""),
    } <= found


@pytest.mark.parametrize("where", ["memory", "store"])
def test_liver_metastases_and_ast_at_4_x_uln_are_not_ineligible(where, graph, store, project):
    result = the_trial(matched(where, WITH, graph, store, project))
    assert liver_reason(result) is None, result["reasons"]
    assert result["status"] != INELIGIBLE or all(CRITERION not in r["verbatim"] for r in result["reasons"])


@pytest.mark.parametrize("where", ["memory", "store"])
def test_without_liver_metastases_the_default_bound_excludes(where, graph, store, project):
    result = the_trial(matched(where, WITHOUT, graph, store, project))
    assert result["status"] == INELIGIBLE
    reason = liver_reason(result)
    assert reason is not None and reason["section"] == "inclusion"
    assert any("4 x ULN" in d and "required <= 2.5 x ULN" in d for d in reason["detail"]), reason


@pytest.mark.parametrize("where", ["memory", "store"])
def test_an_unstated_condition_leaves_the_criterion_undetermined(where, graph, store, project):
    result = the_trial(matched(where, UNSTATED, graph, store, project))
    assert result["status"] != INELIGIBLE
    reason = liver_reason(result)
    assert reason is not None and any("liver metastases" in d for d in reason["detail"]), result["reasons"]


def test_a_patient_within_the_default_bound_is_not_held_up_by_the_condition(graph):
    within = patient()
    within["labs"][AST]["value"] = 80  # 2 x ULN: within both bounds, liver metastases or not
    assert liver_reason(the_trial(match(parse_patient(within), graph))) is None


def matched(where: str, facts: dict, graph: Graph, store: Path, project: ProjectPaths):
    if where == "memory":
        return match(parse_patient(facts), graph)
    return match_store(parse_patient(facts), store, project, jobs=1)


def test_match_oxigraph_on_the_command_line(store, tmp_path):
    for facts, ineligible in ((WITH, False), (WITHOUT, True)):
        path = tmp_path / "patient.json"
        path.write_text(json.dumps(facts), encoding="utf-8")
        result = runner.invoke(app, ["match", str(path), "--oxigraph", str(store), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert (liver_reason(the_trial_json(result.stdout)) is not None) is ineligible


def the_trial_json(stdout: str) -> dict:
    (found,) = [r for r in json.loads(stdout) if r["nct_id"] == NCT]
    return found
