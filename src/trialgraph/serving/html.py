"""What the HTML pages share: one page shell, escaping, and links that stay on this server.

Every value that reaches a page goes through `esc` (text) or `attr` (attribute values): labels
and verbatim criteria come from registry records, which anyone can write.
"""

from __future__ import annotations

import html
import urllib.parse

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, NamespaceManager
from rdflib.term import Node

from ..links.prefixes import compact

ID_SPACE = "https://w3id.org/trialgraph/id/"
ONTOLOGY = "https://w3id.org/trialgraph/ontology/"
VOCABULARY = "https://w3id.org/trialgraph/vocab/"
HTML = "text/html; charset=utf-8"
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch)
_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 0 1rem 3rem; color: #222 }
nav { padding: .6rem 0; border-bottom: 1px solid #ddd; margin-bottom: 1rem }
nav a { margin-right: 1.2rem }
table { border-collapse: collapse; margin: .5rem 0 1rem; width: 100% }
th, td { border: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top }
th { background: #f4f4f4 }
code, pre { font: 13px/1.4 ui-monospace, monospace } pre { background: #f6f6f6; padding: .6rem; overflow-x: auto }
.muted { color: #777 } .note { border-left: 3px solid #c90; padding-left: .6rem; margin: .4rem 0 }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem } dl.facts dt { font-weight: 600 }
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def attr(value: object) -> str:
    """A value for inside double quotes."""
    return html.escape("" if value is None else str(value), quote=True)


def page(title: str, body: str, *, head: str = "") -> bytes:
    nav = '<nav><a href="/">Query</a><a href="/questions">Questions</a><a href="/ontology">Ontology</a>'
    nav += '<a href="/id/trial/">Trials</a><a href="/sparql">Service description</a></nav>'
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style>{head}</head>'
        f"<body>{nav}{body}</body></html>\n"
    ).encode()


def local_href(iri: str) -> str:
    """Where a link to `iri` goes: our own IRIs to this server (terms to the ontology page), others as they are."""
    if iri.startswith(ID_SPACE):
        return "/id/" + urllib.parse.quote(iri[len(ID_SPACE) :], safe="/-_.~:")
    if iri.startswith(ONTOLOGY):
        return "/ontology#" + urllib.parse.quote(iri[len(ONTOLOGY) :], safe="")
    if iri.startswith(VOCABULARY):
        return "/ontology#vocab-" + urllib.parse.quote(iri[len(VOCABULARY) :], safe="")
    return iri if iri.startswith(("http://", "https://")) else "#"


def label(graph: Graph, node: Node | None, namespaces: NamespaceManager | None = None) -> str:
    """The node's label (English first), else its CURIE or text."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    labels = [*graph.objects(node, SKOS.prefLabel), *graph.objects(node, RDFS.label)]
    english = [x for x in labels if isinstance(x, Literal) and x.language in ("en", None)]
    if english or labels:
        return str((english or labels)[0])
    return compact(node, namespaces) if isinstance(node, URIRef) else str(node)


def link(graph: Graph, node: Node | None, namespaces: NamespaceManager | None = None, text: str | None = None) -> str:
    """An <a> to the node (an IRI) with its label; a literal as escaped text."""
    if node is None:
        return ""
    shown = text if text is not None else label(graph, node, namespaces)
    if isinstance(node, URIRef):
        return f'<a href="{attr(local_href(str(node)))}">{esc(shown)}</a>'
    return esc(shown)
