"""The bad-input corpus: one row per hostile input, run by tests/cli/test_bad_inputs.py.

Each row gives the command (`{tmp}` is a fresh folder the row's `setup` fills), the exit code it
must give, and the words its one-line message must contain. Every row is also checked for: no
traceback, one line on stderr, and no change to any file that existed before (the row's earlier
outputs in `{tmp}` and the curated data).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple


class BadInput(NamedTuple):
    case: str
    args: tuple[str, ...]
    exit: int
    words: tuple[str, ...]
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] | None = None


def _write(name: str, text: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, encoding="utf-8")

    return setup


# ---------------------------------------------------------------- inputs: Turtle, records, patients, outputs
INPUT_CASES: list[BadInput] = [
    BadInput(
        "turtle-syntax-error",
        ("validate", "{tmp}/broken.ttl"),
        2,
        ("broken.ttl:2",),
        _write("broken.ttl", '@prefix tg: <https://w3id.org/trialgraph/ontology/> .\ntg:x tg:y "open .\n'),
    ),
    BadInput("missing-file", ("validate", "{tmp}/absent.ttl"), 2, ("absent.ttl",)),
    # the on-disk store: never written into a folder that is not one, a failed write keeps the old one
    BadInput(
        "store-in-a-folder-that-is-not-one",
        ("build", "--oxigraph", "{tmp}/notes"),
        2,
        ("notes", "not an Oxigraph store"),
        _write("notes/todo.txt", "keep me\n"),
    ),
    BadInput(
        "import-into-a-folder-that-is-not-a-store",
        ("import", "ctgov", "{tmp}/records", "--oxigraph", "{tmp}/notes"),
        2,
        ("notes", "not an Oxigraph store"),
        _write("notes/todo.txt", "keep me\n"),
    ),
    BadInput(
        "query-a-folder-that-is-not-a-store",
        ("query", "arms-per-trial", "--oxigraph", "{tmp}"),
        2,
        ("no Oxigraph store",),
    ),
    BadInput(
        "export-to-an-unknown-format",
        ("export", "--oxigraph", "{tmp}/store", "-o", "{tmp}/all.rdf"),
        2,
        ("all.rdf", "unknown export format"),
    ),
    BadInput(
        "build-store-with-a-bad-iri",
        ("build", "--oxigraph", "{tmp}/store", "{tmp}/bad.ttl"),
        2,
        ("bad.ttl:2", "IRI"),
        _write("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b <http://x y> .\n"),
    ),
]

# ---------------------------------------------------------------- questions: queries, parameters, endpoints
QUERY_CASES: list[BadInput] = [
    BadInput("unknown-query", ("query", "no-such-question"), 2, ("no-such-question",)),
]

CASES = INPUT_CASES + QUERY_CASES
