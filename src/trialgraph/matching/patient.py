"""The patient file `trialgraph match` reads: JSON, checked field by field.

    {"age": 52, "sex": "female", "conditions": ["MONDO:0007254"],
     "performance_status": {"scale": "ECOG", "value": 1},
     "labs": {"718-7": {"value": 8.5, "unit": "g/dL"}, "777-3": {"value": 150000, "unit": "/uL"}},
     "life_expectancy": {"value": 12, "unit": "months"}, "prior_treatments": ["intervention:letrozole"]}

Every field is optional; a fact left out makes the criteria that need it undetermined. Labs are
keyed by LOINC code (or by our measure CURIE, for measures without a verified LOINC code), with
the unit in UCUM or a common written form (G/L, /µL, g/dl...), converted like the criteria. A
lab may give the laboratory's "uln" / "lln" (same unit), for bounds stated as multiples of them.
A condition is a CURIE (MONDO, DOID, NCIT... become OBO PURLs), one of ours (condition:...), an
IRI, or {"id": ..., "since": {"value": 2, "unit": "months"}} when its timing matters.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import URIRef

from ..errors import InputError
from ..graph.turtle import is_bad_iri
from ..graph.units import UnitError, to_canonical, ucum_code
from ..links.prefixes import load_converter
from ..paths import project_paths, regular_file

OBO_BASE = "http://purl.obolibrary.org/obo/"
SEXES = ("female", "male")
# ECOG and WHO performance status are one 0-5 scale (ECOG/WHO/Zubrod); Karnofsky and Lansky (for children) 0-100.
SCALES = {"ecog": ("ECOG", 5), "who": ("WHO", 5), "karnofsky": ("Karnofsky", 100), "lansky": ("Lansky", 100)}
FIELDS = ("age", "sex", "conditions", "performance_status", "labs", "life_expectancy", "prior_treatments")
# identifiers are matched whole (fullmatch: "$" would let a final newline through)
_LOINC = re.compile(r"[0-9]{1,7}-[0-9]")
_OBO_CURIE = re.compile(r"([A-Z][A-Za-z]*):([A-Za-z0-9_]+)")
LARGEST = Decimal("1e15")  # no age, lab value or duration comes near it


@dataclass(frozen=True)
class Lab:
    """One lab result: as given, and in the canonical unit of its kind."""

    key: str
    value: Decimal
    unit: str
    canonical_value: Decimal
    canonical_unit: str
    uln: Decimal | None = None
    lln: Decimal | None = None


@dataclass(frozen=True)
class PatientCondition:
    given: str
    iri: URIRef
    since_days: Decimal | None = None  # time since the condition or event, in days


@dataclass(frozen=True)
class Patient:
    age: Decimal | None = None  # years
    sex: str | None = None
    conditions: tuple[PatientCondition, ...] = ()
    performance_status: tuple[str, int] | None = None  # (ECOG | WHO | Karnofsky | Lansky, score)
    labs: dict[str, Lab] = field(default_factory=dict)  # by LOINC code or measure IRI
    life_expectancy_days: Decimal | None = None
    prior_treatments: tuple[str, ...] = ()


def load_patient(path: Path) -> Patient:
    """Read and check a patient file; InputError names the file and the offending field."""
    try:
        document = json.loads(regular_file(path).read_text(encoding="utf-8"), parse_int=_whole_number)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path) from error
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON: {error.msg}", path, error.lineno) from error
    except RecursionError:
        raise InputError("not JSON a patient file can hold: nested too deeply", path) from None
    return parse_patient(document, path)


def parse_patient(document: object, path: Path | str | None = None) -> Patient:
    def fail(name: str, message: str) -> InputError:
        return InputError(f"field {name!r}: {message}", path)

    if not isinstance(document, dict):
        raise InputError("a patient file must be one JSON object", path)
    unknown = sorted(set(document) - set(FIELDS))
    if unknown:
        raise fail(unknown[0], f"unknown field (known: {', '.join(FIELDS)})")
    try:
        return Patient(
            age=_age(document.get("age")),
            sex=_sex(document.get("sex")),
            conditions=tuple(_conditions(document.get("conditions"))),
            performance_status=_performance_status(document.get("performance_status")),
            labs=_labs(document.get("labs")),
            life_expectancy_days=_duration_days(document.get("life_expectancy"), "life_expectancy"),
            prior_treatments=tuple(_strings(document.get("prior_treatments"), "prior_treatments")),
        )
    except _FieldError as error:
        raise fail(error.field, error.message) from None


def expand_curie(text: str) -> URIRef:
    """MONDO:0007254 -> the OBO PURL; condition:x -> our IRI; an http(s) IRI as it is.

    >>> str(expand_curie("MONDO:0007254"))
    'http://purl.obolibrary.org/obo/MONDO_0007254'
    >>> str(expand_curie("condition:breast-cancer"))
    'https://w3id.org/trialgraph/id/condition/breast-cancer'
    """
    if text.startswith(("http://", "https://")) and not is_bad_iri(text):
        return URIRef(text)
    # the project's prefix map (ours, and the Bioregistry's for CHEBI, MONDO, ror...) first
    converter = load_converter(project_paths().prefix_map_file)
    standard = converter.standardize_curie(text) if ":" in text else None
    if standard is not None and standard.partition(":")[2]:
        return URIRef(converter.expand(standard))
    match = _OBO_CURIE.fullmatch(text)  # any other OBO ontology's CURIE
    if match:
        return URIRef(f"{OBO_BASE}{match.group(1)}_{match.group(2)}")
    raise ValueError(f"{text!r} is not a CURIE (MONDO:0007254, condition:breast-cancer) or an IRI")


# ---------------------------------------------------------------- fields
class _FieldError(Exception):
    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.field = name
        self.message = message


def _number(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise _FieldError(name, f"must be a number, not {_shown(value)}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _FieldError(name, f"must be a number, not {_shown(value)}") from None
    if not number.is_finite():
        raise _FieldError(name, f"must be a finite number, not {value}")
    if abs(number) >= LARGEST:  # beyond it, converting units would overflow the decimal context
        raise _FieldError(name, f"must be below 10^15, not {_shown(value)}")
    return number


def _whole_number(digits: str) -> int | Decimal:
    """A JSON integer: Python refuses int() of more than 4300 digits, a Decimal takes any, so that
    the field check, not the JSON reader, says what is wrong with it."""
    return int(digits) if len(digits) <= 4000 else Decimal(digits)


def _shown(value: object) -> str:
    """A value for a message, as the file writes it, cut short when long."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def _not_negative(number: Decimal, name: str) -> Decimal:
    # ages, lab values (counts, concentrations, clearances) and durations are never below zero
    if number < 0:
        raise _FieldError(name, f"must not be negative, not {_shown(number)}")
    return number


