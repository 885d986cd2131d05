"""The curators' tools on the project's files and on two stores: fmt, diff of Turtle, diff of stores.

    python benchmarks/curators_tools.py [--records DIR] [--more DIR]

Printed side by side: `fmt --check` over data/ and ontology/ (each file read, formatted and read back
by rdflib), the isomorphism check fmt uses (blank nodes by content) against rdflib.compare on the
largest data file, `diff` of data/ with itself, and `diff` of two stores imported from the shared
records (the second with more records): graph by graph, the common studies read into an index
(what diff does) against the same studies read into rdflib Graphs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from trialgraph.graph.changes import _from_store, diff
from trialgraph.graph.skolem import same_graph
from trialgraph.graph.store import to_rdflib
from trialgraph.graph.turtle_format import format_files
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.registry import import_to_store


def _timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    project = project_paths()
    parser.add_argument("--records", type=Path, default=project.root.parent / "shared" / "ctgov")
    parser.add_argument("--more", type=Path, default=project.root.parent / "shared" / "ctgov-more")
    args = parser.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} (1 min)")

    seconds, changed = _timed(lambda: format_files([project.data_dir, project.ontology_dir], write=False))
    print(f"fmt --check, data/ and ontology/: {seconds:.2f} s ({len(changed)} file(s) not canonical)")

    largest = max(project.data_dir.rglob("*.ttl"), key=lambda path: path.stat().st_size)
    first, second = (Graph().parse(largest, format="turtle") for _ in range(2))
    ours, _ = _timed(lambda: same_graph(first, second))
    theirs, _ = _timed(lambda: isomorphic(first, second))
    print(
        f"isomorphism of {largest.name}: blank forms {ours * 1000:.0f} ms, rdflib.compare {theirs * 1000:.0f} ms"
        f" (x{theirs / ours:.1f})"
    )

    seconds, _ = _timed(lambda: diff(project.data_dir, project.data_dir))
    print(f"diff data/ data/: {seconds:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        import_to_store([args.records], old, project, jobs=1)
        import_to_store([args.records, args.more], new, project, jobs=1)
        seconds, found = _timed(lambda: diff(old, new))
        print(f"diff of stores: {seconds:.2f} s ({len(found.added)} trial(s) added, {len(found.changed)} changed)")
        store = ox.Store.read_only(str(new))
        common = list(ox.Store.read_only(str(old)).named_graphs())
        quads = [list(store.quads_for_pattern(None, None, None, g)) for g in common]
        index, _ = _timed(lambda: [_from_store(q) for q in quads])
        graphs, _ = _timed(lambda: [_graph(q) for q in quads])
        print(
            f"{len(common)} common studies read: index {index:.2f} s, rdflib Graphs {graphs:.2f} s"
            f" (x{graphs / index:.1f})"
        )


def _graph(quads: list[ox.Quad]) -> Graph:
    graph = Graph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


if __name__ == "__main__":
    main()
