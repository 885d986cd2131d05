"""Match digests: what `import ctgov --oxigraph` writes of each trial for `match --oxigraph`, kept with the study.

The digest's facts are those the matcher reads of the study's graph (round trip through the store), a changed
study's digest is replaced and a pruned one's removed, a study that links its own nodes onward gets none, and
a store without digests (written before them), or with digests of another version, matches as one with them.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from trialgraph.graph.store import open_for_writing, open_read_only
from trialgraph.matching import match_store
from trialgraph.matching.patient import parse_patient
from trialgraph.matching.printed import json_item
from trialgraph.matching.results import TrialMatch
from trialgraph.matching.store_fetch import StudyFetch
from trialgraph.matching.studied import condition_iris
from trialgraph.paths import ProjectPaths
from trialgraph.sources.ctgov.builder import CTGOV, TG
from trialgraph.sources.ctgov.match_digest import (
    DIGEST_VERSION,
    MATCH_DIGEST,
    MATCH_INDEX,
    constraint_triples,
    read_digest,
    read_unassessed,
    study_digest,
    trial_facts,
    unassessed_after,
    unassessed_iris,
)
from trialgraph.sources.ctgov.registry import import_to_store
from trialgraph.sources.ctgov.store_studies import study_graphs

from .test_store_matching import EXAMPLE, LOW_COUNTS

INDEX, DIGEST = ox.NamedNode(MATCH_INDEX), ox.NamedNode(str(MATCH_DIGEST))
PAGE = "https://clinicaltrials.gov/study/"
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


def digests(store: ox.Store, name: str) -> list[str]:
    return [q.object.value for q in store.quads_for_pattern(ox.NamedNode(name), DIGEST, None, INDEX)]


@pytest.fixture(scope="module")
def store(ctgov_records: Path, project: ProjectPaths, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("digest-store") / "store"
    import_to_store([ctgov_records], path, project, jobs=1)
    return path


def _beneath(graph: Graph, node, own: set) -> Graph:
    """`node` and all that is blank or the study's own beneath it, as the digest packs a constraint; decimals
    in canonical form (as the store keeps them: the digest keeps the import's "9.0")."""
    found, todo, seen = Graph(), [node], set()
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for p, o in graph.predicate_objects(subject):
            found.add((subject, p, _canonical(o)))
            if isinstance(o, BNode) or (isinstance(o, URIRef) and str(o).startswith(tuple(own))):
                todo.append(o)
    return found


def _canonical(term):
    if isinstance(term, Literal) and term.datatype == DECIMAL:
        return Literal(format(Decimal(str(term)).normalize(), "f"), datatype=DECIMAL)
    return term


def test_each_study_has_one_digest_whose_facts_are_its_graphs(store: Path):
    """Round trip: the digest read back gives what the matcher reads of the study's graph, constraint by
    constraint the same triples (blank nodes aside)."""
    opened = open_read_only(store)
    names = [g.value for g in study_graphs(opened)]
    assert len(names) > 30
    fetch = StudyFetch(opened)
    constraints = 0
    for name, triples in zip(names, fetch.studies(names), strict=True):
        (text,) = digests(opened, name)
        graph = Graph()
        for triple in triples:
            graph.add(tuple(Literal(t) if type(t) is str else t for t in triple))
        nct = name.removeprefix(PAGE)
        trial = CTGOV[nct]
        walked, packed = trial_facts(graph, trial), read_digest(text)
        assert packed is not None
        assert (packed.trial, packed.nct_id) == (walked.trial, walked.nct_id) == (trial, nct)
        assert set(packed.statuses) == set(walked.statuses) and set(packed.mesh) == set(walked.mesh)
        assert set(packed.conditions) == set(walked.conditions)
        assert packed.stated == walked.stated >= len(walked.assessed) + len(walked.unassessed.iris)
        assert [(c.iri, c.section, c.verbatim, c.heading) for c in packed.assessed] == [
            (c.iri, c.section, c.verbatim, c.heading) for c in walked.assessed
        ]
        assert isinstance(packed.unassessed, str)  # read where a match's criteria not assessed are shown
        unassessed = read_unassessed(packed.unassessed, str(trial))
        assert [list(column) for column in unassessed] == [list(column) for column in walked.unassessed]
        assert all(type(iri) is URIRef for iri in unassessed.iris)
        assert unassessed_iris(packed.unassessed, str(trial)) == [str(iri) for iri in unassessed.iris]
        after = unassessed_after(packed.unassessed)  # every one written after the trial's IRI: split back, the same
        assert after is not None and [str(trial) + tail for tail in after.split("~")[1:]] == unassessed_iris(
            packed.unassessed, str(trial)
        )
        own = {f"{CTGOV}{nct}"}
        for digest, graph_side in zip(packed.assessed, walked.assessed, strict=True):
            assert len(digest.constraints) == len(graph_side.constraints)
            decoded = []
            for pack in digest.constraints:
                root, beneath = constraint_triples(pack)
                decoded.append(_beneath(Graph().__iadd__(beneath), root, own))
            expected = [_beneath(graph, node, own) for node in graph_side.constraints]
            assert all(any(isomorphic(d, e) for e in expected) for d in decoded)
            constraints += len(decoded)
    assert constraints > 30  # ages, lab bounds, conditional ones


def test_a_changed_study_gets_a_new_digest_and_a_pruned_one_loses_it(ctgov_records, project, tmp_path: Path):
    records = sorted(ctgov_records.glob("NCT*.json"))[:2]
    folder = tmp_path / "records"
    folder.mkdir()
    for record in records:
        shutil.copy(record, folder / record.name)
    path = tmp_path / "store"
    import_to_store([folder], path, project, jobs=1)
    first, second = (PAGE + r.stem for r in records)
    before = digests(open_read_only(path), first)
    assert len(before) == 1 and len(digests(open_read_only(path), second)) == 1

    study = json.loads((folder / records[0].name).read_text(encoding="utf-8"))
    study["protocolSection"].setdefault("eligibilityModule", {})["minimumAge"] = "21 Years"
    (folder / records[0].name).write_text(json.dumps(study), encoding="utf-8")
    summary = import_to_store([folder], path, project, jobs=1)
    assert (summary.changed, summary.unchanged) == (1, 1)
    (after,) = digests(open_read_only(path), first)
    assert _bounds(before[0]) == {Decimal(18)} and _bounds(after) == {Decimal(21)}  # the old digest replaced

    (folder / records[1].name).unlink()
    summary = import_to_store([folder], path, project, jobs=1, prune=True)
    assert summary.removed == 1
    assert digests(open_read_only(path), second) == [] and len(digests(open_read_only(path), first)) == 1


def _bounds(text: str) -> set[Decimal]:
    facts = read_digest(text)
    assert facts is not None
    triples = (t for c in facts.assessed for pack in c.constraints for t in constraint_triples(pack)[1])
    return {Decimal(str(o)) for _, p, o in triples if p == TG.numericValue}


@pytest.mark.parametrize("change", ["no-digests", "other-version"])
def test_a_store_without_usable_digests_matches_as_one_with_them(change, store: Path, project, tmp_path: Path):
    """A store written before digests (or by another version of them) is matched by walking each study."""
    older = tmp_path / "store"
    shutil.copytree(store, older)
    written = open_for_writing(older)
    for quad in list(written.quads_for_pattern(None, DIGEST, None, INDEX)):
        written.remove(quad)
        if change == "other-version":
            head, newline, unassessed = quad.object.value.partition("\n")
            head, separator, texts = head.partition("\x1e")  # the JSON text, then each constraint's text
            packed = json.loads(head)
            packed[0] = DIGEST_VERSION + 1
            text = json.dumps(packed) + separator + texts + newline + unassessed
            written.add(ox.Quad(quad.subject, quad.predicate, ox.Literal(text), INDEX))
    written.flush()
    del written
    for facts in (EXAMPLE, LOW_COUNTS, {"conditions": ["condition:liver-metastases"], "age": 50}):
        patient = parse_patient(facts)
        expected = [r.as_dict() for r in match_store(patient, store, project, jobs=1)]
        assert [r.as_dict() for r in match_store(patient, older, project, jobs=1)] == expected
    # --condition: the studies picked without digests (their own links looked for) are those picked with them
    patient, neoplasms = parse_patient(EXAMPLE), condition_iris(["mesh:D009369"])
    expected = [r.as_dict() for r in match_store(patient, store, project, jobs=1, conditions=neoplasms)]
    assert (
        expected
        and [r.as_dict() for r in match_store(patient, older, project, jobs=1, conditions=neoplasms)] == expected
    )


def test_a_study_linking_its_own_nodes_gets_no_digest_and_the_same_constraint_one_text():
    """Links of a study's own (hierarchy, mappings) could change what other nodes mean: no digest. A constraint
    naming a node of the study's own (a condition in its words) has the same text in every study."""

    def study(nct: str, linked: bool) -> list:
        trial, criterion, bound, words = CTGOV[nct], CTGOV[f"{nct}-inc-01"], BNode(), CTGOV[f"{nct}-words"]
        triples = [
            (trial, RDF.type, TG.Trial),
            (trial, TG.hasCriterion, criterion),
            (criterion, RDF.type, TG.InclusionCriterion),
            (criterion, TG.hasConstraint, bound),
            (bound, RDF.type, TG.ConditionConstraint),
            (bound, TG.aboutCondition, words),
            (words, RDF.type, TG.UnlinkedCondition),
            (words, RDFS.label, Literal("on dialysis")),
        ]
        link = (words, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/MONDO_0005300"))
        return [*triples, link] if linked else triples

    assert study_digest("NCT1", study("NCT1", True)) is None
    one, two = (read_digest(study_digest(nct, study(nct, False)) or "") for nct in ("NCT1", "NCT2"))
    assert one is not None and two is not None
    (pack_one,), (pack_two,) = one.assessed[0].constraints, two.assessed[0].constraints
    assert pack_one[0] == pack_two[0] and pack_one[1:] != pack_two[1:]  # one text, each study's own IRI
    root, triples = constraint_triples(pack_two)
    assert (root, TG.aboutCondition, CTGOV["NCT2-words"]) in triples


def test_the_criteria_not_assessed_in_one_string_only_where_it_splits_back():
    """unassessed_after joins what follows the trial's IRI; an IRI written whole, or holding the marker, makes it
    None (the listing then writes each), and none is the empty string."""

    def text(written: list[str]) -> str:
        return json.dumps([written, "i" * len(written)]) + "\x1e[]"

    assert unassessed_after(text(["~-inc-1", "~-exc-2"])) == "~-inc-1~-exc-2"
    assert unassessed_after(text([])) == ""
    assert unassessed_after(text(["~-inc-1", "https://example.org/other"])) is None
    assert unassessed_after(text(["~-inc-1", "https://example.org/~x"])) is None
    assert unassessed_after(text(["~-inc~1"])) is None


def test_the_criteria_not_assessed_of_a_digest_in_json_as_json_dumps_writes_them():
    """Texts with quotes, backslashes, line breaks, separators and non-ASCII characters, IRIs written after the
    trial's and whole: the JSON item made from the digest's columns is what json.dumps writes of the match."""
    verbatims = ["plain", 'a "quoted", [bracketed] one', 'back\\slash \\"', "two\nlines\ttab"]
    verbatims += ["é ≥ 5 \u00d7 ULN\u2028", ""]
    written = ["~-inc-1", "~-exc-2", "https://example.org/other", "~-inc-3", "~-inc-4", "~-exc-5"]
    text = json.dumps([written, "ieiiie"]) + "\x1e" + json.dumps(verbatims, ensure_ascii=False, separators=(",", ":"))
    trial = URIRef("https://w3id.org/trialgraph/id/ctgov/NCT01")
    match = TrialMatch(trial, "NCT01", "undetermined", [], text)
    item = json_item(match)  # from the columns, before the reasons are made
    assert item == json.dumps(match.as_dict(), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    assert [r["verbatim"] for r in json.loads(item)["not_assessed"]] == verbatims
    assert json.loads(item)["not_assessed"][2]["criterion"] == "https://example.org/other"
