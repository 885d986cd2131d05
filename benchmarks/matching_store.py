"""`match --oxigraph` at scale: time per study and peak memory at two sizes, side by side.

    python benchmarks/matching_store.py [--studies 2000 8000] [--jobs 1 2] [--seed S] [--against REF] [--repeat R]
    python benchmarks/matching_store.py --import-ab 300

For each size N it makes N synthetic studies as benchmarks/registry.py does (seeded clones of the
real records in ../shared/ctgov and ../shared/ctgov-more), imports them with `import ctgov
--oxigraph` (so the store has its shared graph, as the registry's would), builds the curated trials
beside them, and then, each run in a fresh process so that its peak memory is its own, matches
examples/patient.json against every trial of the store with each --jobs value, and once more with
only the recruiting studies (`--status recruiting`, picked by a query on the store), and once with
only the trials studying a neoplasm (`--condition mesh:D009369`, asked of each study's graph). Each run
writes every match as the command's table does (`matching.printed.TableText`, in the workers; the text
thrown away). The table puts
sizes and job counts side by side: total time, time per study, the cost of each added study (the
start-up cancels out), peak RSS of the main process and of its largest worker, and the
extrapolation to 100,000 studies (the issue's mark: 10 s) and to the whole registry (577,000). The
command itself (`trialgraph match ... --oxigraph STORE`, table and JSON, output to /dev/null) is timed
too, start and imports included: printing every reason of 100,000 trials is part of the answer. With
`--against REF` (a git commit or branch, e.g. the one before set-at-a-time matching), each store is also
matched, with the most jobs, by the code and data of REF (`git archive`d into a temporary folder, run with
PYTHONPATH and TRIALGRAPH_HOME there), and REF's command timed too, its runs taking turns with this
checkout's, so that the old path and the new one are measured in one run. This machine's speed drifts with
its neighbours (by half, in a day): a reference loop is timed before and after, to compare runs.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.registry, run as a script

from benchmarks.registry import REGISTRY, real_records, synthetic, write_ndjson
from trialgraph.graph.assemble import build_store
from trialgraph.matching.eligibility import TGV
from trialgraph.matching.patient import load_patient
from trialgraph.matching.store_matching import StoreMatching

try:
    from trialgraph.matching.printed import TableText
except ImportError:  # a commit before it, run with --against
    TableText = None
from trialgraph.matching.studied import condition_iris
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.registry import import_to_store


def make_store(count: int, seed: int, folder: Path) -> Path:
    project = project_paths()
    records = folder / "studies.jsonl"
    write_ndjson(synthetic(real_records(), count, seed), records)
    store = folder / "store"
    summary = import_to_store([records], store, project)
    assert summary.added == count, summary.lines()
    build_store(project, store)
    return store


CONDITION = "mesh:D009369"  # Neoplasms: the registry lists it among most cancer studies' MeSH ancestors


def measure(store: Path, jobs: int, status: str | None, condition: str | None = None) -> dict:
    """One run, in this process (which holds nothing else): the figures as a dict."""
    project = project_paths()
    patient = load_patient(project.root / "examples" / "patient.json")
    statuses = [TGV[f"status-{status}"]] if status else []
    conditions = condition_iris([condition]) if condition else []
    gc.freeze()  # as `match --oxigraph` does once the context is read
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    counts: dict[str, int] = {}
    reasons = 0
    matching = StoreMatching(patient, store, project, jobs)
    chars = 0
    if TableText is not None:  # each match's text made as the command's table makes it: in the workers
        for shown in matching.results(statuses, conditions, TableText(matching.context.namespaces)):
            counts[shown.status] = counts.get(shown.status, 0) + 1
            chars += len(shown.text)
    else:  # code before it (--against): every reason read, as printing them did
        for result in matching.results(statuses, conditions):
            counts[result.status] = counts.get(result.status, 0) + 1
            reasons += len(result.reasons) + len(result.not_assessed)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "seconds": seconds,
        "cpu_main_s": own.ru_utime + own.ru_stime - cpu_before,
        "trials": sum(counts.values()),
        "counts": counts,
        "reasons": reasons,
        "table_chars": chars,
        "rss_main_mb": _peak_rss_kb("self") / 1024,
    }


def _peak_rss_kb(pid: str) -> int:
    """VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith("VmHWM:")), 0)


