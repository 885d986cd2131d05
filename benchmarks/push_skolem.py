"""What stable skolem IRIs cost `push`: the graph as N-Triples as it is, and after naming every blank
node by its canonical hash (trialgraph.graph.skolem), side by side.

    python benchmarks/push_skolem.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time

from rdflib import BNode

from trialgraph.graph.assemble import build_graph
from trialgraph.graph.skolem import stable_skolem
from trialgraph.paths import project_paths


def seconds(task, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        task()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    graph = build_graph(project_paths())
    with_blanks = sum(1 for triple in graph if any(isinstance(term, BNode) for term in triple))
    plain = seconds(lambda: graph.serialize(format="nt", encoding="utf-8"), args.repeat)
    skolem = seconds(lambda: stable_skolem(graph).serialize(format="nt", encoding="utf-8"), args.repeat)
    print(f"{len(graph)} triples, {with_blanks} with a blank node")
    print(f"{'N-Triples as is s':>20}{'with skolem IRIs s':>20}{'ratio':>8}")
    print(f"{plain:20.3f}{skolem:20.3f}{skolem / plain:8.1f}")


if __name__ == "__main__":
    main()
