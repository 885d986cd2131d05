"""The bad-input corpus: one row per hostile input, run by tests/cli/test_bad_inputs.py.

Each row gives the command (`{tmp}` is a fresh folder the row's `setup` fills), the exit code it
must give, and the words its one-line message must contain. Every row is also checked for: no
traceback, one line on stderr, no change to any file that existed before (the row's earlier
outputs in `{tmp}` and the curated data), and no new file but the ones the row names in `writes`
(a record with one bad value is still imported: its warning is the one line).
"""

from __future__ import annotations

import gzip
import json
import os
import socket
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
    writes: tuple[str, ...] = ()  # files (under {tmp}) the command may create: a study kept despite a bad value


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
        ("warning", "r.json", "startDateStruct.date", "not a calendar date", "2020-13-45", "left out"),
        _record("r.json", lambda p: p["statusModule"]["startDateStruct"].update(date="2020-13-45")),
        writes=("out/NCT04426201.ttl",),
    ),
    BadInput(
        "import-list-where-text-belongs",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("warning", "r.json", "armsInterventionsModule.armGroups[0]", "unexpected value", "arms module left out"),
        _record("r.json", lambda p: p["armsInterventionsModule"]["armGroups"][0].update(interventionNames=True)),
        writes=("out/NCT04426201.ttl",),
    ),
    BadInput(
        "import-unknown-enum-value",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("warning", "r.json", "statusModule.overallStatus", "unknown value 'PAUSED'", "kept as a plain literal"),
        _record("r.json", lambda p: p["statusModule"].update(overallStatus="PAUSED")),
        writes=("out/NCT04426201.ttl",),
    ),
    BadInput(
        "import-nct-id-not-text",
        ("import", "ctgov", "{tmp}/r.json", "-o", "{tmp}/out"),
        1,
        ("skipped", "r.json", "nctId", "not an NCT ID: 4426201"),
        _record("r.json", lambda p: p["identificationModule"].update(nctId=4426201)),
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
    BadInput("validate-missing-store", ("validate", "--oxigraph", "{tmp}/no-store"), 2, ("no-store", "Oxigraph")),
    BadInput(
        "validate-folder-not-a-store",
        ("validate", "--oxigraph", "{tmp}/notes"),
        2,
        ("notes", "no Oxigraph store here"),
        _write("notes/readme.txt", "not a store\n"),
    ),
    BadInput("validate-store-and-paths", ("validate", "data", "--oxigraph", "{tmp}"), 2, ("--oxigraph", "not both")),
    BadInput(
        "match-missing-store",
        ("match", "{tmp}/patient.json", "--oxigraph", "{tmp}/no-store"),
        2,
        ("no-store", "no Oxigraph store"),
        _patient('{"age": 50}'),
    ),
    BadInput(
        "match-folder-not-a-store",
        ("match", "{tmp}/patient.json", "--oxigraph", "{tmp}/notes"),
        2,
        ("notes", "no Oxigraph store"),
        _each(_patient('{"age": 50}'), _write("notes/readme.txt", "not a store\n")),
    ),
    BadInput(
        "match-store-is-a-file",
        ("match", "{tmp}/patient.json", "--oxigraph", "{tmp}/patient.json"),
        2,
        ("patient.json", "no Oxigraph store"),
        _patient('{"age": 50}'),
    ),
    BadInput(
        "match-damaged-store",
        ("match", "{tmp}/patient.json", "--oxigraph", "{tmp}/store"),
        2,
        ("store", "cannot open the Oxigraph store"),
        _each(
            _patient('{"age": 50}'), _write("store/CURRENT", "MANIFEST-000001\n"), _write("store/MANIFEST-000001", "x")
        ),
    ),
    BadInput(
        "match-unknown-status",
        ("match", "{tmp}/patient.json", "--status", "open"),
        2,
        ("--status", "unknown overall status 'open'", "recruiting"),
        _patient('{"age": 50}'),
    ),
    BadInput(
        "match-bad-condition",
        ("match", "{tmp}/patient.json", "--condition", "breast cancer"),
        2,
        ("--condition", "'breast cancer' is not a CURIE"),
        _patient('{"age": 50}'),
    ),
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
    # curators' tools: fmt writes no file when one cannot be read, new never replaces, diff reads only
    BadInput("fmt-missing-file", ("fmt", "{tmp}/absent.ttl"), 2, ("absent.ttl", "no such file or folder")),
    BadInput(
        "fmt-syntax-error-writes-nothing",
        ("fmt", "{tmp}"),
        2,
        ("broken.ttl:2", "Turtle syntax error"),
        _each(
            _write("a-good.ttl", PREFIX + "ex:b ex:p 1 .\nex:a ex:p 2 .\n"),
            _write("broken.ttl", PREFIX + "ex:a ex:p .\n"),
        ),
    ),
    BadInput(
        "fmt-check-nested-too-deeply",
        ("fmt", "--check", "{tmp}/deep.ttl"),
        2,
        ("deep.ttl:3", "nested too deeply"),
        _write("deep.ttl", DEEP_TURTLE),
    ),
    BadInput(
        "fmt-prefix-after-statements",
        ("fmt", "{tmp}/late.ttl"),
        2,
        ("late.ttl:3", "fmt keeps prefixes together"),
        _write("late.ttl", PREFIX + "ex:a ex:p 1 .\n@prefix z: <http://z.org/> .\nz:a ex:p 2 .\n"),
    ),
    BadInput(
        "new-trial-never-replaces",
        ("new", "trial", "NCT04426201", "--from", str(RECORD_FILE), "-o", "{tmp}/NCT04426201.ttl"),
        2,
        ("NCT04426201.ttl", "already exists"),
        _write("NCT04426201.ttl", "# a curator's work in progress\n"),
    ),
    BadInput(
        "new-trial-never-replaces-curated-data",
        ("new", "trial", "NCT04426201", "--from", str(RECORD_FILE)),
        2,
        ("data/trials/NCT04426201.ttl", "already exists"),
    ),
    BadInput(
        "new-trial-missing-import",
        ("new", "trial", "NCT04426201", "--from", "{tmp}/absent", "-o", "{tmp}/new.ttl"),
        2,
        ("absent", "no such file or folder"),
    ),
    BadInput(
        "new-trial-import-without-the-trial",
        ("new", "trial", "NCT04426201", "--from", "{tmp}", "-o", "{tmp}/new.ttl"),
        2,
        ("no NCT04426201.ttl here",),
    ),
    BadInput(
        "new-trial-bad-turtle-import",
        ("new", "trial", "NCT04426201", "--from", "{tmp}/broken.ttl", "-o", "{tmp}/new.ttl"),
        2,
        ("broken.ttl:2", "Turtle syntax error"),
        _write("broken.ttl", PREFIX + "ex:a ex:p .\n"),
    ),
    BadInput(
        "new-trial-bad-record",
        ("new", "trial", "NCT04426201", "--from", "{tmp}/record.json", "-o", "{tmp}/new.ttl"),
        2,
        ("record.json",),
        _write("record.json", '{"protocolSection": '),
    ),
    BadInput(
        "new-trial-not-an-nct-id",
        ("new", "trial", "NCT1", "--from", str(RECORD_FILE), "-o", "{tmp}/new.ttl"),
        2,
        ("not an NCT ID", "NCT1"),
    ),
    BadInput("diff-missing-build", ("diff", "{tmp}/absent.ttl", "{tmp}/new.ttl"), 2, ("absent.ttl", "no such file")),
    BadInput(
        "diff-bad-turtle",
        ("diff", "{tmp}/old.ttl", "{tmp}/broken.ttl"),
        2,
        ("broken.ttl:2", "Turtle syntax error"),
        _each(_write("old.ttl", PREFIX + "ex:a ex:p 1 .\n"), _write("broken.ttl", PREFIX + "ex:a ex:p .\n")),
    ),
    BadInput(
        "diff-damaged-store",
        ("diff", "{tmp}/store", "{tmp}/store"),
        2,
        ("store", "cannot open the Oxigraph store"),
        _each(_write("store/CURRENT", "MANIFEST-000001\n"), _write("store/MANIFEST-000001", "x")),
    ),
    BadInput(
        "diff-store-with-turtle",
        ("diff", "{tmp}/store", "{tmp}/old.ttl"),
        2,
        ("store", "compare a store with a store"),
        _each(
            _write("store/CURRENT", "MANIFEST-000001\n"),
            _write("store/MANIFEST-000001", "x"),
            _write("old.ttl", PREFIX + "ex:a ex:p 1 .\n"),
        ),
    ),
]

