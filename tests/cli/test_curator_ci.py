"""The curators' CI workflow and pre-commit hooks: the workflow's structure, and the hooks run by pre-commit
on a temporary git repository of curated Turtle (offline: the hook repository is a local clone)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from trialgraph.graph.turtle_format import format_text
from trialgraph.paths import project_paths

from ..constants import MINIMAL_TRIAL

ROOT = Path(__file__).resolve().parents[2]
PROJECT = project_paths()
TRIAL_FILE = PROJECT.data_dir / "trials" / "NCT04426201.ttl"


def test_the_workflow_is_reusable_and_runs_validate_upload_and_fmt_check():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    inputs = triggers["workflow_call"]["inputs"]
    assert {"trialgraph-repository", "paths", "format", "home"} <= inputs.keys()
    assert inputs["trialgraph-repository"]["required"] is True and inputs["format"]["default"] == "sarif"
    assert all(spec["type"] in ("string", "boolean") for spec in inputs.values())
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    assert all(("uses" in step) != ("run" in step) for step in steps)
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "trialgraph validate --format sarif $PATHS" in runs and "trialgraph validate --format github $PATHS" in runs
    assert "trialgraph fmt --check $PATHS" in runs and "pip install -e ./.trialgraph" in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == "trialgraph.sarif" and upload["if"].startswith("always()")
    assert "${{" not in runs  # inputs reach the scripts through env, never spliced into shell text


def test_the_hook_definitions_name_both_hooks():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks.keys() == {"trialgraph-fmt", "trialgraph-validate"}
    assert hooks["trialgraph-fmt"]["entry"] == "trialgraph fmt"
    assert hooks["trialgraph-validate"]["entry"] == "trialgraph validate"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture()
def curators_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git repository of curated data with a .pre-commit-config.yaml using this project's hooks,
    from a clone of its HEAD; and the environment to run pre-commit in (no network needed)."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the project")
    executable = Path(sys.executable).parent / "pre-commit"
    if not executable.exists():
        pytest.fail("pre-commit (a dev dependency) is not installed")
    hooks = tmp_path / "hooks"
    _git("clone", "--quiet", str(ROOT), str(hooks), cwd=tmp_path)
    rev = _git("rev-parse", "HEAD", cwd=hooks)
    repo = tmp_path / "curators"
    for folder in ("ontology", "queries", "data/shared", "data/mappings"):
        shutil.copytree(PROJECT.root / folder, repo / folder)
    (repo / "data" / "trials").mkdir()
    for path in repo.rglob("*.ttl"):  # canonical, so that only the test's own changes wake the fmt hook
        path.write_text(format_text(path.read_text(encoding="utf-8"), path), encoding="utf-8")
    config = {
        "repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": "trialgraph-fmt"}, {"id": "trialgraph-validate"}]}]
    }
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git("init", "--quiet", cwd=repo)
    env = {
        **os.environ,
        "PATH": f"{executable.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "TRIALGRAPH_HOME": str(repo),
        "PIP_NO_INDEX": "1",
    }
    return repo, env


def _run(repo: Path, env: dict[str, str], *hooks: str) -> subprocess.CompletedProcess:
    """`pre-commit run` of the given hooks (all of them when none is named) on every file."""
    _git("add", "-A", cwd=repo)
    command = [str(Path(sys.executable).parent / "pre-commit"), "run", *hooks, "--all-files", "--color", "never"]
    return subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_precommit_passes_fixes_and_refuses(curators_repo):
    repo, env = curators_repo
    trial = repo / "data" / "trials" / TRIAL_FILE.name
    text = TRIAL_FILE.read_text(encoding="utf-8")
    canonical = format_text(text, TRIAL_FILE)

    trial.write_text(canonical, encoding="utf-8")  # canonical and valid: both hooks pass
    passed = _run(repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    trial.write_text(canonical.replace("\n    ", "\n  "), encoding="utf-8")  # another layout: fmt rewrites it
    fixed = _run(repo, env, "trialgraph-fmt")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, fixed.stdout
    # back to the canonical text, the very files both hooks passed above (no third run needed)
    assert trial.read_text(encoding="utf-8") == canonical

    broken = repo / "data" / "trials" / "broken.ttl"  # canonical, but against the shapes
    broken.write_text(format_text(MINIMAL_TRIAL.replace('tg:nctId "NCT00000001"', 'tg:nctId "NCT1"')), encoding="utf-8")
    refused = _run(repo, env)
    assert refused.returncode == 1, refused.stdout
    assert "trialgraph validate" in refused.stdout and "broken.ttl" in refused.stdout and "tg:nctId" in refused.stdout
