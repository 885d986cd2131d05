"""Imported trials follow the curated model: biologicals by type, coded outcomes, a source on every node."""

from __future__ import annotations

import json

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from trialgraph.text.outcome_kinds import outcome_kind

from .test_ctgov import CTGOV, TG, TGV

PROV = Namespace("http://www.w3.org/ns/prov#")
NODE_TYPES = (TG.Arm, TG.InclusionCriterion, TG.ExclusionCriterion, TG.Outcome)


def test_a_biological_is_typed_biological(imported_records):
    graph = Graph().parse(imported_records[0] / "NCT01294579.ttl")
    kinds = {
        str(graph.value(i, RDFS.label)): set(graph.objects(i, RDF.type))
        for i in graph.objects(None, TG.hasIntervention)
    }
    assert kinds == {"Ofatumumab": {TG.Biological}, "Bendamustine": {TG.Drug}}  # registry types BIOLOGICAL and DRUG


def test_every_arm_criterion_and_outcome_names_its_registry_page(imported_records):
    output, _ = imported_records
    counted = 0
    for path in sorted(output.glob("*.ttl")):
        graph = Graph().parse(path)
        page = URIRef("https://clinicaltrials.gov/study/" + path.stem)
        for kind in NODE_TYPES:
            for node in graph.subjects(RDF.type, kind):
                assert list(graph.objects(node, PROV.wasDerivedFrom)) == [page], (path.name, node)
                counted += 1
    assert counted > 600  # 705 nodes in the 33 records: an import that types none fails here


def test_outcome_kinds_follow_the_titles(ctgov_records, imported_records):
    """Each imported outcome carries the kind its title reads as, and none where the title is unclear."""
    output, _ = imported_records
    expected, found = {}, {}
    for record in sorted(ctgov_records.glob("*.json")):
        study = json.loads(record.read_text(encoding="utf-8"))["protocolSection"]
        nct = study["identificationModule"]["nctId"]
        outcomes = study.get("outcomesModule") or {}
        titles = [
            o["measure"]
            for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes")
            for o in outcomes.get(key) or []
        ]
        for position, title in enumerate(titles, start=1):
            kind = outcome_kind(title)
            expected[(nct, position)] = None if kind is None else TGV[f"outcomekind-{kind.lower()}"]
        graph = Graph().parse(output / f"{nct}.ttl")
        for position in range(1, len(titles) + 1):
            found[(nct, position)] = graph.value(CTGOV[f"{nct}-outcome-{position}"], TG.outcomeKind)
    assert found == expected
    # "Objective Response" is read as ORR; "Clinical effect of abexinostat on objective response rate" is not
    assert [found[("NCT03934567", n)] for n in (1, 2, 3)] == [None, TGV["outcomekind-orr"], TGV["outcomekind-pfs"]]
    assert sum(v is not None for v in found.values()) >= 20
