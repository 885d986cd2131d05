"""resultsSection.outcomeMeasuresModule: each reported outcome measure with its groups (and the
number analysed in each), its measurements per group, and its statistical analyses (p-value,
method, estimate, confidence interval, the groups compared).

A result reports on the protocol's outcome (tg:Outcome, from outcomesModule) whose measure text is
exactly its title (and, where several outcomes share that text, whose time frame is exactly its
time frame); where none is, the result stands alone and the study's notes say so.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef

from ...builder import TG, StudyBuilder, number_literal
from .common import (
    Groups,
    analysed,
    compared,
    describe_measure,
    entries,
    free_text,
    labelled,
    measurements,
    note_unlinked,
    number,
    plain,
    section,
    texts,
)

WHERE = "resultsSection.outcomeMeasuresModule"


def map_module(study: StudyBuilder) -> None:
    module = section(study, "outcomeMeasuresModule")
    if not module:
        return
    # a protocol may list one measure text several times, with different time frames
    by_title, by_both = labelled(study, TG.Outcome), labelled(study, TG.Outcome, TG.timeFrame)
    arms = labelled(study, TG.Arm)
    unlinked: set[str] = set()
    unmatched: list[str] = []
    for position, (field_path, measure) in enumerate(entries(study, module, "outcomeMeasures", WHERE), start=1):
        node = study.node(f"result-{position}")
        study.add(study.trial, TG.hasOutcomeResult, node)
        study.add(node, RDF.type, TG.OutcomeResult)
        study.add(node, TG.position, number_literal(position))
        title = plain(study, measure.get("title"), f"{field_path}.title")
        study.add(node, RDFS.label, title)
        frame = free_text(study, measure.get("timeFrame"), f"{field_path}.timeFrame")
        outcome = by_title.get((str(title),)) or by_both.get((str(title), str(frame or ""))) if title else None
        if outcome is not None:
            study.add(node, TG.reportsOutcome, outcome)
        elif title is not None:
            unmatched.append(f"{field_path} {str(title)!r}")
        describe_measure(study, node, measure, field_path)
        texts(study, node, measure, field_path, ("populationDescription", TG.populationDescription))
        groups = Groups(study, node, f"result-{position}-group", unlinked, arms)
        groups.read(measure, "groups", field_path)
        analysed(study, measure, groups, field_path)
        measurements(study, node, measure, groups, field_path)
        for index, (analysis_path, analysis) in enumerate(entries(study, measure, "analyses", field_path), start=1):
            _analysis(study, URIRef(f"{node}-analysis-{index}"), node, analysis, groups, analysis_path)
    if unmatched:
        study.notes.append(f"{WHERE}: no protocol outcome has exactly the title of {', '.join(unmatched)}")
    note_unlinked(study, unlinked, WHERE)


def _analysis(study: StudyBuilder, node: URIRef, result: URIRef, analysis: dict, groups: Groups, where: str) -> None:
    study.add(result, TG.hasAnalysis, node)
    study.add(node, RDF.type, TG.StatisticalAnalysis)
    codes = analysis.get("groupIds")
    for index, code in enumerate(codes if isinstance(codes, list) else []):
        study.add(node, TG.comparesGroup, groups.of(code, f"{where}.groupIds[{index}]"))
    p_value, comparator = compared(study, analysis.get("pValue"), f"{where}.pValue")
    study.add(node, TG.pValue, p_value)
    study.add(node, TG.pValueComparator, comparator)
    for key, prop in (
        ("statisticalMethod", TG.statisticalMethod),
        ("paramType", TG.estimateType),
        ("nonInferiorityType", TG.nonInferiorityType),
        ("ciNumSides", TG.ciSides),
    ):
        study.add(node, prop, plain(study, analysis.get(key), f"{where}.{key}"))
    for key, prop in (
        ("paramValue", TG.estimateValue),
        ("ciPctValue", TG.ciPercent),
        ("ciLowerLimit", TG.ciLowerLimit),
        ("ciUpperLimit", TG.ciUpperLimit),
        ("dispersionValue", TG.dispersionValue),
    ):
        study.add(node, prop, number(study, analysis.get(key), f"{where}.{key}"))
    study.add(
        node,
        TG.dispersionType,
        study.enum("DispersionType", analysis.get("dispersionType"), f"{where}.dispersionType"),
    )
    study.add(node, TG.comment, free_text(study, analysis.get("estimateComment"), f"{where}.estimateComment"))
