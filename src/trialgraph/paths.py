"""Where the project's ontology, data and queries live.

The package is installed in editable mode from the repository, so the default locations are the
repository's own folders; TRIALGRAPH_HOME points elsewhere (a checkout of curated data, say).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def ontology_files(self) -> list[Path]:
        """The ontology, its value sets and the external slices: what `build` and `validate` always include."""
        imports = sorted(self.imports_dir.glob("*.ttl")) if self.imports_dir.is_dir() else []
        return [self.ontology_dir / "trialgraph.ttl", self.ontology_dir / "vocabulary.ttl", *imports]

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shared_data_dir(self) -> Path:
        return self.data_dir / "shared"

    @property
    def mappings_dir(self) -> Path:
        return self.data_dir / "mappings"

    @property
    def prefix_map_file(self) -> Path:
        return self.mappings_dir / "prefixes.json"

    @property
    def imports_dir(self) -> Path:
        """Slices of external ontologies (drug classes, diseases) that class-based questions need offline."""
        return self.ontology_dir / "imports"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"


def project_paths() -> ProjectPaths:
    """The project's folders: TRIALGRAPH_HOME if set, else the repository this package is in."""
    home = os.environ.get("TRIALGRAPH_HOME")
    root = Path(home) if home else Path(__file__).resolve().parents[2]
    return ProjectPaths(root)


def checked_home() -> ProjectPaths:
    """The project's folders, refused with one line if TRIALGRAPH_HOME names no project.

    Every command reads ontology/ and queries/ (the question library, the QC checks); a home
    without them would build, validate or list nothing and say so with exit 0.
    """
    paths = project_paths()
    if not os.environ.get("TRIALGRAPH_HOME"):
        return paths
    if not paths.root.is_dir():
        raise InputError("TRIALGRAPH_HOME names no folder", paths.root)
    missing = [name for name in ("ontology", "queries") if not (paths.root / name).is_dir()]
    if missing:
        raise InputError(
            f"TRIALGRAPH_HOME is no TrialGraph project: it lacks {', '.join(m + '/' for m in missing)}", paths.root
        )
    return paths


def files_under(paths: Iterable[Path], in_folder: Callable[[Path], Iterable[Path]]) -> list[Path]:
    """Files as given, and a folder's files as `in_folder` lists them (sorted; a folder it lists, such
    as one named `x.ttl`, is passed over); each file once, as first named. Anything that is neither a
    regular file nor a folder (a FIFO, a socket, a device) is an InputError: reading it could hang."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(regular_file(p) for p in in_folder(path) if not p.is_dir()))
        elif path.exists():
            found.append(regular_file(path))
        else:
            raise InputError("no such file or folder", path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def regular_file(path: Path) -> Path:
    """`path`, unless it exists and is no regular file (reading a FIFO would wait for a writer)."""
    if path.exists() and not path.is_file():
        raise InputError("not a regular file (a FIFO, socket or device?): give a file or a folder", path)
    return path


def table_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The rows of one of the project's tab-separated tables (data/shared/*.tsv): after its `#` comments and
    its header, which must be `columns`, each row with its line number. InputError names the file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    body = [(number, line) for number, line in enumerate(lines, start=1) if not line.startswith("#")]
    rows = list(csv.reader([line for _, line in body], delimiter="\t"))
    if not rows or tuple(rows[0]) != columns:
        where = body[0][0] if body else None
        raise InputError(f"the header must be {' '.join(columns)} (tab-separated)", path, where)
    return [(number, row) for (number, _), row in zip(body[1:], rows[1:], strict=True)]
