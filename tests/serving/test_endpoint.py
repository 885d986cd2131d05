"""The SPARQL 1.1 Protocol at /sparql: a real `trialgraph serve`, asked by SPARQLWrapper and plain HTTP."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from .conftest import CORS_ORIGIN, MAX_ROWS, RUNAWAY, TG, TIMEOUT

TRIALS = f"SELECT ?trial ?id WHERE {{ ?trial a <{TG}Trial> ; <{TG}nctId> ?id }} ORDER BY ?id"
GRAPH_QUERY = f"CONSTRUCT {{ ?trial <{TG}nctId> ?id }} WHERE {{ ?trial a <{TG}Trial> ; <{TG}nctId> ?id }}"
NCT_IDS = ["NCT01368107", "NCT03079011", "NCT04426201", "NCT05190094"]
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


def get(url: str, **headers: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post(url: str, body: bytes, content_type: str, **headers: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, **headers}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def query_url(base: str, query: str, **fields: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': query, **fields})}"


def wrapper(base: str, query: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{base}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


# ---------------------------------------------------------------- results by Accept
def test_sparqlwrapper_select_json(served):
    answer = wrapper(served.base, TRIALS, JSON).queryAndConvert()
    ids = [row["id"]["value"] for row in answer["results"]["bindings"]]
    assert [i for i in ids if i.startswith("NCT")][:4] == NCT_IDS
    assert answer["head"]["vars"] == ["trial", "id"]


def test_sparqlwrapper_select_xml_and_csv_by_post(served):
    client = wrapper(served.base, TRIALS, XML)
    client.setMethod(POST)
    document = client.queryAndConvert()  # a DOM document
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert f"https://w3id.org/trialgraph/id/trial/{NCT_IDS[0]}" in uris
    rows = list(csv.reader(io.StringIO(wrapper(served.base, TRIALS, CSV).queryAndConvert().decode())))
    assert rows[0] == ["trial", "id"] and [r[1] for r in rows[1:5]] == NCT_IDS


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0.4, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
    ],
)
def test_select_answers_in_the_accepted_type(served, accept, media):
    status, headers, body = get(query_url(served.base, TRIALS), Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    text = body.decode()
    if media.endswith("json"):
        assert len(json.loads(text)["results"]["bindings"]) >= 4
    elif media.endswith("xml"):
        names = [e.get("name") for e in ET.fromstring(text).iter("{http://www.w3.org/2005/sparql-results#}variable")]
        assert names == ["trial", "id"]
    elif media == "text/csv":
        assert text.splitlines()[0] == "trial,id" and f"{NCT_IDS[0]}" in text
    else:  # TSV: variables with ?, terms in N-Triples form
        lines = text.splitlines()
        assert lines[0] == "?trial\t?id"
        assert f'<https://w3id.org/trialgraph/id/trial/{NCT_IDS[0]}>\t"{NCT_IDS[0]}"' in lines


def test_ask_answers_a_boolean(served):
    _, _, body = get(query_url(served.base, f"ASK {{ ?t a <{TG}Trial> }}"))
    assert json.loads(body) == {"head": {}, "boolean": True}
    _, _, body = get(query_url(served.base, "ASK { <https://example.org/none> ?p ?o }"), Accept="text/csv")
    assert body.decode().strip() == "false"


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")],
)
def test_construct_answers_a_graph_in_the_accepted_type(served, accept, rdf_format):
    status, headers, body = get(query_url(served.base, GRAPH_QUERY), Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body, format=rdf_format)
    ids = {str(o) for o in graph.objects(None, URIRef(f"{TG}nctId"))}
    assert set(NCT_IDS) <= ids


def test_sparqlwrapper_construct_and_describe_as_turtle(served):
    graph = Graph().parse(data=wrapper(served.base, GRAPH_QUERY, TURTLE).queryAndConvert(), format="turtle")
    assert set(NCT_IDS) <= {str(o) for o in graph.objects(None, URIRef(f"{TG}nctId"))}
    arm = f"https://w3id.org/trialgraph/id/trial/{NCT_IDS[2]}-arm-2"
    _, _, body = get(query_url(served.base, f"DESCRIBE <{arm}>"), Accept="text/turtle")
    described = Graph().parse(data=body, format="turtle")
    assert (URIRef(arm), RDFS.label, Literal("Saline control", lang="en")) in described


def test_format_parameter_overrides_accept(served):
    status, headers, body = get(query_url(served.base, TRIALS, format="csv"), Accept="application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = get(query_url(served.base, TRIALS, format="turtle"))
    assert status == 406 and b"not available as text/turtle" in body


def test_unacceptable_type_is_406(served):
    status, _, body = get(query_url(served.base, TRIALS), Accept="image/png")
    assert status == 406 and b"image/png" in body


def test_post_url_encoded_and_direct(served):
    form = urllib.parse.urlencode({"query": TRIALS}).encode()
    status, _, body = post(f"{served.base}/sparql", form, "application/x-www-form-urlencoded")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) >= 4
    status, _, direct = post(f"{served.base}/sparql", TRIALS.encode(), "application/sparql-query")
    assert status == 200 and json.loads(direct) == json.loads(body)
    status, _, body = post(f"{served.base}/sparql", b"<x/>", "application/xml")
    assert status == 415


def test_a_query_that_does_not_parse_is_400(served):
    status, _, body = get(query_url(served.base, "SELECT WHERE {"))
    assert status == 400 and b"not a SPARQL query" in body
    client = wrapper(served.base, "SELECT WHERE {", JSON)
    with pytest.raises(QueryBadFormed):
        client.query()


# ---------------------------------------------------------------- read-only, SERVICE
@pytest.mark.parametrize(
    "send",
    [
        lambda base: get(query_url(base, "DROP ALL")),
        lambda base: get(query_url(base, "INSERT DATA { <https://e.org/a> <https://e.org/b> 1 }")),
        lambda base: post(f"{base}/sparql", urllib.parse.urlencode({"update": "CLEAR ALL"}).encode(),
                          "application/x-www-form-urlencoded"),
        lambda base: post(f"{base}/sparql", b"DELETE WHERE { ?s ?p ?o }", "application/sparql-update"),
    ],
    ids=["get-drop", "get-insert-data", "post-form-update", "post-direct-update"],
)  # fmt: skip
def test_updates_are_403_and_change_nothing(served, send):
    before = get(query_url(served.base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[2]
    status, _, body = send(served.base)
    assert status == 403 and b"read-only" in body
    assert get(query_url(served.base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))[2] == before


def test_service_is_400_unless_allowed(served):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    status, _, body = get(query_url(served.base, query))
    assert status == 400 and b"--allow-service" in body


def test_service_runs_when_allowed(served_store, oxigraph_server):
    query = f"SELECT ?answer WHERE {{ SERVICE <{oxigraph_server}/query> {{ BIND(42 AS ?answer) }} }}"
    status, _, body = get(query_url(served_store.base, query))
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"][0]["answer"]["value"] == "42"
    status, _, body = get(query_url(served_store.base, "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"))
    assert status == 400 and b"not an http(s) IRI" in body


# ---------------------------------------------------------------- limits
def test_runaway_query_is_stopped_while_others_are_served(served):
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["status"], _, outcome["body"] = get(query_url(served.base, RUNAWAY))
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    quick = []
    while thread.is_alive():  # the other worker keeps answering while the runaway runs
        started = time.monotonic()
        status, _, _ = get(query_url(served.base, TRIALS))
        quick.append((status, time.monotonic() - started))
        time.sleep(0.2)
    thread.join()
    assert outcome["status"] == 503 and b"time-out" in outcome["body"]
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 10
    assert quick and all(status == 200 for status, _ in quick)
    assert max(seconds for _, seconds in quick) < TIMEOUT
    # the stopped worker was replaced: two queries at once are still answered
    assert get(query_url(served.base, TRIALS))[0] == 200


def test_row_limit_cuts_the_answer_and_says_so(served):
    status, headers, body = get(query_url(served.base, "SELECT * WHERE { ?s ?p ?o }"))
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    assert f"cut at {MAX_ROWS} rows" in headers["TrialGraph-Truncated"]
    status, headers, body = get(query_url(served.base, TRIALS))
    assert "TrialGraph-Truncated" not in headers


def test_row_limit_applies_to_graphs(served_store):
    status, headers, body = get(
        query_url(served_store.base, "CONSTRUCT WHERE { ?s ?p ?o }"), Accept="application/n-triples"
    )
    assert status == 200 and len(body.decode().strip().splitlines()) == 3
    assert "TrialGraph-Truncated" in headers


# ---------------------------------------------------------------- descriptions
def test_service_description_without_query(served):
    status, headers, body = get(f"{served.base}/sparql")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=body, format="turtle")
    service = URIRef(f"{served.base}/sparql")
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert (service, SD.feature, SD.BasicFederatedQuery) not in graph


def test_void_counts_the_store(served, served_store):
    _, _, body = get(f"{served.base}/.well-known/void")
    graph = Graph().parse(data=body, format="turtle")
    dataset = next(graph.subjects(RDF.type, VOID.Dataset))
    assert graph.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{served.base}/sparql")
    assert int(graph.value(dataset, VOID.triples)) > 5000
    partition = graph.value(dataset, VOID.classPartition)
    assert int(graph.value(partition, VOID.entities)) == 5
    service = Graph().parse(data=get(f"{served_store.base}/sparql")[2], format="turtle")
    assert (URIRef(f"{served_store.base}/sparql"), SD.feature, SD.BasicFederatedQuery) in service


# ---------------------------------------------------------------- CORS, log
def test_cors_headers_and_preflight(served, served_store):
    _, headers, _ = get(query_url(served.base, TRIALS), Origin=CORS_ORIGIN)
    assert headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    request = urllib.request.Request(
        f"{served.base}/sparql",
        method="OPTIONS",
        headers={"Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 204
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    _, headers, _ = get(query_url(served_store.base, TRIALS), Origin=CORS_ORIGIN)
    assert "Access-Control-Allow-Origin" not in headers  # off unless --cors names an origin


def test_access_log_line_per_request(served):
    marker = "access-log-marker"
    get(query_url(served.base, f"ASK {{ ?s ?p '{marker}' }}"))
    get(f"{served.base}/no-such-page-{marker}")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [line for line in served.log.read_text().splitlines() if marker in line]
        if len(lines) == 2:
            break
        time.sleep(0.1)
    assert len(lines) == 2
    # each handler thread writes its line after its answer, so the two may come in either order
    [query] = [line for line in lines if '"GET /sparql?query=ASK' in line]
    [missing] = [line for line in lines if f'"GET /no-such-page-{marker} HTTP/1.1" 404' in line]
    assert query.startswith("127.0.0.1 - - [") and " 200 " in query and missing.startswith("127.0.0.1 - - [")


def test_other_methods_are_refused(served):
    request = urllib.request.Request(f"{served.base}/sparql", data=b"x", method="PUT")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 405
