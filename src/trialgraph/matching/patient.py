"""The patient file `trialgraph match` reads: JSON, checked against one declared model (pydantic).

    {"age": 52, "sex": "female", "conditions": ["MONDO:0007254"],
     "performance_status": {"scale": "ECOG", "value": 1},
     "labs": {"718-7": {"value": 8.5, "unit": "g/dL"}, "777-3": {"value": 150000, "unit": "/uL"}},
     "life_expectancy": {"value": 12, "unit": "months"}, "prior_treatments": ["intervention:letrozole"]}

Every field is optional; a fact left out makes the criteria that need it undetermined. Labs are
keyed by LOINC code (or by our measure CURIE, for measures without a verified LOINC code), with
the unit in UCUM or a common written form (G/L, /µL, g/dl...), converted like the criteria. A
lab may give the laboratory's "uln" / "lln" (same unit), for bounds stated as multiples of them.
A condition is a CURIE (MONDO, DOID, NCIT... become OBO PURLs), one of ours (condition:...), an
IRI, or {"id": ..., "since": {"value": 2, "unit": "months"}} when its timing matters. `absent_conditions`
lists conditions the patient is known not to have (as CURIEs or IRIs): a criterion's bound that changes with a
condition (≤ 5 x ULN with liver metastases, else ≤ 2.5) is decided only when the file states it either way. Every
problem in a file is reported at once, each by its dotted path (`labs.718-7.uln`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
)
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
    absent_conditions: tuple[URIRef, ...] = ()  # known not to be present
    performance_status: tuple[str, int] | None = None  # (ECOG | WHO | Karnofsky | Lansky, score)
    labs: dict[str, Lab] = field(default_factory=dict)  # by LOINC code or measure IRI
    life_expectancy_days: Decimal | None = None
    prior_treatments: tuple[str, ...] = ()

    @cached_property
    def age_days(self) -> Decimal | None:
        """The age in days, as age constraints hold it: worked out once, and kept when the patient is sent to a
        worker process, which then never builds pint's registry (half a second)."""
        return to_canonical(self.age, "a")[0] if self.age is not None else None


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
    if not isinstance(document, dict):
        raise InputError("a patient file must be one JSON object", path)
    try:
        return _PatientFile.model_validate(document).patient()
    except ValidationError as error:
        problems = "; ".join(f"field {_dotted(e['loc'])!r}: {_message(e)}" for e in error.errors())
        raise InputError(problems, path) from None


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


# ---------------------------------------------------------------- the model
def _dotted(location: tuple) -> str:
    """pydantic's location as the file's path: labs.718-7.uln, conditions[0].since."""
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not part.startswith(("<", "[")):  # a tag of ours (<iri>) or pydantic's ([key])
            out += f".{part}" if out else part
    return out


def _message(error: Any) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        return f"unknown field (known: {', '.join(_PatientFile.model_fields)})"
    if error["type"] == "extra_forbidden":
        return "unknown field"
    if error["type"] == "missing":
        return "required"
    if error["type"] in ("model_type", "dict_type"):
        return f"must be a JSON object, not {_shown(error['input'])}"
    if error["type"] == "list_type":
        return f"must be a list, not {_shown(error['input'])}"
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, not {_shown(error['input'])}"


