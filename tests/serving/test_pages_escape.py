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
    for triple in (
        (trial, RDF.type, TG.Trial),
        (trial, TG.briefTitle, Literal(HOSTILE)),
        (trial, TG.acronym, Literal(HOSTILE)),
        (trial, TG.condition, condition),
        (condition, RDFS.label, Literal(HOSTILE)),
        (condition, SKOS.exactMatch, URIRef('https://example.org/a"onmouseover="alert(1)')),
        (trial, TG.hasArm, arm),
        (arm, RDFS.label, Literal(HOSTILE)),
        (arm, TG.receives, regimen),
        (regimen, TG.hasComponent, admin),
        (regimen, TG.scheduleText, Literal(HOSTILE)),
        (admin, RDFS.label, Literal(HOSTILE)),
        (trial, TG.hasCriterion, criterion),
        (criterion, RDF.type, TG.InclusionCriterion),
        (criterion, TG.verbatim, Literal(HOSTILE)),
        (criterion, TG.sourceNumber, Literal(HOSTILE)),
        (criterion, TG.hasConstraint, constraint),
        (constraint, TG.threshold, threshold),
        (threshold, TG.numericValue, Literal(HOSTILE)),
        (threshold, TG.unit, Literal(HOSTILE)),
        (trial, TG.hasCuratorNote, note),
        (note, TG.noteText, Literal(HOSTILE)),
        (trial, TG.registryRecord, URIRef('https://example.org/"><script>')),
    ):
        graph.add(triple)
    html = trial_page(graph, trial, None).decode()
    tags = _Tags()
    tags.feed(html)
    assert "script" not in tags.names and not any(name.startswith("on") for name in tags.attributes)
    assert "<script>" not in html
    assert html.count("&lt;script&gt;alert(") >= 8
    assert "&amp;amp;" in html  # escaped once more, not read as an entity
