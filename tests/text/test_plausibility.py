"""The plausible range of a lab bound per test and unit: the shipped table, its coverage, and bad rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import RDF, Namespace

from trialgraph.errors import InputError
from trialgraph.graph.turtle import read_all, read_turtle
from trialgraph.graph.units import to_canonical
from trialgraph.text.plausibility import ULN, PlausibleBounds

TG = Namespace("https://w3id.org/trialgraph/ontology/")
HEADER = "measure\tunit\tlowest\thighest\tsource\n"


@pytest.fixture(scope="module")
def bounds(project) -> PlausibleBounds:
    return PlausibleBounds.load(project.shared_data_dir / "lab-bound-ranges.tsv")


def test_every_lab_test_has_a_range_with_its_source(project, bounds):
    measures = read_turtle(project.shared_data_dir / "measures.ttl").graph
    tests = set(measures.subjects(RDF.type, TG.LabTest))
    assert tests and all(bounds.units(test) for test in tests), [t for t in tests if not bounds.units(t)]
    assert all(found.source for found in bounds.ranges.values())


def test_every_curated_lab_bound_is_plausible(project, bounds):
    # the five curated trials were read by hand from their sources: none of their bounds may be flagged
    checked = []
    for item in read_all([project.data_dir / "trials"]):
        graph = item.graph
        for constraint in graph.subjects(RDF.type, TG.LabTestConstraint):
            measure = graph.value(constraint, TG.measure)
            quantity = graph.value(constraint, TG.threshold)
            if quantity is not None:
                value = Decimal(str(graph.value(quantity, TG.numericValue)))
                reading = to_canonical(value, str(graph.value(quantity, TG.unit)))
            elif graph.value(constraint, TG.ulnMultiple) is not None:
                reading = (Decimal(str(graph.value(constraint, TG.ulnMultiple))), ULN)
            else:
                continue  # a multiple of the lower limit of normal has no range yet
            checked.append((measure, *reading, bounds.problem(measure, *reading)))
    assert len(checked) >= 10 and [c for c in checked if c[-1] is not None] == []


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("measure:hemoglobin\tmg/dL\t4\t25\tx", "not canonical"),
        ("measure:hemoglobin\tfurlongs\t4\t25\tx", "not a valid UCUM code 'furlongs'"),
        ("measure:hemoglobin\tg/L\t250\t40\tx", "the lowest first"),
        ("measure:hemoglobin\tg/L\tlow\t40\tx", "must be decimal numbers"),
        ("measure:hemoglobin\tg/L\tNaN\t40\tx", "must be finite"),
        ("measure:hemoglobin\tg/L\t40\t250\t", "non-empty"),
        ("hemoglobin\tg/L\t40\t250\tx", "not a measure: CURIE"),
    ],
)
def test_a_bad_row_is_an_input_error_naming_file_and_line(tmp_path, row, problem):
    table = tmp_path / "ranges.tsv"
    table.write_text(f"# a comment\n{HEADER}measure:inr\t1\t0.5\t10\tCTCAE\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        PlausibleBounds.load(table)
    assert (caught.value.path, caught.value.line) == (table, 4)


def test_a_second_range_for_one_test_and_unit_is_refused(tmp_path):
    table = tmp_path / "ranges.tsv"
    table.write_text(HEADER + "measure:inr\t1\t0.5\t10\tx\nmeasure:inr\t1\t0.8\t5\ty\n", encoding="utf-8")
    with pytest.raises(InputError, match="a second range") as caught:
        PlausibleBounds.load(table)
    assert caught.value.line == 3


@pytest.mark.parametrize("text", ["", "measure\tunit\n", "# only a comment\n"])
def test_a_table_without_its_header_is_refused(tmp_path, text):
    table = tmp_path / "ranges.tsv"
    table.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="the header must be"):
        PlausibleBounds.load(table)


def test_a_missing_table_names_the_file(tmp_path):
    with pytest.raises(InputError, match="cannot read") as caught:
        PlausibleBounds.load(tmp_path / "absent.tsv")
    assert caught.value.path == tmp_path / "absent.tsv"
