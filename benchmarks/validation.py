"""Validation time per study: the store engine (validate --oxigraph) against pySHACL on one rdflib graph.

    python benchmarks/validation.py [--sizes 500 2000] [--pyshacl-sizes 50 100] [--jobs N] [--seed S]
        [--before REF]

Imports the shared ClinicalTrials.gov records (../shared/ctgov, ../shared/ctgov-more), clones them
under new NCT IDs (seeded) to each size, and times in one run, side by side:
- the store engine on an on-disk store with one named graph per study, at two sizes; with
  `--before REF`, the store engine of that git commit too, on the same stores, run alternately
  (A/B: the load of a shared machine falls on both);
- what any engine that reads each study into Python pays first: every study graph's quads read
  into Python objects, in one process (the floor of a per-study engine);
- today's `trialgraph validate DIR` (pySHACL on one rdflib graph) at sizes where it still finishes;
- the simple constraints of shapes.ttl compiled to SPARQL and run set at a time by Oxigraph over
  batches of study graphs (benchmarks/set_checks.py, at several batch sizes on the smaller store),
  against the engine's Python checks of the same constraints, with the same violations both ways;
then extrapolates each to the 577,000 studies of the registry. Wall and CPU time: the machine may
be shared.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.synthetic, run as a script

from benchmarks.set_checks import measure
from benchmarks.set_checks import rows as set_rows
from benchmarks.synthetic import clone_studies, load_store
from trialgraph.checks.validation import validate
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.importer import import_ctgov

REGISTRY_STUDIES = 577_000
ROOT = Path(__file__).resolve().parent.parent
# one timed run of a checkout's store engine, in a fresh process: prints wall seconds, the number of
# results and the CPU seconds of the process and its workers (children of the forkserver, which is
# stopped and waited for so that their time is counted)
RUN = """
import resource, sys, time
from multiprocessing import forkserver
from pathlib import Path
from trialgraph.checks.store_validation import validate_store
from trialgraph.paths import project_paths
start = time.perf_counter()
results, _ = validate_store(Path(sys.argv[1]), project_paths(), jobs=int(sys.argv[2]))
count = sum(1 for _ in results)
seconds = time.perf_counter() - start
forkserver._forkserver._stop()
cpu = sum(u.ru_utime + u.ru_stime for u in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
print(seconds, count, cpu)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[500, 2000])
    parser.add_argument("--pyshacl-sizes", type=int, nargs="*", default=[50, 100])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--before", metavar="REF", help="also time the store engine of this git commit (A/B)")
    parser.add_argument("--batches", type=int, nargs="+", default=[16, 64, 256], help="set-at-a-time batch sizes")
    args = parser.parse_args()
    project = project_paths()
    records = [d for d in (project.root.parent / "shared" / n for n in ("ctgov", "ctgov-more")) if d.is_dir()]
    with tempfile.TemporaryDirectory() as tmp:
        imported = Path(tmp) / "imported"
        import_ctgov(records, imported, project)
        print(f"{len(list(imported.glob('NCT*.ttl')))} shared records imported; clones of them, seed {args.seed}")
        engines = [("store engine", ROOT / "src")]
        if args.before:
            engines.insert(0, (f"store engine @{args.before}", _checkout(args.before, Path(tmp) / "before")))
        rows: list[tuple] = []
        sets = []
        for size in args.sizes:
            studies = clone_studies(imported, Path(tmp) / f"clones-{size}", size, args.seed)
            store = Path(tmp) / f"store-{size}"
            start = time.perf_counter()
            load_store(store, studies)
            loaded = time.perf_counter() - start
            triples = _triples(store)
            for name, src in engines:
                seconds, count, cpu = _timed_run(src, store, args.jobs)
                rows.append((f"{name}, {args.jobs} jobs", size, triples, seconds, count, cpu))
            wall, cpu = _read_only(store)
            rows.append(("read quads only, 1 process", size, None, wall, 0, cpu))
            sets.append(measure(store, project, args.batches if size == args.sizes[0] else [64]))
            print(f"  ({size} studies: {triples} quads bulk-loaded in {loaded:.1f} s, not counted below)")
        for size in args.pyshacl_sizes:
            studies = clone_studies(imported, Path(tmp) / f"pyshacl-{size}", size, args.seed)
            start, cpu_start = time.perf_counter(), time.process_time()
            report = validate([studies[0].parent], project)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            rows.append(("pySHACL, one rdflib graph", size, None, seconds, len(report.results), cpu))
    print()
    print(
        f"{'engine':34}{'studies':>9}{'results':>9}{'total s':>10}{'CPU s':>9}{'ms/study':>10}{'CPU ms':>8}"
        f"{'registry (577k)':>18}"
    )
    for engine, size, _, seconds, count, cpu in rows:
        per_study = seconds / size
        print(
            f"{engine:34}{size:9d}{count:9d}{seconds:10.1f}{cpu:9.1f}{per_study * 1000:10.1f}{cpu / size * 1000:8.1f}"
            f"{_duration(per_study * REGISTRY_STUDIES):>18}"
        )
    _set_at_a_time(sets)
    for name, _ in engines:
        _growth(name, [r for r in rows if r[0].startswith(name + ",")])
    if args.before:
        old, new = ([r for r in rows if r[0].startswith(name + ",")] for name, _ in engines)
        ratios = [f"{o[1]} studies {o[3] / n[3]:.2f}x faster" for o, n in zip(old, new, strict=True)]
        print(f"A/B, the same stores: {', '.join(ratios)} than @{args.before}")
    pyshacl = [r for r in rows if r[0].startswith("pySHACL")]
    if len(pyshacl) >= 2:
        (_, a, _, a_s, _), (_, b, _, b_s, _) = pyshacl[0], pyshacl[-1]
        print(f"pySHACL: {b / a:.1f}x the studies took {b_s / a_s:.2f}x the time, {b_s / b * 1000:.0f} ms per study")


