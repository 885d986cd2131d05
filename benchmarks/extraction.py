"""How well the importer's criterion readers agree with the hand-annotated gold set, per category.

    python benchmarks/extraction.py [--gold DIR] [--causes-only] [--part all|development|held-out] [--shared-only]

The gold set is tests/fixtures/extraction/ (its README says how it was made and what each field means).
Each gold criterion's text is given to the reader the importer uses (text/thresholds.py for numeric
thresholds, text/performance.py for performance status and life expectancy), and what it reads is compared
with the annotation: a reading that matches an expected statement is a true positive, any other reading a
false positive (a conditional bound stored as if unconditional among them), an expected statement not read a
false negative. A bound the annotation marks conditional is stored with its condition when that condition is a
node the graph holds (the gold statement's `applies_when` or `applies_unless`): read with that condition it is a
true positive, with another condition or none a false positive (and the statement a false negative). Any other
conditional bound (its condition is no shared node: "unless due to NHL involvement", a cohort, an age group, an
alternative) is expected stored with a condition made for the study: a tg:UnlinkedCondition, an age group, or a
member of an alternative group (any of). The gold names no form for these, so any such reading of the bound
counts; read unconditionally or with a shared node it is a false positive, not read a false negative with cause
"conditional". `--shared-only` scores by the rule before study conditions (such a bound expected reported, a
false negative whatever is read). A statement
marked garbled or ambiguous is expected to be reported: reading it is a false positive, not reading it no
error. Printed per category: precision, recall and F1, every false positive, and the false negatives
grouped by cause (the cause given in the gold row, else one inferred from the reader's note). `--part
development` scores the criteria of the first 80% of the records (by NCT ID), `--part held-out` those of the
last 20%, on which no reader rule was developed.

A further category is one more scorer in SCORERS: a function of the gold folder returning CategoryScores.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `benchmarks.*` when run as a script

from trialgraph.graph.units import UnitError, to_canonical
from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.importer import default_mapper
from trialgraph.text.conditional import CONDITION, TGV
from trialgraph.text.conditions import AgeCondition, StudyCondition
from trialgraph.text.performance import Alternatives, LifeExpectancy, PerformanceStatus, read_performance
from trialgraph.text.thresholds import MEASURE, Threshold

GOLD = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extraction"


@dataclass
class CategoryScore:
    """One category's counts against the gold set. `false_positives` holds one line per wrong reading;
    `false_negatives` maps a cause ("conditional", "unknown test", "comparator position"...) to one line per
    expected statement not read."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def missed(self, cause: str, line: str) -> None:
        self.fn += 1
        self.false_negatives.setdefault(cause, []).append(line)

    def wrong(self, line: str) -> None:
        self.fp += 1
        self.false_positives.append(line)

    def compare(
        self,
        where: str,
        read: list[tuple],
        expected: dict[tuple, dict],
        show: Callable[[tuple], str],
        cause: Callable[[dict], str],
    ) -> None:
        """One gold criterion: each distinct reading (a key) against the expected statements by key, and each
        expected statement not read, with its cause (`cause` of the gold statement)."""
        for key in dict.fromkeys(read):
            statement = expected.get(key)
            if statement is not None and statement["expect"] == "stored":
                self.tp += 1
            elif statement is not None:
                self.wrong(f"{where}: {show(key)} stored, but the statement is {statement['cause']}")
            else:
                self.wrong(f"{where}: {show(key)}")
        for key, statement in expected.items():
            if key in read and statement["expect"] == "stored":
                continue
            if statement["condition"] is not None:  # not read, or read with another condition or none
                self.missed("conditional", f"{where}: {show(key)} if {statement['condition']}")
            elif statement["expect"] == "stored":
                self.missed(cause(statement), f"{where}: {show(key)}")

    def summary(self) -> str:
        return (
            f"{self.name}: precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def gold_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _amount(value: str | Decimal, unit: str) -> tuple[str, str]:
    """A value in the canonical unit of its kind, as text (a unit pint does not know stays as written)."""
    try:
        canonical, code = to_canonical(Decimal(value), unit)
    except UnitError:
        canonical, code = Decimal(value), unit
    return _number(canonical), code


# ---------------------------------------------------------------- thresholds
def threshold_key(test: str, comparator: str, value, unit, multiple, applies: tuple | None = None) -> tuple:
    """A bound as compared: test, comparator, amount in the canonical unit, and its condition, if any, as
    ("when" | "unless", node IRI)."""
    # a name the annotator gave where data/shared/measures.ttl lacked the test is that measure once the file has it
    local = test.removeprefix("measure:")
    iri = MEASURE + local if test.startswith("measure:") or local in _measures() else test
    amount = (_number(Decimal(multiple)), "ULN") if multiple is not None else _amount(value, unit)
    return (str(iri), comparator, *amount, applies)


STUDY = ("study",)  # the condition of a bound read with a condition made for the study, or as an alternative


@cache
def _measures() -> set[str]:
    """The local names of the measures the reader knows."""
    return {str(m).removeprefix(str(MEASURE)) for m in default_mapper(project_paths()).thresholds._names.values()}


def _read_key(found: Threshold) -> tuple:
    applies = None
    for kind, condition in (("when", found.applies_when), ("unless", found.applies_unless)):
        if isinstance(condition, StudyCondition | AgeCondition):
            applies = STUDY
        elif condition is not None:
            applies = (kind, str(condition))
    applies = STUDY if found.any_of is not None else applies
    return threshold_key(str(found.measure), found.comparator, found.value, found.unit, found.uln_multiple, applies)


def _gold_applies(bound: dict, shared_only: bool = False) -> tuple | None:
    for field_name, kind in (("applies_when", "when"), ("applies_unless", "unless")):
        if field_name in bound:
            prefix, _, local = bound[field_name].partition(":")
            return kind, str((CONDITION if prefix == "condition" else TGV) + local)
    return STUDY if _study_conditional(bound, shared_only) else None


def _study_conditional(bound: dict, shared_only: bool = False) -> bool:
    """A conditional bound whose condition no shared node says: expected stored with a study condition."""
    return not shared_only and bound["cause"] == "conditional" and bound["condition"] is not None


def _shown(key: tuple) -> str:
    test, comparator, value, unit, applies = key
    shown = f"{test.removeprefix(str(MEASURE))} {comparator} {value} {'x ULN' if unit == 'ULN' else unit}"
    if applies == STUDY:
        return shown + " (under a study condition)"
    return shown + (f" ({applies[0]} {applies[1].rsplit('/', 1)[-1]})" if applies else "")


def _cause_from_notes(notes: list[str]) -> str:
    text = " ".join(notes)
    for words, cause in (
        ("several lab tests", "several tests in one clause"),
        ("no comparator before", "comparator position"),
        ("not named before its bound", "comparator position"),
        ("several comparators", "several comparators in one clause"),
        ("bounded in several clauses", "test bounded in several clauses"),
        ("applies under a condition", "judged conditional by the reader"),
        ("not known", "unit"),
        ("no unit", "unit"),
        ("implausible", "implausible"),
        ("separator", "decimal or thousands separator"),
    ):
        if words in text:
            return cause
    return "not read"


def threshold_expected(row: dict, shared_only: bool = False) -> dict[tuple, dict]:
    """A gold row's bounds by key (a bound stated twice in one criterion is one)."""
    expected: dict[tuple, dict] = {}
    for bound in row["expected"]:
        key = threshold_key(
            bound["test"],
            bound["comparator"],
            bound["value"],
            bound["unit"],
            bound["uln_multiple"],
            _gold_applies(bound, shared_only),
        )
        if _study_conditional(bound, shared_only):
            bound = {**bound, "expect": "stored"}
        expected.setdefault(key, bound)
    return expected


def part_of(rows: list[dict], part: str) -> list[dict]:
    """The rows of the first 80% of the records by NCT ID ("development"), of the last 20% ("held-out"), or all."""
    records = sorted({row["nct_id"] for row in rows})
    held_out = set(records[len(records) - round(len(records) * 0.2) :])
    if part == "all":
        return rows
    return [row for row in rows if (row["nct_id"] in held_out) == (part == "held-out")]


def score_thresholds(gold: Path, part: str = "all", shared_only: bool = False) -> list[CategoryScore]:
    reader = default_mapper(project_paths()).thresholds
    score = CategoryScore("thresholds")
    for row in part_of(gold_rows(gold / "thresholds.jsonl"), part):
        where = f"{row['nct_id']} {row['text'][:90]!r}"
        readings = reader(row["text"], row["section"])
        notes = [r for r in readings if isinstance(r, str)]
        read = [_read_key(r) for r in readings if isinstance(r, Threshold)]

        def cause(bound: dict, notes=notes) -> str:
            return bound["cause"] or ("unknown test" if not bound["test_in_measures"] else _cause_from_notes(notes))

        score.compare(where, read, threshold_expected(row, shared_only), _shown, cause)
    return [score]


# ---------------------------------------------------------------- performance status, life expectancy
def _statement_keys(readings: Iterable) -> list[tuple]:
    keys = []
    for found in readings:
        if isinstance(found, Alternatives):
            keys += [("ps", m.scale, m.min_score, m.max_score, "any-of") for m in found.members]
        elif isinstance(found, PerformanceStatus):
            keys.append(("ps", found.scale, found.min_score, found.max_score, None))
        elif isinstance(found, LifeExpectancy):
            keys.append(("le", found.comparator, *_amount(found.value, found.unit)))
    return keys


def _gold_key(statement: dict, group: str | None) -> tuple:
    if statement["kind"] == "performance-status":
        return ("ps", statement["scale"], statement["min_score"], statement["max_score"], group)
    return ("le", statement["comparator"], *_amount(statement["value"], statement["unit"]))


def performance_expected(row: dict) -> dict[tuple, dict]:
    return {_gold_key(s, row["group"]): s for s in row["expected"]}


def score_performance(gold: Path) -> list[CategoryScore]:
    score = CategoryScore("performance status and life expectancy")
    for row in gold_rows(gold / "performance.jsonl"):
        where = f"{row['nct_id']} {row['text'][:90]!r}"
        readings = read_performance(row["text"])
        notes = [r for r in readings if isinstance(r, str)]
        missed = "reported" if notes else "not read"
        score.compare(
            where,
            _statement_keys(readings),
            performance_expected(row),
            _plain_key,
            lambda s, missed=missed: s["cause"] or missed,
        )
    return [score]


def _plain_key(key: tuple) -> str:
    return " ".join(str(part) for part in key if part is not None)


def score_regimens(gold: Path) -> list[CategoryScore]:
    from benchmarks.extraction_regimens import scores  # it imports this module for CategoryScore

    return scores(gold / "regimens.jsonl")


SCORERS: list[Callable[[Path], list[CategoryScore]]] = [score_thresholds, score_performance, score_regimens]


def report(score: CategoryScore, causes_only: bool) -> list[str]:
    lines = [score.summary()]
    if not causes_only:
        lines += [f"  false positive: {line}" for line in score.false_positives]
    for cause, missed in sorted(score.false_negatives.items(), key=lambda item: (-len(item[1]), item[0])):
        lines.append(f"  false negatives, {cause}: {len(missed)}")
        if not causes_only:
            lines += [f"    {line}" for line in missed]
    return lines


def main(argv: list[str] | None = None) -> list[CategoryScore]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold set folder")
    parser.add_argument("--causes-only", action="store_true", help="counts per cause, no lines")
    parser.add_argument(
        "--part", choices=("all", "development", "held-out"), default="all", help="thresholds: which records"
    )
    parser.add_argument(
        "--shared-only", action="store_true", help="thresholds: only conditions with a shared node can be stored"
    )
    args = parser.parse_args(argv)
    scores = score_thresholds(args.gold, args.part, args.shared_only)
    scores += [score for scorer in SCORERS[1:] for score in scorer(args.gold)]
    for score in scores:
        print("\n".join(report(score, args.causes_only)))
    print("\n".join(score.summary() for score in scores))
    return scores


if __name__ == "__main__":
    main()
