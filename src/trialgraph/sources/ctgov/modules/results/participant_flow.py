"""resultsSection.participantFlowModule: groups, periods, milestones and drop/withdrawal reasons,
each with its number of participants per group."""

from __future__ import annotations

from rdflib import RDF, RDFS, URIRef

from ...builder import TG, StudyBuilder, number_literal
from .common import Groups, count, entries, free_text, note_unlinked, plain, table, texts

WHERE = "resultsSection.participantFlowModule"


def map_module(study: StudyBuilder) -> None:
    module, flow = table(study, "participantFlowModule", "flow", TG.hasParticipantFlow, TG.ParticipantFlow)
    if flow is None:
        return
    texts(
        study,
        flow,
        module,
        WHERE,
        ("recruitmentDetails", TG.recruitmentDetails),
        ("preAssignmentDetails", TG.preAssignmentDetails),
    )
    unlinked: set[str] = set()
    groups = Groups(study, flow, "flow-group", unlinked)
    groups.read(module, "groups", WHERE)
    for position, (period_path, period) in enumerate(entries(study, module, "periods", WHERE), start=1):
        node = study.node(f"flow-period-{position}")
        study.add(flow, TG.hasPeriod, node)
        study.add(node, RDF.type, TG.FlowPeriod)
        study.add(node, TG.position, number_literal(position))
        study.add(node, RDFS.label, free_text(study, period.get("title"), f"{period_path}.title"))
        for index, (field_path, milestone) in enumerate(entries(study, period, "milestones", period_path), start=1):
            _counted(
                study,
                node,
                TG.hasMilestone,
                TG.FlowMilestone,
                f"{node}-milestone-{index}",
                milestone,
                groups,
                (TG.milestoneType, plain(study, milestone.get("type"), f"{field_path}.type")),
                "achievements",
                field_path,
            )
        for index, (field_path, reason) in enumerate(entries(study, period, "dropWithdraws", period_path), start=1):
            _counted(
                study,
                node,
                TG.hasDropWithdrawal,
                TG.DropWithdrawal,
                f"{node}-drop-{index}",
                reason,
                groups,
                (TG.reason, plain(study, reason.get("type"), f"{field_path}.type")),
                "reasons",
                field_path,
            )
    note_unlinked(study, unlinked, WHERE)


def _counted(study, period, link, cls, name, item, groups, kind, key, where) -> None:
    """A milestone or a drop/withdrawal reason and its number of participants per group."""
    node = URIRef(name)
    study.add(period, link, node)
    study.add(node, RDF.type, cls)
    study.add(node, *kind)
    for field_path, achieved in entries(study, item, key, where):
        group = groups.of(achieved.get("groupId"), field_path)
        participants = count(study, achieved.get("numSubjects"), f"{field_path}.numSubjects")
        if group is None or participants is None:
            continue
        counted = URIRef(f"{name}-{study.local(group).rsplit('-', 1)[-1]}")
        study.add(node, TG.hasGroupCount, counted)
        study.add(counted, RDF.type, TG.GroupCount)
        study.add(counted, TG.resultGroup, group)
        study.add(counted, TG.participants, participants)
        study.add(counted, TG.comment, free_text(study, achieved.get("comment"), f"{field_path}.comment"))
