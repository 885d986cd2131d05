"""Per trial, facts checked by SPARQL against the source document."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal, URIRef

from ..constants import CURATED_TRIALS, TRIAL

PREFIXES = """
PREFIX tg: <https://w3id.org/trialgraph/ontology/>
PREFIX tgv: <https://w3id.org/trialgraph/vocab/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

ARM_COUNT = "SELECT (COUNT(DISTINCT ?arm) AS ?n) WHERE { ?trial tg:hasArm ?arm }"

DOSES = """
SELECT ?drug ?value ?unit ?route WHERE {
  ?trial tg:hasArm/tg:receives/tg:hasComponent/tg:hasOption? ?admin .
  ?admin tg:intervention/rdfs:label ?drug .
  OPTIONAL { ?admin tg:dose [ tg:numericValue ?value ; tg:unit ?unit ] }
  OPTIONAL { ?admin tg:route/skos:notation ?route }
}"""

SITE_COUNTRIES = "SELECT ?country WHERE { ?trial tg:hasSite/tg:country/tg:isoCode ?country }"

LAB_THRESHOLD = """
SELECT ?kind ?cmp ?value ?unit ?uln WHERE {
  ?trial tg:hasCriterion ?c . ?c a ?kind ; tg:hasConstraint/tg:member? ?k .
  FILTER (?kind IN (tg:InclusionCriterion, tg:ExclusionCriterion))
  ?k tg:measure ?measure ; tg:comparator/skos:notation ?cmp .
  OPTIONAL { ?k tg:threshold [ tg:numericValue ?value ; tg:unit ?unit ] }
  OPTIONAL { ?k tg:ulnMultiple ?uln }
}"""

M = "https://w3id.org/trialgraph/id/measure/"


def rows(graph, query: str, **bindings) -> set[tuple]:
    values = {k: (v if isinstance(v, URIRef | Literal) else Literal(v)) for k, v in bindings.items()}
    return {
        tuple(None if x is None else x.toPython() for x in row)
        for row in graph.query(PREFIXES + query, initBindings=values)
    }


def trial(name: str) -> URIRef:
    return URIRef(TRIAL + name)


def test_every_seed_has_its_trial(graph):
    for seed, name in CURATED_TRIALS.items():
        sources = rows(graph, "SELECT ?f WHERE { ?trial tg:curationSource/tg:fileName ?f }", trial=trial(name))
        assert (seed,) in sources, f"{name} does not cite its seed {seed}"


@pytest.mark.parametrize(
    ("name", "arms"),
    [
        ("NCT01368107", 4),
        ("anakinra-tpc-mbc", 1),
        ("NCT04426201", 2),
        ("NCT03079011", 2),  # two randomised arms; the common Step 1 is an epoch (test_pada1_epochs_and_cells)
        ("NCT05190094", 1),
    ],
)
def test_number_of_arms(graph, name, arms):
    assert rows(graph, ARM_COUNT, trial=trial(name)) == {(arms,)}


@pytest.mark.parametrize(
    ("name", "drug", "expected"),
    [
        # seed 000: "CYT107 (10µg/kg/week subcutaneously for 3 weeks)"
        ("NCT01368107", "CYT107", {(Decimal("10.0"), "ug/kg", "SUBCUTANEOUS")}),
        # seed 002: "IM administration at 10µg/kg"
        ("NCT04426201", "CYT107", {(Decimal("10.0"), "ug/kg", "INTRAMUSCULAR")}),
        # seed 004: "Palbociclib (125 mg daily per os", "Letrozole (2.5mg ) or Anastrozole (1mg) daily per os"
        ("NCT05190094", "palbociclib", {(Decimal("125.0"), "mg", "ORAL")}),
        ("NCT05190094", "letrozole", {(Decimal("2.5"), "mg", "ORAL")}),
        ("NCT05190094", "anastrozole", {(Decimal("1.0"), "mg", "ORAL")}),
        # seed 003 states routes but no doses: "Fulvestrant is given as an injection", palbociclib "by mouth"
        ("NCT03079011", "fulvestrant", {(None, None, "INJECTION")}),
        ("NCT03079011", "palbociclib", {(None, None, "ORAL")}),
        # seed 001 states neither dose nor route for anakinra
        ("anakinra-tpc-mbc", "anakinra", {(None, None, None)}),
    ],
)
def test_dose_unit_and_route(graph, name, drug, expected):
    found = rows(graph, DOSES, trial=trial(name), drug=Literal(drug, lang="en"))
    assert {row[1:] for row in found} == expected


