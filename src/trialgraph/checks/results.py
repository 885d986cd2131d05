"""Validation results as a curator reads them: where (file:line, or study and source file), what, why."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..links.prefixes import compact


@dataclass(frozen=True)
class Violation:
    """One validation result. Curated files give file and line; a store gives the study (NCT ID), the
    file it was imported from and, where known, the JSON path in that record."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    file: str | None
    line: int | None
    shape: str
    study: str | None = None
    json_path: str | None = None

    def as_text(self) -> str:
        if self.study:
            where = f"{self.study} ({self.file or 'no source file'}" + (
                f" {self.json_path})" if self.json_path else ")"
            )
        else:
            where = f"{self.file}:{self.line}" if self.file else "(unknown file)"
        prop = f" {self.path}" if self.path else ""
        value = f" [value: {self.value}]" if self.value is not None else ""
        return f"{where}: {self.severity}: {self.focus}{prop}: {self.message}{value}"

    def as_dict(self) -> dict:
        return asdict(self)

    def key(self) -> tuple:
        """What a result says, wherever it is placed: the fields both engines must agree on."""
        return (self.severity, self.focus, self.path, self.value, self.message, self.shape)


@dataclass(frozen=True)
class ValidationReport:
    results: list[Violation]
    files: list[Path]

    @property
    def violations(self) -> list[Violation]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def named_shape(shape: Node | None, shapes: Graph) -> Node | None:
    """The named node shape a result comes from (property and SPARQL shapes are blank nodes)."""
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        shape = next(shapes.subjects(None, shape), None)
    return shape


def short(term: Node, namespaces: NamespaceManager) -> str:
    return "[]" if isinstance(term, BNode) else compact(term, namespaces)


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
