"""The bad-input corpus: one row per hostile input, run by tests/cli/test_bad_inputs.py.

Each row gives the command (`{tmp}` is a fresh folder the row's `setup` fills), the exit code it
must give, and the words its one-line message must contain. Every row is also checked for: no
traceback, one line on stderr, and no change to any file that existed before (the row's earlier
outputs in `{tmp}` and the curated data).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple


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


def _mkdir(name: str) -> Callable[[Path], None]:
    return lambda tmp: (tmp / name).mkdir(parents=True)


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: os.mkfifo(tmp / name)


def _gzip(name: str, data: bytes, *, corrupt: bool = False) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        packed = gzip.compress(data)
        if corrupt:  # damage the deflate stream, keep the gzip header: zlib, not gzip, fails
            packed = packed[: len(packed) // 2] + b"x" * 64 + packed[len(packed) // 2 + 64 :]
        (tmp / name).write_bytes(packed)

    return setup


def _each(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        for one in setups:
            one(tmp)

    return setup


ROOT = Path(__file__).resolve().parents[1]
RECORD_FILE = Path(__file__).parent / "fixtures" / "ctgov" / "NCT04426201.json"
PREFIX = "@prefix ex: <http://example.org/> .\n"
EARLIER = _write("out.ttl", PREFIX + "ex:earlier ex:build ex:output .\n")  # a good earlier build that must stay


def _record(name: str, change: Callable[[dict[str, Any]], object]) -> Callable[[Path], None]:
    """The fixture record, changed in place by `change`, written to `name`."""

    def setup(tmp: Path) -> None:
        record = json.loads(RECORD_FILE.read_text(encoding="utf-8"))
        change(record["protocolSection"])
        (tmp / name).write_text(json.dumps(record), encoding="utf-8")

    return setup


def _patient(document: str) -> Callable[[Path], None]:
    return _write("patient.json", document)


def _validate_and_build(case: str, name: str, text: str, words: tuple[str, ...]) -> list[BadInput]:
    """The same Turtle file given to `validate`, and to `build` over a good earlier output."""
    return [
        BadInput(f"validate-{case}", ("validate", f"{{tmp}}/{name}"), 2, words, _write(name, text)),
        BadInput(
            f"build-{case}",
            ("build", "-o", "{tmp}/out.ttl", f"{{tmp}}/{name}"),
            2,
            words,
            _each(EARLIER, _write(name, text)),
        ),
    ]


DEEP_TURTLE = PREFIX + "ex:a ex:b\n" + "[ ex:c " * 400 + "1" + " ]" * 400 + " .\n"
SPACE_IRI = PREFIX + "ex:a ex:b ex:c .\nex:a ex:b <http://example.org/x y> .\n"
DEEP_JSON = "[" * 100_000 + "]" * 100_000


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
    # Turtle the parser lets through or cannot hold: refused when read, with file and line
    *_validate_and_build("iri-with-space", "space.ttl", SPACE_IRI, ("space.ttl:3", "not a valid IRI")),
    *_validate_and_build("turtle-nested-400", "deep.ttl", DEEP_TURTLE, ("deep.ttl:3", "nested too deeply")),
    # input without data: an error, and the earlier build stays
    BadInput(
        "build-empty-folder",
        ("build", "-o", "{tmp}/out.ttl", "{tmp}/empty"),
        2,
        ("empty", "no data found"),
        _each(EARLIER, _mkdir("empty")),
    ),
    BadInput(
        "build-empty-file",
        ("build", "-o", "{tmp}/out.ttl", "{tmp}/empty.ttl"),
        2,
        ("empty.ttl", "no data found"),
        _each(EARLIER, _write("empty.ttl", "")),
    ),
    BadInput(
        "build-prefixes-only",
        ("build", "-o", "{tmp}/out.ttl", "{tmp}/p.ttl"),
        2,
        ("p.ttl", "no data found"),
        _each(EARLIER, _write("p.ttl", PREFIX)),
    ),
    BadInput("validate-empty-folder", ("validate", "{tmp}/empty"), 2, ("empty", "no data found"), _mkdir("empty")),
    BadInput(
        "validate-empty-file",
        ("validate", "{tmp}/empty.ttl"),
        2,
        ("empty.ttl", "no data found"),
        _write("empty.ttl", ""),
    ),
    BadInput("validate-folder-named-ttl", ("validate", "{tmp}/x.ttl"), 2, ("x.ttl", "no data found"), _mkdir("x.ttl")),
    BadInput("validate-fifo", ("validate", "{tmp}/fifo.ttl"), 2, ("fifo.ttl", "not a regular file"), _fifo("fifo.ttl")),
    BadInput(
        "validate-fifo-in-folder",
        ("validate", "{tmp}/in"),
        2,
        ("fifo.ttl", "not a regular file"),
        _each(_mkdir("in"), _fifo("in/fifo.ttl")),
    ),
    # outputs: a file where a folder is needed, a folder where a file is, a place nobody may write
    BadInput("build-onto-folder", ("build", "-o", "{tmp}/out.ttl"), 2, ("out.ttl", "is a folder"), _mkdir("out.ttl")),
    BadInput(
        "build-under-a-file",
        ("build", "-o", "{tmp}/file.txt/out.ttl"),
        2,
        ("file.txt", "a file stands where a folder is needed"),
        _write("file.txt", "not a folder\n"),
    ),
    BadInput(
        "build-unwritable", ("build", "-o", "/sys/trialgraph-out.ttl"), 2, ("/sys/trialgraph-out.ttl", "cannot write")
    ),
    BadInput(
        "import-into-a-file",
        ("import", "ctgov", str(RECORD_FILE), "-o", "{tmp}/file.txt"),
        2,
        ("file.txt", "a file stands where a folder is needed"),
        _write("file.txt", "not a folder\n"),
    ),
    # registry records: one clear line for the file or field
    BadInput(
        "import-over-curated-data",
        ("import", "ctgov", str(RECORD_FILE), "-o", str(ROOT / "data" / "trials")),
        2,
        ("NCT04426201.ttl", "not written by the importer", "--force"),
    ),
    BadInput(
        "import-nct-id-with-newline",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("r.json", "nctId", "not an NCT ID"),
        _record("r.json", lambda p: p["identificationModule"].update(nctId="NCT04426201\n")),
    ),
    BadInput(
        "import-impossible-date",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("r.json", "startDateStruct.date", "not a calendar date"),
        _record("r.json", lambda p: p["statusModule"]["startDateStruct"].update(date="2020-13-45")),
    ),
    BadInput(
        "import-list-where-text-belongs",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("r.json", "armsInterventionsModule.armGroups[0]", "unexpected value"),
        _record("r.json", lambda p: p["armsInterventionsModule"]["armGroups"][0].update(interventionNames=True)),
    ),
    BadInput(
        "import-corrupt-gzip",
        ("import", "ctgov", "{tmp}/page.json.gz", "-o", "{tmp}/out"),
        2,
        ("page.json.gz", "cannot read"),
        _gzip("page.json.gz", RECORD_FILE.read_bytes(), corrupt=True),
    ),
    BadInput(
        "import-deep-json",
        ("import", "ctgov", "{tmp}/deep.json", "-o", "{tmp}/out"),
        2,
        ("deep.json", "nested too deeply"),
        _write("deep.json", DEEP_JSON),
    ),
    BadInput(
        "import-fifo",
        ("import", "ctgov", "{tmp}/fifo.json", "-o", "{tmp}/out"),
        2,
        ("fifo.json", "not a regular file"),
        _fifo("fifo.json"),
    ),
    # patient files
    BadInput(
        "patient-5000-digit-age",
        ("match", "{tmp}/patient.json"),
        2,
        ("'age'", "below 10^15"),
        _patient('{"age": ' + "9" * 5000 + "}"),
    ),
    BadInput(
        "patient-lab-1e308",
        ("match", "{tmp}/patient.json"),
        2,
        ("'labs.718-7.value'", "below 10^15"),
        _patient('{"labs": {"718-7": {"value": 1e308, "unit": "g/dL"}}}'),
    ),
    BadInput(
        "patient-negative-haemoglobin",
        ("match", "{tmp}/patient.json"),
        2,
        ("'labs.718-7.value'", "negative"),
        _patient('{"labs": {"718-7": {"value": -8.5, "unit": "g/dL"}}}'),
    ),
    BadInput(
        "patient-negative-life-expectancy",
        ("match", "{tmp}/patient.json"),
        2,
        ("'life_expectancy.value'", "negative"),
        _patient('{"life_expectancy": {"value": -3, "unit": "months"}}'),
    ),
    BadInput(
        "patient-unknown-loinc-code",
        ("match", "{tmp}/patient.json"),
        0,
        ("not assessed", "labs.99999-9"),
        _patient('{"age": 50, "labs": {"99999-9": {"value": 5, "unit": "g/dL"}}}'),
    ),
    BadInput(
        "patient-fifo",
        ("match", "{tmp}/patient.json"),
        2,
        ("patient.json", "not a regular file"),
        _fifo("patient.json"),
    ),
    BadInput(
        "patient-deep-json",
        ("match", "{tmp}/patient.json"),
        2,
        ("patient.json", "nested too deeply"),
        _patient(DEEP_JSON),
    ),
    BadInput(
        "patient-loinc-key-with-newline",
        ("match", "{tmp}/patient.json"),
        2,
        ("labs.718-7",),
        _patient('{"labs": {"718-7\\n": {"value": 9, "unit": "g/dL"}}}'),
    ),
    # tools
    BadInput(
        "reason-without-java",
        ("reason",),
        2,
        ("needs Java", "apt-get install default-jre-headless"),
        env={"PATH": "/nonexistent"},
    ),
]

# ---------------------------------------------------------------- questions: queries, parameters, endpoints
QUERY_CASES: list[BadInput] = [
    BadInput("unknown-query", ("query", "no-such-question"), 2, ("no-such-question",)),
]

CASES = INPUT_CASES + QUERY_CASES
