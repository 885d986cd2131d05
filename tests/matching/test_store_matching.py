"""`match --oxigraph`: the trials of a store, study by study, give what the in-memory match gives."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.graph.assemble import build_graph, build_store
from trialgraph.graph.store import open_for_writing
from trialgraph.links.prefixes import Compactor, compact
from trialgraph.matching import match_store, store_matching
from trialgraph.matching.eligibility import TGV, match, status_iris, unread_labs
from trialgraph.matching.patient import load_patient, parse_patient
from trialgraph.matching.printed import TableText, json_item, table_text
from trialgraph.matching.results import Matches, Reason, TrialMatch
from trialgraph.matching.store_matching import StoreMatching
from trialgraph.paths import ProjectPaths
from trialgraph.sources.ctgov.registry import import_to_store

runner = CliRunner()

EXAMPLE = json.loads((Path(__file__).parents[2] / "examples" / "patient.json").read_text(encoding="utf-8"))
# low counts: fails the registry records' platelet, neutrophil and haemoglobin thresholds
LOW_COUNTS = {
    "age": 61,
    "sex": "male",
    "labs": {
        "777-3": {"value": 80, "unit": "10*9/L"},
        "751-8": {"value": 1.2, "unit": "G/L"},
        "718-7": {"value": 9, "unit": "g/dL"},
        "1975-2": {"value": 30, "unit": "umol/L", "uln": 17},
        "99999-9": {"value": 1, "unit": "g/L"},
    },
    "prior_treatments": ["letrozole"],
}
PATIENTS = {"example": EXAMPLE, "low-counts": LOW_COUNTS, "nothing-known": {}}


@pytest.fixture(scope="module")
def registry_store(ctgov_records: Path, project: ProjectPaths, tmp_path_factory) -> Path:
    """The curated build and the shared records, in one store, as the README's registry recipe makes it."""
    store = tmp_path_factory.mktemp("match-store") / "store"
    build_store(project, store)
    summary = import_to_store([ctgov_records], store, project, jobs=1)
    assert summary.added == len(list(ctgov_records.glob("NCT*.json")))
    return store


@pytest.fixture(scope="module")
def registry_graph(imported_records, project: ProjectPaths) -> Graph:
    """The same records through the Turtle path (`import ctgov -o`), built with the curated data."""
    folder, _ = imported_records
    return build_graph(project, [project.data_dir, folder])


