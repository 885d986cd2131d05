"""Queries only read, reach out only when asked, and stop on time: on all three backends.

The remote backend is a real `oxigraph serve` on a loopback port (conftest.serve_oxigraph); the
hostile services are local sockets and scripted HTTP servers.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.questions import backends
from trialgraph.questions.library import GraphBackend, read_query, run_query

from ..conftest import serve_oxigraph

runner = CliRunner()
HEADER = "# title: t\n# description: d\n# columns: s\n"
TRIAL = "https://w3id.org/trialgraph/id/trial/NCT04426201"
PREFIX = "PREFIX tg: <https://w3id.org/trialgraph/ontology/>\n"
READ_QUERIES = {
    "ask-true": PREFIX + "ASK { ?trial a tg:Trial ; tg:nctId 'NCT04426201' }",
    "ask-false": PREFIX + "ASK { ?trial a tg:Trial ; tg:nctId 'NCT99999999' }",
    "construct": PREFIX + "CONSTRUCT { ?trial tg:nctId ?id } WHERE { ?trial a tg:Trial ; tg:nctId ?id }",
    # regimens hold no blank node (arms do: their curator notes): a pushed store holds blank nodes as skolem
    # IRIs, where DESCRIBE stops
    "describe": PREFIX + f"DESCRIBE ?regimen WHERE {{ <{TRIAL}> tg:hasArm/tg:receives ?regimen }}",
}


def one_line_exit_2(result, *fragments: str) -> str:
    shown = f"stdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exit_code == 2, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, shown
    for fragment in fragments:
        assert fragment in lines[0], shown
    return lines[0]


def write_query(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.rq"
    path.write_text(HEADER + body + "\n", encoding="utf-8")
    return path


def triple_count(base: str) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    table = backends.RemoteBackend(f"{base}/query").select(query, {})
    return int(table.rows[0][0])


@pytest.fixture
def silent() -> Iterator[socket.socket]:
    """A socket that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock
    sock.close()


def _url(sock: socket.socket) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"


def _connections(sock: socket.socket) -> int:
    """How many connections reached the socket (accepting them now, without waiting)."""
    sock.setblocking(False)
    count = 0
    while True:
        try:
            sock.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


