"""The questions about results print the same on every backend, on real records with results."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from trialgraph.questions import backends, formats
from trialgraph.questions.library import GraphBackend, checked_query, parse_params, query_library, run_query

from ..conftest import serve_oxigraph
from .results_answers import CTGOV_ID, MESH, RESULTS_EXPECTED

ASKED = [
    ("adverse-events-per-arm", [f"drug=<{MESH}C500026>", "term=Neutropenia"]),
    ("adverse-events-per-arm", [f"drug=<{MESH}C000606551>"]),
    ("adverse-events-per-arm", []),
    ("outcome-measure-results", ["measure=Invasive Disease Free Survival (iDFS)"]),
    ("outcome-measure-results", []),
    ("outcome-analyses", [f"trial=<{CTGOV_ID}NCT02513394>"]),
    ("outcome-analyses", []),
    ("participants-completing-each-arm", [f"trial=<{CTGOV_ID}NCT00711529>"]),
    ("participants-completing-each-arm", []),
]


@pytest.fixture(scope="module")
def three(graph_with_results, tmp_path_factory) -> Iterator[dict]:
    folder = tmp_path_factory.mktemp("results-store") / "store"
    store = backends.OxigraphBackend.open(folder)
    store.load(graph_with_results)
    del store
    with serve_oxigraph(tmp_path_factory.mktemp("results-server")) as base:
        backends.push(graph_with_results, f"{base}/store")
        yield {
            "memory": GraphBackend(graph_with_results),
            "disk": backends.OxigraphBackend(ox.Store.read_only(str(folder))),
            "remote": backends.RemoteBackend(f"{base}/query"),
        }


def test_every_results_question_is_asked():
    assert {name for name, _ in ASKED} == set(RESULTS_EXPECTED)


@pytest.mark.parametrize(("name", "params"), ASKED, ids=[f"{n}-{len(p)}" for n, p in ASKED])
def test_a_results_question_prints_the_same_on_every_backend(name, params, project, graph_with_results, three):
    query = query_library(project.queries_dir)[name]
    read = checked_query(query)
    namespaces = graph_with_results.namespace_manager
    bindings = parse_params(params, query, namespaces)
    answers = {backend: run_query(query, three[backend], bindings, read=read) for backend in three}
    assert answers["memory"].rows, "the real records answer every question"
    for fmt in formats.FORMATS:
        printed = {backend: formats.render(answer, fmt, namespaces, read) for backend, answer in answers.items()}
        assert printed["disk"] == printed["memory"], f"the store prints otherwise ({fmt})"
        assert printed["remote"] == printed["memory"], f"the endpoint prints otherwise ({fmt})"
