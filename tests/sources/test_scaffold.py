"""`trialgraph new trial`'s core: a curated trial file scaffolded from a registry import."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from trialgraph.checks import validation
from trialgraph.errors import InputError
from trialgraph.graph.turtle_format import format_text
from trialgraph.sources.ctgov.scaffold import TODO, scaffold

TG = "https://w3id.org/trialgraph/ontology/"
CTGOV = "https://w3id.org/trialgraph/id/ctgov/"
TRIAL = "https://w3id.org/trialgraph/id/trial/"
RECORDS = ("NCT00258583", "NCT04426201")


@pytest.fixture(scope="module")
def scaffolds(ctgov_records: Path, project, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scaffolds")
    found = {}
    for nct in RECORDS:
        record = ctgov_records / f"{nct}.json"
        if not record.exists():
            record = Path(__file__).parents[1] / "fixtures" / "ctgov" / f"{nct}.json"
        found[nct] = folder / f"{nct}.ttl"
        found[nct].write_text(scaffold(nct, record, project), encoding="utf-8")
    return found


def test_the_scaffold_is_curated_canonical_and_valid(scaffolds, project):
    for nct, path in scaffolds.items():
        text = path.read_text(encoding="utf-8")
        graph = Graph().parse(data=text, format="turtle")
        trial = URIRef(f"{TRIAL}{nct}")
        assert (trial, URIRef(f"{TG}nctId"), None) in graph
        assert (trial, URIRef(f"{TG}curationSource"), URIRef(f"https://clinicaltrials.gov/study/{nct}")) in graph
        assert (None, URIRef(f"{TG}importedFrom"), None) not in graph  # curated now: import must not replace it
        assert not any(str(term).startswith(f"{CTGOV}{nct}") for triple in graph for term in triple)
        assert "@prefix trial: <https://w3id.org/trialgraph/id/trial/> ." in text
        assert format_text(text) == text
        assert f"{TODO} check the criteria's structured constraints" in text
    report = validation.validate(list(scaffolds.values()), project)
    assert report.conforms, [result.as_text() for result in report.violations]


def test_a_todo_stands_before_the_fact_to_check(scaffolds):
    lines = scaffolds["NCT04426201"].read_text(encoding="utf-8").splitlines()
    todos = [n for n, line in enumerate(lines) if line.lstrip().startswith(TODO)]
    assert len(todos) >= 4
    following = {lines[n + 1].split()[0] for n in todos}
    assert {"tg:hasArm", "tg:hasCriterion", "tg:enrollment", "tg:receives"} <= following


def test_the_import_folder_the_record_and_the_imported_file_give_the_same_facts(imported_fixture, project):
    record = Path(__file__).parents[1] / "fixtures" / "ctgov" / "NCT04426201.json"
    from_folder = scaffold("NCT04426201", imported_fixture, project)
    assert scaffold("NCT04426201", imported_fixture / "NCT04426201.ttl", project) == from_folder
    from_record = Graph().parse(data=scaffold("NCT04426201", record, project), format="turtle")
    # the same facts: the record's decimals come as written ("18"), the imported file's as rdflib wrote them (18.0)
    assert len(from_record) == len(Graph().parse(data=from_folder, format="turtle"))


def test_an_import_without_the_trial_is_refused(imported_fixture, project, tmp_path):
    with pytest.raises(InputError, match=r"no NCT00000001\.ttl here"):
        scaffold("NCT00000001", imported_fixture, project)
    with pytest.raises(InputError, match="holds no import of NCT00000001"):
        scaffold("NCT00000001", imported_fixture / "NCT04426201.ttl", project)
    with pytest.raises(InputError, match="not an NCT ID"):
        scaffold("NCT1", imported_fixture, project)
