"""The registry's own description of a study record (its OpenAPI file) against the records we read.

Our reader's idea of the record format is the registry's only if every record we test on fits the
registry's schema. Objects are closed here (a field the description does not declare is an error),
so that a record reshaped by whoever passed it on, or a field the API added since, is seen.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

SPEC = Path(__file__).parents[1] / "fixtures" / "ctgov-api" / "ctg-oas-v2.yaml"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "ctgov"
# fields the records carry that API version 2.0.5's description does not declare, and why
BEYOND_THE_DESCRIPTION = {
    "derivedSection.miscInfoModule.modelPredictions": "added to the API after 2.0.5",
    "protocolSection.armsInterventionsModule.interventions.interventionMappedName": "added to the API after 2.0.5",
    # not the registry's: the pipeline the record was taken from added a copy of the sites
    "protocolSection.contactsLocationsModule.locations_nested": "added by the repository the record came from",
}


def _closed(node: object) -> object:
    """The schema with every object that lists its properties closed to others."""
    if isinstance(node, dict):
        node = {key: _closed(value) for key, value in node.items()}
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
    elif isinstance(node, list):
        node = [_closed(value) for value in node]
    return node


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert spec["info"]["version"] == "2.0.5" and spec["servers"][0]["url"] == "https://clinicaltrials.gov/api/v2"
    schemas = _closed(copy.deepcopy(spec["components"]["schemas"]))
    return jsonschema.Draft7Validator({"$ref": "#/components/schemas/Study", "components": {"schemas": schemas}})


def _records(ctgov_records: Path) -> list[Path]:
    return sorted(
        [*FIXTURES.glob("*.json"), *ctgov_records.glob("*.json"), *(ctgov_records.parent / "ctgov-more").glob("*.json")]
    )


def _path(error: jsonschema.ValidationError, field: str) -> str:
    return ".".join([str(p) for p in error.absolute_path if not isinstance(p, int)] + [field])


def test_every_record_fits_the_registrys_description_but_for_the_fields_listed(validator, ctgov_records):
    records = _records(ctgov_records)
    assert len(records) >= 150
    beyond: dict[str, set[str]] = {}
    problems = []
    for path in records:
        for error in validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))):
            if error.validator != "additionalProperties":
                problems.append(f"{path.name}: {'/'.join(map(str, error.absolute_path))}: {error.message[:120]}")
                continue
            for field in set(error.instance) - set(error.schema.get("properties", {})):
                beyond.setdefault(_path(error, field), set()).add(path.name)
    assert problems == []
    assert set(beyond) == set(BEYOND_THE_DESCRIPTION), {k: sorted(v)[:3] for k, v in beyond.items()}


def test_a_record_with_a_wrong_type_or_enum_value_does_not_fit(validator):
    study = json.loads((FIXTURES / "NCT04426201.json").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(study)) == []
    study["protocolSection"]["designModule"]["phases"] = ["PHASE9"]
    study["protocolSection"]["statusModule"]["overallStatus"] = 3
    found = {
        (e.absolute_path[-1] if e.validator == "type" else e.absolute_path[-2], e.validator)
        for e in validator.iter_errors(study)
    }
    assert {("phases", "enum"), ("overallStatus", "type")} <= found
