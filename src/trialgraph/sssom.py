"""SSSOM mapping tables (data/mappings/*.sssom.tsv) as RDF triples.

Each row `subject_id predicate_id object_id` becomes one triple, with CURIEs expanded by the
table's own `curie_map` header, so the IRIs are the ones the community uses (OBO PURLs,
https://ror.org/...).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from .errors import InputError

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


@dataclass(frozen=True)
class Mapping:
    subject: URIRef
    predicate: URIRef
    object: URIRef
    justification: str
    source: str


def read_sssom(path: Path) -> list[Mapping]:
    """Read one SSSOM TSV; an unknown prefix or a missing column names the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    header = [line[1:] for line in lines if line.startswith("#")]
    curie_map = _curie_map(header)
    body_start = len(header)
    rows = list(csv.DictReader(lines[body_start:], delimiter="\t"))
    if not rows:
        return []
    missing = [c for c in REQUIRED_COLUMNS if c not in rows[0]]
    if missing:
        raise InputError(f"missing SSSOM column(s): {', '.join(missing)}", path, body_start + 1)
    mappings = []
    for offset, row in enumerate(rows, start=body_start + 2):
        expand = _expander(curie_map, path, offset)
        mappings.append(
            Mapping(
                subject=expand(row["subject_id"], "subject_id"),
                predicate=expand(row["predicate_id"], "predicate_id"),
                object=expand(row["object_id"], "object_id"),
                justification=row["mapping_justification"],
                source=row.get("source") or row.get("comment") or "",
            )
        )
    return mappings


def mapping_graph(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        for mapping in read_sssom(path):
            graph.add((mapping.subject, mapping.predicate, mapping.object))
    return graph


def sssom_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sssom.tsv")) if folder.is_dir() else []


def _curie_map(header: list[str]) -> dict[str, str]:
    """The `curie_map:` block of the YAML header: indented `prefix: iri` lines."""
    curie_map: dict[str, str] = {}
    inside = False
    for raw in header:
        if raw.strip() == "curie_map:":
            inside = True
            continue
        if inside and raw.startswith("  ") and ":" in raw:
            prefix, _, iri = raw.strip().partition(":")
            curie_map[prefix.strip()] = iri.strip().strip("'\"")
        elif inside:
            inside = False
    return curie_map


def _expander(curie_map: dict[str, str], path: Path, line: int):
    def expand(curie: str, field: str) -> URIRef:
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in curie_map or not local:
            raise InputError(f"{field} {curie!r} is not a CURIE with a prefix in curie_map", path, line)
        return URIRef(curie_map[prefix] + local)

    return expand