# ---------------------------------------------------------------- questions: queries, parameters, endpoints
_HEADER = "# title: t\n# description: d\n# columns: s\n"
_NOWHERE = "http://127.0.0.1:9"  # the discard port: reaching it at all would fail differently


def _query(name: str, body: str) -> Callable[[Path], None]:
    return _write(name, _HEADER + body + "\n")


def _folders(*names: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        for name in names:
            (tmp / name).mkdir()

    return setup


QUERY_CASES: list[BadInput] = [
    BadInput("unknown-query", ("query", "no-such-question"), 2, ("no-such-question",)),
    # updates never run, and are refused before anything is sent
    BadInput(
        "update-drop-all-to-an-endpoint",
        ("query", "{tmp}/drop.rq", "--endpoint", f"{_NOWHERE}/update"),
        2,
        ("{tmp}/drop.rq", "SPARQL update (DROP)"),
        _query("drop.rq", "DROP ALL"),
    ),
    BadInput(
        "update-insert-data-in-memory",
        ("query", "{tmp}/insert.rq"),
        2,
        ("{tmp}/insert.rq", "SPARQL update (INSERT DATA)"),
        _query("insert.rq", "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }"),
    ),
    BadInput(
        "update-load",
        ("query", "{tmp}/load.rq"),
        2,
        ("load.rq", "SPARQL update (LOAD)"),
        _query("load.rq", "LOAD <https://example.org/data.ttl>"),
    ),
    BadInput(
        "update-after-a-select",
        ("query", "{tmp}/both.rq", "--endpoint", f"{_NOWHERE}/query"),
        2,
        ("both.rq:5", "not a SPARQL query"),
        _query("both.rq", "SELECT * WHERE { ?s ?p ?o }\n; DROP ALL"),
    ),
    BadInput(
        "query-syntax-error",
        ("query", "{tmp}/bad.rq", "--endpoint", f"{_NOWHERE}/query"),
        2,
        ("bad.rq:4", "not a SPARQL query"),
        _query("bad.rq", "SELECT ?s WHERE { ?s ?p }"),
    ),
    BadInput(
        "query-unknown-prefix",
        ("query", "{tmp}/prefix.rq"),
        2,
        ("prefix.rq", "Unknown namespace prefix"),
        _query("prefix.rq", "SELECT ?s WHERE { ?s tgx:nctId ?o }"),
    ),
    BadInput(
        "query-unknown-param-type",
        ("query", "{tmp}/typed.rq"),
        2,
        ("typed.rq:4", "unknown parameter type 'number'"),
        _write("typed.rq", _HEADER + "# param: s number\nSELECT ?s WHERE { ?s ?p ?o }\n"),
    ),
    # SERVICE only when asked, and to http(s) only
    BadInput(
        "service-not-allowed",
        ("query", "{tmp}/service.rq"),
        2,
        ("service.rq", f"SERVICE <{_NOWHERE}/sparql>", "--allow-service"),
        _query("service.rq", f"SELECT ?s WHERE {{ SERVICE <{_NOWHERE}/sparql> {{ ?s ?p ?o }} }}"),
    ),
    BadInput(
        "service-not-allowed-in-a-subquery",
        ("query", "{tmp}/nested.rq"),
        2,
        ("nested.rq", "--allow-service"),
        _query(
            "nested.rq",
            f"SELECT ?s WHERE {{ FILTER EXISTS {{ {{ SELECT ?s {{ SERVICE <{_NOWHERE}/x> {{ ?s ?p ?o }} }} }} }} }}",
        ),
    ),
    BadInput(
        "service-to-a-file",
        ("query", "{tmp}/file.rq", "--allow-service"),
        2,
        ("file.rq", "SERVICE <file:///etc/passwd> is not an http(s) IRI"),
        _query("file.rq", "SELECT ?s WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"),
    ),
    BadInput(
        "service-to-a-variable",
        ("query", "{tmp}/variable.rq", "--allow-service"),
        2,
        ("variable.rq", "SERVICE ?where is not an http(s) IRI"),
        _query("variable.rq", "SELECT ?s WHERE { BIND(<http://x/> AS ?where) SERVICE ?where { ?s ?p ?o } }"),
    ),
    BadInput(
        "wikidata-redirect-to-a-file",
        ("query", "federated/wikidata-organizations", "--wikidata", "file:///etc/passwd"),
        2,
        ("not an http(s) URL", "file:///etc/passwd"),
    ),
    # endpoints and stores: http(s) only; time-outs positive
    BadInput(
        "endpoint-file-url",
        ("query", "arms-per-trial", "--endpoint", "file:///etc/passwd"),
        2,
        ("not an http(s) URL", "file:///etc/passwd"),
    ),
    BadInput(
        "push-store-file-url",
        ("push", "--store", "file://{tmp}/store.nt"),
        2,
        ("not an http(s) URL", "file://{tmp}/store.nt"),
    ),
    BadInput(
        "enrich-endpoint-file-url",
        ("enrich", "-o", "{tmp}/e.ttl", "--endpoint", "file:///etc/passwd"),
        2,
        ("not an http(s) URL",),
    ),
    BadInput(
        "query-timeout-zero",
        ("query", "arms-per-trial", "--endpoint", f"{_NOWHERE}/query", "--timeout", "0"),
        2,
        ("--timeout must be a positive number of seconds, not 0",),
    ),
    BadInput("query-timeout-negative", ("query", "arms-per-trial", "--timeout", "-5"), 2, ("not -5",)),
    BadInput("push-timeout-zero", ("push", "--store", f"{_NOWHERE}/store", "--timeout", "0"), 2, ("--timeout",)),
    BadInput("enrich-timeout-zero", ("enrich", "-o", "{tmp}/e.ttl", "--timeout", "0"), 2, ("--timeout",)),
    BadInput(
        "push-relative-graph",
        ("push", "--store", f"{_NOWHERE}/store", "--graph", "trials/curated"),
        2,
        ("--graph 'trials/curated' is a relative IRI",),
    ),
    # parameters
    BadInput(
        "param-on-a-query-without-any",
        ("query", "arms-per-trial", "--param", "trial=trial:NCT04426201"),
        2,
        ("arms-per-trial.rq", "takes no parameter 'trial' (it takes none)"),
    ),
    BadInput(
        "param-not-declared",
        ("query", "drug-doses-and-routes", "--param", "colour=blue"),
        2,
        ("takes no parameter 'colour' (it takes: drug)",),
    ),
    BadInput(
        "param-prefix-typo",
        ("query", "trials-excluding-condition", "--param", "condition=conditon:hiv-infection"),
        2,
        ("unknown prefix 'conditon'",),
    ),
    BadInput(
        "param-text-for-an-iri",
        ("query", "trials-excluding-condition", "--param", "condition=hiv"),
        2,
        ("--param condition takes an IRI", "'hiv'"),
    ),
    BadInput(
        "param-text-for-a-number",
        ("query", "lab-value-against-thresholds", "--param", "test=measure:hemoglobin", "--param", "value=abc"),
        2,
        ("--param value takes an xsd:decimal, not 'abc'",),
    ),
    BadInput(
        "param-iri-with-a-space",
        ("query", "drug-doses-and-routes", "--param", "drug=<https://example.org/a b>"),
        2,
        ("not a valid IRI",),
    ),
    BadInput("param-without-a-value", ("query", "drug-doses-and-routes", "--param", "drug"), 2, ("name=value",)),
    # TRIALGRAPH_HOME must name a project, for every command
    BadInput(
        "home-missing-folder",
        ("queries",),
        2,
        ("{tmp}/nowhere", "TRIALGRAPH_HOME names no folder"),
        env={"TRIALGRAPH_HOME": "{tmp}/nowhere"},
    ),
    BadInput(
        "home-without-queries",
        ("queries",),
        2,
        ("TRIALGRAPH_HOME is no TrialGraph project", "queries/"),
        _folders("ontology"),
        env={"TRIALGRAPH_HOME": "{tmp}"},
    ),
    BadInput(
        "home-with-no-questions",
        ("queries",),
        2,
        ("{tmp}/queries", "no questions here"),
        _folders("ontology", "queries"),
        env={"TRIALGRAPH_HOME": "{tmp}"},
    ),
    BadInput(
        "home-without-queries-for-build",
        ("build", "-o", "{tmp}/out.ttl"),
        2,
        ("TRIALGRAPH_HOME is no TrialGraph project",),
        env={"TRIALGRAPH_HOME": "{tmp}"},
    ),
    BadInput(
        "home-missing-for-query",
        ("query", "arms-per-trial"),
        2,
        ("TRIALGRAPH_HOME names no folder",),
        env={"TRIALGRAPH_HOME": "{tmp}/nowhere"},
    ),
    # the results questions: the drug is a MeSH IRI, the term a string
    BadInput(
        "adverse-event-drug-as-text",
        ("query", "adverse-events-per-arm", "--param", "drug=palbociclib", "--param", "term=Neutropenia"),
        2,
        ("--param drug takes an IRI", "'palbociclib'"),
    ),
]


def _held_port() -> int:
    """A loopback port another socket listens on for the whole session: `serve` must find it taken."""
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    held.listen()
    _HELD.append(held)
    return held.getsockname()[1]


_HELD: list[socket.socket] = []
_BUSY = str(_held_port())

# `trialgraph serve`: each refused before it listens (or, for the address, as it tries to)
SERVE_CASES: list[BadInput] = [
    BadInput(
        "serve-missing-store",
        ("serve", "--oxigraph", "{tmp}/no-store", "--port", "0"),
        2,
        ("{tmp}/no-store", "no Oxigraph store here"),
    ),
    BadInput(
        "serve-folder-that-is-no-store",
        ("serve", "--oxigraph", "{tmp}/data", "--port", "0"),
        2,
        ("{tmp}/data", "no Oxigraph store here"),
        _write("data/notes.txt", "not a store"),
    ),
    BadInput("serve-port-in-use", ("serve", "--port", _BUSY), 2, (f"cannot listen on 127.0.0.1:{_BUSY}", "in use")),
    # TEST-NET-1 (RFC 5737): an address no interface of this machine has
    BadInput(
        "serve-host-not-ours",
        ("serve", "--host", "192.0.2.1", "--port", "0"),
        2,
        ("cannot listen on 192.0.2.1:0", "address"),
    ),
    BadInput("serve-port-out-of-range", ("serve", "--port", "70000"), 2, ("--port must be between 0 and 65535",)),
    BadInput("serve-zero-timeout", ("serve", "--timeout", "0", "--port", "0"), 2, ("--timeout must be a positive",)),
    BadInput("serve-no-rows", ("serve", "--max-rows", "0", "--port", "0"), 2, ("--max-rows must be at least 1",)),
    BadInput(
        "serve-cors-not-an-origin",
        ("serve", "--cors", "javascript:alert(1)", "--port", "0"),
        2,
        ("--cors takes an origin", "javascript:alert(1)"),
    ),
]

CASES = INPUT_CASES + QUERY_CASES + SERVE_CASES
