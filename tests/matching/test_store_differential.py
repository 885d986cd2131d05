"""`match --oxigraph` against the in-memory matcher on every shared record: the same TrialMatch results.

One store holds the curated build and every record of ../shared/ctgov and ../shared/ctgov-more (as the
README's registry recipe makes it); one rdflib graph holds the same records through `import ctgov -o`, built
with the curated data. For several patients (the example, low counts, nothing known, the conditional
bounds' liver metastases stated present, absent or not at all, a man for the sex-specific bounds), with and
without --status and --condition, both give the same results: trials, statuses, reasons, details, the
criteria not assessed, the count of assessed criteria, and the order (trial IRI order, or the ranking).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph

from trialgraph.graph.assemble import build_graph, build_store
from trialgraph.matching import match_store
from trialgraph.matching.eligibility import TG, TGV, match, status_iris
from trialgraph.matching.patient import parse_patient
from trialgraph.matching.studied import condition_iris, ranked, studies
from trialgraph.paths import ProjectPaths
from trialgraph.sources.ctgov.registry import import_to_store

from .test_store_matching import EXAMPLE, LOW_COUNTS

AST, ALT = "1920-8", "1742-6"
LIVER = {
    "age": 60,
    "sex": "female",
    "labs": {AST: {"value": 160, "unit": "U/L", "uln": 40}, ALT: {"value": 30, "unit": "U/L", "uln": 40}},
}
PATIENTS = {
    "example": EXAMPLE,
    "low-counts": {**LOW_COUNTS, "performance_status": {"scale": "ECOG", "value": 3}},
    "nothing-known": {},
    "liver-metastases": {**LIVER, "conditions": ["condition:liver-metastases"]},
    "no-liver-metastases": {**LIVER, "absent_conditions": ["condition:liver-metastases"]},
    "liver-unstated": LIVER,
    "man": {"age": 45, "sex": "male", "conditions": ["MONDO:0007254"], "life_expectancy": {"value": 2, "unit": "a"}},
}
SELECTIONS = {  # (statuses, conditions), as --status and --condition give them
    "recruiting": (["recruiting"], []),
    "neoplasms": ([], ["mesh:D009369"]),
    "breast-cancer-recruiting": (["recruiting", "not-yet-recruiting"], ["MONDO:0007254"]),
}


@pytest.fixture(scope="module")
def records(ctgov_records: Path, more_records: Path) -> list[Path]:
    return [ctgov_records, more_records]


@pytest.fixture(scope="module")
def store(records: list[Path], project: ProjectPaths, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("differential-store") / "store"
    build_store(project, path)
    summary = import_to_store(records, path, project, jobs=1)
    assert summary.added > 120, summary.lines()
    return path


@pytest.fixture(scope="module")
def in_memory(every_import, project: ProjectPaths) -> Graph:
    output, _ = every_import  # the same records, imported as Turtle files once per session
    return build_graph(project, [project.data_dir, output])


def facts(results) -> list[tuple]:
    return [(r.as_dict(), r.assessed) for r in results]


@pytest.mark.parametrize("name", PATIENTS)
def test_every_trial_as_in_memory(name, store, in_memory, project):
    patient = parse_patient(PATIENTS[name])
    on_store = facts(match_store(patient, store, project, jobs=1))
    assert on_store == facts(match(patient, in_memory))
    assert len(on_store) > 150  # the curated trials and the records: nothing left out on both sides
    assert len({answer["status"] for answer, _ in on_store}) > 1


@pytest.mark.parametrize("selection", SELECTIONS)
@pytest.mark.parametrize("name", ["example", "low-counts", "liver-metastases"])
def test_selected_and_ranked_as_in_memory(selection, name, store, in_memory, project):
    patient = parse_patient(PATIENTS[name])
    statuses = status_iris(SELECTIONS[selection][0], in_memory)
    conditions = condition_iris(SELECTIONS[selection][1])
    on_store = list(match_store(patient, store, project, statuses=statuses, conditions=conditions, jobs=1))
    keep = (lambda g, trial: studies(g, trial, conditions)) if conditions else None
    expected = match(patient, in_memory, statuses, keep)
    if conditions:  # the command ranks what --condition selects
        on_store, expected = ranked(on_store), ranked(expected)
    assert facts(on_store) == facts(expected)
    assert 0 < len(on_store) < len(match(patient, in_memory))


def test_the_records_hold_the_conditional_forms(in_memory):
    """What the equality above covers: bounds under a shared condition, under words only (tg:UnlinkedCondition),
    for an age group, and alternatives (groups of any of)."""
    assert (None, TG.appliesWhen, None) in in_memory and (None, TG.appliesUnless, None) in in_memory
    assert (None, RDF.type, TG.UnlinkedCondition) in in_memory
    assert any((when, RDF.type, TG.AgeConstraint) in in_memory for when in in_memory.objects(None, TG.appliesWhen))
    assert (None, TG.logic, TGV["logic-any-of"]) in in_memory


def test_the_conditional_bound_decides_on_both_paths(store, in_memory, project):
    """Not only equal: the liver-metastases bound of NCT05833815 (AST 4 x ULN) holds the patient back only
    where the file says the condition is absent."""
    found = {}
    for name in ("liver-metastases", "no-liver-metastases", "liver-unstated"):
        answers = {r.nct_id: r for r in match_store(parse_patient(PATIENTS[name]), store, project, jobs=1)}
        found[name] = answers["NCT05833815"].status
    assert found["no-liver-metastases"] == "ineligible"
    assert found["liver-metastases"] != "ineligible" and found["liver-unstated"] != "ineligible"