@pytest.mark.parametrize(
    ("name", "countries"),
    [
        ("NCT01368107", {"FR"}),  # three French centres (city and country from their ROR records)
        ("NCT04426201", {"US"}),  # New York and Houston
        ("NCT05190094", {"DZ", "JO", "SA"}),
        ("NCT03079011", set()),  # the lay summary names no site
        ("anakinra-tpc-mbc", set()),
    ],
)
def test_site_countries(graph, name, countries):
    assert {c for (c,) in rows(graph, SITE_COUNTRIES, trial=trial(name))} == countries


def test_site_counts_per_country_for_nct05190094(graph):
    query = "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?trial tg:hasSite ?s . ?s tg:country/tg:isoCode ?c } GROUP BY ?c"
    assert rows(graph, query, trial=trial("NCT05190094")) == {("DZ", 2), ("JO", 1), ("SA", 4)}


IN = URIRef("https://w3id.org/trialgraph/ontology/InclusionCriterion")
EX = URIRef("https://w3id.org/trialgraph/ontology/ExclusionCriterion")


@pytest.mark.parametrize(
    ("name", "measure", "expected"),
    [
        # seed 000 "Platelets ≥ 100 109/µL" is garbled for 100 x10^9/L
        ("NCT01368107", "platelet-count", {(IN, ">=", Decimal("100.0"), "10*9/L", None)}),
        ("NCT01368107", "total-bilirubin", {(IN, "<=", None, None, Decimal("1.5"))}),
        # seed 002: ALC ≤ 1000 cells/mm3 (listed under the exclusion heading, an inclusion criterion)
        ("NCT04426201", "lymphocyte-count", {(IN, "<=", Decimal("1000.0"), "/mm3", None)}),
        ("NCT04426201", "alt", {(EX, ">", None, None, Decimal("5.0"))}),
        # seed 003: "Hemoglobin levels ≥ 90 g/L", "Platelet count ≥ 100 G/L"
        ("NCT03079011", "hemoglobin", {(IN, ">=", Decimal("90.0"), "g/L", None)}),
        ("NCT03079011", "platelet-count", {(IN, ">=", Decimal("100.0"), "10*9/L", None)}),
        # seed 004: "Hb> 9g/dl", "Leucocyte count > 3.0 G/L"
        ("NCT05190094", "hemoglobin", {(IN, ">", Decimal("9.0"), "g/dL", None)}),
        ("NCT05190094", "leukocyte-count", {(IN, ">", Decimal("3.0"), "10*9/L", None)}),
        ("NCT05190094", "creatinine-clearance", {(IN, ">=", Decimal("40.0"), "mL/min", None)}),
    ],
)
def test_lab_threshold(graph, name, measure, expected):
    found = rows(graph, LAB_THRESHOLD, trial=trial(name), measure=URIRef(M + measure))
    assert {(URIRef(k), *rest) for (k, *rest) in found} == expected


@pytest.mark.parametrize(
    ("name", "scale", "low", "high"),
    [
        ("NCT01368107", "ECOG", 0, 3),  # "Performance status ECOG of 0, 1,2 or 3"
        ("NCT03079011", "ECOG", 0, 2),  # "ECOG performance status of 0-2"
        ("NCT05190094", "WHO", 0, 2),  # "Performance status < 3 (according to WHO criteria)"
    ],
)
def test_performance_status(graph, name, scale, low, high):
    query = """SELECT ?scale ?lo ?hi WHERE { ?trial tg:hasCriterion/tg:hasConstraint ?k .
        ?k a tg:PerformanceStatusConstraint ; tg:scale/skos:notation ?scale ; tg:minScore ?lo ; tg:maxScore ?hi }"""
    assert rows(graph, query, trial=trial(name)) == {(scale, low, high)}


def test_nct04426201_age_range_and_misplaced_inclusions(graph):
    ages = """SELECT ?cmp ?v ?u WHERE { ?trial tg:hasCriterion/tg:hasConstraint ?k . ?k a tg:AgeConstraint ;
        tg:comparator/skos:notation ?cmp ; tg:threshold [ tg:numericValue ?v ; tg:unit ?u ] }"""
    assert rows(graph, ages, trial=trial("NCT04426201")) == {(">=", Decimal("25.0"), "a"), ("<=", Decimal("80.0"), "a")}
    misplaced = """SELECT ?n WHERE { ?trial tg:hasCriterion ?c . ?c a tg:InclusionCriterion ;
        tg:listedUnder tgv:section-exclusion ; tg:sourceNumber ?n }"""
    assert {n for (n,) in rows(graph, misplaced, trial=trial("NCT04426201"))} == {str(i) for i in range(6, 13)}