def _number(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"must be a number, not {_shown(value)}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"must be a number, not {_shown(value)}") from None
    if not number.is_finite():
        raise ValueError(f"must be a finite number, not {value}")
    if abs(number) >= LARGEST:  # beyond it, converting units would overflow the decimal context
        raise ValueError(f"must be below 10^15, not {_shown(value)}")
    return number


def _whole_number(digits: str) -> int | Decimal:
    """A JSON integer: Python refuses int() of more than 4300 digits, a Decimal takes any, so that
    the field check, not the JSON reader, says what is wrong with it."""
    return int(digits) if len(digits) <= 4000 else Decimal(digits)


def _shown(value: object) -> str:
    """A value for a message, as the file writes it, cut short when long."""
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


def _not_negative(number: Decimal) -> Decimal:
    # ages, lab values (counts, concentrations, clearances) and durations are never below zero
    if number < 0:
        raise ValueError(f"must not be negative, not {_shown(number)}")
    return number


def _positive(number: Decimal) -> Decimal:
    if number <= 0:
        raise ValueError("must be positive")
    return number


def _age(number: Decimal) -> Decimal:
    if not 0 <= number <= 150:
        raise ValueError(f"must be in years, between 0 and 150, not {_shown(number)}")
    return number


def _sex(value: object) -> object:
    if not isinstance(value, str) or value.strip().lower() not in SEXES:
        raise ValueError(f"must be one of {', '.join(SEXES)}, not {_shown(value)}")
    return value.strip().lower()


def _scale(value: object) -> object:
    if not isinstance(value, str) or value.strip().lower() not in SCALES:
        raise ValueError(f"must be ECOG, WHO, Karnofsky or Lansky, not {_shown(value)}")
    return SCALES[value.strip().lower()][0]


def _unit(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a unit string, not {_shown(value)}")
    try:
        return ucum_code(value)
    except UnitError as error:
        raise ValueError(str(error)) from None


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string, not {_shown(value)}")
    return value.strip()


def _identifier(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a CURIE or an IRI, not {_shown(value)}")
    expand_curie(value.strip())
    return value  # as given: reports name it so


def _lab_index(key: str) -> str:
    """A lab's key as the criteria know it: a LOINC code, or a measure's IRI."""
    if _LOINC.fullmatch(key):
        return key
    try:
        return str(expand_curie(key))
    except ValueError:
        raise ValueError("key must be a LOINC code (718-7) or a measure CURIE (measure:...)") from None


def _lab_key(key: str) -> str:
    _lab_index(key)
    return key  # as given: reports name it so


Number = Annotated[Decimal, BeforeValidator(_number)]
Amount = Annotated[Number, AfterValidator(_not_negative)]
Limit = Annotated[Number, AfterValidator(_positive)]
Identifier = Annotated[str, BeforeValidator(_identifier)]
Text = Annotated[str, BeforeValidator(_text)]


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class _Quantity(_Closed):
    value: Amount
    unit: Annotated[str, BeforeValidator(_unit)]


class _Duration(_Quantity):
    @field_validator("unit")
    @classmethod
    def _in_time(cls, unit: str) -> str:
        if to_canonical(Decimal(1), unit)[1] != "d":
            raise ValueError(f"must be a time unit (days, weeks, months, years), not {unit!r}")
        return unit

    @property
    def days(self) -> Decimal:
        return to_canonical(self.value, self.unit)[0]


class _Lab(_Quantity):
    uln: Limit | None = None
    lln: Limit | None = None


class _Condition(_Closed):
    id: Identifier
    since: _Duration | None = None


class _PerformanceStatus(_Closed):
    scale: Annotated[Literal["ECOG", "WHO", "Karnofsky", "Lansky"], BeforeValidator(_scale)]
    value: int

    @field_validator("value", mode="before")
    @classmethod
    def _on_scale(cls, score: object, info: ValidationInfo) -> object:
        label = info.data.get("scale")  # validated first; absent when it was wrong
        top = next((top for name, top in SCALES.values() if name == label), None)
        if top is not None and (isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= top):
            raise ValueError(f"must be a whole number from 0 to {top} on {label}, not {_shown(score)}")
        return score


class _PatientFile(_Closed):
    age: Annotated[Number, AfterValidator(_age)] | None = None
    sex: Annotated[Literal["female", "male"], BeforeValidator(_sex)] | None = None
    conditions: list[
        Annotated[
            Annotated[Identifier, Tag("<iri>")] | Annotated[_Condition, Tag("<object>")],
            Discriminator(lambda item: "<object>" if isinstance(item, dict) else "<iri>"),
        ]
    ] = []
    absent_conditions: list[Identifier] = []
    performance_status: _PerformanceStatus | None = None
    labs: dict[Annotated[str, AfterValidator(_lab_key)], _Lab] = {}
    life_expectancy: _Duration | None = None
    prior_treatments: list[Text] = []

    def patient(self) -> Patient:
        return Patient(
            age=self.age,
            sex=self.sex,
            conditions=tuple(
                PatientCondition(c, expand_curie(c.strip()))
                if isinstance(c, str)
                else PatientCondition(c.id, expand_curie(c.id.strip()), c.since.days if c.since else None)
                for c in self.conditions
            ),
            absent_conditions=tuple(expand_curie(c.strip()) for c in self.absent_conditions),
            performance_status=(self.performance_status.scale, self.performance_status.value)
            if self.performance_status
            else None,
            labs={_lab_index(key): _lab(key, lab) for key, lab in self.labs.items()},
            life_expectancy_days=self.life_expectancy.days if self.life_expectancy else None,
            prior_treatments=tuple(self.prior_treatments),
        )


def _lab(key: str, lab: _Lab) -> Lab:
    canonical_value, canonical_unit = to_canonical(lab.value, lab.unit)
    return Lab(key, lab.value, lab.unit, canonical_value, canonical_unit, lab.uln, lab.lln)
