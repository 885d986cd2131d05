"""resultsSection.adverseEventsModule: the event groups with their totals (deaths, serious and other
events: participants affected and at risk), and each serious or other event with its term, organ
system, source vocabulary (MedDRA and its version, as written), assessment type and counts per group.

Results can be large (hundreds of terms times the groups): each count is one small node, and the
text every event repeats (organ system, vocabulary) is a plain literal, stored once by the store.
"""

from __future__ import annotations

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS

from ...builder import TG, TGV, StudyBuilder
from .common import Groups, count, entries, free_text, note_unlinked, number, plain, table, texts

WHERE = "resultsSection.adverseEventsModule"
TOTALS = (
    ("deathsNumAffected", TG.deathsAffected),
    ("deathsNumAtRisk", TG.deathsAtRisk),
    ("seriousNumAffected", TG.seriousAffected),
    ("seriousNumAtRisk", TG.seriousAtRisk),
    ("otherNumAffected", TG.otherAffected),
    ("otherNumAtRisk", TG.otherAtRisk),
)
KINDS = (("seriousEvents", "serious", TGV["ae-serious"]), ("otherEvents", "other", TGV["ae-other"]))


def map_module(study: StudyBuilder) -> None:
    module, report = table(
        study, "adverseEventsModule", "adverse-events", TG.hasAdverseEventReport, TG.AdverseEventReport
    )
    if report is None:
        return
    study.add(
        report, TG.frequencyThreshold, number(study, module.get("frequencyThreshold"), f"{WHERE}.frequencyThreshold")
    )
    texts(study, report, module, WHERE, ("timeFrame", TG.collectionTimeFrame), ("description", DCTERMS.description))
    unlinked: set[str] = set()
    groups = Groups(study, report, "ae-group", unlinked)
    for field_path, group in entries(study, module, "eventGroups", WHERE):
        node = groups.add(group, field_path)
        if node is not None:
            for key, prop in TOTALS:
                study.add(node, prop, count(study, group.get(key), f"{field_path}.{key}"))
    for key, name, seriousness in KINDS:
        for index, (field_path, event) in enumerate(entries(study, module, key, WHERE), start=1):
            node = study.node(f"ae-{name}-{index}")
            study.add(report, TG.hasAdverseEvent, node)
            study.add(node, RDF.type, TG.AdverseEvent)
            study.add(node, TG.seriousness, seriousness)
            study.add(node, TG.adverseEventTerm, plain(study, event.get("term"), f"{field_path}.term"))
            study.add(node, TG.organSystem, plain(study, event.get("organSystem"), f"{field_path}.organSystem"))
            study.add(
                node, TG.sourceVocabulary, plain(study, event.get("sourceVocabulary"), f"{field_path}.sourceVocabulary")
            )
            study.add(
                node,
                TG.assessmentType,
                study.enum("AssessmentType", event.get("assessmentType"), f"{field_path}.assessmentType"),
            )
            study.add(node, TG.comment, free_text(study, event.get("notes"), f"{field_path}.notes"))
            _counts(study, node, event, groups, field_path)
    note_unlinked(study, unlinked, WHERE)


def _counts(study: StudyBuilder, event: URIRef, item: dict, groups: Groups, where: str) -> None:
    for field_path, stats in entries(study, item, "stats", where):
        group = groups.of(stats.get("groupId"), field_path)
        if group is None:
            continue
        node = URIRef(f"{event}-{study.local(group).rsplit('-', 1)[-1]}")
        study.add(event, TG.hasEventCount, node)
        study.add(node, RDF.type, TG.AdverseEventCount)
        study.add(node, TG.resultGroup, group)
        study.add(node, TG.affected, count(study, stats.get("numAffected"), f"{field_path}.numAffected"))
        study.add(node, TG.atRisk, count(study, stats.get("numAtRisk"), f"{field_path}.numAtRisk"))
        study.add(node, TG.events, count(study, stats.get("numEvents"), f"{field_path}.numEvents"))
