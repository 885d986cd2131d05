"""The registry into a store: the same graphs as the Turtle files, incremental re-imports, bulk formats, push."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.graph.assemble import derived_triples
from trialgraph.graph.store import to_rdflib
from trialgraph.links.prefixes import load_converter
from trialgraph.sources.ctgov.match_digest import MATCH_INDEX
from trialgraph.sources.ctgov.registry import CONTENT_HASH, KNOWN_HASHES, SHARED_GRAPH, import_to_store

from ..conftest import serve_oxigraph

CTGOV = "https://w3id.org/trialgraph/id/ctgov/"
STUDY = "https://clinicaltrials.gov/study/"
TG = "https://w3id.org/trialgraph/ontology/"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
runner = CliRunner()


@pytest.fixture(scope="module")
def shared_records(ctgov_records) -> list[Path]:
    more = ctgov_records.parent / "ctgov-more"
    return [ctgov_records, *([more] if more.is_dir() else [])]


@pytest.fixture(scope="module")
def both_modes(shared_records, every_import, project, tmp_path_factory):
    folder, turtle = every_import  # the same records, imported as Turtle files once per session
    location = tmp_path_factory.mktemp("registry") / "store"
    summary = import_to_store(shared_records, location, project, jobs=2)
    return folder, turtle, location, summary


def _graph(store: ox.Store, name: str) -> Graph:
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _canonical_decimals(graph: Graph) -> Graph:
    """Decimals in canonical form ("18.0" -> "18"), as Oxigraph stores them: the same values."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD_DECIMAL:
            text = format(Decimal(str(o)), "f")
            o = Literal(text.rstrip("0").rstrip(".") if "." in text else text, datatype=XSD_DECIMAL)
        out.add((s, p, o))
    return out


def _hashes(location: Path) -> dict[str, str]:
    return {r["g"].value: r["h"].value for r in ox.Store.read_only(str(location)).query(KNOWN_HASHES)}


def test_both_modes_give_isomorphic_graphs_for_every_shared_record(both_modes, project):
    _, turtle, location, summary = both_modes
    assert summary.skipped == [] and summary.added == turtle.read == len(turtle.written) >= 150
    store = ox.Store.read_only(str(location))
    shared = _graph(store, SHARED_GRAPH)
    converter = load_converter(project.prefix_map_file)
    for path in turtle.written:
        nct = path.stem
        expected = Graph().parse(path)
        expected += derived_triples(expected, converter)  # what `build` adds to the Turtle files
        own, theirs = Graph(), Graph()
        for triple in expected:
            subject = triple[0]
            is_own = not isinstance(subject, URIRef) or str(subject).startswith((CTGOV + nct, STUDY + nct))
            (own if is_own else theirs).add(triple)
        actual = _graph(store, STUDY + nct)
        hashes = list(actual.triples((None, URIRef(str(CONTENT_HASH)), None)))
        assert len(hashes) == 1, nct
        actual.remove(hashes[0])
        assert (URIRef(CTGOV + nct), RDF.type, URIRef(TG + "Trial")) in actual and len(own) > len(theirs)
        assert isomorphic(actual, _canonical_decimals(own)), f"{nct}: the store's graph differs from the Turtle file's"
        missing = _canonical_decimals(theirs) - shared
        assert not missing, f"{nct}: not in the shared graph: {sorted(missing)[:3]}"


def _copy_records(source: Path, target: Path, count: int) -> list[str]:
    """The first `count` records of `source` copied into `target`; their file names."""
    target.mkdir()
    names = sorted(p.name for p in source.glob("*.json"))[:count]
    for name in names:
        shutil.copy(source / name, target / name)
    return names


def _retitle(path: Path) -> None:
    study = json.loads(path.read_text(encoding="utf-8"))
    study["protocolSection"]["identificationModule"]["briefTitle"] = "A retitled study"
    path.write_text(json.dumps(study), encoding="utf-8")


