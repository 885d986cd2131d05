"""Reading inputs and writing outputs: what the parsers let through is refused when read, with
file and line; a build of nothing never replaces a good one; outputs get the user's umask."""

from __future__ import annotations

import os
import stat

import pytest
from rdflib import Graph, URIRef

from trialgraph.errors import InputError
from trialgraph.graph.output import output_folder, write_atomically, write_graph
from trialgraph.graph.turtle import read_data, read_turtle
from trialgraph.paths import files_under

PREFIX = "@prefix ex: <http://example.org/> .\n"


def test_an_iri_with_a_space_is_refused_at_its_line(tmp_path):
    path = tmp_path / "space.ttl"
    path.write_text(PREFIX + "ex:a ex:b ex:c .\n\nex:a ex:b <http://example.org/x y> .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"space\.ttl:4: not a valid IRI .*<http://example\.org/x y>"):
        read_turtle(path)


def test_an_iri_made_bad_by_an_escape_is_refused_too(tmp_path):
    path = tmp_path / "escape.ttl"
    path.write_text(PREFIX + "ex:a ex:b <http://example.org/x\\u0020y> .\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid IRI"):
        read_turtle(path)


def test_deep_nesting_is_one_error_at_the_deepest_line(tmp_path):
    path = tmp_path / "deep.ttl"
    path.write_text(PREFIX + 'ex:a ex:b "[ not counted" ;\n  ex:c\n' + "[ ex:d " * 400 + "1" + " ]" * 400 + " .\n")
    with pytest.raises(InputError, match=r"deep\.ttl:4: Turtle nested too deeply"):
        read_turtle(path)


def test_nesting_the_parser_can_hold_is_read(tmp_path):
    path = tmp_path / "nested.ttl"
    path.write_text(PREFIX + "ex:a ex:b " + "[ ex:d " * 20 + "1" + " ]" * 20 + " .\n")
    assert len(read_turtle(path).graph) == 21


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: (tmp / "empty").mkdir(), "no Turtle"),
        (lambda tmp: (tmp / "x.ttl").mkdir(), "no Turtle"),
        (lambda tmp: (tmp / "empty.ttl").write_text(""), "no triples"),
        (lambda tmp: (tmp / "prefixes.ttl").write_text(PREFIX), "no triples"),
    ],
    ids=["empty-folder", "folder-named-x.ttl", "empty-file", "prefixes-only"],
)
def test_input_without_data_is_an_error(tmp_path, make, message):
    make(tmp_path)
    (given,) = list(tmp_path.iterdir())
    with pytest.raises(InputError, match=f"no data found: .*{message}"):
        read_data([given])


def test_data_named_twice_is_read_once(tmp_path):
    path = tmp_path / "a.ttl"
    path.write_text(PREFIX + "ex:a ex:b ex:c .\n")
    assert [item.path for item in read_data([path, tmp_path, path])] == [path.resolve()]


def test_a_fifo_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.ttl")
    with pytest.raises(InputError, match=r"pipe\.ttl: not a regular file"):
        files_under([tmp_path / "pipe.ttl"], lambda folder: folder.iterdir())
    with pytest.raises(InputError, match=r"pipe\.ttl: not a regular file"):
        files_under([tmp_path], lambda folder: folder.glob("*.ttl"))


# ---------------------------------------------------------------- outputs
def _graph() -> Graph:
    graph = Graph()
    graph.add((URIRef("http://example.org/a"), URIRef("http://example.org/b"), URIRef("http://example.org/c")))
    return graph


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_user_s_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_graph(_graph(), tmp_path / "out.ttl")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.ttl").stat().st_mode) == mode


def test_an_output_onto_a_folder_or_under_a_file_is_one_error(tmp_path):
    (tmp_path / "folder.ttl").mkdir()
    with pytest.raises(InputError, match=r"folder\.ttl: is a folder"):
        write_graph(_graph(), tmp_path / "folder.ttl")
    (tmp_path / "file").write_text("x")
    with pytest.raises(InputError, match=r"file: cannot write: a file stands where a folder is needed"):
        write_graph(_graph(), tmp_path / "file" / "deeper" / "out.ttl")
    with pytest.raises(InputError, match=r"file: cannot write: a file stands where a folder is needed"):
        output_folder(tmp_path / "file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; the corpus row uses /sys")
def test_an_output_into_a_read_only_folder_is_one_error(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    (folder / "out.ttl").write_text("earlier")
    folder.chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot write: Permission denied"):
            write_atomically(folder / "out.ttl", lambda stream: stream.write(b"new"))
    finally:
        folder.chmod(0o755)
    assert (folder / "out.ttl").read_text() == "earlier"
