"""The library question drug-doses-and-routes shows the regimens the importer reads from registry text."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Namespace, URIRef

from .test_queries import answer

TG = Namespace("https://w3id.org/trialgraph/ontology/")
CTGOV_ID = "https://w3id.org/trialgraph/id/ctgov/"


def test_drug_doses_and_routes_on_an_imported_record(graph_with_results, project):
    # NCT04280705 (ACTT-1), arm 2: "200 mg of Remdesivir administered intravenously on Day 1, followed by a
    # 100 mg once-daily maintenance dose of Remdesivir while hospitalized for up to a 10 days total course."
    drug = f"drug=<{CTGOV_ID}NCT04280705-intervention-2>"
    rows = answer(graph_with_results, project, "drug-doses-and-routes", drug)
    assert [row[1:] for row in rows] == [
        (
            "Remdesivir",
            f"{CTGOV_ID}NCT04280705",
            "Remdesivir",
            Decimal("100"),
            "mg",
            "intravenous",
            Decimal("1"),
            Decimal("1"),
            "d",
            Decimal("10"),
            "d",
        ),
    ]
    # the loading dose, which the question does not ask for, is in the graph
    loading = graph_with_results.value(URIRef(f"{CTGOV_ID}NCT04280705-admin-2-1"), TG.loadingDose)
    assert (
        graph_with_results.value(loading, TG.numericValue).toPython(),
        str(graph_with_results.value(loading, TG.unit)),
    ) == (
        Decimal("200"),
        "mg",
    )
