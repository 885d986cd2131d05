"""The outcome-kind reader codes a title only when it names one kind clearly (titles from real records)."""

from __future__ import annotations

import pytest

from trialgraph.text.outcome_kinds import outcome_kind

CODED = [
    ("Progression Free Survival (PFS)", "PFS"),
    ("PFS assessed by the Investigator", "PFS"),
    ("Progression-free survival (PFS) Rate at 12 months", "PFS"),
    ("Efficacy assessment: Progression Free Survival (PFS)", "PFS"),
    ("Progression-Free Survival (PFS) per RECIST v1.1", "PFS"),
    ("OS (Overall Survival)", "OS"),
    ("Overall survival at 5 years", "OS"),
    ("Invasive Disease Free Survival (iDFS)", "DFS"),
    ("Objective Response Rate (ORR)", "ORR"),
    ("Part 2: Overall Response Rate (ORR) Based on Lugano Criteria", "ORR"),
    ("Clinical benefit rate (CBR) per RECIST v1.1", "CBR"),
    ("Duration of Response (DoR) Using CNS Modified RECIST v1.1", "DOR"),
    ("First cycle Dose Limiting Toxicities (DLT)", "DLT"),
    ("Number of Participants With Treatment-Emergent Adverse Events", "AE"),
    ("Incidence and severity of adverse events (AEs)", "AE"),
    ("Percentage of Participants Reporting Serious Adverse Events (SAEs)", "AE"),
    ("Pharmacokinetics: Terminal elimination half-life (t½)", "PK"),
    ("Maximum plasma concentration (Cmax)", "PK"),
    ("PK: Area Under the Concentration Curve (AUC) of LY3200882", "PK"),
]

UNCODED = [
    # several kinds in one title
    "Part B: Esophageal Cohort Expansion: OS, PFS, DOR, rate & duration of disease control",
    "Part A: Dose Escalation / MTD Expansion: Disease parameters: ORR, DOR, PFS, OS",
    "Overall survival and progression-free survival",
    # a kind's words inside another measure
    "Part 1: Change from Baseline in Symptoms, Functioning, and Overall HRQoL as Assessed by Patient-reported "
    "Outcomes Version of the Common Terminology Criteria for Adverse Events",
    "Time to progression",
    "Rate of objective clinical response for the combination of Palbociclib + AI.",
    "Safety and tolerability of the proposed regimen.",
    "Osteoporosis incidence",
    "",
]


@pytest.mark.parametrize(("title", "kind"), CODED)
def test_a_clear_title_is_coded(title, kind):
    assert outcome_kind(title) == kind


@pytest.mark.parametrize("title", UNCODED)
def test_an_unclear_title_is_left_uncoded(title):
    assert outcome_kind(title) is None