def test_reimport_maps_only_what_changed_and_prune_removes_what_left(ctgov_records, project, tmp_path):
    records = tmp_path / "records"
    names = _copy_records(ctgov_records, records, 4)
    location = tmp_path / "store"
    first = import_to_store([records], location, project, jobs=1)
    assert (first.added, first.changed, first.unchanged) == (4, 0, 0)
    again = import_to_store([records], location, project, jobs=1)
    assert (again.added, again.changed, again.unchanged, again.quads) == (0, 0, 4, 0)

    _retitle(records / names[0])
    (records / names[1]).unlink()
    broken = json.loads((records / names[2]).read_text(encoding="utf-8"))
    broken["protocolSection"].setdefault("designModule", {})["phases"] = ["PHASE9"]
    (records / names[2]).write_text(json.dumps(broken), encoding="utf-8")
    update = import_to_store([records], location, project, jobs=1, prune=True)
    assert (update.added, update.changed, update.unchanged, update.removed) == (0, 2, 1, 1)
    # a bad value does not drop the study: it is kept as a literal, and warned about
    assert update.skipped == [] and update.exit_code == 1
    assert update.warnings.unknown_values == 1 and update.warnings.lines[0].startswith(f"{names[2]}: ")
    store = ox.Store.read_only(str(location))
    graph = ox.NamedNode(STUDY + names[0].removesuffix(".json"))
    titles = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(TG + "briefTitle"), None, graph)}
    assert titles == {"A retitled study"} and len(_hashes(location)) == 3
    assert not store.contains_named_graph(ox.NamedNode(STUDY + names[1].removesuffix(".json")))


def test_shared_triples_first_sent_with_a_skipped_duplicate_are_still_loaded(ctgov_records, project, tmp_path):
    """A worker sends each shared line once; here the first study to carry the sites of the third is a second
    copy of the first, skipped as already read: the third's places must still be in the shared graph."""
    with_sites = [p for p in sorted(ctgov_records.glob("*.json")) if '"locations"' in p.read_text(encoding="utf-8")]
    first, third = (json.loads(p.read_text(encoding="utf-8")) for p in with_sites[:2])
    copy = json.loads(json.dumps(first))
    locations = third["protocolSection"]["contactsLocationsModule"]["locations"]
    copy["protocolSection"].setdefault("contactsLocationsModule", {})["locations"] = locations
    records = tmp_path / "records"
    records.mkdir()
    for name, study in (("1.json", first), ("2.json", copy), ("3.json", third)):
        (records / name).write_text(json.dumps(study), encoding="utf-8")
    summary = import_to_store([records], tmp_path / "store", project, jobs=1)
    assert summary.added == 2 and [s.reason for s in summary.skipped] == [
        f"{first['protocolSection']['identificationModule']['nctId']} was already read"
    ]
    (alone := tmp_path / "alone").mkdir()
    shutil.copy(records / "3.json", alone / "3.json")
    import_to_store([alone], tmp_path / "alone-store", project, jobs=1)
    expected = _graph(ox.Store.read_only(str(tmp_path / "alone-store")), SHARED_GRAPH)
    assert len(expected) > 0
    missing = expected - _graph(ox.Store.read_only(str(tmp_path / "store")), SHARED_GRAPH)
    assert not missing, sorted(missing)[:3]


