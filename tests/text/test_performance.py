"""Performance status and life expectancy read from one criterion's text (the forms of issue 14, with the
shared records that write them)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trialgraph.text.performance import Alternatives, LifeExpectancy, PerformanceStatus, read_performance

ECOG, WHO, KPS, LANSKY = "ECOG", "WHO", "KARNOFSKY", "LANSKY"

READ = [
    ("ECOG 0-1", [(ECOG, 0, 1)]),
    ("ECOG PS ≤ 2", [(ECOG, 0, 2)]),
    ("ECOG performance status of 0, 1 or 2", [(ECOG, 0, 2)]),
    ("Karnofsky ≥ 70%", [(KPS, 70, 100)]),
    ("KPS of 60 or higher", [(KPS, 60, 100)]),
    ("Lansky ≥ 50 for patients < 16 years", [(LANSKY, 50, 100)]),
    ("WHO PS 0\u20131", [(WHO, 0, 1)]),
    ("Karnofsky performance status > 70%.", [(KPS, 80, 100)]),  # NCT00711529: scores go in tens
    ("ECOG (Eastern Cooperative Oncology Group) Performance Status < 2", [(ECOG, 0, 1)]),  # NCT05631795
    ("ECOG performance status of less than or equal to (≤) 2.", [(ECOG, 0, 2)]),  # NCT02227251
    ("Have an Eastern Cooperative Oncology Group (ECOG) performance status score of 2 or less", [(ECOG, 0, 2)]),
    ("ECOG PS (Appendix 6) of 0~2.", [(ECOG, 0, 2)]),  # NCT07376707
    ("Performance status ECOG of 0, 1,2 or 3", [(ECOG, 0, 3)]),  # NCT01368107, as curated
    (
        "Patients must have a performance status corresponding to Eastern Cooperative Oncology Group (ECOG) scores "
        "of 0, 1 or 2. Use Karnofsky for patients > 16 years of age and Lansky for patients =< 16 years of age",
        [(ECOG, 0, 2)],
    ),  # NCT04851119: the other scales named without a score
]


@pytest.mark.parametrize(("text", "expected"), READ, ids=[t for t, _ in READ])
def test_a_performance_status_is_read(text, expected):
    assert read_performance(text) == [PerformanceStatus(*e) for e in expected]


ALTERNATIVES = [
    ("ECOG 0-2 or Karnofsky ≥ 60", [(ECOG, 0, 2), (KPS, 60, 100)]),
    ("ECOG performance status ≤ 2 (Karnofsky ≥ 60%).", [(ECOG, 0, 2), (KPS, 60, 100)]),  # NCT06529822
    ("WHO or ECOG performance status 0-1", [(WHO, 0, 1), (ECOG, 0, 1)]),  # NCT06630793
    (
        "World Health Organization (WHO)/Eastern Cooperative Oncology Group (ECOG) performance status of 0 or 1.",
        [(WHO, 0, 1), (ECOG, 0, 1)],
    ),  # NCT06417814
    (
        "ECOG performance status (PS) 0 to 1 for patients 18 and older or a Lansky PS ≥ 80 for patients 12 to 17 "
        "years of age.",
        [(ECOG, 0, 1), (LANSKY, 80, 100)],
    ),  # NCT06264180
]


@pytest.mark.parametrize(("text", "expected"), ALTERNATIVES, ids=[t for t, _ in ALTERNATIVES])
def test_scales_with_their_own_scores_are_alternatives(text, expected):
    assert read_performance(text) == [Alternatives(tuple(PerformanceStatus(*e) for e in expected))]


REPORTED = [
    # NCT02576665: each score applies to some patients only
    ("Patient has an ECOG Performance Status score of 0 or 1 (solid tumors) or KPS score ≥ 70 (rHGG).", "condition"),
    # NCT05607199: ECOG 2 allowed for some
    (
        "ECOG Performance status of 0 or 1 (Patients with disease related ECOG 2 are allowed, in addition to ECOG 0 "
        "and 1).",
        "condition",
    ),
    ("Performance Score: KPS > 12 y/o >/= 50 or LPS for < 12y >/= 50 assessed at enrollment.", "no score read"),
    ("ECOG performance status 0-7", "not possible on the ECOG scale"),
    ("Karnofsky 65-100", "not possible on the KARNOFSKY scale"),
]


@pytest.mark.parametrize(("text", "problem"), REPORTED, ids=[t for t, _ in REPORTED])
def test_an_unclear_performance_status_is_reported_not_read(text, problem):
    (found,) = read_performance(text)
    assert isinstance(found, str) and problem in found and found.endswith("not taken")


LIFE = [
    ("life expectancy of at least 12 weeks", (">=", "12", "wk")),
    ("Life expectancy ≥ 3 months", (">=", "3", "mo")),
    ("Life expectancy of 3 months or more.", (">=", "3", "mo")),  # NCT06081920
    (
        "Participants should have estimated life expectancy of greater than (>) 3 months at study entry.",
        (">", "3", "mo"),
    ),  # NCT02227251
    ("Life expectancy <6 months", ("<", "6", "mo")),  # NCT03165734, an exclusion
    ("Minimum life expectancy of > 12 weeks at Day 1.", (">", "12", "wk")),  # NCT06194448
    ("Life expectancy of at least 2 years", (">=", "2", "a")),
]


@pytest.mark.parametrize(("text", "expected"), LIFE, ids=[t for t, _ in LIFE])
def test_a_life_expectancy_is_read(text, expected):
    comparator, value, unit = expected
    (found,) = read_performance(text)
    assert isinstance(found, LifeExpectancy)
    assert (found.comparator, found.value, found.unit) == (comparator, Decimal(value), unit)


def test_performance_status_and_life_expectancy_in_one_criterion():
    # NCT05351788 inc-02
    found = read_performance(
        "Patients with an Eastern Cooperative Oncology Group (ECOG) performance status of 0 to 1 with an expected "
        "survival of ≥ 12 weeks;"
    )
    assert found == [PerformanceStatus(ECOG, 0, 1), LifeExpectancy(">=", Decimal(12), "wk", "weeks")]


@pytest.mark.parametrize(
    "text",
    [
        "and able to pass screening with the Short Portable Mental Status Questionnaire and Karnofsky Performance "
        "Status Scale.",  # NCT01416909: a scale, no score
        "Patients who have an active concurrent malignancy that could impact life expectancy within the next 3 "
        "years.",  # NCT03878979: no bound on life expectancy
        "Who have received 2 prior lines of therapy",  # "Who" is no scale
        "Have a performance status on the Eastern Cooperative Oncology Group (ECOG) scale of:",  # a heading
    ],
)
def test_text_without_a_score_gives_nothing(text):
    assert read_performance(text) == []
