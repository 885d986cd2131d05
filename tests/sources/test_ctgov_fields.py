"""The registry fields other loaders carry (issue 13), each checked by value on a real record of ../shared.
Four fields appear in none of these records (nctIdAliases, targetDuration, reference retractions,
isUnapprovedDevice): their test adds them to a real record, as the API v2 documentation shapes them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from trialgraph.checks.validation import validate
from trialgraph.graph.assemble import build_graph
from trialgraph.questions.library import GraphBackend, parse_params, query_library, run_query
from trialgraph.sources.ctgov.importer import import_ctgov

from .test_ctgov import CTGOV, TG, TGV, write_json
from .test_ctgov_policy import real_record

SCHEMA = Namespace("http://schema.org/")
MESH = Namespace("http://id.nlm.nih.gov/mesh/")


@pytest.fixture(scope="module")
def trials(imported_records):
    """The import of one record of ../shared/ctgov, by NCT ID, parsed once."""
    output, _ = imported_records
    cache: dict[str, Graph] = {}
    return lambda nct: cache.setdefault(nct, Graph().parse(output / f"{nct}.ttl"))


def imported(project, tmp_path: Path, study: dict) -> Graph:
    nct = study["protocolSection"]["identificationModule"]["nctId"]
    summary = import_ctgov([write_json(tmp_path / f"{nct}.json", study)], tmp_path / "out", project)
    assert summary.skipped == [] and summary.warnings.lines == []
    return Graph().parse(tmp_path / "out" / f"{nct}.ttl")


def one(graph: Graph, subject, prop):
    values = list(graph.objects(subject, prop))
    assert len(values) == 1, (subject, prop, values)
    return values[0]


def test_fields_absent_from_the_shared_records_added_to_a_real_one(ctgov_records, project, tmp_path):
    study = real_record(ctgov_records, "NCT02513394")  # changed: the four fields added, API v2 shapes
    protocol = study["protocolSection"]
    protocol["identificationModule"]["nctIdAliases"] = ["NCT01864746"]
    protocol["designModule"]["targetDuration"] = "5 Years"
    protocol["oversightModule"]["isUnapprovedDevice"] = True
    protocol["referencesModule"]["references"][0]["retractions"] = [{"pmid": "31234567", "source": "Lancet Oncol"}]
    graph = imported(project, tmp_path, study)
    trial = CTGOV.NCT02513394
    assert one(graph, trial, TG.nctIdAlias) == Literal("NCT01864746")
    duration = one(graph, trial, TG.targetDuration)
    assert (one(graph, duration, TG.numericValue).toPython(), str(one(graph, duration, TG.unit))) == (5, "a")
    assert one(graph, trial, TG.unapprovedDevice) == Literal(True)
    retraction = one(graph, CTGOV["NCT02513394-reference-1"], TG.hasRetraction)
    assert (str(one(graph, retraction, TG.retractionPmid)), str(one(graph, retraction, DCTERMS.source))) == (
        "31234567",
        "Lancet Oncol",
    )


def test_last_known_status(more_records, project, tmp_path):
    graph = imported(project, tmp_path, real_record(more_records, "NCT00410098"))
    assert one(graph, CTGOV.NCT00410098, TG.lastKnownStatus) == TGV["status-not-yet-recruiting"]


def test_state_and_zip_code_are_fields_of_their_own(trials):
    graph = trials("NCT05602779")
    site = next(
        s for s in graph.subjects(RDF.type, TG.Site) if str(graph.value(s, RDFS.label)) == "University of Notre Dame"
    )
    assert (str(one(graph, site, SCHEMA.addressRegion)), str(one(graph, site, SCHEMA.postalCode))) == (
        "Indiana",
        "46617",
    )
    city = one(graph, site, TG.city)
    assert (str(one(graph, city, RDFS.label)), str(one(graph, city, SCHEMA.addressRegion))) == ("South Bend", "Indiana")
    assert list(graph.objects(city, RDFS.comment)) == []  # no longer inside a comment


def test_standard_age_groups_match_the_record(ctgov_records, trials):
    for path in sorted(ctgov_records.glob("*.json")):
        groups = json.loads(path.read_text(encoding="utf-8"))["protocolSection"]["eligibilityModule"].get("stdAges", [])
        expected = {TGV["agegroup-" + g.lower().replace("_", "-")] for g in groups}
        assert set(trials(path.stem).objects(CTGOV[path.stem], TG.standardAgeGroup)) == expected, path.name
    assert set(trials("NCT05602779").objects(CTGOV.NCT05602779, TG.standardAgeGroup)) == {TGV["agegroup-child"]}


def test_sampling_method_and_study_population(trials):
    graph, trial = trials("NCT00258583"), CTGOV.NCT00258583
    assert one(graph, trial, TG.samplingMethod) == TGV["sampling-non-probability-sample"]
    assert str(one(graph, trial, TG.studyPopulation)).startswith("Study population can be described as any adult")


def test_intervention_model_and_masking_descriptions(trials):
    graph, trial = trials("NCT03418623"), CTGOV.NCT03418623
    assert str(one(graph, trial, TG.interventionModelDescription)).startswith("After the eligibility of a subject")
    assert str(one(graph, trial, TG.maskingDescription)).startswith("The study will be double-blinded")


def test_ipd_sharing_statement(trials):
    graph = trials("NCT03630471")
    statement = one(graph, CTGOV.NCT03630471, TG.ipdSharingStatement)
    assert one(graph, statement, TG.ipdSharing) == TGV["ipd-yes"]
    assert str(one(graph, statement, TG.sharingDescription)).startswith("Anonymised Individual Participant Data")
    assert set(graph.objects(statement, TG.ipdInfoType)) == {
        TGV["ipdinfo-study-protocol"],
        TGV["ipdinfo-sap"],
        TGV["ipdinfo-icf"],
    }
    assert str(one(graph, statement, TG.sharingTimeFrame)) == "12 months after completion of trial."
    assert str(one(graph, statement, TG.accessCriteria)).startswith("Access to data will be granted to researchers")
    assert one(graph, statement, SCHEMA.url) == Literal("http://datacompass.lshtm.ac.uk/", datatype=XSD.anyURI)


def test_expanded_access(trials):
    graph, trial = trials("NCT04431453"), CTGOV.NCT04431453
    assert one(graph, trial, TG.hasExpandedAccess) == Literal(True)
    assert str(one(graph, trial, TG.expandedAccessNctId)) == "NCT04323761"
    assert one(graph, trial, TG.expandedAccessStatus) == TGV["expanded-approved-for-marketing"]


def test_secondary_ids_with_type_domain_and_link(ctgov_records, trials):
    checked = 0
    for path in sorted(ctgov_records.glob("*.json")):
        infos = json.loads(path.read_text(encoding="utf-8"))["protocolSection"]["identificationModule"]
        graph = trials(path.stem)
        for index, info in enumerate(infos.get("secondaryIdInfos", [])):
            node = CTGOV[f"{path.stem}-secondary-id-{index + 1}"]
            assert str(one(graph, node, DCTERMS.identifier)) == info["id"]
            kind = info.get("type")
            assert graph.value(node, TG.identifierType) == (
                TGV["secid-" + kind.lower().replace("_", "-")] if kind else None
            )
            assert str(graph.value(node, TG.identifierDomain) or "") == info.get("domain", "")
            assert str(graph.value(node, SCHEMA.url) or "") == info.get("link", "")
            checked += 1
    assert checked >= 15
    graph = trials("NCT00763412")
    node = CTGOV["NCT00763412-secondary-id-1"]
    assert (str(graph.value(node, DCTERMS.identifier)), graph.value(node, TG.identifierType)) == (
        "P60DK020579",
        TGV["secid-nih"],
    )
    assert str(graph.value(node, SCHEMA.url)) == "https://reporter.nih.gov/quickSearch/P60DK020579"


def test_see_also_links(trials):
    graph = trials("NCT00258583")
    link = one(graph, CTGOV.NCT00258583, TG.seeAlso)
    assert str(one(graph, link, SCHEMA.url)) == "http://www.upmc.com/services/pulmonology/interstitial-lung-disease/"
    assert str(one(graph, link, RDFS.label)).startswith("The Dorothy P. and Richard P. Simmons Center")


def test_large_documents(trials):
    graph = trials("NCT02513394")
    document = one(graph, CTGOV.NCT02513394, TG.hasDocument)
    assert str(one(graph, document, RDFS.label)) == "Study Protocol and Statistical Analysis Plan"
    assert str(one(graph, document, TG.fileName)) == "Prot_SAP_000.pdf"
    flags = [one(graph, document, p).toPython() for p in (TG.includesProtocol, TG.includesSap, TG.includesIcf)]
    assert flags == [True, True, False]
    assert one(graph, document, TG.documentDate) == Literal("2020-12-23", datatype=XSD.date)
    assert str(one(graph, document, SCHEMA.url)) == (
        "https://cdn.clinicaltrials.gov/large-docs/94/NCT02513394/Prot_SAP_000.pdf"
    )


def test_submission_qc_and_posting_dates_with_their_types(trials):
    graph, trial = trials("NCT00332579"), CTGOV.NCT00332579
    expected = {
        TG.firstSubmitted: "2006-05-30",
        TG.firstSubmittedQc: "2006-05-30",
        TG.firstPosted: "2006-06-01",
        TG.resultsFirstSubmitted: "2012-03-01",
        TG.resultsFirstSubmittedQc: "2012-04-09",
        TG.resultsFirstPosted: "2012-05-04",
        TG.lastUpdateSubmitted: "2019-07-10",
        TG.lastUpdated: "2019-07-29",
    }
    assert {p: str(one(graph, trial, p)) for p in expected} == expected
    assert one(graph, trial, TG.statusVerified) == Literal("2019-07", datatype=XSD.gYearMonth)
    types = {p: one(graph, trial, p) for p in (TG.firstPostedType, TG.resultsFirstPostedType, TG.lastUpdatedType)}
    assert types == {
        TG.firstPostedType: TGV["datetype-estimated"],
        TG.resultsFirstPostedType: TGV["datetype-estimated"],
        TG.lastUpdatedType: TGV["datetype-actual"],
    }


def test_responsible_party_is_a_study_official_never_a_contact(trials):
    graph, trial = trials("NCT05602779"), CTGOV.NCT05602779
    assert one(graph, trial, TG.responsiblePartyType) == TGV["responsible-principal-investigator"]
    role = one(graph, trial, TG.responsibleParty)
    assert role in set(graph.objects(trial, TG.hasInvestigator))
    assert one(graph, role, TG.role) == TGV["invrole-principal-investigator"]
    assert str(one(graph, role, TG.investigatorTitle)) == "Professor of Psychology"
    assert str(one(graph, one(graph, role, TG.affiliation), RDFS.label)) == "University of Notre Dame"
    person = one(graph, role, TG.person)
    assert str(one(graph, person, RDFS.label)) == "Kristin Valentino"
    assert set(graph.predicates(person, None)) == {RDF.type, RDFS.label}  # a name, nothing to reach her by


def test_biospecimen_retention_and_description(trials):
    graph, trial = trials("NCT01511679"), CTGOV.NCT01511679
    assert one(graph, trial, TG.biospecimenRetention) == TGV["biospec-samples-with-dna"]
    assert str(one(graph, trial, TG.biospecimenDescription)) == "Saliva DNA samples for future analyses."


def test_oversight_flags_and_patient_registry(trials):
    graph, trial = trials("NCT03281889"), CTGOV.NCT03281889
    flags = (TG.oversightHasDmc, TG.fdaRegulatedDrug, TG.fdaRegulatedDevice, TG.usExport)
    assert [one(graph, trial, p).toPython() for p in flags] == [True, False, True, False]
    assert one(trials("NCT03797274"), CTGOV.NCT03797274, TG.patientRegistry) == Literal(False)


def test_derived_mesh_ancestors_browse_leaves_and_branches(trials):
    graph, trial = trials("NCT02513394"), CTGOV.NCT02513394
    # the API pads these IDs (D000009369): normalised as the MeSH terms are
    assert set(graph.objects(trial, TG.meshConditionAncestor)) == {
        MESH.D009371,
        MESH.D009369,
        MESH.D001941,
        MESH.D012871,
    }
    assert str(graph.value(MESH.D009369, RDFS.label)) == "Neoplasms"
    leaves = {str(graph.value(leaf, SKOS.notation)): leaf for leaf in graph.objects(trial, TG.conditionBrowseLeaf)}
    breast = leaves["M4910"]
    assert (str(graph.value(breast, RDFS.label)), str(graph.value(breast, TG.asFound))) == (
        "Breast Neoplasms",
        "Breast Cancer",
    )
    assert graph.value(breast, TG.relevance) == TGV["relevance-high"]
    assert graph.value(leaves["M4908"], TG.relevance) == TGV["relevance-low"]
    branches = {
        str(graph.value(b, SKOS.notation)): str(graph.value(b, RDFS.label))
        for b in graph.objects(trial, TG.browseBranch)
    }
    assert branches["BC04"] == "Neoplasms" and branches["All"] in ("All Conditions", "All Drugs and Chemicals")


def _under_neoplasms(path: Path) -> bool:
    """Read from the JSON, apart from the mapper: any condition term or ancestor is D009369 (padded or not)."""
    module = json.loads(path.read_text(encoding="utf-8")).get("derivedSection", {}).get("conditionBrowseModule", {})
    ids = [t["id"] for t in module.get("meshes", []) + module.get("ancestors", [])]
    return any(re.fullmatch(r"D0*9369", i) for i in ids)


def test_any_neoplasm_without_a_mesh_slice(ctgov_records, imported_records, project):
    output, _ = imported_records
    graph = build_graph(project, [output])  # the imports alone: no MeSH tree is loaded
    query = query_library(project.queries_dir)["trials-under-mesh-term"]
    table = run_query(query, GraphBackend(graph), parse_params(["term=mesh:D009369"], query, graph.namespace_manager))
    found = {str(row[2]).rsplit("/", 1)[-1] for row in table.rows}
    expected = {p.stem for p in ctgov_records.glob("*.json") if _under_neoplasms(p)}
    assert found == expected and len(found) >= 8 and "NCT02513394" in found  # breast cancer, under Neoplasms
    assert {str(row[1]) for row in table.rows} == {"Neoplasms"}
    breast = next(row for row in table.rows if str(row[2]).endswith("NCT02513394"))
    assert str(breast[4]) == "condition ancestor"


def test_an_intervention_without_arms_is_linked_found_and_required(more_records, project, tmp_path):
    # NCT06604689: an observational study, one intervention, no arm groups (real, unchanged)
    graph = imported(project, tmp_path, real_record(more_records, "NCT06604689"))
    trial, intervention = CTGOV.NCT06604689, CTGOV["NCT06604689-intervention-1"]
    assert list(graph.objects(trial, TG.hasArm)) == []
    assert list(graph.objects(trial, TG.hasIntervention)) == [intervention]
    assert str(graph.value(intervention, RDFS.label)).startswith("third-generation EGFR TKIs")
    report = validate([tmp_path / "out"], project)
    assert [r.as_text() for r in report.results if r.severity == "Violation"] == []
    # a "which trials test X" question finds it once the intervention is mapped (here: EGFR TKIs are
    # protein kinase inhibitors, ATC L01E, as a mapping row would say)
    protein_kinase_inhibitors = URIRef("http://www.whocc.no/atc_ddd_index/?code=L01E")
    (tmp_path / "out" / "mapping.ttl").write_text(
        f"<{intervention}> <{SKOS.broadMatch}> <{protein_kinase_inhibitors}> .\n"
    )
    built = build_graph(project, [project.data_dir, tmp_path / "out"])
    query = query_library(project.queries_dir)["trials-by-atc-group"]
    table = run_query(query, GraphBackend(built), {"group": protein_kinase_inhibitors})
    assert {row[2] for row in table.rows} >= {trial, URIRef("https://w3id.org/trialgraph/id/trial/NCT05190094")}