# ---------------------------------------------------------------- updates never run
def test_drop_all_sent_to_the_update_endpoint_changes_nothing(graph, tmp_path):
    with serve_oxigraph(tmp_path / "server") as base:
        backends.push(graph, f"{base}/store")
        before = triple_count(base)
        drop = write_query(tmp_path, "drop", "DROP ALL")
        one_line_exit_2(
            runner.invoke(app, ["query", str(drop), "--endpoint", f"{base}/update"]), f"{drop}:", "SPARQL update (DROP)"
        )
        assert triple_count(base) == before == len(graph)
        # the control: the same text, sent as an update, does empty this store
        body = urllib.parse.urlencode({"update": "DROP ALL"}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{base}/update", data=body), timeout=10).read()
        assert triple_count(base) == 0


# ---------------------------------------------------------------- ASK, CONSTRUCT, DESCRIBE on all three backends
@pytest.mark.parametrize("name", list(READ_QUERIES))
def test_read_forms_answer_the_same_on_all_backends(name, graph, server, store_dir, tmp_path):
    query = read_query(write_query(tmp_path, name, READ_QUERIES[name]))
    answers = {
        "memory": run_query(query, GraphBackend(graph), {}),
        "disk": run_query(query, backends.OxigraphBackend.open(store_dir), {}),
        "remote": run_query(query, backends.RemoteBackend(f"{server}/query"), {}),
    }
    expected = answers["memory"]
    if name.startswith("ask"):
        assert answers == dict.fromkeys(answers, name == "ask-true")
        return
    assert isinstance(expected, Graph) and len(expected) >= 4
    for backend, answer in answers.items():
        assert isinstance(answer, Graph) and isomorphic(answer, expected), backend


def test_read_forms_print_on_the_command_line(tmp_path, server, store_dir):
    ask = write_query(tmp_path, "ask", READ_QUERIES["ask-true"])
    construct = write_query(tmp_path, "construct", READ_QUERIES["construct"])
    for where in ([], ["--oxigraph", str(store_dir)], ["--endpoint", f"{server}/query"]):
        assert runner.invoke(app, ["query", str(ask), *where]).stdout == "true\n"
        assert json.loads(runner.invoke(app, ["query", str(ask), "--format", "json", *where]).stdout) == {
            "head": {},
            "boolean": True,
        }
        turtle = runner.invoke(app, ["query", str(construct), *where])
        assert turtle.exit_code == 0, turtle.output
        assert "@prefix tg: <https://w3id.org/trialgraph/ontology/>" in turtle.stdout  # Turtle, with our prefixes
        assert len(Graph().parse(data=turtle.stdout, format="turtle")) == 4
        lines = runner.invoke(app, ["query", str(construct), "--format", "csv", *where]).stdout.splitlines()
        assert f'<{TRIAL}> <https://w3id.org/trialgraph/ontology/nctId> "NCT04426201" .' in lines
        assert lines == sorted(lines) and len(lines) == 4  # the four trials with an NCT ID
        jsonld = runner.invoke(app, ["query", str(construct), "--format", "json", *where]).stdout
        document = json.loads(jsonld)  # compact, with our prefixes as its context, whichever the backend
        assert document["@context"]["tg"] == "https://w3id.org/trialgraph/ontology/"
        assert {node["@id"] for node in document["@graph"]} >= {"trial:NCT04426201"}
        assert isomorphic(Graph().parse(data=jsonld, format="json-ld"), Graph().parse(data=turtle.stdout))


# ---------------------------------------------------------------- SERVICE: refused unless asked; stopped on time
def test_a_refused_service_is_never_contacted(silent, tmp_path, store_dir):
    query = write_query(tmp_path, "service", f"SELECT ?s WHERE {{ SERVICE <{_url(silent)}> {{ ?s ?p ?o }} }}")
    for where in ([], ["--oxigraph", str(store_dir)]):
        one_line_exit_2(runner.invoke(app, ["query", str(query), *where]), "--allow-service")
    assert _connections(silent) == 0


@pytest.mark.parametrize("backend", ["memory", "disk", "remote"])
def test_a_service_that_never_answers_is_stopped_at_the_time_out(backend, silent, tmp_path, store_dir, server):
    query = write_query(tmp_path, "silent", f"SELECT ?s WHERE {{ SERVICE <{_url(silent)}> {{ ?s ?p ?o }} }}")
    where = {"memory": [], "disk": ["--oxigraph", str(store_dir)], "remote": ["--endpoint", f"{server}/query"]}
    started = time.monotonic()
    result = runner.invoke(app, ["query", str(query), "--allow-service", "--timeout", "1", *where[backend]])
    elapsed = time.monotonic() - started
    expected = {"memory": "timed out", "disk": "did not answer within 1 s", "remote": "timed out"}[backend]
    one_line_exit_2(result, expected)
    assert elapsed < 60, f"took {elapsed:.0f} s"  # a hang, not a speed figure (pytest-timeout would be later)


def test_a_federated_question_runs_on_the_store_with_its_time_out(store_dir, wikidata_server):
    args = ["query", "federated/wikidata-organizations", "--format", "csv", "--wikidata", wikidata_server]
    memory = runner.invoke(app, args)
    disk = runner.invoke(app, [*args, "--oxigraph", str(store_dir)])
    assert disk.exit_code == 0, disk.output
    assert disk.stdout == memory.stdout and len(disk.stdout.splitlines()) == 5  # a header and 4 organizations


def test_a_service_to_a_dead_port_on_the_store_names_the_service(tmp_path, store_dir):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    query = write_query(tmp_path, "dead", f"SELECT ?s WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}")
    one_line_exit_2(
        runner.invoke(app, ["query", str(query), "--allow-service", "--oxigraph", str(store_dir)]), f"<{dead}> failed"
    )


# ---------------------------------------------------------------- a store in use
def test_a_store_held_by_a_running_server_answers_questions_and_refuses_writes(graph, tmp_path):
    """Questions open the store read-only, beside a running server; a build, which writes, gets one line."""
    folder = tmp_path / "store"
    store = backends.OxigraphBackend.open(folder)
    store.load(graph)
    del store
    with serve_oxigraph(folder):
        answered = runner.invoke(app, ["query", "arms-per-trial", "--oxigraph", str(folder), "--format", "csv"])
        assert answered.exit_code == 0 and "NCT04426201" in answered.stdout, answered.output
        one_line_exit_2(runner.invoke(app, ["build", "--oxigraph", str(folder)]), str(folder), "in use")


# ---------------------------------------------------------------- push --add is idempotent
def test_push_add_twice_adds_nothing_the_second_time(tmp_path):
    with serve_oxigraph(tmp_path / "server") as base:
        store = f"{base}/store"
        for args in ([], ["--graph", "https://example.org/trialgraph"]):
            first = runner.invoke(app, ["push", "--store", store, "--add", *args])
            assert first.exit_code == 0, first.output
            once = triple_count(base)
            second = runner.invoke(app, ["push", "--store", store, "--add", *args])
            assert second.exit_code == 0, second.output
            assert triple_count(base) == once
        # the default graph and the named graph each hold one copy, with no blank node left
        default, named = once // 2, once - once // 2
        assert default == named
        bnodes = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"
        assert int(backends.RemoteBackend(f"{base}/query").select(bnodes, {}).rows[0][0]) == 0


def test_replacing_then_adding_the_same_graph_adds_nothing(tmp_path):
    with serve_oxigraph(tmp_path / "server") as base:
        assert runner.invoke(app, ["push", "--store", f"{base}/store"]).exit_code == 0
        replaced = triple_count(base)
        assert runner.invoke(app, ["push", "--store", f"{base}/store", "--add"]).exit_code == 0
        assert triple_count(base) == replaced


def test_skolem_iris_are_ours(graph, server):
    table = backends.RemoteBackend(f"{server}/query").select(
        "SELECT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://w3id.org/trialgraph/.well-known/genid/')) }"
        " LIMIT 1",
        {},
    )
    assert table.rows and isinstance(table.rows[0][0], URIRef)
