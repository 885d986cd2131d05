"""resultsSection.baselineCharacteristicsModule: groups (with the number of participants in each),
measures (age, sex, region...) with their parameter and dispersion types and unit, and each
measure's table of classes, categories and measurements per group."""

from __future__ import annotations

from rdflib import RDF, RDFS
from rdflib.namespace import DCTERMS

from ...builder import TG, StudyBuilder, number_literal
from .common import (
    Groups,
    analysed,
    describe_measure,
    entries,
    free_text,
    measurements,
    note_unlinked,
    plain,
    table,
    texts,
)

WHERE = "resultsSection.baselineCharacteristicsModule"


def map_module(study: StudyBuilder) -> None:
    module, baseline = table(
        study, "baselineCharacteristicsModule", "baseline", TG.hasBaselineCharacteristics, TG.BaselineCharacteristics
    )
    if baseline is None:
        return
    texts(study, baseline, module, WHERE, ("populationDescription", TG.populationDescription))
    unlinked: set[str] = set()
    groups = Groups(study, baseline, "baseline-group", unlinked)
    groups.read(module, "groups", WHERE)
    analysed(study, module, groups, WHERE)
    for position, (field_path, measure) in enumerate(entries(study, module, "measures", WHERE), start=1):
        node = study.node(f"baseline-{position}")
        study.add(baseline, TG.hasBaselineMeasure, node)
        study.add(node, RDF.type, TG.BaselineMeasure)
        study.add(node, TG.position, number_literal(position))
        study.add(node, RDFS.label, plain(study, measure.get("title"), f"{field_path}.title"))
        study.add(node, DCTERMS.description, free_text(study, measure.get("description"), f"{field_path}.description"))
        describe_measure(study, node, measure, field_path)
        measurements(study, node, measure, groups, field_path)
    note_unlinked(study, unlinked, WHERE)
