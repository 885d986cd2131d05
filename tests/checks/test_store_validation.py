"""The store engine (validate --oxigraph) reports exactly what pySHACL reports, and says where.

On every broken example the comparison runs in tests/checks/test_shapes.py, beside pySHACL's own
checks, so that each example is validated by pySHACL once."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.synthetic import clone_studies, load_store
from trialgraph.checks.store_validation import validate_store
from trialgraph.checks.validation import validate
from trialgraph.cli import app

from .store_engine import store_engine_results

REGISTRY = "https://clinicaltrials.gov/study/"


def _both(files: list[Path], store: Path, project) -> tuple[Counter, Counter]:
    """(pySHACL's results, the store engine's results) on the same studies, as what they say."""
    expected = Counter(r.key() for r in validate(files, project).results)
    return expected, store_engine_results(files, store, project)


@pytest.fixture(scope="module")
def shared_imports(imported_records) -> list[Path]:
    folder, _ = imported_records
    return sorted(folder.glob("NCT*.ttl"))


def test_store_engine_agrees_with_pyshacl_on_shared_records(shared_imports, project, tmp_path):
    expected, found = _both(shared_imports, tmp_path / "store", project)
    assert found == expected
    assert sum(expected.values()) > len(shared_imports)  # the records do give results to compare


def test_results_name_study_source_file_and_json_path(shared_imports, project, tmp_path):
    load_store(tmp_path / "store", shared_imports)
    results, summary = validate_store(tmp_path / "store", project, jobs=1)
    results = list(results)
    assert summary.studies == len(shared_imports)
    from_studies = [r for r in results if r.study]
    assert from_studies
    for result in from_studies:
        assert result.file == f"{result.study}.json"  # the tg:fileName of the study's registry record
        assert result.line is None
    unmapped_conditions = [r for r in from_studies if re.search(r"-condition-[0-9]+$", r.focus)]
    assert unmapped_conditions
    for result in unmapped_conditions:  # ctgov:NCT...-condition-2 is the record's second condition
        number = int(result.focus.rsplit("-", 1)[1])
        assert result.json_path == f"protocolSection.conditionsModule.conditions[{number - 1}]"
    shared = [r for r in results if not r.study]  # the shared data keeps file:line
    assert shared
    assert all(r.file.startswith("data/shared/") and r.line for r in shared if r.file)


def test_a_node_several_studies_share_is_reported_once(shared_imports, project, tmp_path):
    clones = clone_studies(shared_imports[0].parent, tmp_path / "clones", 6, seed=3)
    load_store(tmp_path / "store", clones)
    results, summary = validate_store(tmp_path / "store", project, jobs=1)
    keys = [r.key() for r in results]
    assert len(keys) == len(set(keys))
    assert summary.studies == 6


def test_workers_give_the_same_results_as_one_process(shared_imports, project, tmp_path):
    load_store(tmp_path / "store", shared_imports[:12])
    one, _ = validate_store(tmp_path / "store", project, jobs=1)
    one = list(one)
    from trialgraph.checks import store_validation

    batch = store_validation.BATCH
    store_validation.BATCH = 3  # several batches, so that both workers get some
    try:
        two, _ = validate_store(tmp_path / "store", project, jobs=2)
        two = list(two)
    finally:
        store_validation.BATCH = batch
    assert two == one


def test_cli_validates_a_store_as_text_and_json(shared_imports, tmp_path):
    load_store(tmp_path / "store", shared_imports)
    runner = CliRunner()
    text = runner.invoke(app, ["validate", "--oxigraph", str(tmp_path / "store"), "--jobs", "1", "--warnings"])
    lines = text.stdout.splitlines()  # a line per result with --warnings (without, warnings of one message fold)
    assert lines[-1].startswith(f"{len(shared_imports)} studies checked: ")
    document = runner.invoke(app, ["validate", "--oxigraph", str(tmp_path / "store"), "--format", "json"])
    report = json.loads(document.stdout)
    assert report["studies"] == len(shared_imports)
    assert len(report["results"]) == len(lines) - 1
    assert text.exit_code == document.exit_code == (0 if report["conforms"] else 1)
    assert {r["study"] for r in report["results"] if r["study"]} <= {p.stem for p in shared_imports}
    folded = runner.invoke(app, ["validate", "--oxigraph", str(tmp_path / "store"), "--jobs", "1"]).stdout.splitlines()
    messages = {r["message"] for r in report["results"] if r["severity"] == "Warning"}
    violations = sum(r["severity"] == "Violation" for r in report["results"])
    assert violations <= len(folded) - 1 <= violations + len(messages) and folded[-1] == lines[-1]


def test_a_store_from_import_validates_as_its_turtle_files_do(shared_imports, ctgov_records, project, tmp_path):
    """`import ctgov --oxigraph` moves cities, countries and organizations into one shared graph;
    each study is validated with what that graph says of the nodes it leads to, as in its Turtle file."""
    from trialgraph.sources.ctgov.registry import import_to_store

    import_to_store([ctgov_records], tmp_path / "imported", project, jobs=1)
    from_import, summary = validate_store(tmp_path / "imported", project, jobs=1)
    from_import = Counter(r.key() for r in from_import)
    assert summary.studies == len(shared_imports)
    from_files = store_engine_results(shared_imports, tmp_path / "files", project)
    assert from_import == from_files
    assert not any("tg:City" in key[4] or "tg:Country" in key[4] for key in from_import)
