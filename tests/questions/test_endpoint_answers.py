"""What an endpoint answers is checked: garbage, or the wrong shape, is blamed on the endpoint's URL.

A scripted HTTP server (conftest.serve_http) answers every request with the body and Content-Type
its path names.
"""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from trialgraph.cli import app

from ..conftest import serve_http

runner = CliRunner()
SPARQL_JSON = "application/sparql-results+json"
# path -> (Content-Type, body)
ANSWERS = {
    "/not-json": (SPARQL_JSON, b"<html>this is not JSON</html>"),
    "/no-head": (SPARQL_JSON, b'{"results": {"bindings": []}}'),
    "/results-not-a-list": (SPARQL_JSON, b'{"head": {"vars": ["x"]}, "results": {"bindings": 5}}'),
    "/term-without-type": (SPARQL_JSON, b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"value": "1"}}]}}'),
    "/term-of-unknown-type": (
        SPARQL_JSON,
        b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "weird", "value": "1"}}]}}',
    ),
    "/ask-without-boolean": (SPARQL_JSON, b'{"head": {}}'),
    "/turtle-garbage": ("text/turtle", b"<http://a> <http://b> ."),
    "/json-ld": ("application/ld+json", b'{"@context": "http://127.0.0.1:9/context.jsonld"}'),
    # enrichment: well-formed results, but not the ones asked for
    "/no-item-column": (SPARQL_JSON, b'{"head": {"vars": ["label"]}, "results": {"bindings": []}}'),
    "/another-item": (
        SPARQL_JSON,
        json.dumps(
            {
                "head": {"vars": ["item", "label"]},
                "results": {
                    "bindings": [
                        {
                            "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1"},
                            "label": {"type": "literal", "value": "universe"},
                        }
                    ]
                },
            }
        ).encode(),
    ),
}


class _Scripted(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        content_type, body = ANSWERS[self.path.split("?")[0]]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def scripted() -> Iterator[str]:
    with serve_http(_Scripted) as base:
        yield base


def _blames_the_endpoint(result, url: str, *fragments: str) -> None:
    shown = f"stdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exit_code == 2, shown
    assert "Traceback" not in result.stdout + result.stderr, shown
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, shown
    assert f"SPARQL endpoint {url}" in lines[0] and ".rq" not in lines[0], shown
    for fragment in fragments:
        assert fragment in lines[0], shown


@pytest.mark.parametrize(
    "path", ["/not-json", "/no-head", "/results-not-a-list", "/term-without-type", "/term-of-unknown-type"]
)
def test_a_garbage_select_answer_is_the_endpoints_fault(scripted, path):
    url = scripted + path
    result = runner.invoke(app, ["query", "arms-per-trial", "--endpoint", url])
    _blames_the_endpoint(result, url, "did not answer with SPARQL JSON results")


def _query(tmp_path: Path, body: str) -> str:
    path = tmp_path / "q.rq"
    path.write_text(f"# title: t\n# description: d\n# columns: s\n{body}\n", encoding="utf-8")
    return str(path)


def test_an_ask_answer_without_a_boolean_is_the_endpoints_fault(scripted, tmp_path):
    url = scripted + "/ask-without-boolean"
    result = runner.invoke(app, ["query", _query(tmp_path, "ASK { ?s ?p ?o }"), "--endpoint", url])
    _blames_the_endpoint(result, url, "'boolean'")


@pytest.mark.parametrize(("path", "fragment"), [("/turtle-garbage", "valid RDF"), ("/json-ld", "not Turtle")])
def test_a_bad_graph_answer_is_the_endpoints_fault(scripted, tmp_path, path, fragment):
    url = scripted + path
    result = runner.invoke(app, ["query", _query(tmp_path, "CONSTRUCT WHERE { ?s ?p ?o }"), "--endpoint", url])
    _blames_the_endpoint(result, url, fragment)


@pytest.mark.parametrize(
    ("path", "fragment"),
    [
        ("/not-json", "did not answer with SPARQL JSON results"),
        ("/results-not-a-list", "did not answer with SPARQL JSON results"),
        ("/no-item-column", "without the 'item' column"),
        ("/another-item", "http://www.wikidata.org/entity/Q1, which it was not asked about"),
    ],
)
def test_enrich_blames_a_bad_answer_on_the_endpoint_and_writes_nothing(scripted, tmp_path, path, fragment):
    url = scripted + path
    out = tmp_path / "enrichment.ttl"
    result = runner.invoke(app, ["enrich", "--endpoint", url, "-o", str(out)])
    _blames_the_endpoint(result, url, fragment)
    assert not out.exists()
