"""The curators' commands: `fmt`, `new trial` and `diff`, their output and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.graph.turtle_format import format_text
from trialgraph.paths import project_paths

runner = CliRunner()
PROJECT = project_paths()
EX = "@prefix ex: <http://example.org/> .\n"
RECORD = Path(__file__).parents[1] / "fixtures" / "ctgov" / "NCT04426201.json"


def invoke(*args: str, env: dict | None = None):
    return runner.invoke(app, [str(arg) for arg in args], env=env)


def _files(tmp_path: Path) -> tuple[Path, Path]:
    canonical = tmp_path / "canonical.ttl"
    canonical.write_text(format_text(EX + "ex:a ex:p 1 .\n"), encoding="utf-8")
    messy = tmp_path / "messy.ttl"
    messy.write_text(EX + "# about b\nex:b ex:q 2 ; a ex:T .\nex:a ex:p 1 .\n", encoding="utf-8")
    return canonical, messy


def test_fmt_check_lists_the_files_to_rewrite_and_writes_nothing(tmp_path):
    _, messy = _files(tmp_path)
    before = messy.read_bytes()
    result = invoke("fmt", "--check", tmp_path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"would reformat {messy}"]
    assert "run 'trialgraph fmt'" in result.stderr
    assert messy.read_bytes() == before


def test_fmt_rewrites_only_what_is_not_canonical(tmp_path):
    canonical, messy = _files(tmp_path)
    stamp = canonical.stat().st_mtime_ns
    result = invoke("fmt", tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"reformatted {messy}"]
    assert messy.read_text(encoding="utf-8") == EX + "\nex:a ex:p 1 .\n\n# about b\nex:b a ex:T ;\n    ex:q 2 .\n"
    assert canonical.stat().st_mtime_ns == stamp
    assert invoke("fmt", "--check", tmp_path).exit_code == 0


def test_fmt_defaults_to_the_projects_data_and_ontology(tmp_path):
    home = tmp_path / "home"
    for folder in ("ontology", "queries", "data"):
        shutil.copytree(PROJECT.root / folder, home / folder)
    env = {"TRIALGRAPH_HOME": str(home)}
    assert invoke("fmt", env=env).exit_code == 0
    checked = invoke("fmt", "--check", env=env)
    assert checked.exit_code == 0 and checked.stdout == ""
    assert invoke("validate", env=env).exit_code == 0  # the reformatted data still conforms


def test_new_trial_writes_a_scaffold_once(tmp_path):
    target = tmp_path / "NCT04426201.ttl"
    result = invoke("new", "trial", "NCT04426201", "--from", RECORD, "-o", target)
    assert result.exit_code == 0, result.output
    assert "check each '# TODO curator:' line" in result.stdout
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# InterLeukin-7 to Improve Clinical Outcomes") and format_text(text) == text
    again = invoke("new", "trial", "NCT04426201", "--from", RECORD, "-o", target)
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert target.read_text(encoding="utf-8") == text


def test_diff_text_json_and_exit_code(tmp_path):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    trial = "@prefix tg: <https://w3id.org/trialgraph/ontology/> .\n<http://t/NCT1> a tg:Trial ; tg:enrollment {} .\n"
    old.write_text(trial.format(10), encoding="utf-8")
    new.write_text(trial.format(20), encoding="utf-8")
    text = invoke("diff", old, new)
    assert text.exit_code == 0
    assert text.stdout.splitlines()[1:] == ["~ <http://t/NCT1>", "    tg:enrollment: 10 -> 20"]
    data = json.loads(invoke("diff", old, new, "--format", "json").stdout)
    assert data["trials"]["changed"]["<http://t/NCT1>"][0] == {
        "subject": "",
        "field": "tg:enrollment",
        "change": "changed",
        "old": ["10"],
        "new": ["20"],
    }
    assert invoke("diff", old, new, "--exit-code").exit_code == 1
    assert invoke("diff", old, old, "--exit-code").exit_code == 0