def test_nct04426201_schedule(graph):
    # "10 μg/kg twice a week for 3 weeks (maximum 7 administrations)", after 72 h of observation: the first
    # dose (at most 1) and at most 6 more, each maximum on its dose pattern
    query = """SELECT ?f ?pv ?pu ?dv ?du ?max ?off WHERE {
        ?trial tg:hasArm/tg:receives/tg:hasComponent ?a . ?a tg:maxAdministrations ?max .
        ?a tg:frequency ?f ; tg:period [ tg:numericValue ?pv ; tg:unit ?pu ] ;
        tg:duration [ tg:numericValue ?dv ; tg:unit ?du ] ; tg:intervention/rdfs:label "CYT107"@en .
        OPTIONAL { ?a tg:timing/tg:offset/tg:numericValue ?off } }"""
    assert rows(graph, query, trial=trial("NCT04426201")) == {
        (Decimal("2.0"), Decimal("1.0"), "wk", Decimal("3.0"), "wk", 6, Decimal("72.0"))
    }
    caps = """SELECT ?arm (SUM(?max) AS ?total) WHERE {
        ?trial tg:hasArm ?a . ?a rdfs:label ?arm ; tg:receives/tg:hasComponent/tg:maxAdministrations ?max }
        GROUP BY ?arm"""
    assert rows(graph, caps, trial=trial("NCT04426201")) == {("CYT107 Treatment", 7), ("Saline control", 7)}
    assert rows(graph, "SELECT ?r WHERE { ?r a tg:Regimen ; tg:maxAdministrations ?m }") == set()


def test_every_curated_arm_has_a_type(graph):
    query = """SELECT ?trial ?arm ?type WHERE { ?trial tg:hasArm ?a . ?a rdfs:label ?arm .
        OPTIONAL { ?a tg:armType/skos:notation ?type } }"""
    found = {(t.rsplit("/", 1)[-1], arm, kind) for t, arm, kind in rows(graph, query)}
    assert len(found) == 10 and all(kind is not None for _, _, kind in found)
    # the curator's readings where the seed gives no type, each with its note
    assert {(t, arm, kind) for t, arm, kind in found if t in ("NCT03079011", "NCT04426201")} == {
        ("NCT03079011", "Arm A: continue palbociclib + aromatase inhibitor", "ACTIVE_COMPARATOR"),
        ("NCT03079011", "Arm B: fulvestrant + palbociclib", "EXPERIMENTAL"),
        ("NCT04426201", "CYT107 Treatment", "EXPERIMENTAL"),
        ("NCT04426201", "Saline control", "PLACEBO_COMPARATOR"),
    }


def test_pada1_epochs_and_cells(graph):
    epochs = """SELECT ?order ?allocated WHERE { ?trial tg:hasEpoch ?e .
        ?e tg:epochOrder ?order ; tg:allocatedAtStart ?allocated }"""
    assert rows(graph, epochs, trial=trial("NCT03079011")) == {(1, False), (2, True)}
    cells = """SELECT ?order ?arm ?regimen WHERE { ?trial tg:hasStudyCell ?c . ?c tg:cellEpoch/tg:epochOrder ?order ;
        tg:cellArm/tg:position ?arm ; tg:cellRegimen ?regimen }"""
    found = {(o, arm, str(r).rsplit("-", 1)[-1]) for o, arm, r in rows(graph, cells, trial=trial("NCT03079011"))}
    assert found == {(1, 1, "1"), (1, 2, "1"), (2, 1, "2"), (2, 2, "3")}  # Step 1's regimen for both arms
    # what each arm is randomised to is its tg:receives: the regimen of the epoch that allocation opens
    randomised = """SELECT ?arm WHERE { ?trial tg:hasStudyCell ?c . ?c tg:cellArm ?arm ; tg:cellRegimen ?r ;
        tg:cellEpoch/tg:allocatedAtStart true . ?arm tg:receives ?r }"""
    assert len(rows(graph, randomised, trial=trial("NCT03079011"))) == 2


