"""Validation time per study: the store engine (validate --oxigraph) against pySHACL on one rdflib graph.

    python benchmarks/validation.py [--sizes 500 2000] [--pyshacl-sizes 50 100] [--jobs N] [--seed S]

Imports the shared ClinicalTrials.gov records (../shared/ctgov, ../shared/ctgov-more), clones them
under new NCT IDs (seeded) to each size, and times in one run, side by side:
- the store engine on an on-disk store with one named graph per study, at two sizes;
- today's `trialgraph validate DIR` (pySHACL on one rdflib graph) at sizes where it still finishes;
then extrapolates each to the 577,000 studies of the registry.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.synthetic, run as a script

from benchmarks.synthetic import clone_studies, load_store
from trialgraph.checks.store_validation import validate_store
from trialgraph.checks.validation import validate
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.importer import import_ctgov

REGISTRY_STUDIES = 577_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[500, 2000])
    parser.add_argument("--pyshacl-sizes", type=int, nargs="*", default=[50, 100])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    project = project_paths()
    records = [d for d in (project.root.parent / "shared" / n for n in ("ctgov", "ctgov-more")) if d.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        imported = Path(tmp) / "imported"
        import_ctgov(records, imported, project)
        print(f"{len(list(imported.glob('NCT*.ttl')))} shared records imported; clones of them, seed {args.seed}")
        rows = []
        for size in args.sizes:
            studies = clone_studies(imported, Path(tmp) / f"clones-{size}", size, args.seed)
            store = Path(tmp) / f"store-{size}"
            start = time.perf_counter()
            load_store(store, studies)
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            results, _ = validate_store(store, project, jobs=args.jobs)
            count = sum(1 for _ in results)
            seconds = time.perf_counter() - start
            triples = _triples(store)
            rows.append((f"store engine, {args.jobs} jobs", size, triples, seconds, count))
            print(f"  ({size} studies: {triples} quads bulk-loaded in {loaded:.1f} s, not counted below)")
        for size in args.pyshacl_sizes:
            studies = clone_studies(imported, Path(tmp) / f"pyshacl-{size}", size, args.seed)
            start = time.perf_counter()
            report = validate([studies[0].parent], project)
            seconds = time.perf_counter() - start
            rows.append(("pySHACL, one rdflib graph", size, None, seconds, len(report.results)))
    print()
    print(f"{'engine':28}{'studies':>9}{'results':>9}{'total s':>10}{'ms/study':>10}{'registry (577k)':>18}")
    for engine, size, _, seconds, count in rows:
        per_study = seconds / size
        print(
            f"{engine:28}{size:9d}{count:9d}{seconds:10.1f}{per_study * 1000:10.1f}"
            f"{_duration(per_study * REGISTRY_STUDIES):>18}"
        )
    store_rows = [r for r in rows if r[2] is not None]
    (_, small, small_quads, small_s, _), (_, large, large_quads, large_s, _) = store_rows
    slope = (large_s - small_s) / (large - small)  # seconds per added study: the start-up cancels out
    per_quad = (large_s - small_s) / (large_quads - small_quads)
    print()
    print(
        f"store engine: {large / small:.1f}x the studies took {large_s / small_s:.2f}x the time; each added study "
        f"{slope * 1000:.1f} ms, start-up {small_s - slope * small:.1f} s (workers, shapes, context)"
    )
    print(
        f"store engine, registry: {REGISTRY_STUDIES} studies at {slope * 1000:.1f} ms = "
        f"{_duration(slope * REGISTRY_STUDIES)} ({per_quad * 1e6:.1f} us per bulk-loaded quad, "
        f"{large_quads / large:.0f} a study with the shared descriptions each repeats; the clones' study graphs "
        f"are as large as the real records', about 630 quads, so the time per study is the guide)"
    )
    pyshacl = [r for r in rows if r[2] is None]
    if len(pyshacl) >= 2:
        (_, a, _, a_s, _), (_, b, _, b_s, _) = pyshacl[0], pyshacl[-1]
        print(f"pySHACL: {b / a:.1f}x the studies took {b_s / a_s:.2f}x the time")
        print(
            f"per study: pySHACL {b_s / b * 1000:.0f} ms at {b} studies, store engine {slope * 1000:.1f} ms "
            f"per added study ({b_s / b / slope:.0f}x)"
        )


def _triples(store: Path) -> int:
    import pyoxigraph as ox

    return len(ox.Store.read_only(str(store)))


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


if __name__ == "__main__":
    main()
