"""Mapping tables: CURIEs become the community's IRIs, and every bad row is named by file and line."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import sssom_pydantic
from rdflib import RDFS, URIRef
from rdflib.namespace import SKOS

from trialgraph.errors import InputError
from trialgraph.graph.assemble import mappings
from trialgraph.links.prefixes import bioregistry_records, load_converter, local_records
from trialgraph.links.sssom import read_sssom

METADATA = (
    "# mapping_set_id: https://example.org/t.sssom.tsv\n# license: https://creativecommons.org/licenses/by/4.0/\n"
)
HEADER = "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tcomment\n"
GOOD = "\t".join(
    (
        "intervention:capecitabine",
        "capecitabine",
        "skos:exactMatch",
        "CHEBI:31348",
        "capecitabine",
        "semapv:ManualMappingCuration",
        "seen",
    )
)


def _table(tmp_path: Path, *rows: str, curie_map: str = "") -> Path:
    path = tmp_path / "t.sssom.tsv"
    path.write_text(METADATA + curie_map + HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_stored_prefix_map_agrees_with_the_bioregistry(project):
    stored = load_converter(project.prefix_map_file)
    expected = {r.prefix: (r.uri_prefix, r.pattern) for r in bioregistry_records() + local_records()}
    assert {r.prefix: (r.uri_prefix, r.pattern) for r in stored.records} == expected


@pytest.mark.parametrize(
    ("curie", "iri"),
    [
        ("CHEBI:31348", "http://purl.obolibrary.org/obo/CHEBI_31348"),
        ("chebi:31348", "http://purl.obolibrary.org/obo/CHEBI_31348"),
        ("MONDO:0007254", "http://purl.obolibrary.org/obo/MONDO_0007254"),
        ("ror:01cmnjq37", "https://ror.org/01cmnjq37"),
        ("wikidata:Q2451973", "http://www.wikidata.org/entity/Q2451973"),
        ("loinc:777-3", "https://loinc.org/777-3"),
        ("drugbank:DB01101", "https://go.drugbank.com/drugs/DB01101"),
    ],
)
def test_curies_expand_to_community_iris(tmp_path, project, curie, iri):
    row = GOOD.replace("CHEBI:31348", curie)
    [mapping] = read_sssom(_table(tmp_path, row), project.prefix_map_file)
    assert str(mapping.object) == iri


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (GOOD.replace("CHEBI:31348", "XYZ:1"), "object_id 'XYZ:1' is not a CURIE with a prefix in the prefix map"),
        (GOOD.replace("CHEBI:31348", "CHEBI:abc"), "object_id 'CHEBI:abc': 'abc' is not a valid CHEBI identifier"),
        (GOOD.replace("CHEBI:31348", "ror:12345"), "'12345' is not a valid ror identifier"),
        (GOOD.replace("skos:exactMatch", "rdfs:seeAlso"), "is not a CURIE with a prefix"),
        (GOOD.replace("skos:exactMatch", "skos:related"), "'skos:related' is not a SKOS mapping predicate"),
        (GOOD.replace("semapv:ManualMappingCuration", "skos:Concept"), "mapping_justification must be a semapv"),
        (GOOD.replace("\tseen", "\t "), "comment must say where the mapping was verified"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, project, row, message):
    path = _table(tmp_path, GOOD, row)
    with pytest.raises(InputError) as error:
        read_sssom(path, project.prefix_map_file)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert str(error.value).startswith(f"{path}:{lines.index(row) + 1}: ")
    assert message in str(error.value)


def test_a_curie_map_that_disagrees_with_the_prefix_map_is_refused(tmp_path, project):
    path = _table(tmp_path, GOOD, curie_map="# curie_map:\n#   CHEBI: https://example.org/chebi/\n")
    with pytest.raises(InputError, match=re.escape("curie_map: CHEBI: https://example.org/chebi/ disagrees")):
        read_sssom(path, project.prefix_map_file)


def test_every_mapping_row_names_our_entity_by_its_label(project, graph):
    rows = mappings(project)
    assert len(rows) >= 60
    wrong = [
        f"{m.path.name}:{m.line}"
        for m in rows
        if not str(m.subject).startswith("https://units-of-measurement.org/")
        and m.subject_label not in {str(label) for label in graph.objects(m.subject, RDFS.label)}
    ]
    assert wrong == []


def test_every_table_row_is_in_the_built_graph(project, graph):
    for m in mappings(project):
        assert (m.subject, m.predicate, m.object) in graph, f"{m.path.name}:{m.line}"


def test_mapping_tables_have_no_duplicate_rows(project):
    for path in sorted(project.mappings_dir.glob("*.sssom.tsv")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        keys = [(r["subject_id"], r["predicate_id"], r["object_id"]) for r in csv.DictReader(lines, delimiter="\t")]
        assert len(keys) == len(set(keys)), path.name


def test_quantities_link_to_ucum_unit_iris_and_on_to_uo(graph):
    quantity_units = set(graph.objects(None, URIRef("https://w3id.org/trialgraph/ontology/unitOfMeasure")))
    g_per_l = URIRef("https://units-of-measurement.org/g/L")
    assert g_per_l in quantity_units
    assert (g_per_l, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/UO_0000175")) in graph
    assert URIRef("https://units-of-measurement.org/mm%5BHg%5D") in quantity_units


def test_organizations_link_to_ror_and_wikidata(graph):
    curie = URIRef("https://w3id.org/trialgraph/id/organization/institut-curie")
    assert (curie, SKOS.exactMatch, URIRef("https://ror.org/04t0gwh46")) in graph
    assert (curie, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q2451973")) in graph


def test_every_table_is_read_by_the_standard_sssom_reader_with_our_row_counts(project):
    for path in sorted(project.mappings_dir.glob("*.sssom.tsv")):
        standard, _, mapping_set, errors = sssom_pydantic.read(path, return_errors=True)
        assert errors == [], f"{path.name}: {[e.format_exception() for e in errors][:2]}"
        assert str(mapping_set.id).endswith(path.name) and mapping_set.license
        assert len(standard) == len(read_sssom(path, project.prefix_map_file)) > 0, path.name


def test_a_header_that_is_not_yaml_names_its_line(tmp_path, project):
    path = _table(tmp_path, GOOD, curie_map="# mapping_set_description: Gaps: none: really\n")
    with pytest.raises(InputError, match="the YAML header is not valid") as error:
        read_sssom(path, project.prefix_map_file)
    assert str(error.value).startswith(f"{path}:3: ")


def test_a_header_without_a_mapping_set_id_is_not_sssom(tmp_path, project):
    path = tmp_path / "t.sssom.tsv"
    license_only = "# license: https://creativecommons.org/licenses/by/4.0/\n"
    path.write_text(license_only + HEADER + GOOD + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="the YAML header is not valid SSSOM: mapping_set_id: Field required"):
        read_sssom(path, project.prefix_map_file)
