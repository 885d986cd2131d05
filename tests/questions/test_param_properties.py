"""Property-based: any --param, any name and any text, is bound or refused with one line, never a crash,
and never reaches the query text except as one escaped term."""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from typing import ClassVar

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.graph.assemble import namespaces
from trialgraph.questions.backends import values_block
from trialgraph.questions.library import GraphBackend, checked_query, parse_params, query_library, run_query

from ..conftest import serve_http

runner = CliRunner()
# an IRI parameter, a text one and a number, and the names the library uses
QUERIES = ("drug-doses-and-routes", "curated-vs-registry", "lab-value-against-thresholds")
NAMES = st.one_of(st.sampled_from(["drug", "nct_id", "test", "value", "x"]), st.text(max_size=12))
VALUES = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"[a-z]{0,12}:[\w/#.-]{0,12}", fullmatch=True),  # CURIE-like, known prefix or not
    st.from_regex(r"<[^>]{0,30}>", fullmatch=True),
    st.from_regex(r"[+-]?[0-9]{0,8}(\.[0-9]{0,4})?", fullmatch=True),
    st.builds(lambda text: f'"{text}"', st.text(max_size=20)),
)
EXAMPLES = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def library(project):
    questions = query_library(project.queries_dir)
    return {name: (questions[name], checked_query(questions[name])) for name in QUERIES}


@given(name=NAMES, value=VALUES)
@EXAMPLES
def test_any_parameter_is_bound_or_refused_in_memory(graph, library, name, value):
    for query, read in library.values():
        try:
            bindings = parse_params([f"{name}={value}"], query, graph.namespace_manager)
            run_query(query, GraphBackend(graph), bindings, read=read)
        except InputError as error:
            assert "\n" not in str(error)  # one line, whatever the input held


@given(value=st.text(max_size=80))
@settings(deadline=None, max_examples=300)
def test_a_bound_text_is_one_term_of_the_values_block(value):
    # Oxigraph's own parser reads the text an endpoint receives: the block must match exactly the one value
    store = ox.Store()
    subject, predicate = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    for text in (value, "other"):
        store.add(ox.Quad(subject, predicate, ox.Literal(text)))
    query = "SELECT ?x WHERE { ?s ?p ?x }" + values_block({"x": Literal(value)})
    assert [solution["x"].value for solution in store.query(query)] == [value]


class _Recorder(http.server.BaseHTTPRequestHandler):
    """An endpoint that answers no rows and keeps the query text it received."""

    queries: ClassVar[list[str]] = []

    def do_POST(self):
        import urllib.parse

        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        _Recorder.queries.append(urllib.parse.parse_qs(body)["query"][0])
        answer = b'{"head": {"vars": ["nct_id"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def recorder() -> Iterator[str]:
    with serve_http(_Recorder) as base:
        yield f"{base}/query"


@given(name=NAMES, value=VALUES)
@settings(deadline=None, max_examples=30, suppress_health_check=[HealthCheck.too_slow])
def test_any_parameter_on_the_command_line_exits_0_or_2_and_sends_only_the_file_and_a_values_block(
    project, recorder, name, value
):
    query = query_library(project.queries_dir)["curated-vs-registry"]
    _Recorder.queries.clear()
    result = runner.invoke(app, ["query", "curated-vs-registry", "--endpoint", recorder, "--param", f"{name}={value}"])
    shown = f"--param {name}={value!r}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr, shown
    assert result.exit_code in (0, 2), shown
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1 and _Recorder.queries == [], shown
        return
    # what was sent: the file as it is, then one VALUES row holding the bound term, escaped
    (sent,) = _Recorder.queries
    bindings = parse_params([f"{name}={value}"], query, namespaces(project))
    assert list(bindings) == ["nct_id"] and sent == query.text + values_block(bindings), shown
