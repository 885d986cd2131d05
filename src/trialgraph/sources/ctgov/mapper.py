"""One ClinicalTrials.gov API v2 study as TrialGraph RDF, modelled like the curated trials.

Each API module has its own mapper in `modules/`, so a reader holding the API documentation finds
each field's mapping in one place; `builder.StudyBuilder` holds what they share. Imported nodes live
in their own namespace (ctgov:NCT04426201, ctgov:NCT04426201-arm-1...), so an import and a curated
trial of the same study sit side by side; `tg:importedFrom` marks the import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import curies
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.term import Node

from ...graph.value_sets import ValueSets
from .builder import TG, RecordError, StudyBuilder, as_graph
from .countries import CountryCodes
from .modules import (
    arms,
    conditions,
    derived,
    description,
    design,
    documents,
    eligibility,
    identification,
    ipd_sharing,
    locations,
    outcomes,
    oversight,
    references,
    sponsors,
    status,
)
from .modules.results import adverse_events, baseline, outcome_results, participant_flow
from .read import StudyRecord

__all__ = ["MappedStudy", "RecordError", "StudyMapper"]

# in the order of the API's protocol section, then the document and derived sections, then the results
# section (whose groups and outcome results link to the arms and outcomes mapped before them)
MODULES = (
    identification,
    status,
    sponsors,
    oversight,
    description,
    conditions,
    design,
    arms,
    outcomes,
    eligibility,
    locations,
    references,
    ipd_sharing,
    documents,
    derived,
    participant_flow,
    baseline,
    outcome_results,
    adverse_events,
)


@dataclass
class MappedStudy:
    nct_id: str
    triples: list[tuple[Node, Node, Node]]
    notes: list[str] = field(default_factory=list)  # what was not parsed or was removed
    warnings: list[str] = field(default_factory=list)  # bad values kept as literals or left out
    unknown_values: int = 0  # of the warnings, enum values the vocabulary does not know
    mesh: str = ""  # the MeSH namespace, for the Turtle file's prefixes

    @property
    def graph(self) -> Graph:
        return as_graph(self.triples, self.mesh)


class StudyMapper:
    """Maps study records; holds what every record shares (the value sets)."""

    def __init__(
        self,
        value_sets: ValueSets,
        converter: curies.Converter,
        thresholds: Callable[..., list] | None = None,  # (criterion text, section) -> readings
        countries: CountryCodes | None = None,
    ):
        self.value_sets = value_sets
        self.converter = converter  # the project's prefix map: MeSH IRIs as the mapping tables write them
        self.thresholds = thresholds
        self.countries = countries or CountryCodes()
        self.mesh = converter.expand("mesh:")

    def map(self, record: StudyRecord) -> MappedStudy:
        study = StudyBuilder(self, record)
        _provenance(study)
        for module in MODULES:
            kept = len(study.triples)
            try:
                module.map_module(study)
            except (AttributeError, KeyError, IndexError, TypeError, ValueError) as error:
                # a field of a type or shape the module does not expect (`true` where a list belongs,
                # say): what the module added is taken back, the study keeps its other modules
                del study.triples[kept:]
                name = module.__name__.rsplit(".", 1)[-1]
                study.warn(
                    _field_of(error), f"unexpected value ({type(error).__name__}: {error}); the {name} module left out"
                )
        if study.notes:
            study.note("omission", "Not imported or not structured from the registry record: " + "; ".join(study.notes))
        return MappedStudy(study.nct, study.triples, study.notes, study.warnings, study.unknown_values, mesh=self.mesh)


def _provenance(study: StudyBuilder) -> None:
    """The registry record the trial was imported from."""
    study.add(study.source, RDF.type, TG.RegistryRecord)
    study.add(study.source, RDFS.label, Literal(f"ClinicalTrials.gov record {study.nct} (API v2 JSON)"))
    study.add(study.source, TG.fileName, Literal(study.record.file_name))
    study.add(study.trial, RDF.type, TG.Trial)
    study.add(study.trial, TG.curationSource, study.source)
    study.add(study.trial, TG.importedFrom, study.source)
    study.add(study.trial, TG.registryRecord, study.source)


def _field_of(error: BaseException) -> str:
    """The field a module was reading when `error` was raised: the innermost `field_path` or `where`
    of the module mappers' frames (each names the field it reads so)."""
    found = "protocolSection"
    frame = error.__traceback__
    while frame is not None:
        names = frame.tb_frame.f_locals
        for name in ("where", "field_path"):
            if isinstance(names.get(name), str):
                found = names[name]
        frame = frame.tb_next
    return found
