"""A question prints the same on every backend (issue 12): the same CURIEs, numbers in canonical
form, the parts of each GROUP_CONCAT sorted, and tied rows in one order, whether rdflib, the
on-disk store or an endpoint answered."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.graph.assemble import namespaces
from trialgraph.paths import project_paths
from trialgraph.questions import backends, formats
from trialgraph.questions.library import GraphBackend, checked_query, parse_params, query_library, run_query

from .test_backends import QUERY_PARAMS

runner = CliRunner()
QUESTIONS = sorted(query_library(project_paths().queries_dir))


@pytest.fixture(scope="module")
def three(graph, server, store_dir):
    return {
        "memory": GraphBackend(graph),
        "disk": backends.OxigraphBackend(ox.Store.read_only(str(store_dir))),  # leaves the lock to the CLI below
        "remote": backends.RemoteBackend(f"{server}/query"),
    }


def test_every_backend_compacts_with_the_same_prefixes(graph, project):
    # the memory backend prints with its graph's prefixes, the others with assemble.namespaces
    assert sorted(namespaces(project).namespaces()) == sorted(graph.namespace_manager.namespaces())


@pytest.mark.parametrize("name", QUESTIONS)
def test_a_question_prints_the_same_on_every_backend(name, project, graph, three):
    query = query_library(project.queries_dir)[name]
    read = checked_query(query)
    bindings = parse_params(QUERY_PARAMS.get(name, []), query, graph.namespace_manager)
    answers = {backend: run_query(query, three[backend], bindings, read=read) for backend in three}
    for fmt in formats.FORMATS:
        printed = {
            backend: formats.render(answer, fmt, graph.namespace_manager, read) for backend, answer in answers.items()
        }
        assert printed["disk"] == printed["memory"], f"the store prints otherwise ({fmt})"
        assert printed["remote"] == printed["memory"], f"the endpoint prints otherwise ({fmt})"


@pytest.mark.parametrize("name", ["drugs-in-several-trials", "drug-doses-and-routes"])
def test_the_command_line_prints_the_same_on_every_backend(name, server, store_dir):
    # 18.0 in the files, 18 in the store; concatenations in engine order; rows tied by ORDER BY
    params = [arg for param in QUERY_PARAMS.get(name, []) for arg in ("--param", param)]
    printed = set()
    for where in ([], ["--oxigraph", str(store_dir)], ["--endpoint", f"{server}/query"]):
        result = runner.invoke(app, ["query", name, *params, *where])
        assert result.exit_code == 0, result.output
        printed.add(result.stdout)
    assert len(printed) == 1 and "(0 rows)" not in printed.pop()
