"""The library's questions about results, checked by value on real records (tests/conftest.py
RESULTS_RECORDS); test_queries.py runs them with the others."""

from __future__ import annotations

from decimal import Decimal


def answer(graph, project, name: str, *params: str) -> list[tuple]:
    from .test_queries import answer as run  # late: test_queries imports this module

    return run(graph, project, name, *params)


CTGOV_ID = "https://w3id.org/trialgraph/id/ctgov/"
MESH = "http://id.nlm.nih.gov/mesh/"
PALLAS = f"{CTGOV_ID}NCT02513394"  # palbociclib plus endocrine therapy against endocrine therapy alone


def adverse_events_per_arm(graph, project):
    rows = answer(graph, project, "adverse-events-per-arm", "drug=mesh:C500026", "term=Neutropenia")
    # PALLAS' groups are titled "... (Arm A)", its arms "Arm A": no arm is guessed
    assert [r[3:] for r in rows] == [
        ("OTHER", "Endocrine Therapy Alone (Arm B)", None, None, 76, 2902, Decimal("2.6")),
        ("OTHER", "Palbociclib Plus Endocrine Therapy (Arm A)", None, None, 1125, 2841, Decimal("39.6")),
        ("SERIOUS", "Endocrine Therapy Alone (Arm B)", None, None, 0, 2902, Decimal("0")),
        ("SERIOUS", "Palbociclib Plus Endocrine Therapy (Arm A)", None, None, 4, 2841, Decimal("0.1")),
    ]
    assert {(str(r[0]), r[1], str(r[2])) for r in rows} == {(f"{MESH}C500026", "Neutropenia", PALLAS)}
    # groups titled as their arms say whether the arm gives the drug (NCT04280705: remdesivir against placebo)
    rows = answer(graph, project, "adverse-events-per-arm", f"drug=<{MESH}C000606551>")  # kept as given
    rows = [r for r in rows if str(r[2]) == f"{CTGOV_ID}NCT04280705"]
    assert {(r[5], r[6]) for r in rows} == {("Remdesivir", True), ("Placebo", False)}
    assert {r[4] for r in rows} == {"Remdesivir", "Placebo"}


def outcome_measure_results(graph, project):
    rows = answer(graph, project, "outcome-measure-results", "measure=Invasive Disease Free Survival (iDFS)")
    unit = "percentage of participants"
    assert {(str(r[1]), r[2], r[3], r[7], r[8], r[13], r[14]) for r in rows} == {
        (PALLAS, "PRIMARY", "Palbociclib Plus Endocrine Therapy (Arm A)", "number", Decimal("84.2"), unit, 2884),
        (PALLAS, "PRIMARY", "Endocrine Therapy Alone (Arm B)", "number", Decimal("84.5"), unit, 2877),
    }
    k_ybocs = [r for r in answer(graph, project, "outcome-measure-results") if str(r[1]).endswith("NCT00332579")]
    assert {(r[3], r[7], r[8], r[9], r[10]) for r in k_ybocs} == {
        ("Naltrexone", "mean", Decimal("3.83"), "standard deviation", Decimal("2.86")),
        ("Placebo", "mean", Decimal("11.46"), "standard deviation", Decimal("7.76")),
    }


def outcome_analyses(graph, project):
    rows = answer(graph, project, "outcome-analyses", f"trial=<{PALLAS}>")
    # the parts of a GROUP_CONCAT come in the engine's order (the printers sort them)
    idfs = [
        (" | ".join(sorted(r[2].split(" | "))), *r[3:]) for r in rows if r[1] == "Invasive Disease Free Survival (iDFS)"
    ]
    groups = "Endocrine Therapy Alone (Arm B) | Palbociclib Plus Endocrine Therapy (Arm A)"
    assert idfs == [
        (
            groups,
            "Log Rank",
            None,
            Decimal("0.65"),
            "Hazard Ratio (HR)",
            Decimal("0.96"),
            95,
            Decimal("0.81"),
            Decimal("1.14"),
        )
    ]
    assert len(rows) == 5
    bounded = {(r[4], r[5]) for r in answer(graph, project, "outcome-analyses", f"trial=<{CTGOV_ID}NCT02210780>")}
    assert ("<", Decimal("0.0001")) in bounded


def participants_completing_each_arm(graph, project):
    rows = answer(graph, project, "participants-completing-each-arm", f"trial=<{CTGOV_ID}NCT00711529>")
    assert [r[1:] for r in rows] == [
        ("Overall Study", "Gabapentin", "Gabapentin", 14, 8, Decimal("57.1")),
        ("Overall Study", "Hypnotherapy", "Hypnotherapy", 13, 9, Decimal("69.2")),
    ]
    pallas = answer(graph, project, "participants-completing-each-arm", f"trial=<{PALLAS}>")
    assert {r[2:6] for r in pallas} == {
        ("Palbociclib Plus Endocrine Therapy (Arm A)", None, 2896, 2884),
        ("Endocrine Therapy Alone (Arm B)", None, 2900, 2877),
    }


RESULTS_EXPECTED = {
    "adverse-events-per-arm": adverse_events_per_arm,
    "outcome-measure-results": outcome_measure_results,
    "outcome-analyses": outcome_analyses,
    "participants-completing-each-arm": participants_completing_each_arm,
}
