"""Shared fixtures: the project's paths and the built graph, made once per session."""

from __future__ import annotations

import pytest
from rdflib import Graph

from trialgraph.assemble import build_graph
from trialgraph.paths import ProjectPaths, project_paths


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return project_paths()


@pytest.fixture(scope="session")
def graph(project: ProjectPaths) -> Graph:
    return build_graph(project)
