"""The query page, the question library, a question's answer, the ontology's documentation, static files."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from trialgraph.questions.library import query_library
from trialgraph.serving.ontology_docs import anchor

from .test_endpoint import get

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def _script_data(page: str, name: str):
    match = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', page, re.DOTALL)
    assert match, name
    return json.loads(match.group(1))


def test_query_page_has_the_editor_our_prefixes_and_every_question(served, project):
    status, headers, body = get(f"{served.base}/", Accept=BROWSER)
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<script src="/static/yasgui/yasgui.min.js"></script>' in page
    prefixes = _script_data(page, "prefixes-data")
    assert "PREFIX tg: <https://w3id.org/trialgraph/ontology/>\n" in prefixes
    assert "PREFIX trial: <https://w3id.org/trialgraph/id/trial/>\n" in prefixes
    questions = {q["name"]: q for q in _script_data(page, "questions-data")}
    library = query_library(project.queries_dir)
    assert set(questions) == set(library)
    for name, question in library.items():
        assert questions[name]["title"] == question.title and questions[name]["description"] == question.description
        assert [p["name"] for p in questions[name]["params"]] == list(question.params)
        assert f'<option value="{name}">' in page


def test_the_vendored_editor_and_its_licence_are_served(served):
    for name in ("yasgui.min.js", "yasgui.min.css", "LICENSE", "VERSION"):
        status, _, body = get(f"{served.base}/static/yasgui/{name}")
        assert status == 200 and body
    assert b"MIT" in get(f"{served.base}/static/yasgui/LICENSE")[2]
    host, port = urllib.parse.urlsplit(served.base).netloc.split(":")
    for path in ("/static/../server.py", "/static/%2e%2e/server.py", "/static/yasgui/../../server.py"):
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        connection.request("GET", path)  # sent as written: no client-side normalisation
        assert connection.getresponse().status == 404, path
        connection.close()


def test_questions_page_lists_each_question_with_its_sparql_and_a_run_link(served, project):
    _, _, body = get(f"{served.base}/questions", Accept=BROWSER)
    page = body.decode()
    for name, question in query_library(project.queries_dir).items():
        section = page[page.index(f'<section class="question" id="{name}">') :]
        section = section[: section.index("</section>")]
        assert f'href="/questions/{name}/run"' in section
        assert (
            question.title.replace("'", "&#x27;").replace("&", "&amp;")[:20] in section
            or question.title[:20] in section
        )
        assert "&lt;" in section or "<" not in question.text  # the SPARQL, escaped
    status, _, body = get(f"{served.base}/questions/arms-per-trial/run", Accept=BROWSER)
    assert status == 200 and body.decode().count("<tr>") >= 6  # a header and a row per trial


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode())))


def test_a_question_binds_its_parameters_by_the_cli_rules(served):
    platelets = f"{served.base}/questions/lab-thresholds/run?test=measure:platelet-count&format=csv"
    status, headers, body = get(platelets)
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = _csv_rows(body)
    command = [str(Path(sys.executable).parent / "trialgraph"), "query", "lab-thresholds"]
    command += ["--param", "test=measure:platelet-count", "--format", "csv"]
    cli = _csv_rows(subprocess.run(command, check=True, capture_output=True).stdout)
    assert rows[0] == cli[0]
    assert len(rows) == len(cli) > 2
    test_column = rows[0].index("test")
    assert {row[test_column] for row in rows[1:]} == {"https://w3id.org/trialgraph/id/measure/platelet-count"}
    everything = _csv_rows(get(f"{served.base}/questions/lab-thresholds/run?format=csv")[2])
    assert len(everything) > len(rows)  # the binding narrowed the answer


def test_a_parameter_is_bound_never_written_into_the_query(served):
    hostile = '"x" } UNION { ?s ?p ?o } #'
    url = f"{served.base}/questions/NAME/run?{urllib.parse.urlencode({'nct_id': hostile, 'format': 'csv'})}"
    status, _, body = get(url.replace("NAME", "curated-vs-registry"))
    # the text is a value: the query neither breaks (400) nor unions in every triple
    assert status == 200 and _csv_rows(body) == [["nct_id", "field", "curated", "registry", "agrees"]]
    iri = urllib.parse.urlencode({"test": "<https://e.org/x> } UNION { ?s ?p ?o"})
    status, _, body = get(f"{served.base}/questions/lab-thresholds/run?{iri}")
    assert status == 400 and b"--param test takes an IRI" in body


def test_a_bad_parameter_gets_the_cli_message(served):
    status, _, body = get(f"{served.base}/questions/lab-thresholds/run?test=nope:x")
    assert status == 400 and b"unknown prefix 'nope'" in body
    status, _, body = get(f"{served.base}/questions/lab-thresholds/run?no_such=1")
    assert status == 400 and b"takes no parameter 'no_such'" in body
    assert get(f"{served.base}/questions/no-such-question/run")[0] == 404


def test_ontology_page_documents_every_term_and_value_set(served, project):
    status, _, body = get(f"{served.base}/ontology", Accept=BROWSER)
    page = body.decode()
    assert status == 200
    ontology = Graph().parse(project.ontology_dir / "trialgraph.ttl")
    terms = {
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in ontology.subjects(RDF.type, kind)
        if str(t).startswith("https://w3id.org/trialgraph/ontology/")
    }
    assert len(terms) > 200
    for term in terms:
        assert f'id="{anchor(term)}"' in page, term
    trial = page[page.index('id="Trial"') :]
    trial = trial[: trial.index("</section>")]
    assert "A clinical study in which participants are assigned" in trial
    assert "schema:MedicalTrial" in trial and "close match" in trial  # its alignments
    vocabulary = Graph().parse(project.ontology_dir / "vocabulary.ttl")
    for scheme in vocabulary.subjects(RDF.type, SKOS.ConceptScheme):
        assert f'id="{anchor(scheme)}"' in page
    assert 'id="vocab-phase-2"' in page and 'id="vocab-cmp-ge"' in page
    assert anchor(URIRef("https://w3id.org/trialgraph/vocab/phase-2")) == "vocab-phase-2"


def test_docs_command_writes_the_served_pages(served, tmp_path):
    command = [str(Path(sys.executable).parent / "trialgraph"), "docs", "-o", str(tmp_path / "site")]
    subprocess.run(command, check=True, capture_output=True)
    assert (tmp_path / "site" / "index.html").read_bytes() == get(f"{served.base}/ontology")[2]
    assert (tmp_path / "site" / "questions.html").read_bytes() == get(f"{served.base}/questions")[2]
