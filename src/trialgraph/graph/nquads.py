"""rdflib terms as N-Quads text, written by hand: the registry import's hot path, with no rdflib Graph.

rdflib's own serialiser needs a Graph (an index per triple); here each term is a string format, and
the store's bulk loader parses the text in Rust. An IRI or blank node label that N-Quads cannot
carry is an error naming it, rather than text the loader would reject with the whole batch.
"""

from __future__ import annotations

import re

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class TermError(ValueError):
    """A term that N-Quads cannot write."""


def term_text(term: Node) -> str:
    """One term in N-Triples syntax.

    >>> term_text(Literal('say "hi"\\n', lang="en"))
    '"say \\\\"hi\\\\"\\\\n"@en'
    """
    if isinstance(term, URIRef):
        if _BAD_IRI.search(term):
            raise TermError(f"not a valid IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype
        return f"{text}^^<{datatype}>" if datatype and datatype != XSD_STRING else text
    if isinstance(term, BNode):
        if not _LABEL.fullmatch(term):
            raise TermError(f"not a blank node label N-Quads can carry: {str(term)!r}")
        return f"_:{term}"
    raise TermError(f"not an RDF term: {term!r}")


_PREDICATES: dict[str, str] = {}  # few, and on every line


def predicate_text(predicate: Node) -> str:
    key = str.__str__(predicate)  # a plain str: hashed in C, not by rdflib's __hash__
    text = _PREDICATES.get(key)
    if text is None:
        text = _PREDICATES[key] = term_text(predicate)
    return text


def quad_line(subject: Node, predicate: Node, obj: Node, graph: str) -> str:
    return f"{term_text(subject)} {predicate_text(predicate)} {term_text(obj)} <{graph}> .\n"
