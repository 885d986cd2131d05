"""Property-based tests (hypothesis): generated patient files and registry records never crash a
command. A patient file is matched (exit 0) or refused with one line (exit 2); a record is
imported or skipped with a reason; never a traceback."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.sources.ctgov.importer import default_mapper, import_ctgov
from trialgraph.sources.ctgov.mapper import StudyMapper

from ..conftest import FIXTURES

runner = CliRunner()
SETTINGS = settings(
    max_examples=int(os.environ.get("TRIALGRAPH_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# ---------------------------------------------------------------- values, fair and hostile
ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\n",
        "NCT04426201\n",
        "x" * 10_000,
        "1e308",
        "-0",
        "NaN",
        "∞",
        "\u202e",
        "\x00",
        "<a b>",
        "🧪",
        "0" * 5000,
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1e308, -1e308, 5e-324, 10**4000]),
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=20) | ODD_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
UNITS = st.sampled_from(
    ["g/dL", "g/L", "/uL", "/µL", "G/L", "x10^9/L", "cells/mm3", "%", "months", "d", "mg", "furlong"]
)
LOINC = st.sampled_from(["718-7", "777-3", "751-8", "1975-2", "99999-9", "718-7\n", "measure:hemoglobin", "x"])


def _quantity() -> st.SearchStrategy:
    fair = st.fixed_dictionaries({"value": NUMBERS, "unit": UNITS})
    return fair | st.fixed_dictionaries({"value": NUMBERS, "unit": UNITS, "uln": NUMBERS}) | JSON_VALUE


PATIENT_FIELDS = {
    "age": NUMBERS | JSON_VALUE,
    "sex": st.sampled_from(["female", "male", "FEMALE ", "other"]) | JSON_VALUE,
    "conditions": st.lists(
        st.sampled_from(["MONDO:0007254", "condition:breast-cancer", "http://x y", "DOID:", ":"]) | JSON_VALUE,
        max_size=3,
    )
    | JSON_VALUE,
    "performance_status": st.fixed_dictionaries(
        {"scale": st.sampled_from(["ECOG", "WHO", "Karnofsky", "x"]), "value": NUMBERS}
    )
    | JSON_VALUE,
    "labs": st.dictionaries(LOINC, _quantity(), max_size=3) | JSON_VALUE,
    "life_expectancy": _quantity(),
    "prior_treatments": st.lists(st.text(max_size=15) | ODD_TEXT, max_size=3) | JSON_VALUE,
}
PATIENTS = st.fixed_dictionaries({}, optional=PATIENT_FIELDS) | JSON_VALUE


@pytest.fixture(scope="module")
def cached_graph(graph):
    """`match` builds the graph on every run; the tests give it the session's graph, built once."""
    with mock.patch("trialgraph.graph.assemble.build_graph", return_value=graph):
        yield


@SETTINGS
@given(document=PATIENTS, indent=st.sampled_from([None, 2]), fmt=st.sampled_from(["json", "table"]))
def test_no_patient_file_crashes_match(cached_graph, document, indent, fmt):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "patient.json"
        path.write_text(json.dumps(document, indent=indent), encoding="utf-8")
        result = runner.invoke(app, ["match", str(path), "--format", fmt])
    shown = f"{json.dumps(document)[:500]}\n{result.output[-800:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, shown
    if result.exit_code == 2:
        assert len(result.stderr.strip().splitlines()) == 1, shown
    elif fmt == "json":
        json.loads(result.stdout)
    else:
        assert ": eligible" in result.stdout or ": ineligible" in result.stdout or ": undetermined" in result.stdout


# ---------------------------------------------------------------- registry records
RECORD = json.loads((FIXTURES / "ctgov" / "NCT04426201.json").read_text(encoding="utf-8"))


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    """Every key path in a JSON document, depth first."""
    found = [at] if at else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*at, index))
    return found


PATHS = _paths(RECORD)
MUTATION = st.tuples(st.sampled_from(["drop", "replace"]), st.integers(0, len(PATHS) - 1), JSON_VALUE | ODD_TEXT)


def _mutated(mutations: list[tuple[str, int, Any]]) -> dict:
    record = copy.deepcopy(RECORD)
    for kind, index, value in mutations:
        *parents, last = PATHS[index]
        holder: Any = record
        for step in parents:
            try:
                holder = holder[step]
            except (KeyError, IndexError, TypeError):  # an earlier mutation removed or replaced the way
                break
        else:
            if isinstance(holder, dict) and kind == "drop":
                holder.pop(last, None)
            elif isinstance(holder, dict):
                holder[last] = value
            elif isinstance(holder, list) and isinstance(last, int) and last < len(holder):
                if kind == "drop":
                    del holder[last]
                else:
                    holder[last] = value
    return record


@pytest.fixture(scope="module")
def mapper(project) -> StudyMapper:
    return default_mapper(project)


@SETTINGS
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_no_mutated_record_crashes_the_import(project, mapper, mutations):
    record = _mutated(mutations)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "record.json"
        source.write_text(json.dumps(record), encoding="utf-8")
        summary = import_ctgov([source], Path(folder) / "out", project, mapper=mapper)
    assert summary.read + sum(s.unreadable for s in summary.skipped) == 1
    assert len(summary.written) + len(summary.unchanged) + len(summary.skipped) == 1
    assert all(s.reason for s in summary.skipped)
    assert summary.exit_code in (0, 1, 2)
