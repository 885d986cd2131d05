"""Federation: a SERVICE query and the SPARQLWrapper enrichment, both against a local Wikidata stand-in."""

from __future__ import annotations

import http.server
import json
from collections.abc import Iterator
from typing import ClassVar

import pytest
from rdflib import RDFS, Graph, Literal, URIRef
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.questions.backends import USER_AGENT
from trialgraph.questions.federation import PROV, WDT, redirect_wikidata

from ..conftest import serve_http

runner = CliRunner()
WD = "http://www.wikidata.org/entity/"
ORG = "https://w3id.org/trialgraph/id/organization/"


def test_service_query_joins_our_graph_with_the_endpoint(wikidata_server):
    result = runner.invoke(
        app, ["query", "federated/wikidata-organizations", "--wikidata", wikidata_server, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = {
        b["organization"]["value"].removeprefix(ORG): (b["wikidata_label"]["value"], b["ror_agrees"]["value"])
        for b in json.loads(result.output)["results"]["bindings"]
    }
    # only the items the stand-in knows come back; the French label is filtered out
    assert rows == {
        "institut-curie": ("Institut Curie", "true"),
        "gustave-roussy": ("Institut Gustave Roussy", "true"),
        "mskcc": ("Memorial Sloan Kettering Cancer Center", "false"),  # no P6782 in the stand-in
        "md-anderson": ("The University of Texas MD Anderson Cancer Center", "true"),
    }


def test_enrichment_writes_labels_and_identifiers(wikidata_server, tmp_path):
    out = tmp_path / "wikidata.ttl"
    result = runner.invoke(app, ["enrich", "--endpoint", wikidata_server, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 of 10 Wikidata items labelled")  # 10 organizations map to Wikidata
    enrichment = Graph().parse(out)
    curie = URIRef(WD + "Q2451973")
    assert set(enrichment.objects(curie, RDFS.label)) == {Literal("Institut Curie", lang="en")}
    assert (curie, WDT.P6782, Literal("04t0gwh46")) in enrichment
    assert (curie, PROV.wasDerivedFrom, URIRef(wikidata_server)) in enrichment


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every SPARQL request with no rows, and remembers the User-Agent it came with."""

    agents: ClassVar[list[str]] = []

    def _answer(self) -> None:
        _Recorder.agents.append(self.headers.get("User-Agent", ""))
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.agents.clear()
    with serve_http(_Recorder) as base:
        yield f"{base}/sparql"


def test_service_calls_and_enrichment_identify_themselves(recorder, tmp_path):
    result = runner.invoke(app, ["query", "federated/wikidata-organizations", "--wikidata", recorder])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["enrich", "--endpoint", recorder, "-o", str(tmp_path / "e.ttl")]).exit_code == 0
    assert _Recorder.agents and set(_Recorder.agents) == {USER_AGENT}


def test_an_unreachable_service_is_one_line_and_exit_2(tmp_path):
    dead = "http://127.0.0.1:9/sparql"
    for args in (["query", "federated/wikidata-organizations", "--wikidata", dead], ["enrich", "--endpoint", dead]):
        result = runner.invoke(app, [*args, "-o", str(tmp_path / "e.ttl")] if args[0] == "enrich" else args)
        assert result.exit_code == 2, result.output
        assert "unreachable" in result.output and len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("endpoint", ["file:///etc/passwd", "http://x/> } SERVICE <http://evil/"])
def test_a_redirect_must_be_a_plain_http_iri(endpoint):
    from trialgraph.errors import InputError

    with pytest.raises(InputError):
        redirect_wikidata("SERVICE <https://query.wikidata.org/sparql> { }", endpoint)
