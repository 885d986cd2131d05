"""The on-disk store: questions open it read-only, writes go beside it and swap in only on success."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from trialgraph.cli import app
from trialgraph.errors import InputError
from trialgraph.graph import store as stores
from trialgraph.graph.assemble import build_graph

runner = CliRunner()
BAD_IRI = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b <http://x y> .\n"


@pytest.fixture
def built(tmp_path, project):
    location = tmp_path / "store"
    result = runner.invoke(app, ["build", "--oxigraph", str(location)])
    assert result.exit_code == 0, result.output
    return location


def _size(location) -> int:
    return len(ox.Store.read_only(str(location)))


def test_build_streams_the_same_graph_as_the_in_memory_build(built, project):
    graph = build_graph(project)
    assert _size(built) == len(graph)
    assert stores.is_store(built)


def test_the_store_build_derives_the_trial_level_ages(built):
    query = """PREFIX tg: <https://w3id.org/trialgraph/ontology/>
    SELECT ?min ?max ?days WHERE {
        <https://w3id.org/trialgraph/id/trial/NCT04426201> tg:minimumAge ?a ; tg:maximumAge ?b .
        ?a tg:numericValue ?min ; tg:canonicalValue ?days . ?b tg:numericValue ?max }"""
    rows = [(r["min"].value, r["max"].value, r["days"].value) for r in ox.Store.read_only(str(built)).query(query)]
    assert rows == [("25", "80", "9131.25")]  # from "aged ≥ 25 - 80 (included) years", with canonical days


def test_a_failed_build_leaves_the_old_store_intact(built, tmp_path):
    before = _size(built)
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD_IRI, encoding="utf-8")
    result = runner.invoke(app, ["build", "--oxigraph", str(built), str(bad)])
    assert result.exit_code == 2
    assert "bad.ttl:3" in result.stderr and "IRI" in result.stderr
    assert _size(built) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "store"]  # no new store left behind


def test_a_folder_that_is_not_a_store_is_never_written_into(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("keep me", encoding="utf-8")
    built = runner.invoke(app, ["build", "--oxigraph", str(folder)])
    queried = runner.invoke(app, ["query", "phase-and-status", "--oxigraph", str(folder)])
    assert built.exit_code == queried.exit_code == 2
    assert "not an Oxigraph store" in built.stderr and "no Oxigraph store" in queried.stderr
    assert [p.name for p in folder.iterdir()] == ["todo.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert runner.invoke(app, ["query", "phase-and-status", "--oxigraph", str(empty)]).exit_code == 2
    assert list(empty.iterdir()) == []


def test_questions_open_the_store_read_only(built):
    store = stores.open_read_only(built)
    with pytest.raises(RuntimeError):
        store.update("INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }")


def test_a_store_locked_by_another_process_is_one_clear_line(built):
    script = (
        f"import pyoxigraph, sys; s = pyoxigraph.Store({str(built)!r}); print('locked', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"locked\n"
        with pytest.raises(InputError, match="in use by another process"):
            stores.open_for_writing(built)
        result = runner.invoke(app, ["build", "--oxigraph", str(built)])
        assert result.exit_code == 2 and "in use by another process" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        # questions still run beside the writer
        assert runner.invoke(app, ["query", "phase-and-status", "--oxigraph", str(built)]).exit_code == 0
    finally:
        holder.communicate(b"")


@pytest.mark.parametrize("name", ["all.nq", "all.nq.gz", "all.nt.gz", "all.ttl", "all.ttl.gz"])
def test_export_writes_what_the_extension_names(built, tmp_path, name):
    output = tmp_path / name
    result = runner.invoke(app, ["export", "--oxigraph", str(built), "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = output.read_bytes()
    data = gzip.decompress(data) if name.endswith(".gz") else data
    fmt = stores.rdf_format(output)
    parsed = list(ox.parse(data, format=fmt))
    assert len(parsed) == _size(built)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_export_refuses_an_unknown_format_and_keeps_the_old_file(built, tmp_path):
    output = tmp_path / "all.rdf"
    output.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["export", "--oxigraph", str(built), "-o", str(output)])
    assert result.exit_code == 2 and ".nq.gz" in result.stderr
    assert output.read_text(encoding="utf-8") == "old"