class _WorkerPeaks(threading.Thread):
    """Samples the peak RSS and CPU of every process below `root` (the forkserver and its workers, which are not
    root's children, so RUSAGE_CHILDREN never sees them), from this process: a thread in the measured one
    would share its GIL and slow it (by 0.3-0.5 s a run, measured)."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, int] = {}
        self.cpu: dict[int, float] = {}  # each one's CPU seconds, as last seen (up to 0.2 s short)
        self.stop = False

    def run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        turn, pids = 0, []
        while not self.stop:
            if turn % 5 == 0 or len(pids) < 2:  # every process's stat read once a second once the workers are found
                pids = _descendants(self.root)
            turn += 1
            for pid in pids:
                self.peaks[pid] = max(self.peaks.get(pid, 0), _peak_rss_kb(str(pid)))
                try:
                    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                self.cpu[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            time.sleep(0.2)


def _descendants(root: int) -> list[int]:
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, todo = [], [root]
    while todo:
        parent = todo.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        found += children
        todo += children
    return found


def interleaved(repeat: int, runs: dict[str, Callable[[], dict]]) -> dict[str, dict]:
    """Each of `runs`' figures of median time over `repeat` rounds, one run of each in turn per round: on a
    machine whose speed drifts (its neighbours), the runs compared see the same drift."""
    rounds = [{label: run() for label, run in runs.items()} for _ in range(max(1, repeat))]
    return {label: sorted((r[label] for r in rounds), key=lambda f: f["seconds"])[len(rounds) // 2] for label in runs}


def reference_loop() -> float:
    """Seconds of a fixed pure-Python loop: how fast this machine runs Python now (its speed drifts by half
    with its neighbours), printed so that runs on other days can be compared."""
    start, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i * i
    return time.perf_counter() - start


def median(repeat: int, run: Callable[..., dict], *args, **kwargs) -> dict:
    """`run`'s figures of median time over `repeat` runs: the machine's page cache and neighbours move a run by
    a few tenths of a second."""
    return interleaved(repeat, {"": functools.partial(run, *args, **kwargs)})[""]


def _run(store: Path, jobs: int, status: str | None, condition: str | None = None, home: Path | None = None) -> dict:
    """One run in a fresh process: of this checkout, or of the tree at `home` (another commit's code and data)."""
    command = [sys.executable, __file__, "--one", str(store), str(jobs), status or "", condition or ""]
    env = None
    if home is not None:
        env = {**os.environ, "PYTHONPATH": str(home / "src"), "TRIALGRAPH_HOME": str(home)}
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    workers = _WorkerPeaks(run.pid)
    workers.start()
    out, err = run.communicate()
    workers.stop = True
    workers.join()
    if run.returncode != 0:
        sys.exit(f"match on {store} failed:\n{err[-3000:]}")
    figures = json.loads(out.strip().splitlines()[-1])
    figures["cpu_s"] = figures["cpu_main_s"] + sum(workers.cpu.values())
    figures["rss_worker_mb"] = max(workers.peaks.values(), default=0) / 1024
    return figures


def _command(store: Path, jobs: int, fmt: str, home: Path | None = None) -> dict:
    """The command itself, `trialgraph match examples/patient.json --oxigraph STORE`, its output (table or
    JSON) thrown away: what a user waits for, the start of Python and the imports included. With `home`, the
    command of the tree there (another commit's code and data)."""
    patient = project_paths().root / "examples" / "patient.json"
    command = [sys.executable, "-c", "from trialgraph.cli import app; app()", "match", str(patient)]
    command += ["--oxigraph", str(store), "--jobs", str(jobs), "--format", fmt]
    env = None
    if home is not None:
        env = {**os.environ, "PYTHONPATH": str(home / "src"), "TRIALGRAPH_HOME": str(home)}
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        run = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, text=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"trialgraph match on {store} failed:\n{run.stderr[-3000:]}")
    return {"seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--studies", type=int, nargs=2, default=[2000, 8000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, os.cpu_count() or 1])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--against", help="also match each store with this git commit's code and data")
    parser.add_argument("--keep", type=Path, help="keep the stores in this folder, and reuse those made before")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each kind; the one of median time is shown")
    parser.add_argument(
        "--import-ab", type=int, metavar="N", help="only time importing N studies with and without digests"
    )
    parser.add_argument("--one", nargs=4, help=argparse.SUPPRESS)  # store, jobs, status, condition: by the parent
    args = parser.parse_args()
    if args.import_ab:
        import_ab(args.import_ab, args.seed)
        return
    if args.one is not None:
        print(json.dumps(measure(Path(args.one[0]), int(args.one[1]), args.one[2] or None, args.one[3] or None)))
        return
    columns = []  # (label, size, jobs, kind, figures)
    digests = []  # what the match digests cost the store, per size
    commands = []  # (size, {label: seconds}) of the command itself, per format (and of --against's)
    speed = [reference_loop()]
    with tempfile.TemporaryDirectory() as old:
        home = _checkout(args.against, Path(old)) if args.against else None
        for size in args.studies:
            with tempfile.TemporaryDirectory() as folder:
                store = _store(size, args.seed, Path(folder), args.keep)
                jobs = max(args.jobs)
                if home is not None:
                    columns.append(
                        (
                            f"{size} / {jobs} {args.against}",
                            size,
                            jobs,
                            "old",
                            median(args.repeat, _run, store, jobs, None, home=home),
                        )
                    )
                for jobs in args.jobs:
                    columns.append(
                        (f"{size} / {jobs} job(s)", size, jobs, None, median(args.repeat, _run, store, jobs, None))
                    )
                recruiting = median(args.repeat, _run, store, jobs, "recruiting")
                columns.append((f"{size} / {jobs} recruiting", size, jobs, "recruiting", recruiting))
                neoplasms = median(args.repeat, _run, store, jobs, None, CONDITION)
                columns.append((f"{size} / {jobs} neoplasms", size, jobs, "condition", neoplasms))
                runs = {}
                for fmt in ("table", "json"):
                    runs[fmt] = functools.partial(_command, store, jobs, fmt)
                    if home is not None:
                        runs[f"{fmt} {args.against}"] = functools.partial(_command, store, jobs, fmt, home)
                timed = interleaved(args.repeat, runs)
                commands.append((size, {label: figures["seconds"] for label, figures in timed.items()}))
                digests.append(digest_line(store, size))
            print(f"{size} studies measured", file=sys.stderr)
    speed.append(reference_loop())
    print(f"match --oxigraph on {os.cpu_count()} cores, examples/patient.json, seed {args.seed}, one run per process")
    print(f"this machine's speed: a reference loop (10M additions) took {speed[0]:.2f} s before, {speed[1]:.2f} after")
    print(table(columns))
    print()
    print("\n".join(digests))
    if home is not None:
        print(slope_line([c for c in columns if c[3] == "old"], f"{args.against} ({max(args.jobs)} job(s))"))
    for jobs in args.jobs:
        print(slope_line([c for c in columns if c[2] == jobs and c[3] is None], f"{jobs} job(s)"))
    recruiting = [c for c in columns if c[3] == "recruiting"]
    print(slope_line(recruiting, f"{recruiting[0][2]} job(s), --status recruiting"))
    on_condition = [c for c in columns if c[3] == "condition"]
    print(slope_line(on_condition, f"{on_condition[0][2]} job(s), --condition {CONDITION}"))
    print(command_line(commands, max(args.jobs)))


