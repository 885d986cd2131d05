"""The query library: every file has a header, and every question's answer is checked by value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import pytest
from rdflib import URIRef

from trialgraph.questions.library import GraphBackend, parse_params, query_library, run_query

ID = "https://w3id.org/trialgraph/id/"


def answer(graph, project, name: str, *params: str) -> list[tuple]:
    query = query_library(project.queries_dir)[name]
    bindings = parse_params(list(params), query, graph.namespace_manager)
    table = run_query(query, GraphBackend(graph), bindings)
    assert tuple(table.columns) == query.columns, "the header's columns must match the query's"
    return [tuple(None if v is None else v.toPython() for v in row) for row in table.rows]


def drugs_in_several_trials(graph, project):
    rows = answer(graph, project, "drugs-in-several-trials")
    # ORDER BY trial count, then label in code-point order (upper case first)
    assert [(label, n, set(trials.split(", "))) for _, label, n, trials in rows] == [
        ("CYT107", 2, {"NCT01368107", "NCT04426201"}),
        ("anastrozole", 2, {"NCT03079011", "NCT05190094"}),
        ("capecitabine", 2, {"NCT01368107", "anakinra-tpc-mbc"}),
        ("letrozole", 2, {"NCT03079011", "NCT05190094"}),
        ("palbociclib", 2, {"NCT03079011", "NCT05190094"}),
    ]


def drug_doses_and_routes(graph, project):
    rows = answer(graph, project, "drug-doses-and-routes", "drug=intervention:palbociclib")
    found = {(r[2].rsplit("/", 1)[-1], str(r[4]) if r[4] is not None else None, r[5], r[6]) for r in rows}
    assert ("NCT05190094", "125.0", "mg", "oral") in found
    assert {f[0] for f in found} == {"NCT03079011", "NCT05190094"}
    assert {f[1] for f in found if f[0] == "NCT03079011"} == {None}  # seed 003 states no dose
    all_rows = answer(graph, project, "drug-doses-and-routes")
    assert {r[1] for r in all_rows} >= {"CYT107", "anakinra", "palbociclib", "fulvestrant", "letrozole"}


def arms_per_trial(graph, project):
    rows = answer(graph, project, "arms-per-trial")
    assert {r[0].rsplit("/", 1)[-1]: r[2] for r in rows} == {
        "NCT01368107": 4,
        "NCT03079011": 2,  # two randomised arms; Step 1 is an epoch
        "NCT04426201": 2,
        "NCT05190094": 1,
        "anakinra-tpc-mbc": 1,
    }
    arms = {r[0].rsplit("/", 1)[-1]: r[3] for r in rows}
    assert arms["NCT04426201"] == "CYT107 Treatment | Saline control"  # in the source's order


def lab_thresholds(graph, project):
    rows = answer(graph, project, "lab-thresholds", f"test=<{ID}measure/platelet-count>")
    found = {(r[1].rsplit("/", 1)[-1], r[2], r[3], str(r[4]), r[5]) for r in rows}
    assert found == {
        ("NCT01368107", "inclusion", ">=", "100.0", "10*9/L"),
        ("NCT03079011", "inclusion", ">=", "100.0", "10*9/L"),
        ("NCT05190094", "inclusion", ">=", "100.0", "10*9/L"),
    }
    uln = {
        (r[1].rsplit("/", 1)[-1], str(r[6]))
        for r in answer(graph, project, "lab-thresholds", f"test=<{ID}measure/alt>")
    }
    assert uln == {("NCT01368107", "2.5"), ("NCT04426201", "5.0"), ("NCT05190094", "2.5")}


def sites_by_country(graph, project):
    rows = answer(graph, project, "sites-by-country")
    assert [(r[0], r[1].rsplit("/", 1)[-1], r[2]) for r in rows] == [
        ("Algeria", "NCT05190094", 2),
        ("France", "NCT01368107", 3),
        ("Jordan", "NCT05190094", 1),
        ("Saudi Arabia", "NCT05190094", 4),
        ("United States", "NCT04426201", 2),
    ]


def short(value) -> str:
    """The last segment of an IRI: trial:NCT01368107 -> NCT01368107."""
    return str(value).rsplit("/", 1)[-1]


def placebo_controlled_trials(graph, project):
    rows = answer(graph, project, "placebo-controlled-trials")
    # seed 000: arms 1-3 all receive placebo at some time (before cycle 1 and/or during cycle 3)
    assert {(short(t), arm, placebo) for t, arm, placebo, _ in rows} == {
        ("NCT01368107", "Placebo Arm", "placebo"),
        ("NCT01368107", "CYT107 treatment before CT", "placebo"),
        ("NCT01368107", "CYT107 treatment during CT", "placebo"),
        ("NCT04426201", "Saline control", "placebo (normal saline)"),
    }


def arm_regimens(graph, project):
    rows = answer(graph, project, "arm-regimens")
    anakinra = {(i, g) for t, _, _, i, g in rows if short(t) == "anakinra-tpc-mbc"}
    assert anakinra == {
        ("anakinra", "component"),
        ("nab-paclitaxel", "option of a choice"),
        ("capecitabine", "option of a choice"),
        ("eribulin", "option of a choice"),
        ("vinorelbine", "option of a choice"),
    }
    # Arm B's regimens in both epochs (through its study cells): the aromatase inhibitors in Step 1
    arm_b = {i for t, arm, _, i, _ in rows if arm.startswith("Arm B")}
    assert arm_b == {"fulvestrant", "palbociclib", "letrozole", "exemestane", "anastrozole"}
    types = {(arm, kind) for t, arm, kind, _, _ in rows if short(t) == "NCT01368107"}
    assert ("Placebo Arm", "PLACEBO_COMPARATOR") in types and len(rows) == 29  # NCT03079011: 4 for Arm A, 5 for B


def combination_regimens(graph, project):
    rows = answer(graph, project, "combination-regimens")
    assert {(short(t), arm, n) for t, arm, n in rows} == {
        ("NCT01368107", "CYT107 treatment before CT", 2),
        ("NCT01368107", "CYT107 treatment during CT", 2),
        ("NCT01368107", "CYT107 treatment before and during CT", 2),  # CYT107 twice counts once
        ("NCT03079011", "Arm A: continue palbociclib + aromatase inhibitor", 2),
        ("NCT03079011", "Arm B: fulvestrant + palbociclib", 2),
        ("NCT05190094", "Palbociclib + Aromatase Inhibitors (AI) (Letrozole or Anatrozole)", 2),
        ("anakinra-tpc-mbc", "Anakinra plus Standard of Care", 2),
    }  # NCT04426201 gives CYT107 alone: not a combination


def trials_per_condition(graph, project):
    rows = answer(graph, project, "trials-per-condition", "condition=condition:breast-cancer")
    assert [(label, n, set(trials.split(", "))) for _, label, n, trials in rows] == [
        ("breast cancer", 4, {"NCT01368107", "anakinra-tpc-mbc", "NCT03079011", "NCT05190094"})
    ]
    everything = answer(graph, project, "trials-per-condition")
    assert {(label, n) for _, label, n, _ in everything} >= {("COVID-19", 1), ("lymphopenia", 1)}


def trials_per_country(graph, project):
    rows = answer(graph, project, "trials-per-country")
    assert [(label, trials, sites) for _, label, trials, sites in rows] == [
        ("Algeria", 1, 2),
        ("France", 1, 3),
        ("Jordan", 1, 1),
        ("Saudi Arabia", 1, 4),
        ("United States", 1, 2),
    ]
    assert answer(graph, project, "trials-per-country", "country=place:US")[0][1:] == ("United States", 1, 2)


def trials_per_sponsor(graph, project):
    rows = {(short(o), short(t), role, cls) for o, _, t, role, cls in answer(graph, project, "trials-per-sponsor")}
    assert ("international-cancer-research-group", "NCT05190094", "LEAD", "OTHER") in rows
    assert ("revimmune", "NCT04426201", None, "INDUSTRY") in rows  # seed 002 gives no roles
    assert ("cytheris", "NCT01368107", "COLLABORATOR", None) in rows  # registry page gives no class
    assert len(rows) == 12


def trials_per_agency_class(graph, project):
    rows = answer(graph, project, "trials-per-agency-class")
    assert rows == [("INDUSTRY", 1, 1), ("OTHER", 2, 5), ("OTHER_GOV", 1, 1), ("UNKNOWN", 1, 3)]


def phase_and_status(graph, project):
    rows = {
        short(r[0]): tuple(None if v is None else str(v) for v in r[1:])
        for r in answer(graph, project, "phase-and-status")
    }
    assert rows["NCT04426201"] == ("PHASE2", "TERMINATED", "INTERVENTIONAL", "2020-12-20", "2022-06-30")
    assert rows["NCT05190094"] == ("PHASE2", "RECRUITING", "INTERVENTIONAL", "2022-12-20", "2026-06-30")
    assert rows["NCT03079011"][:2] == (None, None)  # phase 3 only in secondary copies: left out


def trial_design(graph, project):
    rows = {short(r[0]): r[1:] for r in answer(graph, project, "trial-design")}
    allocation, model, masking, masked, enrollment, kind = rows["NCT04426201"]
    assert (allocation, model, masking, enrollment, kind) == ("RANDOMIZED", "PARALLEL", "QUADRUPLE", 10, "ACTUAL")
    assert set(masked.split(", ")) == {"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"}
    assert rows["NCT05190094"][:3] == ("NA", "SINGLE_GROUP", "NONE") and rows["NCT05190094"][4] == 80


def age_ranges(graph, project):
    rows = {(short(t), c, str(v), u) for t, c, v, u in answer(graph, project, "age-ranges")}
    assert rows == {
        ("NCT01368107", ">", "18.0", "a"),
        ("NCT03079011", ">=", "18.0", "a"),
        ("NCT04426201", ">=", "25.0", "a"),
        ("NCT04426201", "<=", "80.0", "a"),
        ("NCT05190094", ">=", "18.0", "a"),
    }


def trials_excluding_condition(graph, project):
    rows = answer(graph, project, "trials-excluding-condition", "condition=condition:hiv-infection")
    assert {short(t) for _, _, t, _ in rows} == {"NCT01368107", "NCT03079011", "NCT04426201", "NCT05190094"}
    verbatim = {short(t): v for _, _, t, v in rows}
    assert verbatim["NCT01368107"] == "Documented HIV-1 positivity"


def performance_status_ranges(graph, project):
    rows = {(short(t), s, lo, hi) for t, s, lo, hi in answer(graph, project, "performance-status-ranges")}
    assert rows == {("NCT01368107", "ECOG", 0, 3), ("NCT03079011", "ECOG", 0, 2), ("NCT05190094", "WHO", 0, 2)}


def drug_classes_in_trials(graph, project):
    rows = answer(graph, project, "drug-classes-in-trials", "class=drugclass:aromatase-inhibitor")
    assert {(short(t), frozenset(d.split(", "))) for _, _, t, d in rows} == {
        ("NCT03079011", frozenset({"letrozole", "anastrozole", "exemestane"})),
        ("NCT05190094", frozenset({"letrozole", "anastrozole"})),
    }
    interleukin = answer(graph, project, "drug-classes-in-trials", "class=drugclass:interleukin")
    assert {short(t) for _, _, t, _ in interleukin} == {"NCT01368107", "NCT04426201"}
    # anakinra is an IL-1 receptor antagonist, a narrower class of interleukin inhibitor (ATC L04AC)
    inhibitors = answer(graph, project, "drug-classes-in-trials", "class=drugclass:interleukin-inhibitor")
    assert [(short(t), d) for _, _, t, d in inhibitors] == [("anakinra-tpc-mbc", "anakinra")]


def physicians_choice(graph, project):
    raw = answer(graph, project, "physicians-choice")
    assert len(raw) == 4  # PADA-1's step 1 and arm A both choose an aromatase inhibitor
    rows = {(short(t), by, frozenset(o.split(", "))) for t, _, by, o in raw}
    assert (
        "anakinra-tpc-mbc",
        "PHYSICIAN",
        frozenset({"nab-paclitaxel", "capecitabine", "eribulin", "vinorelbine"}),
    ) in rows
    assert ("NCT05190094", None, frozenset({"letrozole", "anastrozole"})) in rows


def relative_timing(graph, project):
    rows = answer(graph, project, "relative-timing")
    assert {(arm, drug, rel, cycle) for t, arm, drug, rel, _, cycle, _, _ in rows if short(t) == "NCT01368107"} == {
        ("Placebo Arm", "placebo", "BEFORE", 1),
        ("Placebo Arm", "placebo", "DURING", 3),
        ("CYT107 treatment before CT", "CYT107", "BEFORE", 1),
        ("CYT107 treatment before CT", "placebo", "DURING", 3),
        ("CYT107 treatment during CT", "placebo", "BEFORE", 1),
        ("CYT107 treatment during CT", "CYT107", "DURING", 3),
        ("CYT107 treatment before and during CT", "CYT107", "BEFORE", 1),
        ("CYT107 treatment before and during CT", "CYT107", "DURING", 3),
    }
    offsets = {(short(t), drug, rel, str(off), unit) for t, _, drug, rel, _, _, off, unit in rows if off is not None}
    assert offsets == {
        ("NCT04426201", "CYT107", "AFTER", "72.0", "h"),
        ("anakinra-tpc-mbc", "anakinra", "BEFORE", "2.0", "wk"),
    }


def misplaced_criteria(graph, project):
    rows = answer(graph, project, "misplaced-criteria")
    seed_002 = {
        n for t, kind, under, n, _ in rows if short(t) == "NCT04426201" and (kind, under) == ("INCLUSION", "EXCLUSION")
    }
    assert seed_002 == {str(i) for i in range(6, 13)}
    seed_004 = {
        n for t, kind, under, n, _ in rows if short(t) == "NCT05190094" and (kind, under) == ("EXCLUSION", "INCLUSION")
    }
    assert {str(i) for i in range(7, 20)} <= seed_004  # printed 7-19 above the Exclusion heading


def curator_notes_by_kind(graph, project):
    rows = {(short(t), kind): n for t, kind, n in answer(graph, project, "curator-notes-by-kind")}
    assert rows[("NCT04426201", "MISPLACED")] == 1 and rows[("NCT05190094", "MISPLACED")] == 1
    assert rows[("NCT01368107", "CONTRADICTION")] == 1  # single-centre vs multicentric vs 3 sites
    assert all(n > 0 for n in rows.values()) and {t for t, _ in rows} == {
        "NCT01368107",
        "NCT03079011",
        "NCT04426201",
        "NCT05190094",
        "anakinra-tpc-mbc",
    }


def outcomes_shared_across_trials(graph, project):
    rows = answer(graph, project, "outcomes-shared-across-trials")
    assert [(c, n, set(t.split(", "))) for c, n, t in rows] == [
        ("clinical benefit", 2, {"NCT05190094 (SECONDARY)", "anakinra-tpc-mbc (SECONDARY)"}),
        ("objective response", 2, {"NCT05190094 (PRIMARY)", "anakinra-tpc-mbc (SECONDARY)"}),
        ("progression-free survival", 2, {"NCT05190094 (SECONDARY)", "anakinra-tpc-mbc (SECONDARY)"}),
        ("safety", 2, {"anakinra-tpc-mbc (PRIMARY)", "NCT05190094 (SECONDARY)"}),
    ]


def sites_per_trial(graph, project):
    rows = [(short(t), n, c) for t, n, c, _ in answer(graph, project, "sites-per-trial")]
    assert rows == [("NCT05190094", 7, 3), ("NCT01368107", 3, 1), ("NCT04426201", 2, 1)]


def trials_by_atc_group(graph, project):
    rows = answer(graph, project, "trials-by-atc-group", "group=atc:L02BG")
    assert {(label, short(t), frozenset(d.split(", "))) for _, label, t, d in rows} == {
        ("Aromatase inhibitors", "NCT03079011", frozenset({"letrozole", "anastrozole", "exemestane"})),
        ("Aromatase inhibitors", "NCT05190094", frozenset({"letrozole", "anastrozole"})),
    }
    taxanes = answer(graph, project, "trials-by-atc-group", "group=atc:L01CD")
    inhibitors = answer(graph, project, "trials-by-atc-group", "group=atc:L04AC")
    assert [(label, short(t), d) for _, label, t, d in inhibitors] == [
        ("Interleukin inhibitors", "anakinra-tpc-mbc", "anakinra")
    ]
    assert [(short(t), d) for _, _, t, d in taxanes] == [("anakinra-tpc-mbc", "nab-paclitaxel")]
    every = answer(graph, project, "trials-by-atc-group")
    top = {short(t) for g, _, t, _ in every if g.endswith("code=L")}
    assert top == {"NCT01368107", "NCT03079011", "NCT05190094", "anakinra-tpc-mbc"}  # CYT107 has no ATC code


def trials_on_disease(graph, project):
    breast = answer(graph, project, "trials-on-disease", "disease=MONDO:0007254")
    assert {short(t) for _, _, t, _ in breast} == {"NCT01368107", "NCT03079011", "NCT05190094", "anakinra-tpc-mbc"}
    cancer = answer(graph, project, "trials-on-disease", "disease=MONDO:0004992")  # through the MONDO hierarchy
    assert {short(t) for _, _, t, _ in cancer} == {short(t) for _, _, t, _ in breast}
    blood = answer(graph, project, "trials-on-disease", "disease=MONDO:0005570")  # lymphopenia < leukopenia < ...
    assert [(short(t), c) for _, _, t, c in blood] == [("NCT04426201", "lymphopenia")]
    er_positive = answer(graph, project, "trials-on-disease", "disease=MONDO:0006512")
    assert [short(t) for _, _, t, _ in er_positive] == ["NCT03079011"]


def atc_groups_combined_in_an_arm(graph, project):
    rows = answer(graph, project, "atc-groups-combined-in-an-arm", "first=atc:L01EF", "second=atc:L02BG")
    assert [(short(t), short(a), frozenset(d2.split(", "))) for t, a, _, _, _, d2 in rows] == [
        ("NCT03079011", "NCT03079011-arm-2", frozenset({"letrozole", "anastrozole", "exemestane"})),
        # Arm B: palbociclib with an aromatase inhibitor in Step 1 (its study cell), with fulvestrant after
        ("NCT03079011", "NCT03079011-arm-3", frozenset({"letrozole", "anastrozole", "exemestane"})),
        ("NCT05190094", "NCT05190094-arm-1", frozenset({"letrozole", "anastrozole"})),
    ]
    every = answer(graph, project, "atc-groups-combined-in-an-arm")
    pairs = {(g1.rsplit("=", 1)[-1], g2.rsplit("=", 1)[-1]) for _, _, g1, _, g2, _ in every}
    assert pairs == {
        ("L01EF", "L02BG"),
        ("L01EF", "L02BA"),
        ("L01BC", "L04AC"),
        ("L01CA", "L04AC"),
        ("L01CD", "L04AC"),
        ("L01XX", "L04AC"),
    }


def strictest_lab_thresholds(graph, project):
    rows = answer(graph, project, "strictest-lab-thresholds", "test=measure:neutrophil-count")
    # seed 004's 1.5 G/L is stricter than seed 000's 1,000/µL (1 x 10^9/L)
    assert [(short(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("NCT05190094", ">=", Decimal("1.5"), "10*9/L", Decimal("1.5"), "G/L"),
        ("NCT01368107", ">=", Decimal("1"), "10*9/L", Decimal("1000"), "/µL"),
    ]
    platelets = answer(graph, project, "strictest-lab-thresholds", "test=measure:platelet-count")
    # the garbled "100 109/µL" (seed 000) is the same bound as "100 G/L" (seeds 003, 004)
    assert {(short(r[1]), r[3], r[4], r[6]) for r in platelets} == {
        ("NCT01368107", Decimal("100"), "10*9/L", "109/µL"),
        ("NCT03079011", Decimal("100"), "10*9/L", "G/L"),
        ("NCT05190094", Decimal("100"), "10*9/L", "G/L"),
    }


def lab_value_against_thresholds(graph, project):
    def passes(value: str) -> dict:
        rows = answer(graph, project, "lab-value-against-thresholds", "test=measure:hemoglobin", f"value={value}")
        return {short(r[2]): (r[4], r[5], r[6], r[7]) for r in rows}

    # 90 g/L meets seed 003's ">= 90 g/L" but not seed 004's "> 9 g/dl" (90 g/L once converted)
    assert passes("90") == {
        "NCT03079011": (">=", Decimal("90"), "g/L", True),
        "NCT05190094": (">", Decimal("90"), "g/L", False),
    }
    assert {trial for trial, row in passes("90.5").items() if row[3]} == {"NCT03079011", "NCT05190094"}
    assert {trial for trial, row in passes("89").items() if row[3]} == set()
    # an exclusion bound passes when the value escapes it: lymphocytes <= 1000 cells/mm3 is an inclusion,
    # ER < 1% (NCT05190094) an exclusion
    er = answer(graph, project, "lab-value-against-thresholds", "test=measure:er-positive-cells", "value=50")
    assert {(short(r[2]), r[3], r[4], r[7]) for r in er} == {
        ("NCT03079011", "inclusion", ">=", True),
        ("NCT05190094", "inclusion", ">", True),
        ("NCT05190094", "exclusion", "<", True),
    }


def curated_vs_registry(graph, project):
    # computed on the fixture record (tests/fixtures/ctgov), which keeps seed 002's garbled eligibility layout
    rows = {
        field: (curated, registry, agrees)
        for _, field, curated, registry, agrees in answer(graph, project, "curated-vs-registry", "nct_id=NCT04426201")
    }
    assert rows == {
        "accepts healthy volunteers": ("false", "false", True),
        "allocation": ("RANDOMIZED", "RANDOMIZED", True),
        "arms": ("2", "2", True),
        "completion date": ("2022-06-30", "2022-06-30", True),
        "conditions": ("2", "2", True),
        "enrollment": ("10", "10", True),
        "enrollment type": ("ACTUAL", "ACTUAL", True),
        "exclusion criteria": ("17", "24", False),  # the seed lists inclusion items 6-12 under "Exclusion"
        "inclusion criteria": ("9", "3", False),  # the import's two, and its age fields' criterion
        "masking": ("QUADRUPLE", "QUADRUPLE", True),
        "overall status": ("TERMINATED", "TERMINATED", True),
        "phase": ("PHASE2", "PHASE2", True),
        "references": ("5", "5", True),
        "sites": ("2", "2", True),
        "start date": ("2020-12-20", "2020-12-20", True),
    }
    assert answer(graph, project, "curated-vs-registry", "nct_id=NCT05190094") == []  # curated only


def trials_measuring_outcome_kind(graph, project):
    # curated and imported trials alike: PADA-1's lay "how long patients remain without their disease getting
    # worse" is coded PFS by its curator, an imported record's "Progression-Free Survival (PFS)" by the reader
    primary = answer(
        graph, project, "trials-measuring-outcome-kind", "kind=tgv:outcomekind-pfs", "type=tgv:outcome-primary"
    )
    assert [(label, short(t), o) for _, label, t, _, o in primary] == [
        ("progression-free survival", "NCT03079011", "how long patients remain without their disease getting worse")
    ]
    pfs = answer(graph, project, "trials-measuring-outcome-kind", "kind=tgv:outcomekind-pfs")
    assert {short(t) for _, _, t, _, _ in pfs} == {"NCT03079011", "NCT05190094", "anakinra-tpc-mbc", "NCT03934567"}
    survival = answer(
        graph, project, "trials-measuring-outcome-kind", "kind=tgv:outcomekind-os", "type=tgv:outcome-primary"
    )
    assert [short(t) for _, _, t, _, _ in survival] == ["NCT06388018"]
    # one curated outcome naming three measures has a kind for each
    anakinra = {
        label
        for _, label, t, _, _ in answer(graph, project, "trials-measuring-outcome-kind")
        if short(t) == "anakinra-tpc-mbc"
    }
    assert anakinra == {
        "adverse event incidence",
        "clinical benefit rate",
        "objective response rate",
        "progression-free survival",
    }


def facts_by_source(graph, project):
    page = "source=<https://clinicaltrials.gov/study/NCT01368107>"
    rows = {(short(n), kind): props for _, n, kind, _, props in answer(graph, project, "facts-by-source", page)}
    assert set(rows) == {
        ("NCT01368107", "Trial"),
        ("NCT01368107-sponsor-1", "Sponsorship"),
        ("NCT01368107-sponsor-2", "Sponsorship"),
    }
    assert {"tg:phase", "tg:officialTitle", "tg:masking", "tg:nctId"} <= set(rows[("NCT01368107", "Trial")].split(", "))
    seed = answer(graph, project, "facts-by-source", "source=source:seed-000")
    kinds = {kind for _, _, kind, _, _ in seed}
    assert kinds == {"Trial", "Arm", "InclusionCriterion", "ExclusionCriterion", "Biological", "Drug", "Placebo"}
    assert sum(kind == "Arm" for _, _, kind, _, _ in seed) == 4
    # the import of the same trial: every arm and criterion from its registry page (the record lists no outcomes)
    imported = answer(graph, project, "facts-by-source", "source=<https://clinicaltrials.gov/study/NCT04426201>")
    from_import = Counter(kind for _, n, kind, _, _ in imported if "/ctgov/" in str(n))
    # two inclusion criteria from the text and the one the age fields give (inc-age)
    assert from_import == {"Trial": 1, "Arm": 2, "InclusionCriterion": 3, "ExclusionCriterion": 24}
    curated = [(short(n), set(props.split(", "))) for _, n, _, _, props in imported if "/ctgov/" not in str(n)]
    assert curated == [("NCT04426201", {"tg:condition", "tg:conditionText", "tg:enrollmentType", "tg:maskedRole"})]


def trials_under_mesh_term(graph, project):
    neoplasms = answer(graph, project, "trials-under-mesh-term", "term=mesh:D009369")
    trials = {short(t): how for _, _, t, _, how in neoplasms}
    # read by hand in ../shared/ctgov: the cancer trials, whose MeSH terms all fall under Neoplasms
    assert set(trials) == {
        "NCT01126879", "NCT01294579", "NCT02351479", "NCT02513394", "NCT03281889",
        "NCT03798106", "NCT03934567", "NCT05147467", "NCT06388018",
    }  # fmt: skip
    assert trials["NCT02513394"] == "condition ancestor" and {label for _, label, _, _, _ in neoplasms} == {"Neoplasms"}
    breast = answer(graph, project, "trials-under-mesh-term", "term=mesh:D001943")  # Breast Neoplasms, a term itself
    assert [(short(t), how) for _, _, t, _, how in breast] == [("NCT02513394", "condition")]
    # a curated trial counts through its condition's mapping (lymphopenia, mesh:D008231 in conditions.sssom.tsv)
    lymphopenia = answer(graph, project, "trials-under-mesh-term", "term=mesh:D008231")
    assert ("NCT04426201", "mapped condition") in {(short(t), how) for _, _, t, _, how in lymphopenia}


def epochs_and_study_cells(graph, project):
    rows = answer(graph, project, "epochs-and-study-cells")
    assert {short(t) for t, *_ in rows} == {"NCT03079011"}  # the one curated trial with a common first step
    cells = [
        (order, allocated, arm.split(":")[0], regimen.split(",")[0]) for _, order, _, allocated, arm, regimen in rows
    ]
    assert cells == [
        (1, False, "Arm A", "Palbociclib orally plus one aromatase inhibitor orally (letrozole"),
        (1, False, "Arm B", "Palbociclib orally plus one aromatase inhibitor orally (letrozole"),
        (2, True, "Arm A", "Palbociclib orally plus the same aromatase inhibitor orally"),
        (2, True, "Arm B", "Fulvestrant by injection plus palbociclib orally"),
    ]
    assert {epoch for _, order, epoch, *_ in rows if order == 1} == {"Step 1: initial treatment phase"}


EXPECTED: dict[str, Callable] = {
    "epochs-and-study-cells": epochs_and_study_cells,
    "strictest-lab-thresholds": strictest_lab_thresholds,
    "lab-value-against-thresholds": lab_value_against_thresholds,
    "drugs-in-several-trials": drugs_in_several_trials,
    "drug-doses-and-routes": drug_doses_and_routes,
    "arms-per-trial": arms_per_trial,
    "lab-thresholds": lab_thresholds,
    "sites-by-country": sites_by_country,
    "placebo-controlled-trials": placebo_controlled_trials,
    "arm-regimens": arm_regimens,
    "combination-regimens": combination_regimens,
    "trials-per-condition": trials_per_condition,
    "trials-per-country": trials_per_country,
    "trials-per-sponsor": trials_per_sponsor,
    "trials-per-agency-class": trials_per_agency_class,
    "phase-and-status": phase_and_status,
    "trial-design": trial_design,
    "age-ranges": age_ranges,
    "trials-excluding-condition": trials_excluding_condition,
    "performance-status-ranges": performance_status_ranges,
    "drug-classes-in-trials": drug_classes_in_trials,
    "physicians-choice": physicians_choice,
    "relative-timing": relative_timing,
    "misplaced-criteria": misplaced_criteria,
    "curator-notes-by-kind": curator_notes_by_kind,
    "outcomes-shared-across-trials": outcomes_shared_across_trials,
    "sites-per-trial": sites_per_trial,
    "trials-by-atc-group": trials_by_atc_group,
    "trials-on-disease": trials_on_disease,
    "atc-groups-combined-in-an-arm": atc_groups_combined_in_an_arm,
    "curated-vs-registry": curated_vs_registry,
    "trials-under-mesh-term": trials_under_mesh_term,
    "trials-measuring-outcome-kind": trials_measuring_outcome_kind,
    "facts-by-source": facts_by_source,
}
# Questions about imported records run on the curated data plus the fixture's import, or plus the import
# of every record in ../shared/ctgov (the registry-derived MeSH terms).
NEEDS_IMPORT = {"curated-vs-registry", "facts-by-source"}
NEEDS_REGISTRY = {"trials-under-mesh-term", "trials-measuring-outcome-kind"}
# Questions about results run on the curated data plus real records with results.
from .results_answers import RESULTS_EXPECTED  # noqa: E402 (it imports answer from here)

EXPECTED.update(RESULTS_EXPECTED)
NEEDS_RESULTS = set(RESULTS_EXPECTED)


def test_every_query_file_has_a_checked_answer(project):
    assert set(query_library(project.queries_dir)) == set(EXPECTED)
    assert len(EXPECTED) >= 27  # the library cannot silently shrink


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_query(name, project, request):
    fixture = (
        "graph_with_import"
        if name in NEEDS_IMPORT
        else "registry_graph"
        if name in NEEDS_REGISTRY
        else "graph_with_results"
        if name in NEEDS_RESULTS
        else "graph"
    )
    EXPECTED[name](request.getfixturevalue(fixture), project)


def test_header_is_required(tmp_path):
    from trialgraph.errors import InputError
    from trialgraph.questions.library import read_query

    path = tmp_path / "no-header.rq"
    path.write_text("# title: Something\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks: # description:, # columns:"):
        read_query(path)


def test_iri_parameter_is_bound_as_iri(graph, project):
    query = query_library(project.queries_dir)["lab-thresholds"]
    bindings = parse_params(["test=measure:platelet-count"], query, graph.namespace_manager)
    assert bindings == {"test": URIRef(f"{ID}measure/platelet-count")}


def test_qc_checks_share_one_set_of_columns(project):
    from trialgraph.checks.validation import QC_COLUMNS

    checks = query_library(project.queries_dir / "qc")
    assert len(checks) >= 5
    assert {name: q.columns for name, q in checks.items()} == {name: QC_COLUMNS for name in checks}