@pytest.fixture(scope="module")
def curated_store(project: ProjectPaths, tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("curated-store") / "store"
    build_store(project, store)
    return store


def dicts(results) -> list[dict]:
    return [result.as_dict() for result in results]


@pytest.mark.parametrize("name", PATIENTS)
def test_store_gives_what_the_turtle_path_gives(name, registry_store, registry_graph, project):
    patient = parse_patient(PATIENTS[name])
    on_store = dicts(match_store(patient, registry_store, project, jobs=1))
    in_memory = dicts(match(patient, registry_graph))
    assert on_store == in_memory
    assert len({r["trial"] for r in on_store}) == len(on_store) > 30  # the curated trials and the 32 records
    assert any("/ctgov/" in r["trial"] for r in on_store)


def test_registry_thresholds_decide_on_the_store(registry_store, project):
    """Not only equal: the studies' own lab thresholds are read and decide (the test could not pass empty)."""
    found = {r.nct_id: r for r in match_store(parse_patient(LOW_COUNTS), registry_store, project, jobs=1)}
    low = found["NCT02513394"]
    assert low.status == "ineligible" and str(low.trial).endswith("/ctgov/NCT02513394")
    details = [d for reason in low.reasons for d in reason.detail]
    assert any(d.startswith("platelet count 80 10*9/L") and "required >= 100 10*9/L" in d for d in details)
    assert any("haemoglobin" in d.lower() or "hemoglobin" in d.lower() for d in details)
    # an exclusion: platelets < 100 K/cu mm (NCT01294579's "< 100 x 109/L (unless due to NHL ...)" is conditional,
    # reported and not stored)
    assert found["NCT03793439"].status == "ineligible"
    assert {r.reasons[0].section for r in found.values() if r.status == "ineligible"} >= {"inclusion", "exclusion"}


def test_unread_labs_on_the_store_are_those_in_memory(registry_store, registry_graph, project):
    """Looked up lab by lab on the store (each measure a lab may be read as), listed from every criterion in
    memory: the same labs, by LOINC code and by measure, read or not."""
    unknown = {"99999-9": {"value": 1, "unit": "g/L"}, "measure:no-such-test": {"value": 1, "unit": "g/L"}}
    for document in (LOW_COUNTS, EXAMPLE, {**EXAMPLE, "labs": {**EXAMPLE["labs"], **unknown}}):
        patient = parse_patient(document)
        expected = unread_labs(patient, registry_graph)
        assert StoreMatching(patient, registry_store, project).unread_labs() == expected
    assert {"99999-9", "measure:no-such-test"} <= set(expected) and "777-3" not in expected
    assert "99999-9" in unread_labs(parse_patient(LOW_COUNTS), registry_graph)


def test_status_prefilter_keeps_the_same_trials(registry_store, registry_graph, project):
    patient = parse_patient(EXAMPLE)
    statuses = status_iris(["recruiting", "NOT_YET_RECRUITING"], registry_graph)
    assert statuses == [TGV["status-recruiting"], TGV["status-not-yet-recruiting"]]
    on_store = dicts(match_store(patient, registry_store, project, statuses=statuses, jobs=1))
    assert on_store == dicts(match(patient, registry_graph, statuses))
    everything = dicts(match(patient, registry_graph))
    assert 0 < len(on_store) < len(everything)
    assert any(r["nct_id"] == "NCT05190094" for r in on_store)  # a curated trial (default graph) that recruits


def test_unknown_status_names_the_choices(registry_graph):
    with pytest.raises(InputError, match=r"--status: unknown overall status 'open' \(one of: .*recruiting"):
        status_iris(["open"], registry_graph)


def test_workers_give_the_same_in_the_same_order(registry_store, project, monkeypatch):
    monkeypatch.setattr(store_matching, "BATCH", 5)  # several batches, so that both workers get some
    patient = parse_patient(LOW_COUNTS)
    assert dicts(match_store(patient, registry_store, project, jobs=2)) == dicts(
        match_store(patient, registry_store, project, jobs=1)
    )


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_workers_print_what_the_matches_print(fmt, registry_store, project, monkeypatch):
    """Shown matches, their text made in the workers (the table's namespaces rebuilt there from their pairs), are
    the texts of the matches made here, in the same order, with what ranking reads."""
    monkeypatch.setattr(store_matching, "BATCH", 5)
    patient = parse_patient(EXAMPLE)
    matching = StoreMatching(patient, registry_store, project, 2)
    show = json_item if fmt == "json" else TableText(matching.context.namespaces)
    shown = list(matching.results(show=show))
    matches = list(match_store(patient, registry_store, project, jobs=1))
    assert [(s.trial, s.status, s.assessed, s.text) for s in shown] == [
        (m.trial, m.status, m.assessed, show(m)) for m in matches
    ]
    assert len(shown) > 30 and all(type(s.trial) is URIRef for s in shown)


@pytest.mark.parametrize("name", PATIENTS)
def test_curated_store_gives_what_the_embedded_default_gives(name, curated_store, graph, project):
    patient = parse_patient(PATIENTS[name])
    assert dicts(match_store(patient, curated_store, project)) == dicts(match(patient, graph))


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_command_prints_the_same_on_the_store(fmt, curated_store, tmp_path):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(LOW_COUNTS), encoding="utf-8")
    embedded = runner.invoke(app, ["match", str(path), "--format", fmt])
    stored = runner.invoke(app, ["match", str(path), "--format", fmt, "--oxigraph", str(curated_store)])
    assert embedded.exit_code == stored.exit_code == 0, stored.output
    assert stored.output == embedded.output
    assert "labs.99999-9" in stored.output  # CliRunner mixes stderr in: the unread lab is named
    if fmt == "json":
        assert len(json.loads(stored.stdout)) == 5


def test_command_json_of_the_registry_store_is_one_document(registry_store, tmp_path):
    path = tmp_path / "patient.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    result = runner.invoke(
        app, ["match", str(path), "--format", "json", "--oxigraph", str(registry_store), "--status", "recruiting"]
    )
    assert result.exit_code == 0, result.output
    answers = json.loads(result.stdout)
    assert answers and all(a["status"] in {"eligible", "ineligible", "undetermined"} for a in answers)
    assert [a["trial"] for a in answers] == sorted(a["trial"] for a in answers)


def test_the_store_is_not_written(registry_store, project):
    before = {p: p.stat().st_mtime_ns for p in registry_store.rglob("*") if p.is_file()}
    list(match_store(parse_patient(EXAMPLE), registry_store, project, jobs=1))
    assert {p: p.stat().st_mtime_ns for p in registry_store.rglob("*") if p.is_file()} == before


def test_matches_beside_a_process_that_holds_the_store(project, graph, tmp_path):
    """A store another process has open for writing (an import, an `oxigraph serve`) is not an error:
    matching opens it read-only, without its lock."""
    store = tmp_path / "store"
    build_store(project, store)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('held', flush=True); sys.stdin.read()",
            str(store),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError, match="in use by another process"):
            open_for_writing(store)  # the lock is really held
        patient = parse_patient(LOW_COUNTS)
        assert dicts(match_store(patient, store, project)) == dicts(match(patient, graph))
    finally:
        holder.communicate("")


