"""Servers for the serving tests: the embedded default, and a store served with SERVICE allowed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from ..conftest import serve_trialgraph

CORS_ORIGIN = "https://example.org"
TIMEOUT = 3  # seconds: the runaway query below runs far longer
MAX_ROWS = 50
# a cross product of the whole graph with itself three times: hours on the curated trials
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TG = "https://w3id.org/trialgraph/ontology/"


class Served(NamedTuple):
    base: str
    log: Path


@pytest.fixture(scope="session")
def served(tmp_path_factory) -> Iterator[Served]:
    """The embedded default (the curated trials), with a short time-out, a row limit and CORS."""
    log = tmp_path_factory.mktemp("serve") / "access.log"
    args = ("--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--cors", CORS_ORIGIN, "--workers", "2")
    with serve_trialgraph(*args, log=log) as base:
        yield Served(base, log)


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    location = tmp_path_factory.mktemp("serve-store") / "store"
    command = [str(Path(sys.executable).parent / "trialgraph"), "build", "--oxigraph", str(location)]
    subprocess.run(command, check=True, capture_output=True)
    return location


@pytest.fixture(scope="session")
def served_store(built_store: Path, tmp_path_factory) -> Iterator[Served]:
    """A store built by `build --oxigraph`, served with SERVICE allowed and a row limit of 3."""
    log = tmp_path_factory.mktemp("serve-store-log") / "access.log"
    args = ("--oxigraph", str(built_store), "--allow-service", "--max-rows", "3", "--workers", "1")
    with serve_trialgraph(*args, log=log) as base:
        yield Served(base, log)
