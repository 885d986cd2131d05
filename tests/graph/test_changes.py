"""`trialgraph diff`'s core: per trial and field, blank nodes by content, stores graph by graph."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from trialgraph.errors import InputError
from trialgraph.graph.assemble import namespaces
from trialgraph.graph.changes import diff, text_lines
from trialgraph.graph.turtle_format import format_turtle
from trialgraph.paths import project_paths

PROJECT = project_paths()
TRIAL = """@prefix tg: <https://w3id.org/trialgraph/ontology/> .
@prefix trial: <https://w3id.org/trialgraph/id/trial/> .
@prefix ex: <http://example.org/> .
trial:NCT{n} a tg:Trial ; tg:enrollment {enrollment} ; tg:hasArm trial:NCT{n}-arm-1 ;
    tg:hasCuratorNote [ tg:noteText "first" ], [ tg:noteText "{note}" ] .
trial:NCT{n}-arm-1 tg:position 1 ; tg:label "{label}" .
ex:shared ex:says "{shared}" .
"""


def _trial(n: str = "00000001", enrollment: int = 10, note: str = "second", label: str = "A", shared: str = "x") -> str:
    return TRIAL.format(n=n, enrollment=enrollment, note=note, label=label, shared=shared)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_fields_added_removed_and_changed_per_trial(tmp_path):
    old = _write(tmp_path / "old", "a.ttl", _trial() + _trial("00000002"))
    changed = _trial(enrollment=12, note="revised", label="B", shared="y")
    new = _write(tmp_path / "new", "a.ttl", changed + _trial("00000003", shared="y"))
    found = diff(old, new)
    assert found.added == ["trial:NCT00000003"] and found.removed == ["trial:NCT00000002"]
    fields = {(c.subject, c.field): (c.kind, c.old, c.new) for c in found.changed["trial:NCT00000001"]}
    assert fields == {
        ("", "tg:enrollment"): ("changed", ("10",), ("12",)),
        ("", "tg:hasCuratorNote"): ("changed", ('[ tg:noteText "second" ]',), ('[ tg:noteText "revised" ]',)),
        ("-arm-1", "tg:label"): ("changed", ('"A"',), ('"B"',)),
    }
    assert (found.other_added, found.other_removed) == (1, 1)
    lines = list(text_lines(found))
    assert lines[0].startswith("trials: 1 added, 1 removed, 1 changed; other triples")
    assert "    tg:enrollment: 10 -> 12" in lines and "+ trial:NCT00000003" in lines


def test_a_field_that_appears_or_goes_is_added_or_removed(tmp_path):
    old = _write(tmp_path / "old", "a.ttl", _trial())
    new = _write(tmp_path / "new", "a.ttl", _trial().replace("tg:enrollment 10 ;", "tg:phase tg:x ;"))
    kinds = {c.field: c.kind for c in diff(old, new).changed["trial:NCT00000001"]}
    assert kinds == {"tg:enrollment": "removed", "tg:phase": "added"}


def test_reordered_blank_nodes_and_reformatted_files_are_no_change(tmp_path):
    shutil.copytree(PROJECT.data_dir, tmp_path / "old")
    shutil.copytree(PROJECT.data_dir, tmp_path / "new")
    for path in (tmp_path / "new").rglob("*.ttl"):
        path.write_text(format_turtle(path).text, encoding="utf-8")
    swapped = _trial().replace(
        '[ tg:noteText "first" ], [ tg:noteText "second" ]', '[ tg:noteText "second" ], [ tg:noteText "first" ]'
    )
    _write(tmp_path / "old", "x.ttl", _trial())
    _write(tmp_path / "new", "x.ttl", swapped)
    found = diff(tmp_path / "old", tmp_path / "new")
    assert not found.any, found


def _store(path: Path, studies: dict[str, str]) -> Path:
    store = ox.Store(str(path))
    for nct, text in studies.items():
        graph = ox.NamedNode(f"https://clinicaltrials.gov/study/NCT{nct}")
        store.load(text.encode("utf-8"), ox.RdfFormat.TURTLE, to_graph=graph)
    store.flush()
    del store
    gc.collect()
    return path


def test_stores_compare_graph_by_graph(tmp_path):
    old = _store(tmp_path / "old", {"00000001": _trial(), "00000002": _trial("00000002")})
    new = _store(tmp_path / "new", {"00000001": _trial(note="revised"), "00000004": _trial("00000004")})
    found = diff(old, new, namespaces(PROJECT))
    assert found.added == ["trial:NCT00000004"] and found.removed == ["trial:NCT00000002"]
    assert [c.field for c in found.changed["trial:NCT00000001"]] == ["tg:hasCuratorNote"]
    assert not diff(old, old).any


def test_a_store_and_turtle_are_not_compared(tmp_path):
    store = _store(tmp_path / "store", {"00000001": _trial()})
    turtle = _write(tmp_path / "ttl", "a.ttl", _trial())
    with pytest.raises(InputError, match="compare a store with a store"):
        diff(store, turtle)
    with pytest.raises(InputError, match="no such file or folder"):
        diff(turtle, tmp_path / "absent")
