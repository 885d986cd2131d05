"""The extraction gold set (tests/fixtures/extraction/): every row has its fields, names a shared record, and
quotes that record's criteria verbatim; and benchmarks/extraction.py scores it with counts that add up
(its figures are printed, never asserted)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from benchmarks.extraction import GOLD, gold_rows, main, performance_expected, threshold_expected
from trialgraph.graph.units import known_ucum_codes
from trialgraph.text.criteria import unescape
from trialgraph.text.performance import SCALES
from trialgraph.text.thresholds import COMPARATORS

ROW = {"nct_id", "section", "text", "expected"}
BOUND = {"test", "test_in_measures", "comparator", "value", "unit", "uln_multiple", "condition", "expect", "cause"}
APPLIES = {"applies_when", "applies_unless"}  # a condition node: a condition: CURIE or a tgv: sex
PERFORMANCE = {"kind", "condition", "expect", "cause"}
# units the gold set writes that no reader converts yet; UCUM all the same
OTHER_UNITS = {"[lb_av]", "ms", "kg", "ng/mL", "[IU]/mL", "mmol/mol", "mg/g", "L", "/min", "mL/min/{1.73_m2}"}


def _criteria(project_root: Path) -> dict[str, str]:
    texts = {}
    for folder in ("ctgov", "ctgov-more"):
        for path in (project_root.parent / "shared" / folder).glob("NCT*.json"):
            record = json.loads(path.read_text(encoding="utf-8"))
            section = record.get("protocolSection", record)
            texts[path.stem] = section.get("eligibilityModule", {}).get("eligibilityCriteria", "")
    return texts


def _flat(text: str) -> str:
    return " ".join(unescape(text).split())


@pytest.fixture(scope="module")
def criteria(project, ctgov_records, more_records) -> dict[str, str]:
    return _criteria(project.root)


@pytest.mark.parametrize("name", ["thresholds.jsonl", "performance.jsonl"])
def test_rows_quote_shared_records(name, criteria):
    rows = gold_rows(GOLD / name)
    assert rows
    for number, row in enumerate(rows, start=1):
        assert row.keys() >= ROW, f"{name}:{number}"
        assert row["section"] in {"inclusion", "exclusion"}, f"{name}:{number}"
        assert row["nct_id"] in criteria, f"{name}:{number}: {row['nct_id']} is no shared record"
        assert _flat(row["text"]) in _flat(criteria[row["nct_id"]]), f"{name}:{number}: text not in the record"


def test_threshold_rows(project):
    measures = set(re.findall(r"^(measure:[\w-]+) a tg:", (project.shared_data_dir / "measures.ttl").read_text(), re.M))
    units = set(known_ucum_codes()) | OTHER_UNITS
    conditions = "\n" + (project.shared_data_dir / "conditions.ttl").read_text(encoding="utf-8")
    for number, row in enumerate(gold_rows(GOLD / "thresholds.jsonl"), start=1):
        for bound in row["expected"]:
            where = f"thresholds.jsonl:{number}: {bound}"
            applies = bound.keys() - BOUND
            assert bound.keys() >= BOUND and applies <= APPLIES and len(applies) <= 1, where
            assert (bound["test"] in measures) == bound["test_in_measures"], where
            assert bound["comparator"] in set(COMPARATORS.values()) | {"="}, where
            assert (bound["uln_multiple"] is None) != (bound["value"] is None), where
            Decimal(bound["uln_multiple"] or bound["value"])
            assert bound["value"] is None or bound["unit"] in units, where
            assert bound["expect"] in {"stored", "reported"}, where
            # a conditional bound is stored when its condition is a node the graph holds, else reported
            assert (bound["condition"] is not None) <= (bound["expect"] == ("stored" if applies else "reported")), where
            assert bool(applies) <= (bound["condition"] is not None), where
            for key in applies:
                assert re.fullmatch(r"condition:[\w-]+|tgv:sex-(?:female|male)", bound[key]), where
                if bound[key].startswith("condition:"):
                    assert f"\n{bound[key]} a tg:Condition" in conditions, where


def test_performance_rows():
    for number, row in enumerate(gold_rows(GOLD / "performance.jsonl"), start=1):
        assert row["group"] in {None, "any-of"}
        for statement in row["expected"]:
            where = f"performance.jsonl:{number}: {statement}"
            assert statement.keys() >= PERFORMANCE, where
            if statement["kind"] == "performance-status":
                lowest, highest, _ = SCALES[statement["scale"]]
                assert lowest <= statement["min_score"] <= statement["max_score"] <= highest, where
            else:
                assert statement["kind"] == "life-expectancy", where
                assert statement["unit"] in {"d", "wk", "mo", "a"}, where
                Decimal(statement["value"])


def test_scorer_counts_add_up(capsys):
    every = main(["--causes-only"])
    printed = capsys.readouterr().out
    assert [s.name for s in every[:2]] == ["thresholds", "performance status and life expectancy"]
    assert [s.name for s in every[2:]] == ["doses", "routes", "frequencies", "durations", "cycle lengths"]
    assert all(s.summary() in printed for s in every)  # the regimens' own counts: tests/text/test_regimens.py
    scores = every[:2]
    gold = {
        "thresholds": ("thresholds.jsonl", threshold_expected),
        "performance status and life expectancy": ("performance.jsonl", performance_expected),
    }
    for score in scores:
        assert score.summary() in printed
        assert score.fp == len(score.false_positives)
        assert score.fn == sum(len(lines) for lines in score.false_negatives.values())
        # every expected statement (stored, or conditional) is found or missed, once per criterion
        name, statements = gold[score.name]
        expected = sum(
            sum(s["expect"] == "stored" or s["condition"] is not None for s in statements(row).values())
            for row in gold_rows(GOLD / name)
        )
        assert score.tp + score.fn == expected
