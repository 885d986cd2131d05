"""Registry country names get their ISO 3166 codes, old and withdrawn names included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import URIRef

from trialgraph.errors import InputError
from trialgraph.sources.ctgov.countries import CountryCodes
from trialgraph.sources.ctgov.importer import default_mapper
from trialgraph.sources.ctgov.read import StudyRecord

PLACE = "https://w3id.org/trialgraph/id/place/"
HAS_COUNTRY = URIRef("https://w3id.org/trialgraph/ontology/country")


@pytest.fixture(scope="module")
def countries(project) -> CountryCodes:
    return CountryCodes.load(project.shared_data_dir / "country-aliases.tsv")


def _shared_country_names(ctgov_records: Path) -> dict[str, str]:
    """Each country name in the shared records, with one record that writes it."""
    names: dict[str, str] = {}
    for path in sorted([*ctgov_records.glob("*.json"), *(ctgov_records.parent / "ctgov-more").glob("*.json")]):
        study = json.loads(path.read_text(encoding="utf-8"))
        for site in study["protocolSection"].get("contactsLocationsModule", {}).get("locations", []):
            if site.get("country"):
                names.setdefault(site["country"], path.stem)
    return names


def test_every_country_name_in_the_shared_records_has_an_iso_code(ctgov_records, countries):
    names = _shared_country_names(ctgov_records)
    assert len(names) >= 60 and "Turkey" in names
    assert sorted(f"{name} ({nct})" for name, nct in names.items() if countries.code(name) is None) == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Turkey", "TR"),
        ("Virgin Islands (U.S.)", "VI"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("Swaziland", "SZ"),
        ("Cape Verde", "CV"),
        ("Former Serbia and Montenegro", "CS"),
        ("Netherlands Antilles", "AN"),
        ("Korea, Republic of", "KR"),  # pycountry's own names still come first
        ("France", "FR"),
    ],
)
def test_old_and_withdrawn_registry_names_get_their_code(countries, name, code):
    assert countries.code(name) == code


def test_a_name_with_no_iso_code_gets_none(countries):
    assert countries.code("Kosovo") is None  # XK is user-assigned, not ISO 3166


def test_a_site_in_turkey_is_in_place_tr(ctgov_records, project):
    path = ctgov_records.parent / "ctgov-more" / "NCT03633708.json"
    mapped = default_mapper(project).map(StudyRecord(path, None, json.loads(path.read_text(encoding="utf-8"))))
    graph = mapped.graph
    assert URIRef(PLACE + "TR") in set(graph.objects(None, HAS_COUNTRY))
    assert not [n for n in mapped.notes if "country 'Turkey'" in n]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Turkey\tTX\tsource", "'TX' is no ISO 3166-1 or 3166-3 alpha-2 code"),
        ("Turkey\tTR", "a row needs 3 non-empty tab-separated cells"),
        ("Turkey\tTR\t ", "a row needs 3 non-empty tab-separated cells"),
    ],
)
def test_a_bad_alias_row_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "aliases.tsv"
    path.write_text(f"# a comment\nname\talpha_2\tsource\nCape Verde\tCV\tiso\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"^{path}:4: {message}"):
        CountryCodes.load(path)
