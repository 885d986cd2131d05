"""Time the contact-detail patterns on long tokens, the patterns of before issue 11 beside today's.

    python benchmarks/long_tokens.py [--sizes 10000,40000,80000,1000000] [--old-cap 80000]

Three patterns meet user text: the shapes' NoContactDetailsShape pattern (pySHACL runs it with
`re.search`), and the importer's e-mail and phone scrub (`re.subn`). The old patterns are timed up
to --old-cap characters only (they are quadratic: minutes at 1 MB); the new ones at every size.
Each token is one of the hostile kinds below, where a backtracking engine does the most work.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable

from rdflib import Namespace

from trialgraph.graph.turtle import read_turtle
from trialgraph.paths import project_paths
from trialgraph.text import contacts

SH = Namespace("http://www.w3.org/ns/shacl#")
TGSH = Namespace("https://w3id.org/trialgraph/shapes/")

OLD_SHAPE = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}|[0-9]{9,}"
OLD_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
OLD_PHONE = r"\+\d[\d\s().-]{7,}\d|\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b|\d{9,}"

TOKENS: dict[str, Callable[[int], str]] = {
    "letters": lambda n: "a" * n,  # a local part that never meets "@"
    "dotted": lambda n: ("a." * n)[:n],
    "at-then-letters": lambda n: "a@" + "b" * (n - 2),  # a domain that never meets "."
    "digits-8": lambda n: ("12345678 " * n)[:n],  # phone-like runs one digit short
}


def shape_pattern() -> str:
    """The NoContactDetailsShape pattern as ontology/shapes.ttl holds it today."""
    shapes = read_turtle(project_paths().shapes_file).graph
    prop = shapes.value(TGSH.NoContactDetailsShape, SH.property)
    return str(shapes.value(shapes.value(prop, SH["not"]), SH.pattern))


def old_scrub(text: str) -> str:
    return re.sub(OLD_PHONE, contacts.PHONE_MARK, re.sub(OLD_EMAIL, contacts.EMAIL_MARK, text))


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,40000,80000,1000000")
    parser.add_argument("--old-cap", type=int, default=80000)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    pairs = {
        "shape (search)": (re.compile(OLD_SHAPE).search, re.compile(shape_pattern()).search),
        "scrub (subn)": (old_scrub, contacts.scrub),
    }
    print(f"{'pattern':22}{'token':17}{'chars':>9}{'old s':>10}{'new s':>10}{'old/new':>9}")
    for label, (old, new) in pairs.items():
        for kind, make in TOKENS.items():
            for size in sizes:
                text = make(size)
                new_s = seconds(lambda: new(text))  # noqa: B023 (run at once, inside the loop)
                if size <= args.old_cap:
                    old_s = seconds(lambda: old(text))  # noqa: B023
                    old_cell, ratio = f"{old_s:10.3f}", f"{old_s / max(new_s, 1e-9):9.0f}"
                else:
                    old_cell, ratio = f"{'(capped)':>10}", f"{'':>9}"
                print(f"{label:22}{kind:17}{size:9d}{old_cell}{new_s:10.4f}{ratio}")


if __name__ == "__main__":
    main()
