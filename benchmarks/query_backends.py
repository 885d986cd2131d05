"""Time the whole question library on each backend and print the figures side by side.

    python benchmarks/query_backends.py [--repeat N] [--endpoint URL]

The first column is what every run pays before any backend sees the query: parsing it and checking
that it only reads (trialgraph.questions.safety).
The endpoint (any SPARQL 1.1 store already loaded with `trialgraph push`) is optional.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from trialgraph.graph.assemble import build_graph
from trialgraph.paths import project_paths
from trialgraph.questions.backends import OxigraphBackend, RemoteBackend
from trialgraph.questions.library import (
    GraphBackend,
    QueryBackend,
    checked_query,
    parse_params,
    query_library,
    run_query,
)

PARAMS = {
    "drug-doses-and-routes": ["drug=intervention:cyt107"],
    "lab-thresholds": ["test=measure:platelet-count"],
}


def time_checks(library, repeat: int) -> dict[str, float]:
    seconds = {}
    for name, query in library.items():
        start = time.perf_counter()
        for _ in range(repeat):
            checked_query(query)
        seconds[name] = (time.perf_counter() - start) / repeat
    return seconds


def time_library(backend: QueryBackend, library, namespaces, repeat: int) -> dict[str, float]:
    seconds = {}
    for name, query in library.items():
        bindings = parse_params(PARAMS.get(name, []), query, namespaces)
        read = checked_query(query)
        start = time.perf_counter()
        for _ in range(repeat):
            run_query(query, backend, bindings, read=read)
        seconds[name] = (time.perf_counter() - start) / repeat
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--endpoint")
    args = parser.parse_args()
    project = project_paths()
    graph = build_graph(project)
    library = query_library(project.queries_dir)
    with tempfile.TemporaryDirectory() as folder:
        disk = OxigraphBackend.open(Path(folder) / "store")
        start = time.perf_counter()
        disk.load(graph)
        print(f"{len(graph)} triples; loading the on-disk Oxigraph store took {time.perf_counter() - start:.3f} s")
        backends: dict[str, QueryBackend] = {"rdflib": GraphBackend(graph), "oxigraph": disk}
        if args.endpoint:
            backends["remote"] = RemoteBackend(args.endpoint)
        timings = {"check": time_checks(library, args.repeat)} | {
            label: time_library(b, library, graph.namespace_manager, args.repeat) for label, b in backends.items()
        }
    labels = list(timings)
    print(f"{'query':32}" + "".join(f"{label + ' ms':>12}" for label in labels) + f"{'rdflib/oxigraph':>17}")
    for name in library:
        cells = "".join(f"{timings[label][name] * 1000:12.1f}" for label in labels)
        print(f"{name:32}{cells}{timings['rdflib'][name] / timings['oxigraph'][name]:17.1f}")
    totals = {label: sum(timings[label].values()) for label in labels}
    cells = "".join(f"{totals[label] * 1000:12.1f}" for label in labels)
    print(f"{'TOTAL':32}{cells}{totals['rdflib'] / totals['oxigraph']:17.1f}")


if __name__ == "__main__":
    main()
