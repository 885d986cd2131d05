"""The store engine's results on Turtle files, for comparing them with pySHACL's."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from benchmarks.synthetic import load_store
from trialgraph.checks.store_validation import validate_store


def store_engine_results(files: list[Path], store: Path, project) -> Counter:
    """What the store engine reports on `files`, each loaded as one study's named graph."""
    load_store(store, files)
    results, _ = validate_store(store, project, jobs=1)
    return Counter(r.key() for r in results)
