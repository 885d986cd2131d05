"""Fixtures shared by the text readers' tests."""

from __future__ import annotations

import pytest

from trialgraph.text.thresholds import ThresholdReader


@pytest.fixture(scope="module")
def reader(project) -> ThresholdReader:
    """The threshold reader on the shared measures and their plausible ranges."""
    shared = project.shared_data_dir
    return ThresholdReader.load(shared / "measures.ttl", shared / "lab-bound-ranges.tsv")