def _age(value: object) -> Decimal | None:
    if value is None:
        return None
    age = _number(value, "age")
    if not 0 <= age <= 150:
        raise _FieldError("age", f"must be in years, between 0 and 150, not {_shown(value)}")
    return age


def _sex(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in SEXES:
        raise _FieldError("sex", f"must be one of {', '.join(SEXES)}, not {_shown(value)}")
    return value.strip().lower()


def _strings(value: object, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _FieldError(name, "must be a list")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise _FieldError(f"{name}[{index}]", f"must be a non-empty string, not {_shown(item)}")
    return [item.strip() for item in value]


def _conditions(value: object) -> list[PatientCondition]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _FieldError("conditions", "must be a list of CURIEs or IRIs")
    found = []
    for index, item in enumerate(value):
        name = f"conditions[{index}]"
        since = None
        if isinstance(item, dict):
            extra = sorted(set(item) - {"id", "since"})
            if extra:
                raise _FieldError(f"{name}.{extra[0]}", "unknown field (known: id, since)")
            since = _duration_days(item.get("since"), f"{name}.since")
            item = item.get("id")
            name = f"{name}.id"
        if not isinstance(item, str):
            raise _FieldError(name, f"must be a CURIE or an IRI, not {_shown(item)}")
        try:
            found.append(PatientCondition(item, expand_curie(item.strip()), since))
        except ValueError as error:
            raise _FieldError(name, str(error)) from None
    return found


def _performance_status(value: object) -> tuple[str, int] | None:
    if value is None:
        return None
    name = "performance_status"
    if not isinstance(value, dict) or "scale" not in value or "value" not in value:
        raise _FieldError(name, 'must be {"scale": "ECOG" | "WHO" | "Karnofsky" | "Lansky", "value": N}')
    scale = value["scale"]
    if not isinstance(scale, str) or scale.strip().lower() not in SCALES:
        raise _FieldError(f"{name}.scale", f"must be ECOG, WHO, Karnofsky or Lansky, not {_shown(scale)}")
    label, top = SCALES[scale.strip().lower()]
    score = value["value"]
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= top:
        raise _FieldError(f"{name}.value", f"must be a whole number from 0 to {top} on {label}, not {_shown(score)}")
    return label, score


def _quantity(value: object, name: str) -> tuple[Decimal, str]:
    if not isinstance(value, dict) or "value" not in value or "unit" not in value:
        raise _FieldError(name, 'must be {"value": N, "unit": "..."}')
    number = _not_negative(_number(value["value"], f"{name}.value"), f"{name}.value")
    unit = value["unit"]
    if not isinstance(unit, str):
        raise _FieldError(f"{name}.unit", f"must be a unit string, not {_shown(unit)}")
    try:
        return number, ucum_code(unit)
    except UnitError as error:
        raise _FieldError(f"{name}.unit", str(error)) from None


def _duration_days(value: object, name: str) -> Decimal | None:
    if value is None:
        return None
    number, unit = _quantity(value, name)
    days, canonical = to_canonical(number, unit)
    if canonical != "d":
        raise _FieldError(f"{name}.unit", f"must be a time unit (days, weeks, months, years), not {value['unit']!r}")
    return days


def _labs(value: object) -> dict[str, Lab]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _FieldError("labs", "must be an object keyed by LOINC code (718-7) or measure CURIE")
    labs = {}
    for key, entry in value.items():
        name = f"labs.{key}"
        if _LOINC.fullmatch(key):
            index = key
        else:
            try:
                index = str(expand_curie(key))
            except ValueError:
                raise _FieldError(name, "key must be a LOINC code (718-7) or a measure CURIE (measure:...)") from None
        number, unit = _quantity(entry, name)
        extra = sorted(set(entry) - {"value", "unit", "uln", "lln"})
        if extra:
            raise _FieldError(f"{name}.{extra[0]}", "unknown field (known: value, unit, uln, lln)")
        limits = {k: _number(entry[k], f"{name}.{k}") for k in ("uln", "lln") if entry.get(k) is not None}
        for limit_name, limit in limits.items():
            if limit <= 0:
                raise _FieldError(f"{name}.{limit_name}", "must be positive")
        canonical_value, canonical_unit = to_canonical(number, unit)
        labs[index] = Lab(key, number, unit, canonical_value, canonical_unit, limits.get("uln"), limits.get("lln"))
    return labs