def test_bulk_formats_give_the_same_studies(ctgov_records, project, tmp_path):
    files = sorted(ctgov_records.glob("*.json"))[:5]
    with zipfile.ZipFile(tmp_path / "ctg-studies.json.zip", "w") as archive:
        for path in files[:2]:
            archive.write(path, f"ctg-studies/{path.name}")
    lines = [json.dumps(json.loads(p.read_text(encoding="utf-8"))) + "\n" for p in files[2:]]
    (tmp_path / "a.jsonl").write_text(lines[0], encoding="utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress("\n".join(lines[1:]).encode()))
    bulk = import_to_store(
        [tmp_path / "ctg-studies.json.zip", tmp_path / "a.jsonl", tmp_path / "b.jsonl.gz"],
        tmp_path / "bulk",
        project,
        jobs=2,
    )
    plain = import_to_store(files, tmp_path / "plain", project, jobs=1)
    assert bulk.skipped == [] and bulk.added == plain.added == 5
    assert _hashes(tmp_path / "bulk") == _hashes(tmp_path / "plain")


def test_an_unreadable_file_is_reported_and_the_others_imported(ctgov_records, project, tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK not a zip")
    shutil.copy(sorted(ctgov_records.glob("*.json"))[0], tmp_path / "good.json")
    (tmp_path / "bad.jsonl").write_text('{"protocolSection": \n', encoding="utf-8")
    result = runner.invoke(app, ["import", "ctgov", str(tmp_path), "--oxigraph", str(tmp_path / "store")])
    assert result.exit_code == 2
    assert "broken.zip" in result.stderr and "bad.jsonl: line 1" in result.stderr
    assert "1 added" in result.stdout and len(_hashes(tmp_path / "store")) == 1


def test_ctrl_c_keeps_a_usable_store_with_the_studies_done(ctgov_records, project, tmp_path):
    def interrupt(done: int) -> None:
        if done >= 32:  # after the first task of 32 records: as if the user pressed Ctrl-C
            os.kill(os.getpid(), signal.SIGINT)

    records = [ctgov_records, ctgov_records.parent / "ctgov-more"]
    summary = import_to_store(records, tmp_path / "store", project, jobs=1, progress=interrupt)
    assert summary.interrupted and summary.exit_code == 130
    assert 32 <= len(_hashes(tmp_path / "store")) == summary.added < 150


def test_push_sends_only_the_graphs_that_changed(ctgov_records, project, tmp_path):
    records = tmp_path / "records"
    names = _copy_records(ctgov_records, records, 3)
    location, state = tmp_path / "store", tmp_path / "pushed.json"
    import_to_store([records], location, project, jobs=1)
    with serve_oxigraph(tmp_path / "served") as base:
        push = ["push", "--store", f"{base}/store", "--oxigraph", str(location), "--state", str(state)]
        first = runner.invoke(app, push)
        assert first.exit_code == 0, first.output
        assert "5 graph(s) replaced, 0 deleted, 0 unchanged" in first.stdout  # 3 studies, shared, default
        assert runner.invoke(app, push).stdout.count("0 graph(s) replaced") == 1

        _retitle(records / names[0])
        (records / names[1]).unlink()
        import_to_store([records], location, project, jobs=1, prune=True)
        second = runner.invoke(app, push)
        assert "1 graph(s) replaced, 1 deleted, 3 unchanged" in second.stdout
        query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        url = f"{base}/query?query={urllib.parse.quote(query)}"
        request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            served = {b["g"]["value"]: int(b["n"]["value"]) for b in json.load(response)["results"]["bindings"]}
    local = ox.Store.read_only(str(location))
    expected = {g.value: sum(1 for _ in local.quads_for_pattern(None, None, None, g)) for g in local.named_graphs()}
    # the match digests stay home: `match --oxigraph` reads them in a store folder, never on a served store
    assert expected.pop(MATCH_INDEX) == 2
    assert served == expected


def test_the_registry_benchmark_runs_at_a_small_size():
    """benchmarks/registry.py keeps working (its figures are printed, never asserted)."""
    script = Path(__file__).parents[2] / "benchmarks" / "registry.py"
    result = subprocess.run(
        [sys.executable, str(script), "--studies", "10", "20", "--jobs", "1", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    rows = {line[:28].strip() for line in result.stdout.splitlines()}
    assert {"import studies/s", "bulk load quads/s (limit)", "re-import unchanged s", "export quads/s (.nq)"} <= rows
    first_words = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert "questions: worst p95 s" in rows and "arms-per-trial" in first_words  # the question timings
    assert "questions at p95 <= 10 s at 577k:" in result.stdout  # extrapolated from the two sizes
