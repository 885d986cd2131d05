"""Where a study's time goes in `match --oxigraph`: each step of matching one study from its digest, timed alone.

    python benchmarks/matching_steps.py STORE [--studies N] [--rounds R]
    python benchmarks/matching_steps.py --literal-sizes [--studies N]

In one process (no workers), over the first N studies of STORE (a store that `import ctgov --oxigraph` wrote,
as benchmarks/matching_store.py --keep leaves them), for examples/patient.json: reading the study's digest
from the store, decoding it, deciding the match (the findings cache warm after the first round), and writing
the table text and the JSON item, in microseconds a study, one line per round (the first is the coldest). Then
the fixed steps of a run: the patient file (pint's registry), the context, listing the study graphs, and the
curated trials of the default graph. With --literal-sizes, what reading one literal of a quad costs by the
literal's length: N quads of random words, 1.2, 3.4 and 6.7 KB each, one store each in a temporary folder,
each read back by its subject as the digests are.
"""

from __future__ import annotations

import argparse
import gc
import random
import string
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from benchmarks.matching_store import reference_loop
from trialgraph.matching.patient import load_patient
from trialgraph.matching.printed import TableText, json_item
from trialgraph.matching.store_matching import StoreMatching, _StudyWorker
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.match_digest import read_digest

STEPS = ("read from the store", "decode", "decide", "table text", "JSON item")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path, nargs="?")
    parser.add_argument("--studies", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--literal-sizes", action="store_true")
    args = parser.parse_args()
    if args.literal_sizes:
        literal_sizes(args.studies, args.rounds)
        return
    if args.store is None:
        parser.error("give a STORE, or --literal-sizes")
    print(f"this machine's speed: a reference loop (10M additions) took {reference_loop():.2f} s")
    project = project_paths()
    clock = time.perf_counter
    start = clock()
    patient = load_patient(project.root / "examples" / "patient.json")
    read_patient = clock() - start
    start = clock()
    matching = StoreMatching(patient, args.store, project, jobs=1)
    context = clock() - start
    start = clock()
    every = matching._studies([], [])
    listing = clock() - start
    names = every[: args.studies]
    start = clock()
    curated = matching._curated([], ())
    curated_s = clock() - start
    show = TableText(matching.context.namespaces)
    worker = _StudyWorker(patient, args.store, matching.beneath, matching.matcher.treatments, (), show)
    gc.freeze()  # as the command does once the context is read
    for round_ in range(1, args.rounds + 1):
        spent = [0.0] * len(STEPS)
        for name in names:
            t0 = clock()
            text = worker.digests.digest_text(name)
            t1 = clock()
            facts = read_digest(text)  # type: ignore[arg-type]
            t2 = clock()
            match = worker.digests.match(facts)  # type: ignore[arg-type]
            t3 = clock()
            show(match)
            t4 = clock()
            json_item(match)
            t5 = clock()
            for i, (a, b) in enumerate(((t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5))):
                spent[i] += b - a
        per_study = (seconds / len(names) * 1e6 for seconds in spent)
        figures = ", ".join(f"{step} {us:.1f}" for step, us in zip(STEPS, per_study, strict=True))
        print(f"round {round_}, {len(names)} studies, us a study: {figures}")
    print(
        f"fixed: the patient file {read_patient:.2f} s, the context and the matcher {context:.2f} s, listing "
        f"{len(every)} study graphs {listing:.2f} s ({listing / max(1, len(every)) * 1e6:.1f} us each), "
        f"{len(curated)} curated trials {curated_s:.2f} s"
    )


def literal_sizes(count: int, rounds: int) -> None:
    """Microseconds to read one quad's literal by its subject, for literals of three lengths."""
    rng = random.Random(1)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 10))) for _ in range(5000)]
    graph, predicate = ox.NamedNode("urn:example:index"), ox.NamedNode("urn:example:digest")
    subjects = [ox.NamedNode(f"https://clinicaltrials.gov/study/NCT{i:08d}") for i in range(count)]
    for size in (1200, 3400, 6700):
        with tempfile.TemporaryDirectory() as folder:
            store = ox.Store(folder)
            texts = (" ".join(rng.choices(words, k=size // 6))[:size] for _ in subjects)
            store.bulk_extend(ox.Quad(s, predicate, ox.Literal(t), graph) for s, t in zip(subjects, texts, strict=True))
            store.flush()
            store.optimize()
            del store
            store = ox.Store.read_only(folder)
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                for subject in subjects:
                    next(store.quads_for_pattern(subject, predicate, None, graph)).object.value  # noqa: B018
                times.append((time.perf_counter() - start) / count * 1e6)
            print(f"{count} literals of {size} characters: " + ", ".join(f"{t:.1f}" for t in times) + " us each")
            del store


if __name__ == "__main__":
    main()
