"""`match --condition CURIE`: only the trials studying the condition, through the mappings and hierarchy, ranked
eligible first, then by criteria assessed; in memory and on a store alike (issue 14 point 5)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.graph.assemble import build_graph, build_store
from trialgraph.matching import match_store
from trialgraph.matching.eligibility import ELIGIBLE, INELIGIBLE, match
from trialgraph.matching.patient import parse_patient
from trialgraph.matching.studied import condition_iris, ranked, studies
from trialgraph.paths import ProjectPaths
from trialgraph.sources.ctgov.registry import import_to_store

runner = CliRunner()
NCT = "NCT05833815"  # gallbladder cancer: MeSH D005706, under D009369 Neoplasms (the registry's ancestors)
PATIENT = {"age": 60, "sex": "female", "conditions": ["MONDO:0007254"]}


@pytest.fixture(scope="module")
def stores(more_records: Path, project: ProjectPaths, tmp_path_factory) -> tuple[Path, Path]:
    """The curated build alone, and with the record imported."""
    curated = tmp_path_factory.mktemp("studied-curated") / "store"
    build_store(project, curated)
    folder = tmp_path_factory.mktemp("studied-record")
    shutil.copy(more_records / f"{NCT}.json", folder)
    both = tmp_path_factory.mktemp("studied-both") / "store"
    build_store(project, both)
    assert import_to_store([folder], both, project, jobs=1).added == 1
    return curated, both


@pytest.fixture(scope="module")
def graph(project: ProjectPaths):
    return build_graph(project)


def run(patient: Path, *options: str) -> list[dict]:
    result = runner.invoke(app, ["match", str(patient), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def patient_file(tmp_path: Path) -> Path:
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(PATIENT), encoding="utf-8")
    return path


def test_a_disease_keeps_the_trials_on_it_and_its_kinds(graph):
    (breast_cancer,) = condition_iris(["MONDO:0007254"])
    (cancer,) = condition_iris(["MONDO:0004992"])
    every = {r.trial for r in match(parse_patient(PATIENT), graph)}
    on_breast = {t for t in every if studies(graph, t, [breast_cancer])}
    on_cancer = {t for t in every if studies(graph, t, [cancer])}
    assert on_breast and on_breast <= on_cancer  # every breast cancer trial is a cancer trial, by the hierarchy
    covid = {t for t in every if studies(graph, t, condition_iris(["condition:covid-19"]))}
    assert covid and not covid & on_breast


def test_the_store_gives_what_memory_gives(stores, patient_file):
    curated, _ = stores
    for curie in ("MONDO:0007254", "MONDO:0004992", "condition:covid-19"):
        in_memory = run(patient_file, "--condition", curie)
        assert in_memory == run(patient_file, "--condition", curie, "--oxigraph", str(curated), "--jobs", "1")
        assert 0 < len(in_memory) < len(run(patient_file))


def test_a_registry_record_counts_through_its_mesh_ancestors(stores, project):
    _, both = stores
    patient = parse_patient(PATIENT)
    neoplasms = [
        r.nct_id for r in match_store(patient, both, project, jobs=1, conditions=condition_iris(["mesh:D009369"]))
    ]
    assert NCT in neoplasms
    breast = [
        r.nct_id for r in match_store(patient, both, project, jobs=1, conditions=condition_iris(["MONDO:0007254"]))
    ]
    assert breast and NCT not in breast


def test_results_are_ranked_eligible_first_then_by_criteria_assessed(graph, patient_file):
    results = ranked(match(parse_patient(PATIENT), graph))
    order = [(0 if r.status == ELIGIBLE else 2 if r.status == INELIGIBLE else 1, -r.assessed) for r in results]
    assert order == sorted(order) and len({o[0] for o in order}) > 1
    shown = [r["nct_id"] or r["trial"] for r in run(patient_file, "--condition", "MONDO:0004992")]
    expected = [r.nct_id or str(r.trial) for r in results if studies(graph, r.trial, condition_iris(["MONDO:0004992"]))]
    assert shown == expected
