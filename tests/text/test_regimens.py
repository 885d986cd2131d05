"""The regimen reader on texts of the shared records (NCT IDs cited), the gold set's schema, and its scorer."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from benchmarks import extraction_regimens as scorer
from trialgraph.text.doses import read_dose
from trialgraph.text.routes import read_routes


def test_loading_then_maintenance():
    # NCT04431453, arm 2
    r = read_dose("RDV 5 mg/kg, IV infusion on Day 1 followed by RDV 2.5 mg/kg mg, IV infusion, daily, up to 10 days.")
    assert (r.loading_dose.value, r.loading_dose.unit, r.dose.value, r.dose.unit) == (
        Decimal("5"),
        "mg/kg",
        Decimal("2.5"),
        "mg/kg",
    )
    assert (r.route, r.frequency.count, r.frequency.period, r.duration) == (
        "INTRAVENOUS",
        Decimal(1),
        (Decimal(1), "d"),
        (Decimal(10), "d"),
    )


def test_a_total_stated_as_the_loading_dose():
    # NCT02210780, arm 2: two injections of 300 mg make the 600 mg loading dose
    r = read_dose(
        "Two subcutaneous injections of Dupilumab 300 mg (for a total of 600 mg) as a loading dose on Day 1, "
        "followed by a single 300 mg injection qw from Week 1 to Week 15."
    )
    assert (r.loading_dose.value, r.dose.value, r.route) == (Decimal("600"), Decimal("300"), "SUBCUTANEOUS")
    assert r.frequency.period == (Decimal(1), "wk")


def test_ranges_are_kept_as_ranges():
    r = read_dose("1000-1600 mg day orally for 48 weeks.")  # NCT02515279
    assert r.dose is None and [(d.value, d.unit) for d in r.dose_range] == [
        (Decimal(1000), "mg/d"),
        (Decimal(1600), "mg/d"),
    ]
    cells = read_dose("Each dose will consist of between 1.0-2.0 x 10\\^7 cells")  # NCT03630809
    assert [(d.value, d.unit) for d in cells.dose_range] == [(Decimal("1E+7"), "{cells}"), (Decimal("2E+7"), "{cells}")]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("Colecalciferol (vitamin D3) 2000 IU (equivalent to 50 microgram vitamin D3).", "2000", "[iU]"),  # NCT05018585
        (
            "2 mg, dissolved in 2 mL of 0.9% Sodium Chloride Injection USP, then added to 50 mL",
            "2",
            "mg",
        ),  # NCT05605535
        (
            "Dose: 60 mg (BIW); Dosage form: film-coated (20 mg each) immediate release tablets",
            "60",
            "mg",
        ),  # NCT02227251
        (
            "olanzapine 0.1 mg/kg/dose (maximum 10 mg/dose) by mouth as a single daily dose",
            "0.1",
            "mg/kg",
        ),  # NCT03118986
        ("80 mg daily (or 40 mg daily for dose reduction)", "80", "mg"),  # NCT06194448
        ("100 mg/m\\^2 ABI-007 weekly for 3 weeks followed by 1 week rest", "100", "mg/m2"),  # NCT00456846
        ("45 Gy in 25 fractions of 1.8 Gy per fraction over 5 weeks", "1.8", "Gy"),  # NCT02964858
        ("Dato-DXd 6 milligrams per kilogram (mg/kg) as intravenous (IV) infusion", "6", "mg/kg"),  # NCT06417814
        ("dapagliflozin, 10 mg/day", "10", "mg/d"),  # NCT02969798
        ("60 mg (1.0 mL) subcutaneously", "60", "mg"),
        ("1000 units/m2 intramuscularly", "1000", "[arb'U]/m2"),
    ],
)
def test_one_dose_among_quantities_that_are_none(text, value, unit):
    dose = read_dose(text).dose
    assert (dose.value, dose.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    "text",
    [
        "Currently planned dose levels in Part 1 are 50mg, 100mg, 200mg, 300mg, 450mg, 600mg and 740mg once daily",
        "the dose will increase from 15 mg/day to 30 mg/day at month two",  # NCT02969798
        "0.18% Sodium Hyaluronate (trometamol buffer) in single-dose containers of 0.3 mL",  # NCT05865379
        # NCT04790240: a herbal formula
        "Platycodi Radix 2.4g, Peucedani Radix 2.4g, Cynanchi stauntonii Rhizoma 2.4g, Asteris Radix 2.4g",
    ],
)
def test_no_one_dose_is_guessed(text):
    reading = read_dose(text)
    assert reading.dose is None and reading.dose_range is None and reading.loading_dose is None


def test_routes_that_are_none_and_alternatives():
    assert read_routes("A 90 minute infusion in 250 ml of normal saline").routes == ()  # NCT01785420
    assert read_routes("IV access will be obtained for blood draws").routes == ()
    assert read_routes("blood pressure, pulse and oral temperature").routes == ()  # NCT06003400
    assert read_routes("Patients with Stage IV Breast Cancer").routes == ()
    either = read_routes("Dexamethasone will be given either orally or intravenously")
    assert (either.routes, either.alternatives) == (("INTRAVENOUS", "ORAL"), True)
    assert read_routes("DPI 250 mcg BID for 3 weeks").routes == ("INHALATION",)  # NCT00712335
    assert read_routes("intravesical BCG weekly").routes == ("INTRAVESICAL",)
    mixed = read_routes("Durvalumab 1500mg IV 1hr q3weeks Pazopanib 800mg QD PO q3wwks")  # NCT03798106
    assert mixed.routes == () and "several routes" in mixed.problem


def test_frequencies_and_cycles():
    # NCT02513394
    r = read_dose(
        "Palbociclib at a dose of 125 mg orally once daily, Day 1 to Day 21 followed by 7 days off treatment "
        "in a 28-day cycle for a total duration of 2 years, in addition to standard adjuvant endocrine "
        "therapy for a duration of at least 5 years."
    )
    assert (r.frequency.count, r.cycle_length, r.duration) == (Decimal(1), (Decimal(28), "d"), (Decimal(2), "a"))
    assert (r.on_duration, r.off_duration) == ((Decimal(21), "d"), (Decimal(7), "d"))
    q21 = read_dose("IV infusion Trastuzumab deruxtecan will be administered at 5.4 mg/kg on day 1 of a 21 day cycle")
    assert q21.frequency.period == (Decimal(21), "d")  # NCT06429761: once per cycle
    assert read_dose("PEG-rhG-CSF group B(q10d):6mg d1,11").frequency.period == (Decimal(10), "d")  # NCT05531279
    assert read_dose("selinexor 40 mg orally BIW").frequency.count == 2
    assert read_dose("Once or twice a day").frequency is None  # NCT06761586
    assert read_dose("treated with Proton Beam once daily 5 days per week").frequency.count == 5  # NCT03281889


# ---------------------------------------------------------------- the gold set and its scorer
GOLD_FIELDS = {
    "nct_id",
    "folder",
    "path",
    "text",
    "doses",
    "routes",
    "frequency",
    "duration",
    "cycle_length",
    "forms",
    "note",
}


def _at(record: dict, path: str):
    node = record["protocolSection"]
    for part in path.split("."):
        name, index = re.fullmatch(r"(\w+)(?:\[(\d+)\])?", part).groups()
        node = node[name] if index is None else node[name][int(index)]
    return node


def test_gold_set_schema(ctgov_records, more_records):
    lines = scorer.gold_lines()
    assert len(lines) >= 150
    routes = {n for line in lines for n in line["routes"]}
    assert routes <= set(_route_notations())
    for line in lines:
        assert set(line) == GOLD_FIELDS, line["path"]
        folder = {ctgov_records.name: ctgov_records, more_records.name: more_records}[line["folder"]]
        record = json.loads((folder / f"{line['nct_id']}.json").read_text(encoding="utf-8"))
        assert record["protocolSection"]["identificationModule"]["nctId"] == line["nct_id"]
        assert line["path"].startswith("armsInterventionsModule.")
        assert _at(record, line["path"]) == line["text"], f"{line['nct_id']} {line['path']}"
        for dose in line["doses"]:
            assert dose["role"] in {"loading", "maintenance"} and dose["unit"]
            assert ("value" in dose) != ("low" in dose and "high" in dose)
        for period in (line["duration"], line["cycle_length"], (line["frequency"] or {}).get("period")):
            if period is not None:
                scorer.iso_period(period)


def _route_notations() -> list[str]:
    from rdflib import Graph, Namespace
    from rdflib.namespace import SKOS

    from trialgraph.paths import project_paths

    tgv = Namespace("https://w3id.org/trialgraph/vocab/")
    graph = Graph().parse(project_paths().root / "ontology" / "vocabulary.ttl")
    return [str(graph.value(c, SKOS.notation)) for c in graph.subjects(SKOS.inScheme, tgv.Route)]


def test_scorer_runs_and_its_counts_add_up(capsys):
    scorer.main()
    out = capsys.readouterr().out
    lines = scorer.gold_lines()
    rows = scorer.scores()
    assert [row.name for row in rows] == list(scorer.CATEGORIES)
    gold_items = {name: sum(len(scorer.expected(line)[name]) for line in lines) for name in scorer.CATEGORIES}
    for row in rows:
        assert row.tp + row.fn == gold_items[row.name]
        assert row.fp == len(row.false_positives)
        assert row.fn == sum(len(v) for v in row.false_negatives.values())
        assert f"{row.summary()}\n" in out


def test_several_drugs_in_one_text_give_nothing():
    # NCT02515279: peginterferon subcutaneously, ribavirin orally: the weekly 180 micrograms is one drug's
    r = read_dose(
        "The daily recommended dose for Pegasys was 180 micrograms once weekly by subcutaneous administration. "
        "Copegus was administered orally in doses according to the physician's decision."
    )
    assert (r.dose, r.frequency, r.routes) == (None, None, ())
    # NCT06350097: doses in different units are several drugs'; the once daily is osimertinib's only
    r = read_dose("Osimertinib 80 mg QD as oral tablet with Datopotamab Deruxtecan 6mg/kg as i.v. infusion.")
    assert (r.dose, r.frequency) == (None, None)


def test_thousands_separator_and_daily_total():
    r = read_dose("Obinutuzumab is given intravenous (I.V.) 1,000 mg concentrate for solution for infusion")
    assert r.dose.value == Decimal(1000)  # NCT03983954
    # NCT00711529: 900 mg a day given as 300 mg three times daily
    r = read_dose("prescribed 900mg of the drug daily (300 mg by mouth three times daily).")
    assert (r.dose.value, r.frequency.count) == (Decimal(300), Decimal(3))
