"""One query library, three backends: in-memory rdflib, on-disk pyoxigraph, a remote endpoint.

The remote endpoint is a real Oxigraph server on a loopback port (conftest.oxigraph_server).
"""

from __future__ import annotations

import http.server
import socket
from collections.abc import Iterator
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.questions import backends
from trialgraph.questions.library import GraphBackend, parse_params, query_library, run_query

from ..conftest import free_port, serve_http
from .results_answers import RESULTS_EXPECTED

runner = CliRunner()

# Parameter values used when a library query takes parameters.
QUERY_PARAMS = {
    "drug-doses-and-routes": ["drug=intervention:cyt107"],
    "lab-thresholds": ["test=measure:platelet-count"],
    "strictest-lab-thresholds": ["test=measure:platelet-count"],
    "lab-value-against-thresholds": ["test=measure:hemoglobin", "value=90"],
    "trials-per-condition": ["condition=condition:breast-cancer"],
    "trials-per-country": ["country=place:SA"],
    "trials-excluding-condition": ["condition=condition:hiv-infection"],
    "drug-classes-in-trials": ["class=drugclass:aromatase-inhibitor"],
    "curated-vs-registry": ["nct_id=NCT04426201"],
}


def normalise(value):
    """Compare values, not spellings: engines write 10.0 or 10, and order concatenations freely."""
    if value is None:
        return None
    if isinstance(value, Literal):
        python = value.toPython()
        if isinstance(python, int | float | Decimal) and not isinstance(python, bool):
            return Decimal(str(python)).normalize()
        text = str(value)
        if text == "":
            return None  # an empty GROUP_CONCAT: "" in Oxigraph (as the spec says), unbound in rdflib
        for separator in (" | ", ", "):
            if separator in text:
                return separator.join(sorted(text.split(separator)))
        return text
    return str(value)


def answers(backend, query, graph) -> list[tuple]:
    bindings = parse_params(QUERY_PARAMS.get(query.name, []), query, graph.namespace_manager)
    table = run_query(query, backend, bindings)
    return sorted((tuple(normalise(v) for v in row) for row in table.rows), key=repr)


# The curated data plus the fixture's registry import, so that questions about imports answer too.
@pytest.fixture(scope="module")
def loaded_server(oxigraph_server, graph_with_import) -> str:
    backends.push(graph_with_import, f"{oxigraph_server}/store")
    return oxigraph_server


@pytest.fixture(scope="module")
def disk_store(graph_with_import, tmp_path_factory) -> backends.OxigraphBackend:
    store = backends.OxigraphBackend.open(tmp_path_factory.mktemp("store") / "oxigraph")
    store.load(graph_with_import)
    return store


def test_every_query_gives_the_same_answers_on_all_backends(graph_with_import, project, loaded_server, disk_store):
    graph = graph_with_import
    library = query_library(project.queries_dir)
    memory = GraphBackend(graph)
    remote = backends.RemoteBackend(f"{loaded_server}/query")
    compared = 0
    for query in library.values():
        if query.name in RESULTS_EXPECTED:
            continue  # no results in the curated data: test_results_backends.py compares them on real records
        expected = answers(memory, query, graph)
        assert expected, f"{query.name} answers nothing on the curated data"
        assert answers(disk_store, query, graph) == expected, f"{query.name}: pyoxigraph differs"
        assert answers(remote, query, graph) == expected, f"{query.name}: remote endpoint differs"
        compared += 1
    assert compared == len(library) - len(RESULTS_EXPECTED) >= 24


def test_on_disk_store_holds_the_whole_graph(graph_with_import, disk_store):
    assert len(disk_store) == len(graph_with_import)


