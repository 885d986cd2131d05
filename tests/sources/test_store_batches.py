"""in_batches: a store's studies in batches, by worker processes and by the calling process, results in order."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from trialgraph.sources.ctgov.store_studies import in_batches


class Here:
    """The calling process's worker: waits for a worker process to be up before its first batch, so that the
    processes get batches too."""

    def __init__(self, up: Path):
        self.up, self.ran = up, 0

    def run(self, names: list[str]) -> list[tuple[str, int, str]]:
        deadline = time.monotonic() + 60
        while not self.up.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.ran += 1
        time.sleep(0.01)  # as a batch's work takes time: the processes' readiness is seen meanwhile
        return [(name, os.getpid(), "here") for name in names]


class Process:
    """A worker process's worker: says it is up."""

    def __init__(self, up: Path):
        up.touch()

    def run(self, names: list[str]) -> list[tuple[str, int, str]]:
        return [(name, os.getpid(), "process") for name in names]


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_batch_comes_once_in_order_from_the_processes_and_this_one(jobs: int, tmp_path: Path):
    up = tmp_path / "up"
    if jobs == 1:
        up.touch()  # no process will
    names = [f"study-{n:03d}" for n in range(120)]
    here = Here(up)
    found = [row for batch in in_batches(names, 3, jobs, here, Process, (up,)) for row in batch]
    assert [name for name, _, _ in found] == names
    by = {who for _, _, who in found}
    if jobs == 1:
        assert by == {"here"} and here.ran == 40
    else:
        # this process matched the first batch while the processes started, and they the others
        assert by == {"here", "process"} and here.ran >= 1
        assert all(pid == os.getpid() for _, pid, who in found if who == "here")
