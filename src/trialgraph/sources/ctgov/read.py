"""Reading ClinicalTrials.gov API v2 study records from disk.

A file holds one study (`{"protocolSection": ...}`) or a page of them (`{"studies": [...]}`),
plain or gzipped; a folder stands for every such file in it. A file that cannot be read yields
one `Unreadable` entry and the other files are still read.
"""

from __future__ import annotations

import gzip
import json
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

    @property
    def where(self) -> str:
        """The file (and page position) for messages: `page.json: studies[3]`."""
        return f"{self.path.name}: studies[{self.index}]" if self.index is not None else self.path.name


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


def _studies(path: Path, document: Any) -> Iterator[StudyRecord | Unreadable]:
    if isinstance(document, dict) and isinstance(document.get("studies"), list):
        for index, study in enumerate(document["studies"]):
            if isinstance(study, dict):
                yield StudyRecord(path, index, study)
            else:
                yield Unreadable(path, f"studies[{index}]: not a JSON object")
    elif isinstance(document, dict) and "protocolSection" in document:
        yield StudyRecord(path, None, document)
    else:
        yield Unreadable(path, "neither a study (protocolSection) nor a page of studies (studies)")
