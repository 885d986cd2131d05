"""SSSOM mapping tables (data/mappings/*.sssom.tsv) as RDF triples.

The tables are read by the standard reader (sssom-pydantic); this module adds the project's rules.

Each row `subject_id predicate_id object_id` becomes one triple. CURIEs are expanded with the
project's prefix map (data/mappings/prefixes.json, from the Bioregistry), so the IRIs are the ones
the community uses: OBO PURLs, https://ror.org/..., http://www.wikidata.org/entity/... A table's
own `curie_map` header must agree with that map, so a table stays valid SSSOM on its own and
cannot smuggle in a different base IRI. Every row must say where it was verified (`comment`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import curies
import pydantic
import yaml
from rdflib import Graph, URIRef
from sssom_pydantic import MappingSetRecord
from sssom_pydantic.io import ParseError, read_unprocessed_iterable

from ..errors import InputError
from .prefixes import load_converter, patterns

REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "comment")
SKOS = "http://www.w3.org/2004/02/skos/core#"
MAPPING_PREDICATES = frozenset(
    SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
)
SEMAPV = "https://w3id.org/semapv/vocab/"


@dataclass(frozen=True)
class Mapping:
    subject: URIRef
    predicate: URIRef
    object: URIRef
    object_curie: str
    subject_label: str
    object_label: str
    justification: str
    comment: str
    path: Path
    line: int

    @property
    def object_prefix(self) -> str:
        return self.object_curie.partition(":")[0]


def read_sssom(path: Path, prefix_map: Path) -> list[Mapping]:
    """Read one SSSOM TSV with the standard reader (sssom-pydantic), then apply the project's rules; any bad
    header, prefix, identifier, predicate or missing column names the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    converter = load_converter(prefix_map)
    lines = text.splitlines()
    header = [line[1:] for line in lines if line.startswith("#")]
    _check_curie_map(_header(header, path).curie_map or {}, converter, path)
    columns = lines[len(header)].split("\t") if len(lines) > len(header) else []
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing and len(lines) > len(header) + 1:
        raise InputError(f"missing SSSOM column(s): {', '.join(missing)}", path, len(header) + 1)
    resolver = _Resolver(converter, patterns(prefix_map), path)
    mappings = []
    with read_unprocessed_iterable(io.StringIO(text), converter=converter) as table:
        for number, record in table.records:
            line = number + 1  # the reader counts the column row as the first record's line
            if isinstance(record, ParseError):
                raise InputError(f"not a valid SSSOM row: {record.format_exception()}", path, line)
            mappings.append(resolver.mapping(record.model_dump(), line))
    return mappings


def _header(header: list[str], path: Path) -> MappingSetRecord:
    """The YAML header, as the SSSOM model reads it."""
    try:
        return MappingSetRecord.model_validate(yaml.safe_load("\n".join(header)) or {})
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or error
        raise InputError(f"the YAML header is not valid: {reason}", path, mark.line + 1 if mark else None) from error
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"the YAML header is not valid SSSOM: {where}: {first['msg']}", path) from error


def read_all_sssom(paths: Iterable[Path], prefix_map: Path) -> list[Mapping]:
    return [mapping for path in paths for mapping in read_sssom(path, prefix_map)]


def mapping_graph(mappings: Iterable[Mapping]) -> Graph:
    graph = Graph()
    for mapping in mappings:
        graph.add((mapping.subject, mapping.predicate, mapping.object))
    return graph


def sssom_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sssom.tsv")) if folder.is_dir() else []


class _Resolver:
    """Expands and checks the CURIEs of one table's rows."""

    def __init__(self, converter: curies.Converter, id_patterns: dict, path: Path) -> None:
        self.converter = converter
        self.patterns = id_patterns
        self.path = path

    def mapping(self, row: dict[str, str | None], line: int) -> Mapping:
        predicate = self.expand(row, "predicate_id", line)
        if str(predicate) not in MAPPING_PREDICATES:
            raise InputError(f"predicate_id {row['predicate_id']!r} is not a SKOS mapping predicate", self.path, line)
        if not self.expand(row, "mapping_justification", line).startswith(SEMAPV):
            raise InputError("mapping_justification must be a semapv: term", self.path, line)
        if not (row.get("comment") or "").strip():
            raise InputError("comment must say where the mapping was verified", self.path, line)
        return Mapping(
            subject=self.expand(row, "subject_id", line),
            predicate=predicate,
            object=self.expand(row, "object_id", line),
            object_curie=self.standard(row, "object_id", line),
            subject_label=row.get("subject_label") or "",
            object_label=row.get("object_label") or "",
            justification=row["mapping_justification"],
            comment=row["comment"],
            path=self.path,
            line=line,
        )

    def standard(self, row: dict[str, str | None], field: str, line: int) -> str:
        curie = (row.get(field) or "").strip()
        standard = self.converter.standardize_curie(curie) if ":" in curie else None
        if standard is None:
            raise InputError(f"{field} {curie!r} is not a CURIE with a prefix in the prefix map", self.path, line)
        prefix, _, local = standard.partition(":")
        pattern = self.patterns.get(prefix)
        if not local or (pattern is not None and not pattern.fullmatch(local)):
            raise InputError(f"{field} {curie!r}: {local!r} is not a valid {prefix} identifier", self.path, line)
        return standard

    def expand(self, row: dict[str, str | None], field: str, line: int) -> URIRef:
        return URIRef(iri_safe(self.converter.expand(self.standard(row, field, line))))


def iri_safe(iri: str) -> str:
    """Percent-encode what an IRI may not hold but an identifier may (UCUM's mm[Hg], {score})."""
    return quote(iri, safe=":/?#@!$&'()*+,;=-._~")


def _check_curie_map(curie_map: dict[str, str], converter: curies.Converter, path: Path) -> None:
    for prefix, iri in curie_map.items():
        expected = converter.expand(f"{prefix}:") if converter.standardize_prefix(prefix) else None
        if expected != iri:
            known = f"the project's prefix map says {expected}" if expected else "the prefix is not in the prefix map"
            raise InputError(f"curie_map: {prefix}: {iri} disagrees: {known}", path)
