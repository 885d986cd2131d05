"""What the results section costs the import: quads and mapping time per study, with and without it.

    python benchmarks/results_cost.py [--repeat 5]

Every record of ../shared/ctgov and ../shared/ctgov-more with a resultsSection is mapped as it is and
again with its resultsSection removed (the same mapper, in one process): the table gives, per study,
the quads and the best of --repeat mapping times (ms) of both, and their ratios; then the totals, and
the mean and median per study. N-Quads serialisation and the store's load are not included (see
benchmarks/registry.py for the whole import).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.importer import default_mapper
from trialgraph.sources.ctgov.read import StudyRecord

SHARED = project_paths().root.parent / "shared"


def records_with_results() -> list[tuple[Path, dict]]:
    found = []
    for folder in ("ctgov", "ctgov-more"):
        for path in sorted((SHARED / folder).glob("*.json")):
            study = json.loads(path.read_text(encoding="utf-8"))
            if "resultsSection" in study:
                found.append((path, study))
    return found


def measure(mapper, path: Path, study: dict, repeat: int) -> tuple[int, float]:
    record = StudyRecord(path, None, study)
    best = float("inf")
    quads = 0
    for _ in range(repeat):
        start = time.perf_counter()
        quads = len(mapper.map(record).triples)
        best = min(best, time.perf_counter() - start)
    return quads, best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    mapper = default_mapper(project_paths())
    rows = []
    for path, study in records_with_results():
        without = {key: value for key, value in study.items() if key != "resultsSection"}
        rows.append(
            (path.stem, *measure(mapper, path, study, args.repeat), *measure(mapper, path, without, args.repeat))
        )
    print(f"{len(rows)} records with results, best of {args.repeat} mappings each")
    print(f"{'study':<12} {'quads':>8} {'without':>8} {'ratio':>6} {'ms':>8} {'without':>8} {'ratio':>6}")
    for nct, quads, ms, quads_without, ms_without in sorted(rows, key=lambda r: -r[1]):
        print(
            f"{nct:<12} {quads:>8,} {quads_without:>8,} {quads / quads_without:>6.1f}"
            f" {ms:>8.1f} {ms_without:>8.1f} {ms / ms_without:>6.1f}"
        )
    for name, pick in (("total", sum), ("mean", statistics.mean), ("median", statistics.median)):
        quads, quads_without = pick(r[1] for r in rows), pick(r[3] for r in rows)
        ms, ms_without = pick(r[2] for r in rows), pick(r[4] for r in rows)
        print(
            f"{name:<12} {quads:>8,.0f} {quads_without:>8,.0f} {quads / quads_without:>6.1f}"
            f" {ms:>8.1f} {ms_without:>8.1f} {ms / ms_without:>6.1f}"
        )
    per_quad = sum(r[2] - r[4] for r in rows) / sum(r[1] - r[3] for r in rows) * 1000
    print(f"results cost {per_quad:.1f} us of mapping per quad")


if __name__ == "__main__":
    main()
