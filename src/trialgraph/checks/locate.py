"""Find the file and line where a node is defined, for messages a curator can act on.

A node is defined where it starts a statement: its IRI, full or prefixed, at the start of a
line. Blank nodes have no name in the file, so they are reported at the named node that holds
them (the criterion a constraint belongs to, say).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from ..graph.turtle import TurtleFile


@dataclass(frozen=True)
class Location:
    path: Path
    line: int


class NodeLocator:
    """Maps subjects to the first line that states them, across a set of Turtle files."""

    def __init__(self, files: Iterable[TurtleFile]):
        self._files = list(files)
        self._cache: dict[URIRef, Location | None] = {}
        self._lines: dict[Path, list[str]] = {}

    def locate(self, node: Node, merged: Graph) -> tuple[Node, Location | None]:
        """The named node that stands for `node` (itself, or a blank node's holder) and where."""
        named = self.named_holder(node, merged)
        if not isinstance(named, URIRef):
            return named, None
        if named not in self._cache:
            self._cache[named] = self._find(named)
        return named, self._cache[named]

    @staticmethod
    def named_holder(node: Node, merged: Graph) -> Node:
        seen: set[Node] = set()
        while isinstance(node, BNode) and node not in seen:
            seen.add(node)
            holder = next(merged.subjects(None, node), None)
            if holder is None:
                break
            node = holder
        return node

    def _find(self, iri: URIRef) -> Location | None:
        fallback: Location | None = None
        for item in self._files:
            if (iri, None, None) not in item.graph:
                continue
            tokens = _tokens(iri, item.graph)
            at_start = re.compile(rf"^(?:{tokens})(?=[\s;,.]|$)")
            anywhere = re.compile(rf"(?:^|\s)(?:{tokens})(?=[\s;,.]|$)")
            if item.path not in self._lines:
                self._lines[item.path] = item.path.read_text(encoding="utf-8").splitlines()
            lines = self._lines[item.path]
            for number, text in enumerate(lines, start=1):
                if at_start.match(text):
                    return Location(item.path, number)
                if fallback is None and anywhere.search(text) and not text.lstrip().startswith("#"):
                    fallback = Location(item.path, number)
        return fallback


def _tokens(iri: URIRef, graph: Graph) -> str:
    """Regex alternatives for how `iri` can be written in a file with the graph's prefixes."""
    forms = [f"<{iri}>"]
    for prefix, namespace in graph.namespaces():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            forms.append(f"{prefix}:{iri[len(namespace) :]}")
    return "|".join(re.escape(form) for form in forms)
