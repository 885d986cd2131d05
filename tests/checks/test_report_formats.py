"""`validate --format sarif|junit|github`: reports CI systems read, each result at its file and line."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from typer.testing import CliRunner

from trialgraph.checks.report_formats import github
from trialgraph.checks.results import Violation
from trialgraph.cli import app

from ..constants import MINIMAL_TRIAL

SARIF_SCHEMA = Path(__file__).parents[1] / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
runner = CliRunner()


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, int]:
    """A trial whose NCT ID breaks its pattern, and the line of the trial's node."""
    text = MINIMAL_TRIAL.replace('tg:nctId "NCT00000001"', 'tg:nctId "NCT1"')
    path = tmp_path_factory.mktemp("report") / "bad.ttl"
    path.write_text(text, encoding="utf-8")
    return path, next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("trial:NCT00000001 a tg:Trial"))


def _run(path: Path, fmt: str):
    return runner.invoke(app, ["validate", str(path), "--format", fmt])  # with data/shared/, as by default


def test_sarif_is_valid_sarif_with_each_violation_at_its_file_and_line(broken):
    path, line = broken
    result = _run(path, "sarif")
    assert result.exit_code == 1  # the exit codes stay as they are
    log = json.loads(result.output)
    jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))).validate(log)
    [run] = log["runs"]
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert errors and all(r["ruleId"] == "tgsh:TrialShape" for r in errors)
    location = errors[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path.as_uri() and location["region"]["startLine"] == line
    assert any("NCT followed by 8 digits" in r["message"]["text"] for r in errors)
    rules = run["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])


def test_junit_counts_a_failure_per_violation_and_a_case_per_file(broken, project):
    path, line = broken
    result = _run(path, "junit")
    assert result.exit_code == 1
    suite = ElementTree.fromstring(result.output).find("testsuite")
    [case] = [c for c in suite.findall("testcase") if c.get("name") == str(path)]
    failures = case.findall("failure")
    assert int(suite.get("failures")) == len(failures) >= 1  # the shared files have warnings only
    assert all(f.text.startswith(f"{path}:{line}: trial:NCT00000001 tg:nctId") for f in failures)
    clean = runner.invoke(app, ["validate", str(project.data_dir / "trials" / "NCT04426201.ttl"), "--format", "junit"])
    assert clean.exit_code == 0
    suite = ElementTree.fromstring(clean.output).find("testsuite")
    assert suite.get("failures") == "0" and int(suite.get("tests")) >= 2  # the trial and data/shared/ files


def test_github_annotations_name_file_and_line_and_escape_what_github_reads(broken):
    path, line = broken
    result = _run(path, "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(out.startswith(f"::error file={path},line={line},title=tgsh%3ATrialShape::") for out in lines)
    assert lines[-1].endswith("file(s) checked: 2 violation(s)") or ": 2 violation(s), " in lines[-1]
    odd = Violation("Warning", "x:a", None, "50%\nmore", "one, two: three", "a,b:c.ttl", 3, "tgsh:S")
    expected = "::warning file=a%2Cb%3Ac.ttl,line=3,title=tgsh%3AS::x:a: one, two: three [value: 50%25%0Amore]"
    assert github(odd) == expected
