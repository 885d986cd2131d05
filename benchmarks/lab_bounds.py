"""The lab bounds the importer reads from the shared records' criteria, one line each, and their count.

    python benchmarks/lab_bounds.py [--list] [PATH...]

Every record under PATH (default ../shared/ctgov and ../shared/ctgov-more) is mapped by the importer's
own mapper, in memory. The last line counts the bounds read (`tg:LabTestConstraint`s, and the
`tg:MeasurementConstraint`s of other measures: BMI, QTc, body weight...) and the clauses
reported instead (the curator notes about a criterion's lab text), and the criteria's coverage: how many
inclusion and exclusion items get at least one structured constraint (a lab or other bound, performance
status, life expectancy, age, a condition...). With --list, each bound is printed
first as `NCT criterion measure comparator value unit` (or `x ULN`), sorted, so that two runs (before
and after a change to text/thresholds.py) can be compared with diff.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rdflib import RDF, Graph

from trialgraph.paths import project_paths
from trialgraph.sources.ctgov.builder import TG
from trialgraph.sources.ctgov.importer import default_mapper
from trialgraph.sources.ctgov.read import StudyRecord, read_records

SHARED = project_paths().root.parent / "shared"
_CRITERION_NOTE = "eligibilityCriteria ("  # the field path of a note about one criterion's text


def bounds(graph: Graph, nct: str, kind=TG.LabTestConstraint) -> list[str]:
    lines = []
    for criterion, constraint in graph.subject_objects(TG.hasConstraint):
        if (constraint, None, kind) not in graph:
            continue
        measure = _local(graph.value(constraint, TG.measure))
        comparator = _local(graph.value(constraint, TG.comparator))
        multiple = graph.value(constraint, TG.ulnMultiple)
        if multiple is not None:
            amount = f"{multiple} x ULN"
        else:
            quantity = graph.value(constraint, TG.threshold)
            amount = f"{graph.value(quantity, TG.numericValue)} {graph.value(quantity, TG.unit)}"
        lines.append(f"{nct} {_local(criterion).removeprefix(nct + '-')} {measure} {comparator} {amount}")
    return lines


def _local(iri) -> str:
    return str(iri).rsplit("/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[SHARED / "ctgov", SHARED / "ctgov-more"])
    parser.add_argument("--list", action="store_true", help="print every bound read")
    args = parser.parse_args()
    mapper = default_mapper(project_paths())
    found: list[str] = []
    measures: list[str] = []  # bounds of other measures (BMI, QTc, weight...): tg:MeasurementConstraint
    reported = studies = criteria = covered = 0
    for item in read_records(args.paths):
        if not isinstance(item, StudyRecord):
            continue
        mapped = mapper.map(item)
        studies += 1
        graph = Graph()
        for triple in mapped.triples:
            graph.add(triple)
        found += bounds(graph, mapped.nct_id)
        measures += bounds(graph, mapped.nct_id, TG.MeasurementConstraint)
        reported += sum(_CRITERION_NOTE in note for note in mapped.notes)
        items = {s for kind in (TG.InclusionCriterion, TG.ExclusionCriterion) for s in graph.subjects(RDF.type, kind)}
        criteria += len(items)
        covered += sum((item, TG.hasConstraint, None) in graph for item in items)
    if args.list:
        print("\n".join(sorted(found + measures)))
    print(
        f"{studies} records: {len(found)} lab bounds read, {len(measures)} bounds of other measures, "
        f"{reported} criterion clauses reported; {covered} of {criteria} criteria "
        f"({covered / max(criteria, 1):.1%}) have at least one structured constraint"
    )


if __name__ == "__main__":
    main()
