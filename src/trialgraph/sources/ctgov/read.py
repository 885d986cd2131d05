"""Reading ClinicalTrials.gov API v2 study records from disk.

A file holds one study (`{"protocolSection": ...}`) or a page of them (`{"studies": [...]}`),
plain or gzipped; a folder stands for every such file in it. A file that cannot be read yields
one `Unreadable` entry and the other files are still read.
"""

from __future__ import annotations

import gzip
import json
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import InputError
from ...paths import files_under

SUFFIXES = (".json", ".json.gz")


@dataclass(frozen=True)
class StudyRecord:
    """One study as read: where it came from, and the parsed JSON object."""

    path: Path
    index: int | None  # position in a page's "studies" list; None for a one-study file
    study: dict[str, Any]
    entry: str | None = None  # the line of an NDJSON file, or the member of a ZIP archive

    @property
    def where(self) -> str:
        """The file (and page position) for messages: `page.json: studies[3]`, `all.zip: NCT0123.json`."""
        where = f"{self.path.name}: {self.entry}" if self.entry else self.path.name
        return f"{where}: studies[{self.index}]" if self.index is not None else where

    @property
    def file_name(self) -> str:
        """The name of the file the study came from (a ZIP member's own name)."""
        return Path(self.entry).name if self.entry and not self.entry.startswith("line ") else self.path.name


@dataclass(frozen=True)
class Unreadable:
    """A file (or a page entry) that yields no study, and why (the reason does not repeat the path)."""

    path: Path
    reason: str


def record_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders to their .json and .json.gz files, sorted; keep files as given, once each."""
    return files_under(paths, lambda folder: (p for p in folder.iterdir() if p.name.endswith(SUFFIXES)))


def read_json(path: Path) -> Any:
    """Parse one plain or gzipped JSON file; any failure is an InputError naming file and line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error}", path) from error
    return decode_json(raw, path)


def decode_json(raw: bytes, path: Path) -> Any:
    """Parse plain or gzipped JSON bytes read from `path`; any failure is an InputError naming file and line."""
    try:
        if raw[:2] == b"\x1f\x8b":  # gzip magic number: decide by content, not by name
            raw = gzip.decompress(raw)
        return json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as error:
        raise InputError(f"malformed JSON: {error.msg} (column {error.colno})", path, error.lineno) from error
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply to read", path) from None
    except (OSError, EOFError, zlib.error) as error:  # a corrupt gzip stream raises any of them
        raise InputError(f"cannot read: {error}", path) from error
    except ValueError as error:  # UnicodeDecodeError; a number of more than 4300 digits
        raise InputError(f"cannot read: {error}", path) from error


def read_records(paths: Iterable[Path]) -> Iterator[StudyRecord | Unreadable]:
    """Every study in the files under `paths`, in file order, and every file that yields none."""
    for path in record_files(paths):
        try:
            document = read_json(path)
        except InputError as error:
            yield Unreadable(path, f"line {error.line}: {error.reason}" if error.line else error.reason)
            continue
        yield from _studies(path, document)


def _studies(path: Path, document: Any, entry: str | None = None) -> Iterator[StudyRecord | Unreadable]:
    where = f"{entry}: " if entry else ""
    if isinstance(document, dict) and isinstance(document.get("studies"), list):
        for index, study in enumerate(document["studies"]):
            if isinstance(study, dict):
                yield StudyRecord(path, index, study, entry)
            else:
                yield Unreadable(path, f"{where}studies[{index}]: not a JSON object")
    elif isinstance(document, dict) and "protocolSection" in document:
        yield StudyRecord(path, None, document, entry)
    else:
        yield Unreadable(path, f"{where}neither a study (protocolSection) nor a page of studies (studies)")


# ---------------------------------------------------------------- the registry's bulk formats
# NDJSON (one study a line) and the registry's ZIP download (one JSON file per study) are read entry by
# entry, without unpacking; an entry travels as bytes, so that worker processes parse it.
NDJSON_SUFFIXES = (".jsonl", ".jsonl.gz")
REGISTRY_SUFFIXES = (*SUFFIXES, *NDJSON_SUFFIXES, ".zip")


@dataclass(frozen=True)
class RawEntry:
    """One file, NDJSON line or ZIP member, not parsed yet."""

    path: Path
    entry: str | None
    data: bytes


def registry_files(paths: Iterable[Path]) -> list[Path]:
    """Like `record_files`, with NDJSON files and ZIP archives too."""
    return files_under(
        paths, lambda folder: (p for p in folder.iterdir() if p.is_file() and p.name.endswith(REGISTRY_SUFFIXES))
    )


def raw_entries(paths: Iterable[Path]) -> Iterator[RawEntry | Unreadable]:
    """Every entry of the files under `paths`, lazily, so memory holds one entry at a time."""
    for path in registry_files(paths):
        try:
            if path.name.endswith(NDJSON_SUFFIXES):
                yield from _ndjson(path)
            elif path.name.endswith(".zip"):
                yield from _zip(path)
            else:
                yield RawEntry(path, None, path.read_bytes())
        except (OSError, EOFError, zlib.error, zipfile.BadZipFile) as error:
            yield Unreadable(path, f"cannot read: {error}")


def parse_entry(raw: RawEntry) -> Iterator[StudyRecord | Unreadable]:
    try:
        document = decode_json(raw.data, raw.path)
    except InputError as error:
        where = f"{raw.entry}: " if raw.entry else ""
        line = f"line {error.line}: " if error.line and not (raw.entry or "").startswith("line ") else ""
        yield Unreadable(raw.path, f"{where}{line}{error.reason}")
        return
    yield from _studies(raw.path, document, raw.entry)


def _ndjson(path: Path) -> Iterator[RawEntry]:
    with path.open("rb") as plain:
        gzipped = plain.read(2) == b"\x1f\x8b"
    with gzip.open(path, "rb") if gzipped else path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield RawEntry(path, f"line {number}", line)


def _zip(path: Path) -> Iterator[RawEntry]:
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if not member.is_dir() and member.filename.endswith(SUFFIXES):
                yield RawEntry(path, member.filename, archive.read(member))
