"""in_batches: a store's studies in batches, by worker processes and by the calling process, results in order."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from trialgraph.sources.ctgov.store_studies import in_batches


class Here:
    """The calling process's worker: waits for a worker process to be up before its first batch, so that the
    processes get batches too; then faster than they are, so that it takes the batches they have not started."""

    def __init__(self, up: Path):
        self.up, self.ran = up, 0

    def run(self, names: list[str]) -> list[tuple[str, int, str]]:
        deadline = time.monotonic() + 60
        while not self.up.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        self.ran += 1
        time.sleep(0.005)  # as a batch's work would, leaves the executor's thread time to hand batches out
        return [(name, os.getpid(), "here") for name in names]


class Process:
    """A worker process's worker: says it is up, then is slow."""

    def __init__(self, up: Path):
        up.touch()

    def run(self, names: list[str]) -> list[tuple[str, int, str]]:
        time.sleep(0.05)
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
        # the processes matched some batches, and this process the ones they had not started when their turn came
        assert by == {"here", "process"}
        assert here.ran >= 2  # its first batch, while the processes started, and at least one taken from them
        assert all(pid == os.getpid() for _, pid, who in found if who == "here")
