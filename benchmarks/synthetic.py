"""Synthetic registries for benchmarks: imported studies cloned under new NCT IDs (seeded).

    python benchmarks/synthetic.py IMPORTED_DIR OUT_DIR N [--seed S] [--oxigraph STORE]

IMPORTED_DIR holds `trialgraph import ctgov -o` output (one NCT....ttl per study). Each clone is
a real study with its NCT ID replaced everywhere (trial IRI, nctId, registry record, file name),
so clones keep the shape of real data. Shared nodes (organizations, cities) stay shared, as in
the registry. Clone IDs start with NCT9 and cannot clash with the originals.
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

REGISTRY_PAGE = "https://clinicaltrials.gov/study/"

NCT_FILE = re.compile(r"^(NCT[0-9]{8})\.ttl$")


def clone_studies(source: Path, out: Path, count: int, seed: int = 12) -> list[Path]:
    """Write `count` studies to `out`, each a seeded pick of `source`'s studies under a new NCT ID."""
    studies = sorted((m.group(1), p) for p in source.iterdir() if (m := NCT_FILE.match(p.name)))
    if not studies:
        raise SystemExit(f"{source}: no NCT........ttl files (run `trialgraph import ctgov ... -o {source}`)")
    texts = {nct: path.read_text(encoding="utf-8") for nct, path in studies}
    pick = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for number in range(count):
        nct, _ = pick.choice(studies)
        clone = f"NCT9{number:07d}"
        path = out / f"{clone}.ttl"
        path.write_text(texts[nct].replace(nct, clone), encoding="utf-8")
        written.append(path)
    return written


def load_store(store: Path, studies: Iterable[Path], batch: int = 500) -> int:
    """An on-disk store with each study's Turtle in its own named graph, named by its registry record IRI.

    What `import ctgov --oxigraph` writes; here made from `import ctgov -o` output. Studies go in
    as TriG (each file's prefixes, then its triples inside a graph block), `batch` files per bulk load.
    """
    target = ox.Store(str(store))
    count, chunk = 0, []
    for path in studies:
        text = path.read_text(encoding="utf-8")
        prefixes = "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix"))
        body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
        chunk.append(f"{prefixes}<{REGISTRY_PAGE}{path.stem}> {{\n{body}\n}}\n")
        count += 1
        if len(chunk) == batch:
            target.bulk_load("".join(chunk).encode(), format=ox.RdfFormat.TRIG)
            chunk = []
    if chunk:
        target.bulk_load("".join(chunk).encode(), format=ox.RdfFormat.TRIG)
    target.flush()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--oxigraph", type=Path, help="also load the clones into a store here, one graph each")
    args = parser.parse_args()
    written = clone_studies(args.source, args.out, args.count, args.seed)
    print(f"{len(written)} studies written to {args.out}")
    if args.oxigraph:
        print(f"{load_store(args.oxigraph, written)} study graphs loaded into {args.oxigraph}")


if __name__ == "__main__":
    main()