def test_cli_push_then_query_remote_matches_local(oxigraph_server):
    pushed = runner.invoke(app, ["push", "--store", f"{oxigraph_server}/store"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.output.startswith("replaced the default graph")
    # phase-and-status has a total ORDER BY and no concatenation: the CSV must match line for line
    local = runner.invoke(app, ["query", "phase-and-status", "--format", "csv"])
    remote = runner.invoke(
        app, ["query", "phase-and-status", "--format", "csv", "--endpoint", f"{oxigraph_server}/query"]
    )
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output and len(local.output.splitlines()) == 6
    named = runner.invoke(app, ["push", "--store", f"{oxigraph_server}/store", "--graph", "https://example.org/tg"])
    assert named.exit_code == 0 and "replaced https://example.org/tg" in named.output


def _count(base: str, graph_iri: str) -> int:
    # the bound variable is projected (a GROUP BY key), as the library requires of parameters
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    table = backends.RemoteBackend(f"{base}/query").select(query, {"g": URIRef(graph_iri)})
    return int(table.rows[0][1]) if table.rows else 0


def test_push_replaces_or_adds_a_named_graph(oxigraph_server):
    iri = "https://example.org/push-test"
    one = Graph().add((URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("one")))
    two = Graph().add((URIRef("https://example.org/b"), URIRef("https://example.org/p"), Literal("two")))
    backends.push(one, f"{oxigraph_server}/store", graph_iri=iri)
    assert _count(oxigraph_server, iri) == 1
    backends.push(two, f"{oxigraph_server}/store", graph_iri=iri, replace=False)
    assert _count(oxigraph_server, iri) == 2
    backends.push(two, f"{oxigraph_server}/store", graph_iri=iri)
    assert _count(oxigraph_server, iri) == 1


def test_remote_binding_cannot_inject(loaded_server, graph, project):
    query = query_library(project.queries_dir)["drug-doses-and-routes"]
    hostile = {"drug": Literal('x" } UNION { ?s ?p ?o } #')}
    assert backends.RemoteBackend(f"{loaded_server}/query").select(query.text, hostile).rows == []


# ---------------------------------------------------------------- remote failures: one line, exit 2
def _one_line_exit_2(result, fragment: str):
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.output
    assert "Traceback" not in result.output


def test_endpoint_down():
    url = f"http://127.0.0.1:{free_port()}/query"
    _one_line_exit_2(runner.invoke(app, ["query", "arms-per-trial", "--endpoint", url]), "unreachable")
    _one_line_exit_2(runner.invoke(app, ["push", "--store", url]), "unreachable")


def test_endpoint_http_404(oxigraph_server):
    result = runner.invoke(app, ["query", "arms-per-trial", "--endpoint", f"{oxigraph_server}/no-such-path"])
    _one_line_exit_2(result, "404")


def test_a_syntax_error_is_found_before_anything_is_sent(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: t\n# description: d\n# columns: x\nSELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    down = f"http://127.0.0.1:{free_port()}/query"  # nothing listens: reaching it would say so
    result = runner.invoke(app, ["query", str(bad), "--endpoint", down])
    _one_line_exit_2(result, f"{bad}:4: not a SPARQL query")


def test_endpoint_rejects_a_query_it_cannot_run(oxigraph_server, tmp_path):
    # standard syntax, but ?p is neither grouped nor aggregated: Oxigraph refuses it (rdflib would not)
    bad = tmp_path / "bad.rq"
    bad.write_text(
        "# title: t\n# description: d\n# columns: p\nSELECT ?p WHERE { ?s ?p ?o } GROUP BY ?s\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["query", str(bad), "--endpoint", f"{oxigraph_server}/query"])
    _one_line_exit_2(result, "HTTP 400 (it refused the query)")


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(503)
        self.end_headers()

    do_PUT = do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    with serve_http(_Failing) as base:
        yield base


def test_endpoint_http_5xx(failing_server):
    _one_line_exit_2(runner.invoke(app, ["query", "arms-per-trial", "--endpoint", f"{failing_server}/query"]), "503")
    _one_line_exit_2(runner.invoke(app, ["push", "--store", f"{failing_server}/store"]), "HTTP 503")


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    sock.close()


def test_endpoint_time_out(silent_server):
    result = runner.invoke(app, ["query", "arms-per-trial", "--endpoint", f"{silent_server}/query", "--timeout", "1"])
    _one_line_exit_2(result, "unreachable")
