"""Turtle as written: tokens and a syntax tree that keeps every `#` comment where it stands.

rdflib reads a file into triples and forgets its comments; `trialgraph fmt` must keep them, attached
to what they annotate. So this module reads the text itself: a comment on the lines before a
statement, a predicate or an object belongs to it; a comment after code on the same line belongs
to the item that line started (the writer moves it above that item). Terms keep their written text
(a literal's quotes and escapes, a prefixed name), so writing them back cannot change the graph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r]+)
  | (?P<newline>\n)
  | (?P<comment>\#[^\n]*)
  | (?P<term>
        (?:"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
          |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
        (?:@[A-Za-z]+(?:-[A-Za-z0-9]+)*|\^\^(?:<[^<>"{}|^`\\\s]*>|(?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\\S|\.(?=[\w:%\\-]))*))?
      | <[^<>"{}|^`\\\s]*>
      | _:[\w-](?:[\w.-]*[\w-])?
      | (?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\\S|\.(?=[\w:%\\-]))*
      | [+-]?(?:\d+\.\d*[eE][+-]?\d+|\.?\d+[eE][+-]?\d+|\d*\.\d+|\d+)
      | (?:true|false|a)(?![\w:-])
    )
  | (?P<directive>@prefix|@base|(?i:PREFIX|BASE)(?![\w:-]))
  | (?P<punct>[.;,\[\]()])
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str  # term, directive, punct, comment
    text: str
    line: int
    starts_line: bool  # nothing but blanks before it on its line
    blank_before: bool  # an empty line just before it


def tokens(text: str, path: Path | None = None) -> Iterator[Token]:
    """The tokens of a Turtle text; an InputError with the line at the first character no token starts."""
    line, at, starts_line, blank, empty_run = 1, 0, True, False, 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise InputError(f"Turtle syntax error: cannot read {text[at : at + 20]!r}", path, line)
        kind, value = match.lastgroup or "", match.group()
        if kind == "newline":
            empty_run = empty_run + 1 if starts_line else 1
            blank = blank or (starts_line and empty_run > 1)
            line, starts_line = line + 1, True
        elif kind != "space":
            yield Token(kind, value, line, starts_line, blank)
            line += value.count("\n")
            starts_line, blank, empty_run = False, False, 0
        at = match.end()


@dataclass
class Node:
    """What a comment can annotate: its comment lines ("" between paragraphs)."""

    comments: list[str] = field(default_factory=list)


@dataclass
class Term(Node):
    text: str = ""


@dataclass
class Predicate(Node):
    verb: Term = field(default_factory=Term)
    objects: list[Item] = field(default_factory=list)


@dataclass
class BlankNode(Node):
    """[ predicate object ; ... ], with the comments written before its closing bracket."""

    predicates: list[Predicate] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


@dataclass
class Collection(Node):
    items: list[Item] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


Item = Term | BlankNode | Collection


@dataclass
class Statement(Node):
    subject: Item = field(default_factory=Term)
    predicates: list[Predicate] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    detached: bool = False  # its comments stand apart, with an empty line before the statement


@dataclass
class Directive(Node):
    keyword: str = ""  # prefix or base
    name: str = ""  # the prefix with its colon ("tg:"), empty for base
    iri: str = ""  # as written, in <>


@dataclass
class Document:
    header: list[str]  # the file's opening comments, before anything else
    directives: list[Directive]
    preamble: list[str]  # comments after the directives that stand apart from the first statement
    statements: list[Statement]
    trailer: list[str]  # comments after the last statement


def parse(text: str, path: Path | None = None) -> Document:
    return _Parser(list(tokens(text, path)), path).document()


class _Parser:
    def __init__(self, items: list[Token], path: Path | None):
        self.items, self.at, self.path = items, 0, path
        self.pending: list[str] = []  # comment lines not yet given to a node
        self.last: Node | None = None  # the node the current line started, for end-of-line comments

    # ---------------------------------------------------------------- tokens and comments
    def peek(self) -> Token | None:
        self._comments()
        return self.items[self.at] if self.at < len(self.items) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise self.error("Turtle syntax error: the file ends inside a statement")
        self.at += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.next()
        if token.text != text:
            raise self.error(f"Turtle syntax error: expected {text!r}, found {token.text!r}", token)
        return token

    def error(self, message: str, token: Token | None = None) -> InputError:
        if token is None and self.items:
            token = self.items[min(self.at, len(self.items) - 1)]
        return InputError(message, self.path, token.line if token else None)

    def _comments(self) -> None:
        while self.at < len(self.items) and self.items[self.at].kind == "comment":
            token = self.items[self.at]
            if not token.starts_line and self.last is not None:
                self.last.comments.append(token.text)  # an end-of-line comment: to the item it follows
            else:
                if token.blank_before and self.pending:
                    self.pending.append("")
                self.pending.append(token.text)
            self.at += 1

    def take(self, node: Node, token: Token | None = None) -> Node:
        """Give `node` the comments written before it, and make it the owner of end-of-line comments."""
        node.comments = [*self.pending, *node.comments]
        self.pending = []
        if token is None or token.starts_line or self.last is None:
            self.last = node
        return node

    def rest(self) -> list[str]:
        lines, self.pending = self.pending, []
        return lines

    # ---------------------------------------------------------------- grammar
    def document(self) -> Document:
        header: list[str] = []
        directives: list[Directive] = []
        statements: list[Statement] = []
        preamble: list[str] = []
        while (token := self.peek()) is not None:
            if token.kind == "directive":
                if statements:
                    raise self.error("fmt keeps prefixes together at the top: move this one up", token)
                if not directives:
                    header, self.pending = self.rest(), []
                directives.append(self.directive())
                continue
            if not statements and directives and token.blank_before and self.pending:
                preamble = self.rest()
            statements.append(self.statement())
        return Document(header, directives, preamble, statements, self.rest())

    def directive(self) -> Directive:
        token = self.next()
        keyword = token.text.lstrip("@").lower()
        node = Directive(keyword=keyword)
        self.take(node, token)
        if keyword == "prefix":
            name = self.next()
            if name.kind != "term" or not name.text.endswith(":"):
                raise self.error("Turtle syntax error: a prefix name ending in ':' expected", name)
            node.name = name.text
        iri = self.next()
        if not iri.text.startswith("<"):
            raise self.error("Turtle syntax error: an IRI in <> expected", iri)
        node.iri = iri.text
        if token.text.startswith("@"):
            self.expect(".")
        return node

    def statement(self) -> Statement:
        first = self.peek()
        node = Statement(detached=bool(first and first.blank_before and self.pending))
        self.take(node, first)
        node.subject = self.item(subject=True)
        if not (isinstance(node.subject, BlankNode) and self.peek_text() == "."):
            node.predicates = self.predicates()
        node.closing = self.rest()
        self.expect(".")
        return node

    def peek_text(self) -> str:
        token = self.peek()
        return token.text if token else ""

    def predicates(self) -> list[Predicate]:
        found: list[Predicate] = []
        while True:
            token = self.next()
            if token.kind != "term":
                raise self.error(f"Turtle syntax error: a predicate expected, found {token.text!r}", token)
            predicate = Predicate(verb=Term(text=token.text))
            self.take(predicate, token)
            predicate.objects.append(self.item())
            while self.peek_text() == ",":
                self.next()
                predicate.objects.append(self.item())
            found.append(predicate)
            separated = False
            while self.peek_text() == ";":
                self.next()
                separated = True
            if not separated or self.peek_text() in ("", ".", "]"):
                return found

    def item(self, subject: bool = False) -> Item:
        token = self.next()
        if token.text == "[":
            node = BlankNode()
            self.take(node, token)
            if self.peek_text() != "]":
                node.predicates = self.predicates()
            node.closing = self.rest()
            self.expect("]")
            return node
        if token.text == "(":
            collection = Collection()
            self.take(collection, token)
            while self.peek_text() not in (")", ""):
                collection.items.append(self.item())
            collection.closing = self.rest()
            self.expect(")")
            return collection
        if token.kind != "term" or token.text == "a" or (subject and token.text[0] in "\"'"):
            raise self.error(f"Turtle syntax error: unexpected {token.text!r}", token)
        term = Term(text=token.text)
        self.take(term, token)
        return term


def deepest_line(text: str) -> int:
    """The line where [ ] and ( ) nest deepest (1 if the text cannot be read as tokens)."""
    depth = deepest = 0
    found = 1
    try:
        for token in tokens(text):
            if token.text in ("[", "("):
                depth += 1
                if depth > deepest:
                    deepest, found = depth, token.line
            elif token.text in ("]", ")"):
                depth -= 1
    except InputError:
        pass
    return found
