"""eligibilityModule: sex, ages and age groups, healthy volunteers, the sampling method and study population of
an observational study, and the criteria with their lab thresholds, performance status and life expectancy.

Age is given at both levels, as curated trials have it (the build derives their trial level,
trialgraph.graph.age_levels): the fields at trial level, and one inclusion criterion whose age constraints
are the same fields, as a curator writes 'aged 18 to 80 years'."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef

from ....text.conditions import AgeCondition, StudyCondition
from ....text.criteria import split_criteria
from ....text.performance import Alternatives, LifeExpectancy, PerformanceStatus, read_performance
from ..builder import TG, StudyBuilder


def map_module(study: StudyBuilder) -> None:
    module = study.section("eligibilityModule")
    where = "protocolSection.eligibilityModule"
    study.add(study.trial, TG.eligibleSex, study.enum("Sex", module.get("sex"), f"{where}.sex"))
    ages = []
    for field, level in (("minimumAge", TG.minimumAge), ("maximumAge", TG.maximumAge)):
        quantity = study.duration(module.get(field), f"{where}.{field}", AGE_FIELDS[field][0])
        study.add(study.trial, level, quantity)
        if quantity is not None:
            ages.append(field)
    _age_criterion(study, module, ages, where)
    for index, group in enumerate(study.items(module, "stdAges", where)):
        study.add(study.trial, TG.standardAgeGroup, study.enum("StandardAge", group, f"{where}.stdAges[{index}]"))
    study.add(
        study.trial,
        TG.acceptsHealthyVolunteers,
        study.flag(module.get("healthyVolunteers"), f"{where}.healthyVolunteers"),
    )
    study.add(
        study.trial,
        TG.samplingMethod,
        study.enum("SamplingMethod", module.get("samplingMethod"), f"{where}.samplingMethod"),
    )
    study.add(study.trial, TG.studyPopulation, study.text(module.get("studyPopulation"), f"{where}.studyPopulation"))
    text = module.get("eligibilityCriteria")
    if not text:
        return
    study.add(study.trial, TG.eligibilityText, study.text(text, f"{where}.eligibilityCriteria"))
    split = split_criteria(text)
    if split.unplaced:
        shown = " | ".join(split.unplaced)
        study.notes.append(
            f"{where}.eligibilityCriteria: {len(split.unplaced)} line(s) before any Inclusion or Exclusion "
            f"heading, not split into criteria: {shown[:300]}"
        )
    counters = {"inclusion": 0, "exclusion": 0}
    iris: dict[int, URIRef] = {}
    for item in split.items:
        counters[item.section] += 1
        prefix = "inc" if item.section == "inclusion" else "exc"
        iri = study.node(f"{prefix}-{counters[item.section]:02d}")
        iris[item.position] = iri
        study.add(study.trial, TG.hasCriterion, iri)
        study.add(iri, RDF.type, TG.InclusionCriterion if item.section == "inclusion" else TG.ExclusionCriterion)
        study.derived(iri)
        study.add(iri, TG.position, Literal(item.position))
        study.add(iri, TG.sourceNumber, Literal(item.source_number) if item.source_number else None)
        study.add(iri, TG.verbatim, study.text(item.text, f"{where}.eligibilityCriteria"))
        if item.parent is not None:
            study.add(iri, TG.subCriterionOf, iris[item.parent])
        if study.mapper.thresholds is not None:  # the criterion readers are on
            field_path = f"{where}.eligibilityCriteria ({prefix}-{counters[item.section]:02d})"
            _lab_thresholds(study, iri, item.text, item.section, field_path)
            _performance(study, iri, item.text, field_path)


# field -> (quantity name at trial level, comparator, the registry page's label)
AGE_FIELDS = {"minimumAge": ("minimum-age", ">=", "Minimum Age"), "maximumAge": ("maximum-age", "<=", "Maximum Age")}


def _age_criterion(study: StudyBuilder, module: dict, fields: list[str], where: str) -> None:
    """The age fields that were understood, as the age constraints of one inclusion criterion ('inc-age',
    unnumbered: the registry lists it apart from the criteria text)."""
    if not fields:
        return
    criterion = study.node("inc-age")
    study.add(study.trial, TG.hasCriterion, criterion)
    study.add(criterion, RDF.type, TG.InclusionCriterion)
    study.derived(criterion)
    shown = "; ".join(f"{AGE_FIELDS[field][2]}: {module[field]}" for field in fields)
    study.add(criterion, TG.verbatim, study.text(shown, f"{where}.minimumAge/maximumAge", lang=None))
    for field in fields:
        name, comparator, _ = AGE_FIELDS[field]
        constraint = BNode(f"{study.nct}-inc-age-{name}")
        study.add(criterion, TG.hasConstraint, constraint)
        study.add(constraint, RDF.type, TG.AgeConstraint)
        study.add(constraint, TG.comparator, study.enum("Comparator", comparator, f"{where}.{field}"))
        # a quantity of its own, as a curated criterion's threshold is; the QC check compares the two
        threshold = study.duration(module[field], f"{where}.{field}", f"inc-age-{name}-threshold")  # not the bound's id
        study.add(constraint, TG.threshold, threshold)


def _lab_thresholds(study: StudyBuilder, criterion: URIRef, text: str, section: str, field_path: str) -> None:
    """Each bound a constraint of the criterion; the bounds of one alternative group members of one tg:ConstraintGroup
    (any of), which the criterion holds instead; a condition made for the study a node of its own."""
    name = f"{study.nct}-{study.local(criterion)}"
    groups: dict[int, BNode] = {}
    conditions: dict[StudyCondition | AgeCondition, URIRef | BNode] = {}
    for number, found in enumerate(study.mapper.thresholds(text, section), start=1):
        if isinstance(found, str):
            study.notes.append(f"{field_path}: {found}")
            continue
        constraint = BNode(f"{name}-constraint-{number}")
        if found.any_of is None:
            study.add(criterion, TG.hasConstraint, constraint)
        else:
            if found.any_of not in groups:
                groups[found.any_of] = group = BNode(f"{name}-alternatives-{found.any_of}")
                study.add(criterion, TG.hasConstraint, group)
                study.add(group, RDF.type, TG.ConstraintGroup)
                study.add(group, TG.logic, study.enum("ConstraintLogic", "ANY_OF", field_path))
            study.add(groups[found.any_of], TG.member, constraint)
        study.add(constraint, RDF.type, TG.LabTestConstraint if found.lab_test else TG.MeasurementConstraint)
        study.add(constraint, TG.measure, found.measure)
        study.add(constraint, TG.comparator, study.enum("Comparator", found.comparator, field_path))
        for predicate, condition in ((TG.appliesWhen, found.applies_when), (TG.appliesUnless, found.applies_unless)):
            if isinstance(condition, StudyCondition | AgeCondition) and condition not in conditions:
                conditions[condition] = _condition_node(study, criterion, len(conditions) + 1, condition, field_path)
            study.add(constraint, predicate, conditions.get(condition, condition))  # a shared node, or None
        if found.uln_multiple is not None:  # a bound relative to the upper limit of normal, as curated
            study.add(constraint, TG.ulnMultiple, Literal(found.uln_multiple, datatype=XSD.decimal))
            continue
        threshold = study.quantity(
            f"{study.local(criterion)}-threshold-{number}", found.value, found.unit, found.unit_text
        )
        # no tg:canonicalValue here: assembly computes it from value and unit (trialgraph.graph.canonical), and a
        # second copy written as "100.0" would be a second value beside its "100"
        study.add(constraint, TG.threshold, threshold)


def _condition_node(
    study: StudyBuilder, criterion: URIRef, number: int, condition: StudyCondition | AgeCondition, field_path: str
) -> URIRef | BNode:
    """A condition of the study's own: a tg:UnlinkedCondition labelled with its words, or an age bound."""
    if isinstance(condition, StudyCondition):
        node = study.node(f"{study.local(criterion)}-condition-{number}")
        study.add(node, RDF.type, TG.UnlinkedCondition)  # no tg:Condition: words, mapped to nothing
        study.add(node, RDFS.label, Literal(condition.label))
        return node
    age = BNode(f"{study.nct}-{study.local(criterion)}-age-condition-{number}")
    study.add(age, RDF.type, TG.AgeConstraint)
    study.add(age, TG.comparator, study.enum("Comparator", condition.comparator, field_path))
    name = f"{study.local(criterion)}-age-condition-{number}-threshold"
    study.add(age, TG.threshold, study.quantity(name, condition.value, condition.unit, condition.unit_text))
    return age