def import_ab(count: int, seed: int) -> None:
    """The cost of the match digests at import: the same studies into fresh stores with and without them
    (the digest left out by replacing the function that makes it), in turn, twice."""
    from trialgraph.sources.ctgov import registry

    project = project_paths()
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "studies.jsonl"
        write_ndjson(synthetic(real_records(), count, seed), records)
        with_digests = registry.study_digest
        for run in range(2):
            for label, digest in (("with digests", with_digests), ("without", lambda *_: None)):
                registry.study_digest = digest
                cpu = _cpu_self_and_children()
                start = time.perf_counter()
                summary = registry.import_to_store([records], Path(folder) / f"{run}-{label}", project, jobs=2)
                seconds, cpu = time.perf_counter() - start, _cpu_self_and_children() - cpu
                print(
                    f"import {count} studies {label}: {seconds:.1f} s, {cpu:.1f} s CPU "
                    f"({cpu / count * 1000:.1f} ms a study), {summary.quads:,} quads"
                )
        registry.study_digest = with_digests


def _cpu_self_and_children() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def digest_line(store: Path, size: int) -> str:
    """The match digests' share of the store: one quad per study, its literal's bytes."""
    from trialgraph.sources.ctgov.match_digest import MATCH_INDEX  # here: a run --against REF imports this file

    opened = ox.Store.read_only(str(store))
    sizes = [
        len(q.object.value.encode()) for q in opened.quads_for_pattern(None, None, None, ox.NamedNode(MATCH_INDEX))
    ]
    every = len(opened)  # counted in Rust: a Python loop over 40M quads took minutes
    return (
        f"{size} studies: {len(sizes)} match digests, {sum(sizes) / max(len(sizes), 1) / 1024:.1f} KB each "
        f"({sum(sizes) / 2**20:.1f} MB in all), {len(sizes) / every:.2%} of the store's {every:,} quads"
    )


