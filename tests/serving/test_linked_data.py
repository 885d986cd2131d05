"""Linked data under /id/: every IRI of ours resolves, as RDF for clients and as HTML for browsers."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from trialgraph.serving.html import local_href

from .conftest import TG
from .test_endpoint import get

ID = "https://w3id.org/trialgraph/id/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def ours(graph: Graph) -> set[URIRef]:
    return {n for t in graph for n in (t[0], t[2]) if isinstance(n, URIRef) and str(n).startswith(ID)}


def test_every_iri_of_ours_resolves_as_turtle(served, graph):
    iris = ours(graph)
    assert len(iris) > 300
    failures = []
    for iri in sorted(iris):
        status, headers, body = get(served.base + local_href(str(iri)), Accept="text/turtle")
        if status != 200 or not headers["Content-Type"].startswith("text/turtle"):
            failures.append((iri, status))
            continue
        described = Graph().parse(data=body, format="turtle")
        if (iri, None, None) in graph and set(described.predicate_objects(iri)) != set(graph.predicate_objects(iri)):
            # blank nodes differ by name: compare what is said of the IRI without them
            mine = {(p, o) for p, o in graph.predicate_objects(iri) if isinstance(o, URIRef)}
            if mine - set(described.predicate_objects(iri)):
                failures.append((iri, "differs"))
    assert not failures, failures[:10]


def test_ontology_terms_resolve(served):
    status, _, body = get(f"{served.base}/ontology/Trial", Accept="text/turtle")
    assert status == 200
    assert (URIRef(f"{TG}Trial"), None, None) in Graph().parse(data=body, format="turtle")
    status, _, _ = get(f"{served.base}/vocab/phase-2", Accept="text/turtle")
    assert status == 200


@pytest.mark.parametrize("path", ["/id/trial/NCT04426201", "/id/condition/covid-19"])
def test_turtle_and_json_ld_by_accept_or_format_say_the_same(served, path):
    by_accept = {
        fmt: get(served.base + path, Accept=accept)
        for fmt, accept in (
            ("turtle", "text/turtle"),
            ("json-ld", "application/ld+json"),
            ("nt", "application/n-triples"),
        )
    }
    graphs = {fmt: Graph().parse(data=body, format=fmt) for fmt, (_, _, body) in by_accept.items()}
    assert by_accept["json-ld"][1]["Content-Type"].startswith("application/ld+json")
    assert len(graphs["turtle"]) > 3
    assert isomorphic(graphs["turtle"], graphs["json-ld"]) and isomorphic(graphs["turtle"], graphs["nt"])
    status, headers, body = get(f"{served.base}{path}?format=jsonld", Accept=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=body, format="json-ld"), graphs["turtle"])


def test_unknown_and_malformed_iris(served):
    assert get(f"{served.base}/id/trial/NCT00000000", Accept="text/turtle")[0] == 404
    status, _, body = get(f"{served.base}/id/trial/a%3Cb%3E", Accept="text/turtle")
    assert status == 400 and b"not a valid IRI" in body
    assert get(f"{served.base}/id/trial/NCT04426201?format=png")[0] == 400


def test_a_term_of_the_ontology_sends_browsers_to_its_documentation(served):
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(f"{served.base}/ontology/Trial", headers={"Accept": BROWSER})
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=30)
    assert answer.value.code == 303 and answer.value.headers["Location"] == "/ontology#Trial"


class _Page(HTMLParser):
    """Collects the text, the links and the tags of a page."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "a":
            self.links.append(dict(attrs).get("href", ""))

    def handle_data(self, data):
        self.text.append(data)


def trial_html(served, nct: str) -> tuple[str, _Page]:
    status, headers, body = get(f"{served.base}/id/trial/{nct}", Accept=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(body.decode())
    return body.decode(), parsed


def test_trial_page_facts_conditions_and_their_mapped_terms(served):
    _, parsed = trial_html(served, "NCT04426201")
    text = " ".join(parsed.text)
    assert "InterLeukin-7 to Improve Clinical Outcomes in Lymphopenic Patients" in text
    assert "terminated" in text and "phase 2" in text
    assert "/id/condition/covid-19" in parsed.links
    assert "http://purl.obolibrary.org/obo/MONDO_0100096" in parsed.links  # COVID-19's verified MONDO term
    assert "Memorial sloan kettering" in text  # sites
    assert "The seed's Conditions section is empty." in text  # curator notes
    assert "/id/source/seed-002" in parsed.links  # provenance


def test_trial_diagram_has_a_lane_per_arm_and_on_off_bars(served, graph):
    html, parsed = trial_html(served, "NCT05190094")
    lanes = [attrs for tag, attrs in parsed.tags if tag == "g" and attrs.get("class") == "lane"]
    arms = set(graph.objects(URIRef(f"{ID}trial/NCT05190094"), URIRef(f"{TG}hasArm")))
    assert len(lanes) == len(arms) == 1
    # palbociclib 3 weeks on, 1 week off, 28-day cycles: three on-bars of 21 days, gaps of 7
    bars = re.findall(r"Palbociclib 125 mg, oral, daily, 3 weeks on / 1 week off: day (\d+) to (\d+)", html)
    assert bars == [("0", "21"), ("28", "49"), ("56", "77")]
    assert ">C1<" in html and ">C3<" in html  # cycle boundaries
    # CYT107: a first dose, then twice a week for three weeks (bars 3.5 days apart), from 72 h on
    html, parsed = trial_html(served, "NCT04426201")
    assert len([1 for tag, attrs in parsed.tags if tag == "g" and attrs.get("class") == "lane"]) == 2
    twice = re.findall(r"CYT107 twice weekly after 72 h observation: day ([\d.]+) to", html)
    assert [float(day) for day in twice] == [3, 6.5, 10, 13.5, 17, 20.5]


def test_eligibility_table_in_canonical_units(served):
    html, _ = trial_html(served, "NCT03079011")
    table = html[html.index("<table class='eligibility'>") :]
    table = table[: table.index("</table>")]
    assert "90 g/L" in table  # haemoglobin, stated in g/L
    assert "1.5 10*9/L <span class='muted'>(G/L)</span>" in table and "1.5 10*9/L</td>" in table  # leukocytes
    assert "≥" in table


def test_a_resource_page_lists_what_refers_to_it(served):
    status, _, body = get(f"{served.base}/id/condition/covid-19", Accept=BROWSER)
    assert status == 200
    page = body.decode()
    assert "COVID-19" in page and "/id/trial/NCT04426201" in page


def test_trial_index_lists_the_trials(served):
    status, _, body = get(f"{served.base}/id/trial/")
    assert status == 200
    links = set(re.findall(r'href="(/id/trial/[^"]+)"', body.decode()))
    assert {f"/id/trial/{n}" for n in ("NCT04426201", "NCT05190094", "anakinra-tpc-mbc")} <= links


def test_paths_are_unquoted_once(served):
    quoted = "/id/" + urllib.parse.quote("condition/covid-19", safe="")
    assert get(served.base + quoted, Accept="text/turtle")[0] == 200
