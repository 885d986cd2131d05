"""The curated data conforms, and every shape fails on a small broken example."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Namespace

from trialgraph.checks.validation import validate
from trialgraph.links.prefixes import load_converter
from trialgraph.links.report import link_report

from ..broken_cases import CASES, Case
from ..constants import MINIMAL_TRIAL
from .store_engine import store_engine_results

SH = Namespace("http://www.w3.org/ns/shacl#")


def test_curated_data_conforms_and_warns_exactly_on_unmapped_entities(project, graph):
    report = validate([project.data_dir], project)
    assert [r.as_text() for r in report.violations] == []
    assert report.conforms
    assert len(report.files) >= 12  # 5 trials and 7 shared files: a shrinking data set fails here
    warnings = [r for r in report.results if r.severity == "Warning"]
    assert {r.shape for r in warnings} == {"tgsh:ExternalMappingShape"}
    unmapped = {
        entity
        for summary in link_report(graph, load_converter(project.prefix_map_file))
        if summary.entity_type in ("drug", "biological", "condition", "organization")
        for entity, _ in summary.unmapped
    }
    assert {r.focus for r in warnings} == unmapped


def test_minimal_trial_conforms(project, tmp_path):
    path = tmp_path / "minimal.ttl"
    path.write_text(MINIMAL_TRIAL, encoding="utf-8")
    report = validate([path], project)
    assert [r.as_text() for r in report.results if r.file and Path(r.file).resolve() == path.resolve()] == []
    assert report.conforms


def _definition_line(text: str, focus: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(rf"{re.escape(focus)}(\s|$)", line):
            return number
    return None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_example_fails_its_shape(case: Case, project, tmp_path):
    assert MINIMAL_TRIAL.count(case.old) == 1, f"case {case.name}: text to replace must occur once"
    text = MINIMAL_TRIAL.replace(case.old, case.new)
    path = tmp_path / f"{case.name}.ttl"
    path.write_text(text, encoding="utf-8")
    report = validate([path], project)
    assert report.conforms is (case.severity == "Warning")
    matching = [
        r for r in report.results if r.shape == case.shape and case.message in r.message and r.severity == case.severity
    ]
    assert matching, f"expected {case.shape} '{case.message}', got: {[r.as_text() for r in report.results]}"
    result = matching[0]
    if case.focus != "[]":
        assert result.focus.startswith(case.focus)
        assert Path(result.file).resolve() == path.resolve()
        assert result.line == _definition_line(text, case.focus)
    # the store engine (validate --oxigraph) reports exactly the same, the example as one study
    assert store_engine_results([path], tmp_path / "store", project) == Counter(r.key() for r in report.results)


def test_every_shape_and_qc_check_has_a_broken_example(project):
    shapes = Graph().parse(project.shapes_file)
    targeted = {shapes.namespace_manager.normalizeUri(s) for s in shapes.subjects(SH.targetClass, None)}
    targeted |= {f"qc:{path.stem}" for path in (project.queries_dir / "qc").glob("*.rq")}
    exercised = {case.shape for case in CASES}
    assert targeted - exercised == set()
    assert len(CASES) >= 65  # the suite cannot silently shrink


def test_every_class_the_data_uses_has_a_shape(project, graph):
    shapes = Graph().parse(project.shapes_file)
    targeted = set(shapes.objects(None, SH.targetClass))
    used = {
        o
        for o in graph.objects(None, Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#").type)
        if str(o).startswith("https://w3id.org/trialgraph/ontology/")
    }
    rows = graph.query(
        "SELECT ?c ?super WHERE { ?c rdfs:subClassOf* ?super }",
        initNs={"rdfs": Namespace("http://www.w3.org/2000/01/rdf-schema#")},
    )
    supers: dict = {}
    for c, s in rows:
        supers.setdefault(c, set()).add(s)
    unshaped = {c for c in used if not (supers.get(c, {c}) | {c}) & targeted}
    assert unshaped == set()


TGSH = Namespace("https://w3id.org/trialgraph/shapes/")


def test_every_pattern_anchored_at_the_end_also_refuses_line_breaks(project):
    # Python's "$" matches before a final "\n" too, XPath's does not: tgsh:OneLine makes both agree
    shapes = Graph().parse(project.shapes_file)
    anchored = [s for s, pattern in shapes.subject_objects(SH.pattern) if str(pattern).endswith("$")]
    assert len(anchored) >= 8
    assert [s for s in anchored if (s, SH.node, TGSH.OneLine) not in shapes] == []


@pytest.mark.timeout(60)
def test_a_megabyte_token_in_text_is_validated(project, tmp_path):
    # the e-mail pattern of before issue 11 took over 300 s on such a token (benchmarks/long_tokens.py)
    token = "a" * 1_000_000
    path = tmp_path / "long.ttl"
    path.write_text(MINIMAL_TRIAL.replace('tg:noteText "A test note."', f'tg:noteText "{token}"'), encoding="utf-8")
    assert validate([path], project).conforms
    path.write_text(
        MINIMAL_TRIAL.replace('tg:noteText "A test note."', f'tg:noteText "{token} mail {token}@example.org"'),
        encoding="utf-8",
    )
    report = validate([path], project)
    assert [r.shape for r in report.violations] == ["tgsh:NoContactDetailsShape"]


def test_an_identifier_s_digits_are_not_a_phone_number(project, tmp_path):
    path = tmp_path / "mesh.ttl"
    path.write_text(
        MINIMAL_TRIAL.replace('tg:noteText "A test note."', 'tg:noteText "MeSH C000712049, not a phone."'),
        encoding="utf-8",
    )
    assert validate([path], project).conforms
