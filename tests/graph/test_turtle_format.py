"""`trialgraph fmt`'s core: canonical Turtle that keeps the graph and every comment where it belongs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from trialgraph.errors import InputError
from trialgraph.graph.skolem import same_graph
from trialgraph.graph.turtle_format import format_files, format_text, format_turtle
from trialgraph.paths import project_paths

PROJECT = project_paths()
CURATED = sorted([*PROJECT.data_dir.rglob("*.ttl"), *PROJECT.ontology_dir.rglob("*.ttl")])
EX = "@prefix ex: <http://example.org/> .\n"


def _code_tokens(line: str) -> list[str]:
    return line.split()[:2]


def _attachments(text: str) -> list[tuple[str, list[str]]]:
    """Each comment line directly followed by code, with the first two tokens of that code line."""
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        if not line.lstrip().startswith("#"):
            continue
        following = next((later for later in lines[number + 1 :] if not later.lstrip().startswith("#")), "")
        if following.strip():
            found.append((line.strip(), _code_tokens(following)))
    return found


@pytest.mark.parametrize("path", CURATED, ids=lambda path: str(path.relative_to(PROJECT.root)))
def test_every_curated_file_keeps_its_graph_and_comments_and_formats_once(path: Path):
    original = path.read_text(encoding="utf-8")
    result = format_turtle(path)
    before = Graph().parse(data=original, format="turtle", publicID=path.resolve().as_uri())
    after = Graph().parse(data=result.text, format="turtle", publicID=path.resolve().as_uri())
    assert same_graph(before, after)
    assert len(before) == len(after)
    assert format_text(result.text, path) == result.text  # idempotent
    comments = sorted(line.strip() for line in original.splitlines() if line.lstrip().startswith("#"))
    assert sorted(line.strip() for line in result.text.splitlines() if line.lstrip().startswith("#")) == comments
    # a comment still stands before what it annotates (the subject or predicate of the next line; a
    # second block of a subject is merged into the first, so its comment moves to its first predicate)
    formatted = dict(_attachments(result.text))
    for comment, tokens in _attachments(original):
        assert formatted.get(comment, [""])[0] in tokens, (comment, tokens, formatted.get(comment))


def test_comments_inside_a_block_stay_with_the_predicate_line_that_follows():
    path = PROJECT.data_dir / "trials" / "NCT01368107.ttl"
    lines = format_turtle(path).text.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("    # every intervention the arms below receive"))
    assert lines[at + 1].startswith("    tg:hasIntervention ")


def test_order_of_prefixes_subjects_predicates_and_objects():
    text = (
        "@prefix z: <http://z.org/> .\n" + EX + "ex:b ex:q ex:y, ex:x ; a ex:T ; ex:p 2 .\nex:a ex:r z:z .\n"
        "ex:item-10 ex:p 1 .\nex:item-2 ex:p 1 .\n"
    )
    assert format_text(text) == (
        "@prefix ex: <http://example.org/> .\n@prefix z: <http://z.org/> .\n\n"
        "ex:a ex:r z:z .\n\nex:b a ex:T ;\n    ex:p 2 ;\n    ex:q ex:x, ex:y .\n\n"
        "ex:item-2 ex:p 1 .\nex:item-10 ex:p 1 .\n"
    )


def test_a_node_one_subject_refers_to_follows_it():
    text = EX + (
        "ex:t ex:arm ex:t-arm-2, ex:t-arm-1 .\nex:t-arm-1-regimen ex:p 1 .\n"
        "ex:t-arm-1 ex:r ex:t-arm-1-regimen .\nex:t-arm-2 ex:p 2 .\nex:a ex:p ex:t .\n"
    )
    subjects = [line.split()[0] for line in format_text(text).splitlines() if line and not line.startswith((" ", "@"))]
    assert subjects == ["ex:a", "ex:t", "ex:t-arm-1", "ex:t-arm-1-regimen", "ex:t-arm-2"]


def test_comments_move_with_what_they_annotate():
    text = EX + (
        "# about b\nex:b ex:q 1 ;\n    # about p\n    ex:p 2 .\n\n"
        "# about a\nex:a ex:p [\n    # inside\n    ex:z 1 ] , ex:c .  # end of line\n"
    )
    # an end-of-line comment belongs to what its line starts with (here ex:z), and goes above it
    assert format_text(text) == EX + (
        "\n# about a\nex:a ex:p\n        [\n            # inside\n            # end of line\n            ex:z 1\n"
        "        ],\n        ex:c .\n\n# about b\nex:b\n    # about p\n    ex:p 2 ;\n    ex:q 1 .\n"
    )


def test_header_and_a_detached_comment_keep_their_empty_lines():
    text = "# file header\n\n" + EX + "\n# about the file\n\n# section\nex:a ex:p 1 .\n# the end\n"
    assert (
        format_text(text) == "# file header\n\n" + EX + "\n# about the file\n\n# section\nex:a ex:p 1 .\n\n# the end\n"
    )


def test_a_subject_written_twice_is_written_once_and_duplicates_go():
    text = EX + "ex:a ex:p 1 .\n# more about a\nex:a ex:p 1, 2 ; ex:q 3 .\n"
    assert format_text(text) == EX + "\nex:a\n    # more about a\n    ex:p 1, 2 ;\n    ex:q 3 .\n"


def test_collections_keep_their_order_and_literals_their_written_form():
    text = EX + 'ex:a ex:list ( ex:c ex:b ) ; ex:text """two\nlines"""@en, "x\\ty"^^ex:dt, 1.50, -2e3, true .\n'
    result = format_text(text)
    assert "( ex:c ex:b )" in result
    assert '"""two\nlines"""@en' in result and '"x\\ty"^^ex:dt' in result and "1.50" in result and "-2e3" in result
    assert isomorphic(Graph().parse(data=text, format="turtle"), Graph().parse(data=result, format="turtle"))


def test_long_lines_break_and_blank_nodes_open_when_they_do_not_fit():
    long = '"' + "x" * 90 + '"'
    text = EX + f"ex:a ex:p [ ex:q {long} ] ; ex:r " + ", ".join(f"ex:value-{n}" for n in range(12)) + " .\n"
    lines = format_text(text).splitlines()
    assert "ex:a ex:p [" in lines and f"        ex:q {long}" in lines and "    ] ;" in lines
    assert max(len(line) for line in lines if "ex:value" in line) <= 100


def test_same_graph_agrees_with_rdflib_and_sees_a_change_inside_a_blank_node():
    first = Graph().parse(data=EX + "ex:a ex:p [ ex:q [ ex:r 1 ] ], [ ex:q 2 ] .", format="turtle")
    reordered = Graph().parse(data=EX + "ex:a ex:p [ ex:q 2 ], [ ex:q [ ex:r 1 ] ] .", format="turtle")
    changed = Graph().parse(data=EX + "ex:a ex:p [ ex:q [ ex:r 3 ] ], [ ex:q 2 ] .", format="turtle")
    shared = Graph().parse(data=EX + "ex:a ex:p _:x . ex:b ex:p _:x . _:x ex:q 1 .", format="turtle")
    shared_changed = Graph().parse(
        data=EX + "ex:a ex:p _:x . ex:b ex:p _:y . _:x ex:q 1 . _:y ex:q 1 .", format="turtle"
    )
    assert same_graph(first, reordered) and isomorphic(first, reordered)
    assert not same_graph(first, changed) and not isomorphic(first, changed)
    assert not same_graph(shared, shared_changed) and not isomorphic(shared, shared_changed)


def test_unreadable_turtle_names_file_and_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text(EX + "ex:a ex:p ex:b ;\n  ex:q .\n", encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{path}:3: Turtle syntax error")):
        format_turtle(path)


def test_prefixes_after_statements_or_defined_twice_are_refused(tmp_path):
    later = EX + "ex:a ex:p 1 .\n@prefix z: <http://z.org/> .\nz:a ex:p 2 .\n"
    with pytest.raises(InputError, match=r":3: fmt keeps prefixes together"):
        format_text(later, tmp_path / "x.ttl")
    twice = EX + "@prefix ex: <http://other.org/> .\nex:a ex:p 1 .\n"
    with pytest.raises(InputError, match="prefix ex: is defined twice"):
        format_text(twice, tmp_path / "x.ttl")


def test_the_projects_turtle_is_canonical():
    changed = format_files([PROJECT.data_dir, PROJECT.ontology_dir], write=False)
    names = ", ".join(str(item.path.relative_to(PROJECT.root)) for item in changed)
    assert not changed, f"not in the canonical layout: {names}; run `trialgraph fmt` to rewrite them"
