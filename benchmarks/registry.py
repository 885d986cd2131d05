"""The registry at scale: import into a store, against the store's own bulk load; re-import; export.

    python benchmarks/registry.py [--studies 2000 10000 ...] [--jobs N] [--seed S]

For each size N it makes N synthetic studies by cloning the real records in ../shared/ctgov and
../shared/ctgov-more (seeded: new NCT IDs, perturbed titles, resampled sites), writes them as one
NDJSON file, and then, each size in a fresh process so that peak memory is its own, measures:
`import ctgov --oxigraph` (studies/s, quads/s), the export of the store to N-Quads (quads/s), the
bulk load of that N-Quads file into an empty store (the limit an import can approach), a re-import
of the unchanged input, the peak RSS of the importing process and of its largest worker, and, with
the curated trials built into the store's default graph, the p50 and p95 time of every library
question on the store (each run --repeat times). The
table puts the sizes side by side, with each time extrapolated to the whole registry (577,000 studies).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from trialgraph.graph.assemble import build_store, namespaces
from trialgraph.graph.store import export
from trialgraph.paths import project_paths
from trialgraph.questions.backends import OxigraphBackend
from trialgraph.questions.library import checked_query, parse_params, query_library, run_query
from trialgraph.sources.ctgov.registry import import_to_store

REGISTRY = 577_000
TARGET_P95 = 10.0  # seconds, the target for every question at the registry's size
# every question that takes a parameter, with a value the curated trials hold: each is timed
# open and, as "NAME [bound]", bound
PARAMS = {
    "atc-groups-combined-in-an-arm": ["first=atc:L01EF", "second=atc:L02BG"],
    "curated-vs-registry": ["nct_id=NCT04426201"],
    "drug-classes-in-trials": ["class=drugclass:aromatase-inhibitor"],
    "drug-doses-and-routes": ["drug=intervention:cyt107"],
    "lab-thresholds": ["test=measure:platelet-count"],
    "lab-value-against-thresholds": ["test=measure:hemoglobin", "value=95"],
    "strictest-lab-thresholds": ["test=measure:platelet-count"],
    "trials-by-atc-group": ["group=atc:L02BG"],
    "trials-excluding-condition": ["condition=condition:hiv-infection"],
    "trials-on-disease": ["disease=MONDO:0007254"],
    "trials-per-condition": ["condition=condition:metastatic-breast-cancer"],
    "trials-per-country": ["country=place:FR"],
    # the results questions, bound to what the clones of PALLAS (NCT02513394) hold
    "adverse-events-per-arm": ["drug=mesh:C500026", "term=Neutropenia"],
    "outcome-measure-results": ["measure=Invasive Disease Free Survival (iDFS)"],
}
SHARED = project_paths().root.parent / "shared"


def real_records() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for folder in ("ctgov", "ctgov-more")
        for path in sorted((SHARED / folder).glob("*.json"))
    ]


def synthetic(records: list[dict], count: int, seed: int) -> list[dict]:
    """`count` clones of real records: new NCT IDs, perturbed titles, sites drawn from all records'."""
    rng = random.Random(seed)
    sites = [s for r in records for s in r["protocolSection"].get("contactsLocationsModule", {}).get("locations", [])]
    studies = []
    for number in range(count):
        study = copy.deepcopy(rng.choice(records))
        protocol = study["protocolSection"]
        protocol["identificationModule"]["nctId"] = f"NCT9{number:07d}"
        title = protocol["identificationModule"].get("briefTitle", "A study")
        protocol["identificationModule"]["briefTitle"] = f"{title} (clone {rng.randrange(10**6)})"
        module = protocol.get("contactsLocationsModule")
        if module and module.get("locations") and sites:
            module["locations"] = rng.sample(sites, min(len(sites), len(module["locations"])))
        studies.append(study)
    return studies


