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
]

CASES = INPUT_CASES + QUERY_CASES
