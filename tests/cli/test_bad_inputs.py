"""Every row of the bad-input corpus: one clear line, the right exit, no traceback, nothing clobbered."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.paths import project_paths

from ..bad_inputs import CASES, BadInput

runner = CliRunner()


def _snapshot(*folders: Path) -> dict[Path, str]:
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_corpus_cannot_shrink():
    assert len(CASES) >= 70  # 3, then 32 input, 32 query and 3 store-validation cases (issue 11, 12)
    assert len({case.case for case in CASES}) == len(CASES), "case names must be unique"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.case)
def test_bad_input(case: BadInput, tmp_path: Path):
    if case.setup is not None:
        case.setup(tmp_path)
    data = project_paths().data_dir
    before = _snapshot(tmp_path, data)
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in case.args]
    env = {key: value.replace("{tmp}", str(tmp_path)) for key, value in (case.env or {}).items()} or None
    result = runner.invoke(app, args, env=env)
    shown = f"trialgraph {' '.join(args)}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code == case.exit, shown
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"one line on stderr expected\n{shown}"
    for word in case.words:
        assert word.replace("{tmp}", str(tmp_path)) in lines[0], f"{word!r} not in the message\n{shown}"
    after = _snapshot(tmp_path, data)
    assert {path: after.get(path) for path in before} == before, f"an earlier output changed\n{shown}"
    assert sorted(str(path.relative_to(tmp_path)) for path in after.keys() - before.keys()) == sorted(case.writes), (
        f"only {case.writes or 'no file'} may be written\n{shown}"
    )