def write_ndjson(studies: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for study in studies:
            out.write(json.dumps(study, ensure_ascii=False) + "\n")


def question_times(store: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """Each library question's p50 and p95 wall time on the store, in seconds."""
    project = project_paths()
    backend = OxigraphBackend.open_read_only(store)
    prefixes = namespaces(project)
    times = {}
    for name, query in query_library(project.queries_dir).items():
        read = checked_query(query)
        for label, params in [(name, [])] + ([(f"{name} [bound]", PARAMS[name])] if name in PARAMS else []):
            bindings = parse_params(params, query, prefixes)
            runs = []
            for _ in range(repeat):
                start = time.perf_counter()
                run_query(query, backend, bindings, read=read)
                runs.append(time.perf_counter() - start)
            runs.sort()
            times[label] = (runs[len(runs) // 2], runs[min(len(runs) - 1, round(0.95 * (len(runs) - 1)))])
    return times


def measure(records: Path, count: int, jobs: int | None, folder: Path, repeat: int = 5) -> dict:
    """One size, in this process (which holds nothing else): the figures as a dict."""
    project = project_paths()
    store = folder / "store"
    start, cpu = time.perf_counter(), _cpu()
    first = import_to_store([records], store, project, jobs=jobs)
    imported = time.perf_counter() - start
    cpu_main, cpu_workers = (after - before for after, before in zip(_cpu(), cpu, strict=True))
    assert first.added == count, first.lines()
    rss_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the bulk load below
    start = time.perf_counter()
    again = import_to_store([records], store, project, jobs=jobs)
    reimported = time.perf_counter() - start
    assert again.unchanged == count, again.lines()
    dump = folder / "all.nq"
    start = time.perf_counter()
    quads = export(store, dump)
    exported = time.perf_counter() - start
    start = time.perf_counter()
    ox.Store(str(folder / "bulk")).bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    bulk = time.perf_counter() - start
    build_store(project, store)  # the curated trials and the ontology, beside the studies' graphs
    questions = question_times(store, repeat)
    return {
        "questions": questions,
        "studies": count,
        "quads": quads,
        "quads_sent": first.quads,
        "import_s": imported,
        "import_cpu_main_s": cpu_main,
        "import_cpu_workers_s": cpu_workers,
        "bulk_s": bulk,
        "reimport_s": reimported,
        "export_s": exported,
        "rss_main_mb": rss_main,
        "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its ended children (the import's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def table(results: list[dict]) -> str:
    rows = [
        ("studies", lambda r: f"{r['studies']:,}"),
        ("quads", lambda r: f"{r['quads']:,}"),
        ("import s", lambda r: f"{r['import_s']:.1f}"),
        ("import studies/s", lambda r: f"{r['studies'] / r['import_s']:,.0f}"),
        ("import quads/s", lambda r: f"{r['quads'] / r['import_s']:,.0f}"),
        ("quads sent to the loader", lambda r: f"{r['quads_sent']:,}"),
        ("sent / stored", lambda r: f"{r['quads_sent'] / r['quads']:.2f}"),
        ("import CPU s: main", lambda r: f"{r['import_cpu_main_s']:.1f}"),
        ("import CPU s: workers", lambda r: f"{r['import_cpu_workers_s']:.1f}"),
        ("bulk load quads/s (limit)", lambda r: f"{r['quads'] / r['bulk_s']:,.0f}"),
        ("import / bulk load time", lambda r: f"{r['import_s'] / r['bulk_s']:.1f}x"),
        ("re-import unchanged s", lambda r: f"{r['reimport_s']:.1f}"),
        ("re-import / import time", lambda r: f"{r['reimport_s'] / r['import_s']:.2f}"),
        ("export quads/s (.nq)", lambda r: f"{r['quads'] / r['export_s']:,.0f}"),
        ("peak RSS main MB", lambda r: f"{r['rss_main_mb']:,.0f}"),
        ("peak RSS worker MB", lambda r: f"{r['rss_worker_mb']:,.0f}"),
        ("577k: import min", lambda r: f"{r['import_s'] * REGISTRY / r['studies'] / 60:.1f}"),
        ("577k: re-import min", lambda r: f"{r['reimport_s'] * REGISTRY / r['studies'] / 60:.1f}"),
        ("577k: export min", lambda r: f"{r['export_s'] * REGISTRY / r['studies'] / 60:.1f}"),
    ]
    rows += [
        ("questions: worst p50 s", lambda r: f"{max(p50 for p50, _ in r['questions'].values()):.3f}"),
        ("questions: worst p95 s", lambda r: f"{max(p95 for _, p95 in r['questions'].values()):.3f}"),
        ("577k: worst p95 s (linear)", lambda r: f"{_worst_p95(r) * REGISTRY / r['studies']:.1f}"),
    ]
    lines = [f"{label:28}" + "".join(f"{cell(r):>16}" for r in results) for label, cell in rows]
    lines += ["", "p50 / p95 s of each question at each size" + (", and its p95 at 577k" if len(results) > 1 else "")]
    within = 0
    for name in sorted(results[0]["questions"]):
        cells = "".join(f"{r['questions'][name][0]:.3f} / {r['questions'][name][1]:.3f}".rjust(20) for r in results)
        if len(results) > 1:
            registry = registry_p95(results, name)
            within += registry <= TARGET_P95
            cells += f"{registry:14.1f}"
        lines.append(f"{name:45}{cells}")
    if len(results) > 1:
        lines.append(f"questions at p95 <= {TARGET_P95:.0f} s at 577k: {within} of {len(results[0]['questions'])}")
    return "\n".join(lines)


def registry_p95(results: list[dict], name: str) -> float:
    """A question's p95 at 577,000 studies, on the line through the smallest and the largest size (its
    cost per added study and its start-up), never below what the largest size took."""
    small, large = results[0], results[-1]
    slope = (large["questions"][name][1] - small["questions"][name][1]) / (large["studies"] - small["studies"])
    return max(large["questions"][name][1], large["questions"][name][1] + slope * (REGISTRY - large["studies"]))


def _worst_p95(result: dict) -> float:
    return max(p95 for _, p95 in result["questions"].values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--studies", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each question, for p50 and p95")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)  # NDJSON file and size, run by the parent
    args = parser.parse_args()
    if args.one is not None:
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(measure(Path(args.one[0]), int(args.one[1]), args.jobs, Path(folder), args.repeat)))
        return
    results = []
    real = real_records()
    for count in args.studies:
        with tempfile.TemporaryDirectory() as folder:
            records = Path(folder) / "studies.jsonl"
            write_ndjson(synthetic(real, count, args.seed), records)
            command = [sys.executable, __file__, "--one", str(records), str(count)]
            command += ["--jobs", str(args.jobs)] if args.jobs else []
            command += ["--repeat", str(args.repeat)]
            run = subprocess.run(command, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"{count} studies failed:\n{run.stderr[-3000:]}")
            output = run.stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(f"{count} studies measured", file=sys.stderr)
    print(f"registry import on {os.cpu_count()} cores, one size per process, seed {args.seed}")
    print(table(results))


if __name__ == "__main__":
    main()
