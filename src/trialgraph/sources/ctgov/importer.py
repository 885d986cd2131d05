"""Import ClinicalTrials.gov API v2 records: one Turtle file per study, and a summary.

A record without a valid NCT ID, or a file that cannot be read, is skipped with a reason naming the
file and field; the others are still imported. A bad value inside a record (an enum value the
vocabulary does not know, a malformed date) never drops the study: it is a warning naming file, field
and value, kept as a literal or left out (see builder). Each file is written to a temporary file and moved
into place, so a failed run never leaves a half-written file. Output is deterministic (sorted
Turtle, blank nodes named after their holders): the same input gives byte-identical files, and a
file whose content would not change is left untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ...errors import InputError
from ...graph.output import output_folder, write_if_changed
from ...graph.value_sets import ValueSets
from ...links.prefixes import load_converter
from ...paths import ProjectPaths
from ...text.thresholds import ThresholdReader
from .builder import TG
from .countries import CountryCodes
from .mapper import RecordError, StudyMapper
from .read import StudyRecord, Unreadable, read_records, record_files


@dataclass
class Warnings:
    """Bad values in imported studies, each `where: field: problem`, and how many were unknown enum values."""

    lines: list[str] = field(default_factory=list)
    unknown_values: int = 0

    def add(self, where: str, warnings: list[str], unknown_values: int) -> None:
        self.lines += [f"{where}: {warning}" for warning in warnings]
        self.unknown_values += unknown_values

    def summary(self) -> str:
        return f"{len(self.lines)} warning(s) ({self.unknown_values} unknown enum value(s))"


@dataclass(frozen=True)
class Skipped:
    where: str  # file, and page position
    reason: str
    unreadable: bool = False  # the file itself could not be read (exit 2), not one record in it


def problem_exit_code(skipped: list[Skipped], warnings: Warnings) -> int:
    """Both modes' code: 2 some file unreadable, 1 some record skipped or value warned about, else 0."""
    if any(s.unreadable for s in skipped):
        return 2
    return 1 if skipped or warnings.lines else 0


def problem_lines(skipped: list[Skipped], warnings: Warnings) -> list[str]:
    """Both modes' lines for what was skipped or warned about, before their summary line."""
    return [f"skipped {s.where}: {s.reason}" for s in skipped] + [f"warning {line}" for line in warnings.lines]


@dataclass
class ImportSummary:
    read: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)  # NCT ID -> what was not parsed
    warnings: Warnings = field(default_factory=Warnings)

    @property
    def exit_code(self) -> int:
        """0 all imported as given, 1 some record skipped or some value warned about, 2 some file unreadable."""
        return problem_exit_code(self.skipped, self.warnings)

    def lines(self) -> list[str]:
        out = problem_lines(self.skipped, self.warnings)
        noted = sum(len(n) for n in self.notes.values())
        out.append(
            f"read {self.read} record(s): {len(self.written) + len(self.unchanged)} written "
            f"({len(self.unchanged)} unchanged), {len(self.skipped)} skipped, {self.warnings.summary()}; "
            f"{noted} item(s) not parsed in {len(self.notes)} record(s) (see the curator notes in each file)"
        )
        return out


Progress = Callable[[StudyRecord | Unreadable], None]


def count_files(paths: Iterable[Path]) -> int:
    return len(record_files(paths))


def default_mapper(project: ProjectPaths) -> StudyMapper:
    """The mapper with the project's value sets, prefix map and lab tests."""
    return StudyMapper(
        ValueSets.load(project.ontology_dir / "vocabulary.ttl"),
        load_converter(project.prefix_map_file),
        thresholds=ThresholdReader.load(
            project.shared_data_dir / "measures.ttl", project.shared_data_dir / "lab-bound-ranges.tsv"
        ),
        countries=CountryCodes.load(project.shared_data_dir / "country-aliases.tsv"),
    )


def import_ctgov(
    paths: Iterable[Path],
    output_dir: Path,
    project: ProjectPaths,
    *,
    progress: Progress | None = None,
    mapper: StudyMapper | None = None,
    force: bool = False,
) -> ImportSummary:
    """Read every record under `paths`, write `output_dir/<NCT ID>.ttl` for each good one.

    A file the importer did not write (curated data, say) is never replaced unless `force`: the
    run stops with an InputError naming it, before that file is touched.
    """
    output_folder(output_dir)
    mapper = mapper or default_mapper(project)
    summary = ImportSummary()
    seen: dict[str, str] = {}
    for item in read_records(paths):
        if progress is not None:
            progress(item)
        if isinstance(item, Unreadable):
            summary.skipped.append(Skipped(str(item.path), item.reason, True))
            continue
        summary.read += 1
        try:
            mapped = mapper.map(item)
        except RecordError as error:
            summary.skipped.append(Skipped(item.where, str(error)))
            continue
        if mapped.nct_id in seen:
            summary.skipped.append(Skipped(item.where, f"{mapped.nct_id} was already read from {seen[mapped.nct_id]}"))
            continue
        seen[mapped.nct_id] = item.where
        target = output_dir / f"{mapped.nct_id}.ttl"
        content = mapped.graph.serialize(format="turtle", encoding="utf-8")
        if not force:
            _refuse_foreign(target, content)
        (summary.written if write_if_changed(content, target) else summary.unchanged).append(target)
        if mapped.notes:
            summary.notes[mapped.nct_id] = mapped.notes
        summary.warnings.add(item.where, mapped.warnings, mapped.unknown_values)
    return summary


def _refuse_foreign(target: Path, content: bytes) -> None:
    """An InputError if `target` exists, would change, and was not written by the importer.

    The importer's files say where they came from (`tg:importedFrom`); a file without it, or one
    that is not even Turtle, was written by someone else.
    """
    if not target.exists() or (target.is_file() and target.read_bytes() == content):
        return
    existing = Graph()
    try:
        existing.parse(target, format="turtle")
    except Exception:  # whatever rdflib raises for a file it cannot read: it is not ours
        existing = Graph()
    if (None, TG.importedFrom, None) not in existing:
        raise InputError("not written by the importer (no tg:importedFrom): not replaced; use --force", target)
