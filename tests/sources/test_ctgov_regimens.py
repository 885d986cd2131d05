"""Regimens the importer reads from the shared records' intervention and arm text, by value (NCT IDs cited)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Namespace

from trialgraph.sources.ctgov.importer import import_ctgov

TG = Namespace("https://w3id.org/trialgraph/ontology/")
TGV = Namespace("https://w3id.org/trialgraph/vocab/")
CTGOV = Namespace("https://w3id.org/trialgraph/id/ctgov/")
RECORDS = ("NCT04431453", "NCT05572515", "NCT03983954", "NCT00456846", "NCT03630809")


@pytest.fixture(scope="module")
def graph(more_records, ctgov_records, project, tmp_path_factory) -> Graph:
    output = tmp_path_factory.mktemp("ctgov-regimens")
    paths = [
        next(f / f"{n}.json" for f in (ctgov_records, more_records) if (f / f"{n}.json").is_file()) for n in RECORDS
    ]
    summary = import_ctgov(paths, output, project)
    assert len(summary.written) == len(RECORDS)
    graph = Graph()
    for path in output.glob("*.ttl"):
        graph.parse(path)
    return graph


def quantity(graph: Graph, node, prop) -> tuple:
    q = graph.value(node, prop)
    return (graph.value(q, TG.numericValue).toPython(), str(graph.value(q, TG.unit))) if q is not None else None


def test_loading_and_maintenance_dose_per_kg(graph):
    # arm 2: "RDV 5 mg/kg, IV infusion on Day 1 followed by RDV 2.5 mg/kg mg, IV infusion, daily, up to 10 days."
    admin = CTGOV["NCT04431453-admin-2-1"]
    assert quantity(graph, admin, TG.loadingDose) == (Decimal("5"), "mg/kg")
    assert quantity(graph, admin, TG.dose) == (Decimal("2.5"), "mg/kg")
    assert graph.value(admin, TG.route) == TGV["route-intravenous"]
    assert graph.value(admin, TG.frequency).toPython() == Decimal(1)
    assert quantity(graph, admin, TG.period) == (Decimal(1), "d")
    assert quantity(graph, admin, TG.duration) == (Decimal(10), "d")


def test_cycle_derived_from_on_and_off_periods(graph):
    # "100 mg/m\\^2 ABI-007 was administered by intravenous (IV) infusion over 30 minutes weekly for 3 weeks
    # followed by 1 week rest"
    admin = CTGOV["NCT00456846-admin-1-1"]
    assert quantity(graph, admin, TG.dose) == (Decimal(100), "mg/m2")
    assert quantity(graph, admin, TG.onDuration) == (Decimal(3), "wk")
    assert quantity(graph, admin, TG.offDuration) == (Decimal(1), "wk")
    assert quantity(graph, admin, TG.cycleLength) == (Decimal(28), "d")
    assert graph.value(admin, TG.duration) is None  # 'for 3 weeks' is the on period, not the duration
    trial_notes = " ".join(
        str(graph.value(n, TG.noteText)) for n in graph.objects(CTGOV.NCT00456846, TG.hasCuratorNote)
    )
    assert "cycle length 28 d derived from 3 wk on, 1 wk off" in trial_notes


def test_a_dose_range_of_cells_and_a_new_route(graph):
    # "Each dose will consist of between 1.0-2.0 x 10^7 cells ... intranodal delivered vaccines"
    admin = CTGOV["NCT03630809-admin-1-1"]
    assert graph.value(admin, TG.dose) is None
    assert quantity(graph, admin, TG.minimumDose) == (Decimal("1E+7"), "{cells}")
    assert quantity(graph, admin, TG.maximumDose) == (Decimal("2E+7"), "{cells}")
    assert graph.value(admin, TG.route) == TGV["route-intranodal"]


def test_alternative_routes_are_a_note_not_a_route(graph):
    # dexamethasone "will be administered orally in PVd and intravenously or orally in Kd"
    admins = [a for a in graph.subjects(TG.intervention, CTGOV["NCT05572515-intervention-4"])]
    assert admins and all(graph.value(a, TG.route) is None for a in admins)
    notes = {str(graph.value(n, TG.noteText)) for a in admins for n in graph.objects(a, TG.hasCuratorNote)}
    assert any("alternative routes" in n and "(intravenous, oral)" in n for n in notes)


def test_a_whole_regimen_registered_as_one_intervention_gets_no_dose(graph):
    # "Naptumomab estafenatox and durvalumab": its arms' labels name NAP's dose, its text durvalumab's schedule
    admin = CTGOV["NCT03983954-admin-1-1"]
    for prop in (TG.dose, TG.loadingDose, TG.frequency, TG.cycleLength, TG.route):
        assert graph.value(admin, prop) is None
    trial_notes = " ".join(
        str(graph.value(n, TG.noteText)) for n in graph.objects(CTGOV.NCT03983954, TG.hasCuratorNote)
    )
    assert "names several interventions registered as one" in trial_notes