@pytest.mark.parametrize(
    ("name", "minimum", "maximum"),
    [
        ("NCT01368107", Decimal("18.0"), None),  # "more than 18 years": the registry's "18 Years"
        ("NCT03079011", Decimal("18.0"), None),
        ("NCT04426201", Decimal("25.0"), Decimal("80.0")),
        ("NCT05190094", Decimal("18.0"), None),
        ("anakinra-tpc-mbc", None, None),  # the seed states no eligibility
    ],
)
def test_trial_level_age_derived_from_the_criteria(graph, name, minimum, maximum):
    query = """SELECT ?min ?max WHERE { ?trial a tg:Trial .
        OPTIONAL { ?trial tg:minimumAge [ tg:numericValue ?min ; tg:unit "a" ; tg:canonicalValue ?days ] }
        OPTIONAL { ?trial tg:maximumAge [ tg:numericValue ?max ; tg:unit "a" ] } }"""
    if minimum is None and maximum is None:  # a row of unbound values only is no row
        assert rows(graph, "SELECT ?q WHERE { ?trial tg:minimumAge|tg:maximumAge ?q }", trial=trial(name)) == set()
        return
    assert rows(graph, query, trial=trial(name)) == {(minimum, maximum)}


def test_masking_agrees_with_the_masked_roles(graph):
    query = """SELECT ?trial ?level (COUNT(DISTINCT ?role) AS ?roles) WHERE {
        ?trial tg:masking/skos:notation ?level ; tg:maskedRole ?role } GROUP BY ?trial ?level"""
    found = {(t.rsplit("/", 1)[-1], level, n) for t, level, n in rows(graph, query)}
    assert found == {("NCT01368107", "QUADRUPLE", 4), ("NCT04426201", "QUADRUPLE", 4)}


def test_nct05190094_on_off_schedule(graph):
    query = """SELECT ?on ?off ?cycle WHERE { ?trial tg:hasArm/tg:receives/tg:hasComponent ?a .
        ?a tg:intervention/rdfs:label "palbociclib"@en ; tg:onDuration/tg:numericValue ?on ;
        tg:offDuration/tg:numericValue ?off ; tg:cycleLength/tg:numericValue ?cycle }"""
    assert rows(graph, query, trial=trial("NCT05190094")) == {(Decimal("3.0"), Decimal("1.0"), Decimal("28.0"))}


def test_physicians_choice_in_anakinra_trial(graph):
    query = """SELECT ?label WHERE { ?trial tg:hasArm/tg:receives/tg:hasComponent ?c .
        ?c a tg:InterventionChoice ; tg:choiceBy tgv:choice-physician ;
           tg:hasOption/tg:intervention/rdfs:label ?label }"""
    found = {label for (label,) in rows(graph, query, trial=trial("anakinra-tpc-mbc"))}
    assert found == {"nab-paclitaxel", "capecitabine", "eribulin", "vinorelbine"}


def test_interventions_are_typed_by_the_ontology_definitions(graph):
    # the recombinant proteins are biologicals whatever the registry's intervention type says (Drug for CYT107)
    query = """SELECT ?label ?kind WHERE { ?trial tg:hasIntervention ?i . ?i rdfs:label ?label ; a ?kind .
        FILTER (?kind IN (tg:Drug, tg:Biological, tg:Placebo)) }"""
    kinds = {label: kind.rsplit("/", 1)[-1] for label, kind in rows(graph, query)}
    assert {label for label, kind in kinds.items() if kind == "Biological"} == {"CYT107", "anakinra"}
    assert {label for label, kind in kinds.items() if kind == "Placebo"} == {"placebo", "placebo (normal saline)"}
    assert len(kinds) == len(rows(graph, query)) == 13  # each intervention of one kind only


def test_placebo_arm_and_timing_in_nct01368107(graph):
    query = """SELECT ?arm ?size ?rel ?cycle WHERE { ?trial tg:hasArm ?a . ?a rdfs:label ?arm ; tg:plannedSize ?size ;
        tg:armType tgv:armtype-placebo-comparator ; tg:receives/tg:hasComponent ?adm .
        ?adm tg:intervention/a tg:Placebo ; tg:timing [ tg:timingRelation/skos:notation ?rel ;
        tg:referenceEvent/tg:cycleNumber ?cycle ] }"""
    assert rows(graph, query, trial=trial("NCT01368107")) == {
        ("Placebo Arm", 6, "BEFORE", 1),
        ("Placebo Arm", 6, "DURING", 3),
    }


def test_pada1_depends_on_esr1_biomarker(graph):
    query = "SELECT ?b WHERE { ?trial tg:dependsOnBiomarker ?b }"
    assert rows(graph, query, trial=trial("NCT03079011")) == {
        ("https://w3id.org/trialgraph/id/biomarker/esr1-mutation-ctdna",)
    }


def test_no_phone_numbers_or_email_addresses(graph):
    query = """SELECT ?s ?o WHERE { ?s ?p ?o . FILTER (isLiteral(?o) &&
        (REGEX(STR(?o), "[0-9]{9,}") || REGEX(STR(?o), "[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+[.][A-Za-z]{2,}"))) }"""
    assert rows(graph, query) == set()