def _performance(study: StudyBuilder, criterion: URIRef, text: str, field_path: str) -> None:
    """Performance status and life expectancy, as the curated trials state them (data/trials/NCT01368107.ttl)."""
    name = f"{study.nct}-{study.local(criterion)}"
    for number, found in enumerate(read_performance(text), start=1):
        if isinstance(found, str):
            study.notes.append(f"{field_path}: {found}")
            continue
        constraint = BNode(f"{name}-performance-{number}")
        study.add(criterion, TG.hasConstraint, constraint)
        if isinstance(found, LifeExpectancy):
            study.add(constraint, RDF.type, TG.LifeExpectancyConstraint)
            study.add(constraint, TG.comparator, study.enum("Comparator", found.comparator, field_path))
            threshold = study.quantity(
                f"{study.local(criterion)}-life-expectancy-{number}", found.value, found.unit, found.unit_text
            )
            study.add(constraint, TG.threshold, threshold)
            continue
        members = found.members if isinstance(found, Alternatives) else (found,)
        if len(members) > 1:  # any one of the scales suffices
            study.add(constraint, RDF.type, TG.ConstraintGroup)
            study.add(constraint, TG.logic, study.enum("ConstraintLogic", "ANY_OF", field_path))
        for index, member in enumerate(members, start=1):
            node = constraint if len(members) == 1 else BNode(f"{name}-performance-{number}-{index}")
            if node is not constraint:
                study.add(constraint, TG.member, node)
            _score(study, node, member, field_path)


def _score(study: StudyBuilder, node: BNode, found: PerformanceStatus, field_path: str) -> None:
    study.add(node, RDF.type, TG.PerformanceStatusConstraint)
    study.add(node, TG.scale, study.enum("PerformanceScale", found.scale, field_path))
    study.add(node, TG.minScore, Literal(found.min_score))
    study.add(node, TG.maxScore, Literal(found.max_score))
