"""Age at both levels: the trial-level summary a curated trial's criteria give, derived at build."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
from rdflib import Graph, Namespace

from trialgraph.graph.age_levels import AGE_LEVELS, age_levels
from trialgraph.graph.store import construct

from ..constants import PREFIXES

TG = Namespace("https://w3id.org/trialgraph/ontology/")
TRIAL = Namespace("https://w3id.org/trialgraph/id/trial/")


def _trial(constraints: str, stated: str = "") -> str:
    return (
        PREFIXES
        + f"""
trial:NCT00000001 a tg:Trial ; tg:hasCriterion trial:NCT00000001-inc-01, trial:NCT00000001-exc-01 {stated} .
trial:NCT00000001-inc-01 a tg:InclusionCriterion ; tg:verbatim "Aged 18 to 75" ; tg:hasConstraint {constraints} .
trial:NCT00000001-exc-01 a tg:ExclusionCriterion ; tg:verbatim "Under 16" ;
    tg:hasConstraint [ a tg:AgeConstraint ; tg:comparator tgv:cmp-lt ;
        tg:threshold [ a tg:Quantity ; tg:numericValue 16.0 ; tg:unit "a" ] ] .
"""
    )


def _bound(comparator: str, value: str, unit: str = "a", extra: str = "") -> str:
    return (
        f"[ a tg:AgeConstraint ; tg:comparator tgv:{comparator} {extra} ; "
        f'tg:threshold [ a tg:Quantity ; tg:numericValue {value} ; tg:unit "{unit}" ] ]'
    )


def _levels(derived: Graph) -> dict[str, tuple[Decimal, str]]:
    found = {}
    for _, level, quantity in derived.triples((TRIAL.NCT00000001, None, None)):
        value, unit = derived.value(quantity, TG.numericValue), derived.value(quantity, TG.unit)
        found[level.rsplit("/", 1)[-1]] = (value.toPython(), str(unit))
    return found


def test_both_bounds_from_the_inclusion_criteria_only():
    text = _trial(f"{_bound('cmp-ge', '18.0')}, {_bound('cmp-le', '75.0')}")
    derived = age_levels(Graph().parse(data=text, format="turtle"))
    # the exclusion criterion's "under 16" is no upper bound of who may enter
    assert _levels(derived) == {"minimumAge": (Decimal("18.0"), "a"), "maximumAge": (Decimal("75.0"), "a")}
    assert len(set(derived.objects(TRIAL.NCT00000001, TG.minimumAge))) == 1


def test_a_strict_bound_gives_its_value_as_registries_write_it():
    derived = age_levels(Graph().parse(data=_trial(_bound("cmp-gt", "18.0")), format="turtle"))
    assert _levels(derived) == {"minimumAge": (Decimal("18.0"), "a")}


def test_a_stated_level_is_kept_and_not_derived_again():
    stated = '; tg:minimumAge [ a tg:Quantity ; tg:numericValue 21.0 ; tg:unit "a" ]'
    derived = age_levels(Graph().parse(data=_trial(_bound("cmp-ge", "18.0"), stated), format="turtle"))
    assert _levels(derived) == {}  # the QC check age-levels-disagree reports the two (tests/broken_cases.py)


def test_bounds_that_disagree_or_apply_conditionally_give_no_summary():
    two = f"{_bound('cmp-ge', '18.0')}, {_bound('cmp-ge', '216.0', 'mo')}, {_bound('cmp-le', '70.0')}"
    conditional = _bound("cmp-le", "80.0", extra="; tg:appliesWhen tgv:sex-female")
    derived = age_levels(Graph().parse(data=_trial(f"{two}, {conditional}"), format="turtle"))
    assert _levels(derived) == {"maximumAge": (Decimal("70.0"), "a")}


def test_a_bound_in_no_time_unit_gives_no_summary():  # the age shape reports it, in memory and in the store alike
    derived = age_levels(Graph().parse(data=_trial(_bound("cmp-ge", "18.0", "kg")), format="turtle"))
    assert _levels(derived) == {}


def test_the_store_derives_the_same_with_the_same_query():
    text = _trial(f"{_bound('cmp-ge', '18.0')}, {_bound('cmp-le', '75.0')}")
    store = ox.Store()
    store.load(text.encode(), format=ox.RdfFormat.TURTLE)
    assert _levels(construct(store, AGE_LEVELS)) == _levels(age_levels(Graph().parse(data=text, format="turtle")))