def _store(size: int, seed: int, folder: Path, keep: Path | None) -> Path:
    """A store of `size` synthetic studies: made in `folder`, or once in `keep` and reused from there."""
    if keep is None:
        return make_store(size, seed, folder)
    kept = keep / f"s{size}-seed{seed}"
    if not (kept / "store").is_dir():
        kept.mkdir(parents=True, exist_ok=True)
        make_store(size, seed, kept)
    return kept / "store"


def _checkout(ref: str, folder: Path) -> Path:
    """The tree of git commit `ref` (code and data), unpacked into `folder`."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "-C", str(root), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def table(columns: list[tuple]) -> str:
    rows = [
        ("trials matched", lambda c: f"{c[4]['trials']:,}"),
        ("eligible / ineligible / undet.", lambda c: "/".join(str(c[4]["counts"].get(k, 0)) for k in _STATUSES)),
        ("reasons read (older code)", lambda c: f"{c[4].get('reasons', 0):,}"),
        ("table written, MB", lambda c: f"{c[4].get('table_chars', 0) / 1e6:,.1f}"),
        ("total s", lambda c: f"{c[4]['seconds']:.1f}"),
        ("ms per study in the store", lambda c: f"{c[4]['seconds'] / c[1] * 1000:.2f}"),
        ("CPU s (main and workers)", lambda c: f"{c[4]['cpu_s']:.1f}"),
        ("CPU ms per study", lambda c: f"{c[4]['cpu_s'] / c[1] * 1000:.2f}"),
        ("of which the main process's", lambda c: f"{c[4].get('cpu_main_s', 0) / c[1] * 1000:.2f}"),
        ("peak RSS main MB", lambda c: f"{c[4]['rss_main_mb']:,.0f}"),
        ("peak RSS worker MB", lambda c: f"{c[4]['rss_worker_mb']:,.0f}"),
        ("100k: s (this rate)", lambda c: f"{c[4]['seconds'] * HUNDRED_K / c[1]:.0f}"),
        ("577k: min (this rate)", lambda c: f"{c[4]['seconds'] * REGISTRY / c[1] / 60:.1f}"),
    ]
    lines = [f"{'studies / jobs':32}" + "".join(f"{c[0]:>20}" for c in columns)]
    lines += [f"{label:32}" + "".join(f"{cell(c):>20}" for c in columns) for label, cell in rows]
    return "\n".join(lines)


_STATUSES = ("eligible", "ineligible", "undetermined")
HUNDRED_K = 100_000  # the mark: 10 s or less


def command_line(commands: list[tuple[int, dict[str, float]]], jobs: int) -> str:
    """The command's own time at each size, per format, and the line through the two sizes at 100,000."""
    (small, a), (large, b) = commands[0], commands[-1]
    parts = []
    for label in a:
        slope = (b[label] - a[label]) / (large - small)
        startup = a[label] - slope * small
        parts.append(
            f"--format {label} {a[label]:.1f} s and {b[label]:.1f} s, each added study {slope * 1000:.2f} ms, "
            f"start-up {startup:.1f} s, 100k studies: {startup + slope * HUNDRED_K:.0f} s"
        )
    return f"the command itself (--jobs {jobs}, output to /dev/null): " + "; ".join(parts)


def slope_line(columns: list[tuple], label: str) -> str:
    """The cost of each added study between the two sizes (the start-up cancels out), extrapolated."""
    (_, small, _, _, a), (_, large, _, _, b) = columns[0], columns[-1]
    slope = (b["seconds"] - a["seconds"]) / (large - small)
    startup = a["seconds"] - slope * small
    cpu = (b["cpu_s"] - a["cpu_s"]) / (large - small)
    return (
        f"{label}: {large / small:.0f}x the studies took {b['seconds'] / a['seconds']:.2f}x the time and "
        f"{b['cpu_s'] / a['cpu_s']:.2f}x the CPU; each added study {slope * 1000:.2f} ms ({cpu * 1000:.2f} ms CPU), "
        f"start-up {startup:.1f} s; 100k studies: {startup + slope * HUNDRED_K:.0f} s; "
        f"577k studies: {(startup + slope * REGISTRY) / 60:.0f} min "
        f"(CPU {cpu * REGISTRY / 60:.0f} min); peak RSS main {a['rss_main_mb']:.0f} -> {b['rss_main_mb']:.0f} MB, "
        f"worker {a['rss_worker_mb']:.0f} -> {b['rss_worker_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
