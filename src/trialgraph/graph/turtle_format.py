"""Canonical Turtle for curated files: one order, one layout, every comment kept with what it annotates.

The order: prefixes by name; subjects by name, except that a node only one other subject of the
file refers to, and named after it (trial:NCT01368107-arm-1 after trial:NCT01368107, its regimen
after the arm), comes right after that subject; predicates with `a` first, then by name; objects by
their written text. Names compare with their numbers as numbers (arm-2 before arm-10). The layout:
four spaces per level, a predicate per line, objects and blank nodes on that line while it stays
within 100 characters, else one per line (blank nodes one predicate per line, bracket on its own
line). A subject or predicate written twice is written once. Terms keep their written text, and
`format_turtle` checks with rdflib that the graph is unchanged before anything is written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..errors import InputError
from .output import write_if_changed
from .skolem import same_graph
from .turtle import read_turtle, turtle_files
from .turtle_syntax import BlankNode, Collection, Directive, Document, Item, Predicate, Statement, Term, parse

WIDTH = 100
INDENT = 4


@dataclass(frozen=True)
class Formatted:
    path: Path
    text: str
    changed: bool


def format_text(text: str, path: Path | None = None) -> str:
    """The canonical layout of a Turtle text.

    >>> text = "@prefix ex: <http://example.org/> .\\n# the second\\nex:b ex:q 2 ; a ex:T .\\nex:a ex:p 1 .\\n"
    >>> print(format_text(text), end="")
    @prefix ex: <http://example.org/> .
    <BLANKLINE>
    ex:a ex:p 1 .
    <BLANKLINE>
    # the second
    ex:b a ex:T ;
        ex:q 2 .
    """
    return render(canonical(parse(text, path), path))


def format_turtle(path: Path) -> Formatted:
    """A file's canonical text, after rdflib has read the file (its errors name file and line) and
    has read the result back as the same graph (else an InputError: nothing is written)."""
    before = read_turtle(path).graph
    text = path.read_text(encoding="utf-8")
    result = format_text(text, path)
    after = Graph().parse(data=result, format="turtle", publicID=path.resolve().as_uri())
    if not same_graph(before, after):
        raise InputError("fmt would change the graph of this file (please report it): left as it is", path)
    return Formatted(path, result, result != text)


def format_files(paths: Iterable[Path], *, write: bool) -> list[Formatted]:
    """Format every Turtle file under `paths`; all are read before any is written, so a file that
    cannot be read leaves every file as it was. Returns the files whose text changes (or would)."""
    changed = [item for item in (format_turtle(path) for path in turtle_files(paths)) if item.changed]
    if write:
        for item in changed:
            write_if_changed(item.text.encode("utf-8"), item.path)
    return changed


# ---------------------------------------------------------------- order


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key where the numbers in names compare as numbers."""
    parts = re.split(r"(\d+)", text)
    # the end of a name sorts before any continuation: trial:NCT01368107 before trial:NCT01368107-arm-1
    return (*((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part), (-1, 0, text))


def canonical(document: Document, path: Path | None = None) -> Document:
    return Document(
        header=document.header,
        directives=_directives(document.directives, path),
        preamble=document.preamble,
        statements=_order(_merged(document.statements)),
        trailer=document.trailer,
    )


def _directives(directives: list[Directive], path: Path | None) -> list[Directive]:
    seen: dict[str, Directive] = {}
    for directive in directives:
        earlier = seen.get(directive.name)
        if earlier is not None and earlier.iri != directive.iri:
            what = f"prefix {directive.name}" if directive.keyword == "prefix" else "the base"
            raise InputError(f"{what} is defined twice, with different IRIs: fmt cannot order them", path)
        if earlier is not None:
            earlier.comments += directive.comments
        else:
            seen[directive.name] = directive
    return sorted(seen.values(), key=lambda item: (item.keyword != "base", _natural(item.name)))


def _merged(statements: list[Statement]) -> list[Statement]:
    """One statement per named subject, holding all the predicates written for it."""
    by_subject: dict[str, Statement] = {}
    merged: list[Statement] = []
    for statement in statements:
        key = statement.subject.text if isinstance(statement.subject, Term) else None
        if key is not None and key in by_subject:
            first = by_subject[key]
            if statement.predicates:  # a second block's comments stay with what it says
                statement.predicates[0].comments[:0] = [line for line in statement.comments if line]
            first.predicates += statement.predicates
            first.closing += statement.closing
            continue
        if key is not None:
            by_subject[key] = statement
        merged.append(statement)
    for statement in merged:
        statement.predicates = _predicates(statement.predicates)
        if isinstance(statement.subject, BlankNode | Collection):
            statement.subject = _item(statement.subject)
    return merged


def _predicates(predicates: list[Predicate]) -> list[Predicate]:
    by_verb: dict[str, Predicate] = {}
    for predicate in predicates:
        verb = predicate.verb.text
        if verb in by_verb:
            by_verb[verb].comments += predicate.comments
            by_verb[verb].objects += predicate.objects
        else:
            by_verb[verb] = predicate
    for predicate in by_verb.values():
        predicate.objects = _objects([_item(item) for item in predicate.objects])
    return sorted(by_verb.values(), key=lambda item: (item.verb.text != "a", _natural(item.verb.text)))


def _objects(items: list[Item]) -> list[Item]:
    unique: dict[str, Item] = {}
    for item in items:
        key = _key(item)
        if key in unique and isinstance(item, Term):
            unique[key].comments += item.comments
        else:
            unique[key if key not in unique else f"{key}\0{len(unique)}"] = item
    return sorted(unique.values(), key=_sort_key)


def _item(item: Item) -> Item:
    if isinstance(item, BlankNode):
        item.predicates = _predicates(item.predicates)
    elif isinstance(item, Collection):
        item.items = [_item(member) for member in item.items]  # a collection's order is its meaning
    return item


def _key(item: Item) -> str:
    return "\n".join(_multiline(item, 0)) if not isinstance(item, Term) else item.text


def _sort_key(item: Item) -> tuple[tuple[int, int, str], ...]:
    return _natural(_key(item))


def _family(name: str) -> tuple[str, str] | None:
    """prefix and the first part of the local name (trial:, NCT01368107) of a prefixed name."""
    prefix, colon, local = name.partition(":")
    if not colon or name.startswith(("<", "_:")) or not local:
        return None
    return prefix, re.split(r"[-_/.]", local)[0]


def _order(statements: list[Statement]) -> list[Statement]:
    named = {statement.subject.text: statement for statement in statements if isinstance(statement.subject, Term)}
    referrers: dict[str, set[str]] = defaultdict(set)
    for name, statement in named.items():
        for term in _terms(statement.predicates):
            if term in named and term != name:
                referrers[term].add(name)
    children: dict[str, list[str]] = defaultdict(list)
    owned: set[str] = set()
    for name in named:
        holders = referrers.get(name, set())
        if len(holders) == 1:
            (holder,) = holders
            family = _family(name)
            if family is not None and family == _family(holder):
                children[holder].append(name)
                owned.add(name)
    ordered: list[Statement] = []
    visited: set[str] = set()

    def visit(name: str) -> None:
        if name in visited:
            return
        visited.add(name)
        ordered.append(named[name])
        for child in sorted(children[name], key=_natural):
            visit(child)

    for name in sorted(named, key=_natural):
        if name not in owned:
            visit(name)
    for name in sorted(named, key=_natural):  # nodes owned in a cycle
        visit(name)
    unnamed = [statement for statement in statements if not isinstance(statement.subject, Term)]
    return ordered + sorted(unnamed, key=lambda statement: _sort_key(statement.subject))


def _terms(predicates: list[Predicate]) -> Iterator[str]:
    for predicate in predicates:
        for item in predicate.objects:
            yield from _item_terms(item)


def _item_terms(item: Item) -> Iterator[str]:
    if isinstance(item, Term):
        yield item.text
    elif isinstance(item, BlankNode):
        yield from _terms(item.predicates)
    else:
        for member in item.items:
            yield from _item_terms(member)


# ---------------------------------------------------------------- layout


def render(document: Document) -> str:
    parts: list[list[str]] = []
    if document.header:
        parts.append(_comments(document.header, 0))
    if document.directives:
        lines: list[str] = []
        for directive in document.directives:
            lines += _comments(directive.comments, 0)
            name = f" {directive.name}" if directive.keyword == "prefix" else ""
            lines.append(f"@{directive.keyword}{name} {directive.iri} .")
        parts.append(lines)
    if document.preamble:
        parts.append(_comments(document.preamble, 0))
    text = "\n\n".join("\n".join(part) for part in parts)
    previous: list[str] = []
    for statement in document.statements:
        lines = _statement(statement)
        # one-line statements without comments follow each other without an empty line between them
        between = "\n" if len(lines) == 1 and len(previous) == 1 else "\n\n"
        text += (between if text else "") + "\n".join(lines)
        previous = lines
    if document.trailer:
        text += "\n\n" + "\n".join(_comments(document.trailer, 0))
    return text + "\n"


def _comments(lines: list[str], indent: int) -> list[str]:
    return [(" " * indent + line.rstrip()) if line else "" for line in lines]


def _statement(statement: Statement) -> list[str]:
    lines = _comments(statement.comments, 0) + ([""] if statement.detached and statement.comments else [])
    subject = _object(statement.subject, 0)
    body = _predicate_block(statement.predicates, INDENT)
    first = statement.predicates[0] if statement.predicates else None
    if isinstance(statement.subject, Term) and first is not None and not first.comments and body:
        lines.append(f"{subject[0]} {body[0].lstrip()}")
        body = body[1:]
    else:
        lines += subject
    lines += body
    if statement.closing:
        return [*lines, *_comments(statement.closing, INDENT), "."]
    lines[-1] += " ."
    return lines


def _predicate_block(predicates: list[Predicate], indent: int) -> list[str]:
    lines: list[str] = []
    for number, predicate in enumerate(predicates):
        if number:
            lines[-1] += " ;"
        lines += _predicate(predicate, indent)
    return lines


def _predicate(predicate: Predicate, indent: int) -> list[str]:
    lines = _comments(predicate.comments, indent)
    head = " " * indent + predicate.verb.text
    objects = predicate.objects
    commented = any(item.comments for item in objects)
    inline = [_inline(item) for item in objects]
    if not commented and all(text is not None for text in inline):
        line = f"{head} {', '.join(text or '' for text in inline)}"
        if len(line) <= WIDTH or (len(objects) == 1 and isinstance(objects[0], Term)):
            return [*lines, line]
    if not commented and all(isinstance(item, Term) for item in objects):
        return [*lines, *_filled(head, [item.text for item in objects], indent + INDENT)]
    nested = [item for item in objects if isinstance(item, BlankNode | Collection)]
    if not commented and len(nested) == len(objects) and any(_too_long(item, indent + INDENT) for item in nested):
        body = [head]
        for number, item in enumerate(objects):
            block = _multiline(item, indent)
            body[-1] += (", " if number else " ") + block[0]
            body += block[1:]
        return [*lines, *body]
    body = [head]
    for number, item in enumerate(objects):
        body += _comments(item.comments, indent + INDENT)
        block = _object(item, indent + INDENT)
        body += [" " * (indent + INDENT) + block[0], *block[1:]]
        if number < len(objects) - 1:
            body[-1] += ","
    return [*lines, *body]


def _too_long(item: Item, indent: int) -> bool:
    text = _inline(item)
    return text is None or indent + len(text) > WIDTH


def _filled(head: str, texts: list[str], indent: int) -> list[str]:
    """Terms after `head`, as many on each line as fit, the next lines at `indent`."""
    lines = [f"{head} {texts[0]}"]
    for text in texts[1:]:
        if len(lines[-1]) + len(text) + 2 <= WIDTH:
            lines[-1] += f", {text}"
        else:
            lines[-1] += ","
            lines.append(" " * indent + text)
    return lines


def _object(item: Item, indent: int) -> list[str]:
    """An item whose first line starts at `indent` (the caller writes that indent), on one line if it fits."""
    text = _inline(item)
    if text is not None and (isinstance(item, Term) or indent + len(text) <= WIDTH):
        return [text]
    return _multiline(item, indent)


def _inline(item: Item) -> str | None:
    """An item on one line, or None if a comment inside it needs lines of its own."""
    if isinstance(item, Term):
        return item.text
    if item.closing:
        return None
    if isinstance(item, Collection):
        members = [_inline_member(member) for member in item.items]
        if any(member is None for member in members):
            return None
        return f"( {' '.join(member or '' for member in members)} )" if members else "()"
    parts: list[str] = []
    for predicate in item.predicates:
        objects = [_inline_member(member) for member in predicate.objects]
        if predicate.comments or any(member is None for member in objects):
            return None
        parts.append(f"{predicate.verb.text} {', '.join(member or '' for member in objects)}")
    return f"[ {' ; '.join(parts)} ]" if parts else "[]"


def _inline_member(item: Item) -> str | None:
    return None if item.comments else _inline(item)


def _multiline(item: Item, indent: int) -> list[str]:
    if isinstance(item, Term):
        return [item.text]
    inner = indent + INDENT
    if isinstance(item, Collection):
        if not item.items and not item.closing:
            return ["()"]
        lines = ["("]
        for member in item.items:
            lines += _comments(member.comments, inner)
            block = _object(member, inner)
            lines += [" " * inner + block[0], *block[1:]]
        return [*lines, *_comments(item.closing, inner), " " * indent + ")"]
    if not item.predicates and not item.closing:
        return ["[]"]
    return ["[", *_predicate_block(item.predicates, inner), *_comments(item.closing, inner), " " * indent + "]"]
