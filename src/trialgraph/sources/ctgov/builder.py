"""What the mapping of every API module shares: namespaces, the study being built and its helpers.

Imported nodes live in their own namespace (ctgov:NCT04426201, ctgov:NCT04426201-arm-1...), so an
import and a curated trial of the same study sit side by side; `tg:importedFrom` marks the import.
One policy for a bad value, whatever the module: an enum value the vocabulary does not know is kept
as a plain literal, a value of the wrong kind (a list where text belongs, an impossible date) is left
out, and either is a warning naming the field (its JSON path) and the value, counted in the import
summary and written into the trial's curator note. Only a record without a valid NCT ID is skipped
(RecordError). Free text is kept as written; what cannot be structured is reported as a note.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS
from rdflib.term import Node

from ...text.contacts import scrub
from .read import StudyRecord

if TYPE_CHECKING:
    from .mapper import StudyMapper


class Terms(Namespace):
    """A namespace that makes each `TG.name` term once: rdflib's makes and checks a new URIRef on every
    access, which was the mapper's largest cost (thousands of accesses per study)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found before __getattr__ from now on
        return term


TG = Terms("https://w3id.org/trialgraph/ontology/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
CTGOV = Namespace("https://w3id.org/trialgraph/id/ctgov/")
SHARED_GRAPH = f"{CTGOV}shared"  # the named graph of what a store's studies share (labels, places)
CTORG = Namespace("https://w3id.org/trialgraph/id/ctgov/organization/")
CTPLACE = Namespace("https://w3id.org/trialgraph/id/ctgov/place/")
PLACE = Namespace("https://w3id.org/trialgraph/id/place/")
GEO = Terms("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Terms("http://schema.org/")
WAS_DERIVED_FROM = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
REGISTRY_PAGE = "https://clinicaltrials.gov/study/"
PREFIXES = {
    "tg": TG,
    "tgv": TGV,
    "ctgov": CTGOV,
    "ctorg": CTORG,
    "ctplace": CTPLACE,
    "place": PLACE,
    "geo": GEO,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
}
NCT_ID = re.compile(r"NCT[0-9]{8}")  # used with fullmatch: "$" would let a final newline in
XSD_INTEGER = XSD.integer
XSD_DECIMAL = XSD.decimal
# a date's shape (strptime alone would take "2020-1"), then the calendar's word on it (not 2021-02-29)
DATE_FORMS = tuple(
    (re.compile(shape), form, datatype)
    for shape, form, datatype in (
        (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "%Y-%m-%d", XSD.date),
        (r"[0-9]{4}-[0-9]{2}", "%Y-%m", XSD.gYearMonth),
        (r"[0-9]{4}", "%Y", XSD.gYear),
    )
)
DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s+(Years?|Months?|Weeks?|Days?|Hours?|Minutes?)\s*", re.IGNORECASE)
DURATION_UNITS = {"year": "a", "month": "mo", "week": "wk", "day": "d", "hour": "h", "minute": "min"}


class RecordError(ValueError):
    """A record that cannot be imported (no valid NCT ID); the message names the field."""


def slug(text: str) -> str:
    """A lower-case ASCII slug; text without Latin letters or digits gets none.

    >>> slug("Hôpital Saint-Louis (AP-HP)")
    'hopital-saint-louis-ap-hp'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def as_graph(triples: list[tuple[Node, Node, Node]], mesh: str) -> Graph:
    """The triples of one study as an rdflib Graph with the import's prefixes (for the Turtle files)."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)  # schema: is http://schema.org/ here, as in the ontology
    graph.bind("mesh", mesh)
    for triple in triples:
        graph.add(triple)
    return graph


def string_literal(text: str, lang: str | None = None) -> Literal:
    """`Literal(text, lang=lang)` without its checks and conversions, which cost more than the rest of the
    mapping of a string; `lang` is one of the mapper's own tags, text has no datatype to convert.

    >>> fast, slow = string_literal("Paris", "en"), Literal("Paris", lang="en")
    >>> (fast, fast.language, fast.datatype, fast.value) == (slow, slow.language, slow.datatype, slow.value)
    True
    """
    return _literal(text, lang, None, text)


def number_literal(value: int | Decimal) -> Literal:
    """`Literal(value)` for an int, `Literal(value, datatype=XSD.decimal)` for a Decimal, made directly.

    >>> [number_literal(v).eq(Literal(v, datatype=XSD.decimal if isinstance(v, Decimal) else None))
    ...  and number_literal(v).n3() == Literal(v, datatype=XSD.decimal if isinstance(v, Decimal) else None).n3()
    ...  for v in (3, Decimal("48.8566"), Decimal("-2.35"))]
    [True, True, True]
    """
    if isinstance(value, int):
        return _literal(str(value), None, XSD_INTEGER, value)
    return _literal(str(value), None, XSD_DECIMAL, value)


def _literal(lexical: str, lang: str | None, datatype: URIRef | None, value: Any) -> Literal:
    literal = str.__new__(Literal, lexical)
    literal._language, literal._datatype, literal._value, literal._ill_typed = lang, datatype, value, False
    if datatype is None:
        literal._ill_typed = None
    return literal


def get(data: Any, path: str) -> Any:
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


class StudyBuilder:
    """The graph of one record as it is built; the module mappers add to it and collect notes."""

    def __init__(self, mapper: StudyMapper, record: StudyRecord):
        self.mapper = mapper
        self.record = record
        self.protocol = record.study.get("protocolSection")
        if not isinstance(self.protocol, dict):
            raise RecordError("protocolSection: missing")
        nct_id = get(self.protocol, "identificationModule.nctId")
        if not nct_id:
            raise RecordError("protocolSection.identificationModule.nctId: missing")
        if not isinstance(nct_id, str) or not NCT_ID.fullmatch(nct_id):
            raise RecordError(f"protocolSection.identificationModule.nctId: not an NCT ID: {nct_id!r}")
        self.nct = nct_id
        self.trial = CTGOV[nct_id]
        # plain tuples: the store mode writes them as N-Quads, the Turtle mode makes a Graph of them
        self.triples: list[tuple[Node, Node, Node]] = []
        self.notes: list[str] = []
        self.warnings: list[str] = []  # bad values kept as literals or left out, each naming field and value
        self.unknown_values = 0  # of them, enum values the vocabulary does not know
        self._trial_notes = 0
        self.source = URIRef(REGISTRY_PAGE + nct_id)

    def node(self, suffix: str) -> URIRef:
        return CTGOV[f"{self.nct}-{suffix}"]

    def local(self, node: URIRef) -> str:
        """`ctgov:NCT01234567-arm-1` -> `arm-1`, for naming the blank nodes that hang off it."""
        return str(node).removeprefix(str(CTGOV)).removeprefix(f"{self.nct}-")

    def add(self, subject, predicate, obj) -> None:
        if obj is not None:
            self.triples.append((subject, predicate, obj))

    def derived(self, node: URIRef) -> None:
        """`node` (an arm, criterion or outcome) was read from the registry record: its source per node."""
        self.triples.append((node, WAS_DERIVED_FROM, self.source))

    def warn(self, field_path: str, problem: str) -> None:
        """A bad value: in the summary's warnings and in the trial's curator note."""
        message = f"{field_path}: {problem}"
        if message not in self.warnings:
            self.warnings.append(message)
            self.notes.append(message)

    def text(self, value: Any, field_path: str, lang: str | None = "en") -> Literal | None:
        """Free text as a literal, contact details removed (and noted)."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.warn(field_path, f"expected text, found {type(value).__name__}; left out")
            return None
        cleaned, removed = scrub(value.strip())
        if removed:
            self.notes.append(f"{field_path}: {removed} e-mail address(es) or phone number(s) removed")
        return string_literal(cleaned, lang)

    def enum(self, scheme: str, value: Any, field_path: str) -> URIRef | Literal | None:
        """The value-set concept of a registry enum value; an unknown value is kept as a plain literal."""
        if value is None:
            return None
        concept = self.mapper.value_sets.find(scheme, value)
        if concept is not None:
            return concept
        if not isinstance(value, str) or not value.strip():
            self.warn(field_path, f"not a value of tgv:{scheme}: {value!r}; left out")
            return None
        problem = f"unknown value {value!r} (no concept of tgv:{scheme}); kept as a plain literal"
        self.unknown_values += f"{field_path}: {problem}" not in self.warnings
        self.warn(field_path, problem)
        return string_literal(scrub(value)[0])

    def flag(self, value: Any, field_path: str) -> Literal | None:
        """A registry boolean; anything else is a bad value, left out."""
        if value is None or isinstance(value, bool):
            return None if value is None else Literal(value)
        self.warn(field_path, f"expected true or false, found {value!r}; left out")
        return None

    def date(self, value: Any, field_path: str) -> Literal | None:
        """A registry date as xsd:date, xsd:gYearMonth or (a year alone) xsd:gYear; anything else is left out."""
        if value is None:
            return None
        for shape, form, datatype in DATE_FORMS if isinstance(value, str) else ():
            if shape.fullmatch(value):
                try:
                    datetime.strptime(value, form)
                except ValueError:
                    self.warn(field_path, f"not a calendar date: {value!r}; left out")
                    return None
                return Literal(value, datatype=datatype)
        self.warn(field_path, f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}; left out")
        return None

    def duration(self, value: Any, field_path: str, name: str) -> BNode | None:
        """'18 Years', '6 Months' as a Quantity in a UCUM time unit; anything else is noted."""
        if value is None:
            return None
        match = DURATION.fullmatch(value) if isinstance(value, str) else None
        if not match:
            self.notes.append(f"{field_path}: {value!r} not understood as a duration")
            return None
        number, unit_text = match.groups()
        return self.quantity(name, Decimal(number), DURATION_UNITS[unit_text.lower().rstrip("s")], unit_text)

    def section(self, name: str) -> dict:
        value = self.protocol.get(name) or {}
        if not isinstance(value, dict):
            self.warn(f"protocolSection.{name}", f"expected an object, found {type(value).__name__}; left out")
            return {}
        return value

    def items(self, container: dict, key: str, field_path: str) -> list:
        value = container.get(key) or []
        if not isinstance(value, list):
            self.warn(f"{field_path}.{key}", f"expected a list, found {type(value).__name__}; left out")
            return []
        return value

    def note(self, kind: str, text: str, holder: URIRef | None = None) -> None:
        """A curator note about the registry record, on the trial or on one of its nodes (one per kind)."""
        if holder is None or holder == self.trial:
            holder = self.trial
            self._trial_notes += 1
            name = f"{self.nct}-note-{self._trial_notes}"
        else:
            name = f"{self.nct}-{self.local(holder)}-note-{kind}"
        note = BNode(name)
        self.add(holder, TG.hasCuratorNote, note)
        self.add(note, RDF.type, TG.CuratorNote)
        self.add(note, TG.noteKind, TGV[f"note-{kind}"])
        self.add(note, TG.aboutSource, self.source)
        self.add(note, TG.noteText, Literal(scrub(text)[0], lang="en"))

    def listed(self, module: dict, key: str, where: str, required: str, what: str) -> Iterator[tuple[int, str, dict]]:
        """The entries of a list that have their `required` field, with their index and field path; the
        others are skipped, and said so in the trial's curator note."""
        for index, entry in enumerate(self.items(module, key, where)):
            field_path = f"{where}.{key}[{index}]"
            if isinstance(entry, dict) and entry.get(required):
                yield index, field_path, entry
            else:
                self.notes.append(f"{field_path}.{required}: missing, {what} not imported")

    def quantity(self, name: str, value: Decimal, unit: str, unit_text: str | None) -> BNode:
        quantity = BNode(f"{self.nct}-{name}")
        self.add(quantity, RDF.type, TG.Quantity)
        self.add(quantity, TG.numericValue, Literal(value, datatype=XSD.decimal))
        self.add(quantity, TG.unit, Literal(unit))
        self.add(quantity, TG.unitText, Literal(unit_text) if unit_text else None)
        return quantity

    def organization(self, name: str) -> URIRef:
        # a name without Latin letters gets a stable digest, so that re-imports give the same IRI
        iri = CTORG[slug(name) or "org-" + hashlib.sha1(name.encode()).hexdigest()[:12]]
        self.add(iri, RDF.type, TG.Organization)
        self.add(iri, RDFS.label, self.text(name, "organization name"))
        return iri
