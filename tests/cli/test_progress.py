"""Long runs show their stage on a terminal, and nothing elsewhere."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
TRIALGRAPH = shutil.which("trialgraph", path=str(Path(sys.executable).parent)) or "trialgraph"


def run_with_terminal(*args: str) -> tuple[str, str]:
    """stdout to a pipe, stderr to a pseudo-terminal (as on a curator's screen with `> file`)."""
    master, slave = pty.openpty()
    command = [TRIALGRAPH, *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "COLUMNS": "150"})
    os.close(slave)
    stdout = process.stdout.read()
    process.wait()
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return stdout.decode(), seen.decode(errors="replace")


def test_validate_shows_its_stages_on_a_terminal_and_keeps_stdout_plain():
    stdout, terminal = run_with_terminal("validate")
    assert "reading NCT01368107.ttl (" in terminal and "against the shapes (pySHACL)" in terminal
    assert "running the QC checks" in terminal
    assert "\x1b" not in stdout and stdout.splitlines()[-1].endswith("warning(s)")


def test_build_shows_its_stages_and_prints_its_summary_after(tmp_path):
    out = tmp_path / "graph.ttl"
    stdout, terminal = run_with_terminal("build", "-o", str(out), "--oxigraph", str(tmp_path / "store"))
    assert "merging" in terminal and f"writing {out}" in terminal and "loading trialgraph.ttl (" in terminal
    assert stdout.splitlines()[0].startswith("wrote ") and "loaded " in stdout.splitlines()[1]


def test_nothing_is_shown_without_a_terminal(tmp_path):
    result = subprocess.run([TRIALGRAPH, "build", "-o", str(tmp_path / "g.ttl")], capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""


def test_validating_a_store_shows_the_studies_done(ctgov_records, tmp_path):
    store = tmp_path / "store"
    records = sorted(ctgov_records.glob("*.json"))[:3]
    imported = subprocess.run([TRIALGRAPH, "import", "ctgov", *map(str, records), "--oxigraph", str(store)])
    assert imported.returncode in (0, 1)  # 1: a record kept a value as a literal (a warning)
    stdout, terminal = run_with_terminal("validate", "--oxigraph", str(store), "--jobs", "1")
    assert "validated 0 of 3 studies" in terminal and "validated 3 of 3 studies" in terminal
    assert "running the cross-study checks" in terminal
    assert "\x1b" not in stdout and stdout.splitlines()[-1].startswith("3 studies checked: ")