def test_imported_performance_status_and_life_expectancy_decide(registry_store, registry_graph, project, tmp_path):
    """NCT01294579 inc: "ECOG Performance Status of 0, 1, or 2." and "Life expectancy of at least 6 months", read
    from the registry text, decide as the curated constraints do, from a patient file, on both paths."""

    def status(document: dict) -> tuple[str, list[str]]:
        path = tmp_path / "patient.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        patient = load_patient(path)
        found = {r.nct_id: r for r in match(patient, registry_graph)}["NCT01294579"]
        on_store = {r.nct_id: r for r in match_store(patient, registry_store, project, jobs=1)}["NCT01294579"]
        assert dicts([on_store]) == dicts([found])
        return found.status, [d for reason in found.reasons for d in reason.detail]

    frail, details = status({"performance_status": {"scale": "ECOG", "value": 3}})
    assert frail == "ineligible" and "ECOG performance status 3, required ECOG 0-2" in details
    short, details = status(
        {"performance_status": {"scale": "ECOG", "value": 1}, "life_expectancy": {"value": 3, "unit": "mo"}}
    )
    assert short == "ineligible" and any(d.startswith("life expectancy") for d in details)
    fit, details = status(
        {"performance_status": {"scale": "WHO", "value": 2}, "life_expectancy": {"value": 1, "unit": "a"}}
    )
    assert fit != "ineligible" and not any("performance" in d or "life expectancy" in d for d in details)


def _matches_of_every_patient(store: Path, project: ProjectPaths) -> list:
    return [m for p in PATIENTS.values() for m in match_store(parse_patient(p), store, project, jobs=1)]


def test_json_items_are_what_json_dumps_writes(registry_store, project):
    """The command's own writer of a match, against json.dumps with indent=2 (what it replaced), on every match of
    the shared records and on the edge cases: no NCT ID, no reasons, an empty detail, quotes, breaks, non-ASCII."""
    odd = Reason(URIRef("https://example.org/c#1"), "exclusion", 'a "quoted"\nline\\ µL ≥ 5', [])
    edges = [
        TrialMatch(URIRef("https://example.org/t"), None, "eligible", [], []),
        TrialMatch(
            URIRef("https://example.org/t2"), "NCT00000000", "undetermined", [odd], [odd._replace(detail=["x", "é"])]
        ),
    ]
    matches = _matches_of_every_patient(registry_store, project) + edges
    assert len(matches) > 3 * 30
    for m in matches:
        assert json_item(m) == json.dumps(m.as_dict(), indent=2, ensure_ascii=False).replace("\n", "\n  ")


class _IriByIri(Compactor):
    """Every IRI by compact() itself: what the table wrote before Compactor."""

    def __call__(self, value):
        return compact(value, self.namespaces)

    def below(self, base, iris):
        return [compact(URIRef(iri), self.namespaces) for iri in iris]

    def after(self, base, tails, marker):
        return None  # so that the criteria not assessed go through below(), IRI by IRI


def test_table_compacts_as_compact_does(registry_store, project):
    """The table's per-namespace compactor writes every IRI of every match as compact() does, IRI by IRI, the
    criteria not assessed read from the digests' text included."""
    namespaces = StoreMatching(parse_patient(EXAMPLE), registry_store, project, 1).context.namespaces
    matches = _matches_of_every_patient(registry_store, project)
    assert any(isinstance(m.unassessed, str) for m in matches)  # from digests, not yet read
    assert sum(bool(m.not_assessed_after()) for m in matches) > 30  # listed at once (Compactor.after)
    fast = "".join(table_text(m, Compactor(namespaces)) for m in matches)
    assert fast == "".join(table_text(m, _IriByIri(namespaces)) for m in matches)
    assert "ctgov:NCT" in fast and "not assessed (no structured constraint): ctgov:" in fast


def test_a_batch_of_matches_travels_by_marshal_and_comes_back_the_same(registry_store, project):
    """What a worker sends: the batch's plain data by marshal, or by pickle where a value is a subclass of str;
    either way the same matches come back, the criteria not assessed still a digest's text until read."""
    import pickle

    matches = Matches(_matches_of_every_patient(registry_store, project))
    function, _ = matches.__reduce__()
    assert function.__name__ == "_marshalled"
    back = pickle.loads(pickle.dumps(matches))
    assert any(isinstance(m.unassessed, str) for m in back)
    assert [m.as_dict() for m in back] == [m.as_dict() for m in matches]
    odd = Matches([TrialMatch(URIRef("https://example.org/t"), "NCT1", "eligible", [], [])])
    odd[0].reasons.append(Reason(URIRef("https://example.org/c"), "inclusion", "x", [Literal("a literal")]))
    assert odd.__reduce__()[0].__name__ == "_matches"
    assert [m.as_dict() for m in pickle.loads(pickle.dumps(odd))] == [m.as_dict() for m in odd]


def test_the_patient_goes_to_the_workers_with_the_age_in_days(registry_store, project):
    """Worked out in the main process, so that no worker builds pint's registry for it."""
    import pickle

    matching = StoreMatching(parse_patient(EXAMPLE), registry_store, project, 1)
    sent = pickle.loads(pickle.dumps(matching.patient))
    assert sent.__dict__["age_days"] == Decimal(EXAMPLE["age"]) * Decimal("365.25")