def _set_at_a_time(sets: list) -> None:
    """The simple constraints compiled to SPARQL (benchmarks/set_checks.py), against the engine's own
    checks of the same constraints and against reading the studies, one process, CPU time."""
    print()
    print(f"{'set at a time (1 process)':50}{'studies':>9}{'wall s':>9}{'CPU s':>9}{'CPU ms/study':>14}")
    for m in sets:
        for what, wall, cpu in set_rows(m):
            print(f"{what:50}{m.studies:9d}{wall:9.2f}{cpu:9.2f}{cpu / m.studies * 1000:14.2f}")
        print(f"  {m.compiled} constraints compiled; the same {m.violations} violations both ways: {m.same}")


def _growth(name: str, rows: list[tuple]) -> None:
    """Time per added study (the start-up cancels out), and the registry at that rate."""
    (_, small, small_quads, small_s, _, _), (_, large, large_quads, large_s, _, _) = rows
    slope = (large_s - small_s) / (large - small)
    per_quad = (large_s - small_s) / (large_quads - small_quads)
    print(
        f"{name}: {large / small:.1f}x the studies took {large_s / small_s:.2f}x the time; each added study "
        f"{slope * 1000:.1f} ms, start-up {small_s - slope * small:.1f} s; {REGISTRY_STUDIES} studies: "
        f"{_duration(slope * REGISTRY_STUDIES)} ({per_quad * 1e6:.1f} us per quad, {large_quads / large:.0f} a study)"
    )


def _checkout(ref: str, out: Path) -> Path:
    """The src/ folder of a git commit, unpacked (the data, shapes and queries stay this checkout's)."""
    out.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "src"], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(out)], input=archive.stdout, check=True)
    return out / "src"


def _timed_run(src: Path, store: Path, jobs: int) -> tuple[float, int, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "TRIALGRAPH_HOME": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", RUN, str(store), str(jobs)], env=env, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(run.stderr)
    seconds, count, cpu = run.stdout.split()
    return float(seconds), int(count), float(cpu)


def _read_only(store: Path) -> tuple[float, float]:
    """Every study graph's quads into Python terms, as a per-study engine must read them first."""
    import pyoxigraph as ox

    from trialgraph.sources.ctgov.store_studies import study_graphs

    opened = ox.Store.read_only(str(store))
    start, cpu = time.perf_counter(), time.process_time()
    for graph in study_graphs(opened):
        [(q.subject, q.predicate, q.object) for q in opened.quads_for_pattern(None, None, None, graph)]
    return time.perf_counter() - start, time.process_time() - cpu


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
