"""Every value on a page is escaped: a registry record can hold any text."""

from __future__ import annotations

from html.parser import HTMLParser

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from trialgraph.serving.trial_page import trial_page

TG = Namespace("https://w3id.org/trialgraph/ontology/")
HOSTILE = '<script>alert("x")</script>&amp;'


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_trial_page_escapes_every_value():
    graph = Graph()
    trial = URIRef("https://w3id.org/trialgraph/id/ctgov/NCT99999999")
    arm, regimen, admin = (URIRef(f"{trial}-{part}") for part in ("arm-1", "regimen-1", "admin-1"))
    criterion, note, constraint, threshold = URIRef(f"{trial}-inc-1"), BNode(), BNode(), BNode()
    condition = URIRef("https://w3id.org/trialgraph/id/condition/x")
    graph.add((trial, RDF.type, TG.Trial))
    graph.add((trial, TG.briefTitle, Literal(HOSTILE)))
    graph.add((trial, TG.acronym, Literal(HOSTILE)))
    graph.add((trial, TG.condition, condition))
    graph.add((condition, RDFS.label, Literal(HOSTILE)))
    graph.add((condition, SKOS.exactMatch, URIRef('https://example.org/a"onmouseover="alert(1)')))
    graph.add((trial, TG.hasArm, arm))
    graph.add((arm, RDFS.label, Literal(HOSTILE)))
    graph.add((arm, TG.receives, regimen))
    graph.add((regimen, TG.hasComponent, admin))
    graph.add((regimen, TG.scheduleText, Literal(HOSTILE)))
    graph.add((admin, RDFS.label, Literal(HOSTILE)))
    graph.add((trial, TG.hasCriterion, criterion))
    graph.add((criterion, RDF.type, TG.InclusionCriterion))
    graph.add((criterion, TG.verbatim, Literal(HOSTILE)))
    graph.add((criterion, TG.sourceNumber, Literal(HOSTILE)))
    graph.add((criterion, TG.hasConstraint, constraint))
    graph.add((constraint, TG.threshold, threshold))
    graph.add((threshold, TG.numericValue, Literal(HOSTILE)))
    graph.add((threshold, TG.unit, Literal(HOSTILE)))
    graph.add((trial, TG.hasCuratorNote, note))
    graph.add((note, TG.noteText, Literal(HOSTILE)))
    graph.add((trial, TG.registryRecord, URIRef('https://example.org/"><script>')))
    html = trial_page(graph, trial, None).decode()
    tags = _Tags()
    tags.feed(html)
    assert "script" not in tags.names and not any(name.startswith("on") for name in tags.attributes)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(") >= 8
    assert "&amp;amp;" in html  # escaped once more, not read as an entity
