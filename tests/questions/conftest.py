"""The curated graph on the two other backends, for comparing answers and output across all three."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trialgraph.graph.assemble import build_graph
from trialgraph.questions import backends

from ..conftest import serve_oxigraph


@pytest.fixture(scope="session")
def registry_graph(project, imported_records):
    """The curated data plus the import of every record in ../shared/ctgov."""
    return build_graph(project, [project.data_dir, imported_records[0]])


@pytest.fixture(scope="module")
def server(graph, tmp_path_factory) -> Iterator[str]:
    """A fresh Oxigraph server holding the curated graph (what `trialgraph push` sends)."""
    with serve_oxigraph(tmp_path_factory.mktemp("curated-server")) as base:
        backends.push(graph, f"{base}/store")
        yield base


@pytest.fixture(scope="module")
def store_dir(graph, tmp_path_factory) -> Path:
    """An on-disk store holding the curated graph, closed again so that a query may open it."""
    folder = tmp_path_factory.mktemp("curated-store") / "store"
    store = backends.OxigraphBackend.open(folder)
    store.load(graph)
    del store
    return folder
