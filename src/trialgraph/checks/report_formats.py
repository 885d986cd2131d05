"""Validation results in the formats CI systems read: SARIF 2.1.0, JUnit XML and GitHub annotations.

SARIF is what code-scanning views show (each result at its file and line, under its shape as the rule);
JUnit XML is what test-report views count (one test case per file checked, a failure per violation);
GitHub's workflow commands put each result beside its line in a pull request. A result from a store
(a study, its source file, a JSON path) keeps its file and names the study and path in its message.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

from .. import __version__
from .results import Violation

FORMATS = ("sarif", "junit", "github")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# SHACL severities as each format names them
_SARIF_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "note"}
_GITHUB_COMMAND = {"Violation": "error", "Warning": "warning", "Info": "notice"}
UNKNOWN_FILE = "(unknown file)"


def _message(result: Violation) -> str:
    where = f"{result.study} {result.json_path or ''}".strip() + ": " if result.study else ""
    prop = f" {result.path}" if result.path else ""
    value = f" [value: {result.value}]" if result.value is not None else ""
    return f"{where}{result.focus}{prop}: {result.message}{value}"


def sarif(results: Iterable[Violation]) -> str:
    """One SARIF 2.1.0 log with one run; each shape that gave a result is a rule."""
    results = list(results)
    rules = sorted({r.shape for r in results})
    sarif_results = []
    for result in results:
        entry: dict = {
            "ruleId": result.shape,
            "ruleIndex": rules.index(result.shape),
            "level": _SARIF_LEVEL.get(result.severity, "warning"),
            "message": {"text": _message(result)},
        }
        if result.file:
            location: dict = {"artifactLocation": {"uri": _uri(result.file)}}
            if result.line:
                location["region"] = {"startLine": result.line}
            entry["locations"] = [{"physicalLocation": location}]
        sarif_results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "trialgraph",
                        "version": __version__,
                        "informationUri": "https://w3id.org/trialgraph",
                        "rules": [{"id": rule, "name": rule.rsplit(":", 1)[-1]} for rule in rules],
                    }
                },
                "results": sarif_results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _uri(file: str) -> str:
    """A relative path as a relative URI reference (SARIF resolves it against the run's root); else file:."""
    path = Path(file)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def junit(results: Iterable[Violation], checked: Iterable[str]) -> str:
    """One test suite; a test case per file checked (and per file a result names), a failure per violation."""
    by_file: dict[str, list[Violation]] = {name: [] for name in checked}
    for result in results:
        by_file.setdefault(result.file or UNKNOWN_FILE, []).append(result)
    failures = sum(r.severity == "Violation" for found in by_file.values() for r in found)
    suites = ElementTree.Element("testsuites", name="trialgraph validate", tests=str(len(by_file)))
    suite = ElementTree.SubElement(
        suites, "testsuite", name="trialgraph validate", tests=str(len(by_file)), failures=str(failures), errors="0"
    )
    for name in sorted(by_file):
        case = ElementTree.SubElement(suite, "testcase", classname="shacl", name=name)
        found = by_file[name]
        for result in (r for r in found if r.severity == "Violation"):
            line = f"{name}:{result.line}: " if result.line else f"{name}: "
            failure = ElementTree.SubElement(case, "failure", message=result.message, type=result.shape)
            failure.text = line + _message(result)
        others = [r for r in found if r.severity != "Violation"]
        if others:
            out = ElementTree.SubElement(case, "system-out")
            out.text = "\n".join(f"{r.severity}: {_message(r)}" for r in others)
    ElementTree.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def github(result: Violation) -> str:
    """One workflow command line (`::error file=...,line=...,title=...::message`), escaped as GitHub says."""
    properties = []
    if result.file:
        properties.append(f"file={_escape_property(result.file)}")
        if result.line:
            properties.append(f"line={result.line}")
    properties.append(f"title={_escape_property(result.shape)}")
    command = _GITHUB_COMMAND.get(result.severity, "warning")
    return f"::{command} {','.join(properties)}::{_escape_data(_message(result))}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
