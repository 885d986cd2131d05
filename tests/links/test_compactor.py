"""Compactor: compact()'s text for many IRIs, worked out once per namespace; the same text for every IRI."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from trialgraph.links.prefixes import Compactor, compact


@pytest.fixture
def namespaces():
    graph = Graph(bind_namespaces="none")
    graph.bind("ex", "https://example.org/")
    graph.bind("exa", "https://example.org/a/")  # within a namespace, across a "/": never the longest for ex:x
    graph.bind("exn", "https://example.org/n")  # within a local name: ex:n1 is exn:1 to rdflib
    graph.bind("hash", "https://example.org/h#")
    graph.bind("", "https://example.org/empty/")
    return graph.namespace_manager


IRIS = [
    "https://example.org/x",
    "https://example.org/NCT0001-exc-10",
    "https://example.org/12ab",  # a local name starting with digits
    "https://example.org/_x.y-z",
    "https://example.org/n1",
    "https://example.org/nothing",
    "https://example.org/a/b",
    "https://example.org/a/",  # an empty local name
    "https://example.org/h#frag",
    "https://example.org/h#1",
    "https://example.org/empty/thing",
    "https://example.org/x%20y",  # a local name compact() splits its own way
    "https://example.org/µg",
    "https://example.org/(a)",
    "https://unbound.example/z",
    "https://unbound.example/z/9",
    "http://www.w3.org/XML/1998/namespacelang",
    "https://example.org/with space/x",  # not an IRI rdflib compacts
    "urn:isbn:12345",
]


@pytest.mark.parametrize("order", [1, -1])
def test_every_iri_as_compact_writes_it(namespaces, order):
    """In either order (the first IRI of a namespace sets its rule), each IRI twice, and terms that are not IRIs."""
    short = Compactor(namespaces)
    terms = [URIRef(iri) for iri in IRIS[::order]] * 2 + [Literal("5"), BNode("b1"), None]
    assert [short(t) for t in terms] == [compact(t, namespaces) for t in terms]


def test_a_namespace_another_extends_within_a_local_name_is_left_to_compact(namespaces):
    short = Compactor(namespaces)
    assert short(URIRef("https://example.org/n1")) == "exn:1"
    assert short(URIRef("https://example.org/x")) == "ex:x"


def test_without_namespaces_every_iri_is_its_text():
    assert Compactor(None)(URIRef("https://example.org/x")) == "https://example.org/x"


BASES = ["https://example.org/NCT01", "https://example.org/n", "https://unbound.example/T1", "https://example.org/a/"]
TAILS = ["-inc-01", "-exc-2.b", "_x", "", "/deeper", "#frag", "%20", "-é"]


def test_below_a_base_every_iri_as_compact_writes_it(namespaces):
    """IRIs after a base (a trial's criteria): plain tails take the base's text, the others are split as ever;
    IRIs not under the base at all too."""
    short = Compactor(namespaces)
    for base in BASES:
        iris = [base + tail for tail in TAILS] + ["https://example.org/other", "urn:x:1"]
        assert short.below(URIRef(base), iris) == [compact(URIRef(iri), namespaces) for iri in iris]


def test_after_a_base_all_plain_tails_at_once_as_below_writes_them(namespaces):
    """A digest's criteria not assessed, all after their trial's IRI: one text, the same as below() gives joined;
    None (each is then written by below) where a part is not only name characters, or where the base is not
    written prefix:local by a rule (unbound, or a namespace another one extends)."""
    plain = [tail for tail in TAILS if tail and all(c.isascii() and (c.isalnum() or c in "_.-") for c in tail)]
    assert plain == ["-inc-01", "-exc-2.b", "_x"]
    only_ex = Graph(bind_namespaces="none")
    only_ex.bind("ex", "https://example.org/")
    written_by_rule = 0
    for names in (namespaces, only_ex.namespace_manager):
        short = Compactor(names)
        for base in BASES:
            expected = ", ".join(short.below(URIRef(base), [base + tail for tail in plain]))
            written = short.after(URIRef(base), "".join("~" + tail for tail in plain), "~")
            assert written in (None, expected)
            written_by_rule += written is not None
            assert short.after(URIRef(base), "~-inc-01~/deeper", "~") is None
            assert short.after(URIRef(base), "~-inc-01~-é", "~") is None
    assert written_by_rule == 2  # ex:NCT01 and ex:n, where only ex is bound
    assert Compactor(only_ex.namespace_manager).after(URIRef("https://example.org/NCT01"), "~-a~_b", "~") == (
        "ex:NCT01-a, ex:NCT01_b"
    )
