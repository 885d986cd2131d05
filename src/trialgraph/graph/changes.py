"""What changed between two builds or stores, per trial and field, for release notes (`trialgraph diff`).

A trial's fields are what the trial and its parts say: the trial IRI, and every IRI named after it
(trial:NCT01368107-arm-1, ctgov:NCT04426201-site-2), per predicate. A blank node is compared by what
it holds (skolem.blank_form), so a file that writes the same node elsewhere, or a parser that names
it afresh, changes nothing. What belongs to no trial (ontology, shared data) is counted apart.

Two Oxigraph stores are compared graph by graph (each study is its own named graph): only one graph
of each store is in memory at a time, never the whole store.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..errors import InputError
from .skolem import blank_form
from .store import is_store, open_read_only, to_rdflib
from .turtle import merge, read_data

TRIAL = URIRef("https://w3id.org/trialgraph/ontology/Trial")


@dataclass(frozen=True)
class FieldChange:
    subject: str  # the trial's part, as written with the prefixes ("" for the trial itself)
    field: str
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "added" if not self.old else "removed" if not self.new else "changed"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)
    other_added: int = 0  # triples outside any trial
    other_removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed or self.other_added or self.other_removed)

    def as_json(self) -> dict:
        return {
            "trials": {
                "added": self.added,
                "removed": self.removed,
                "changed": {
                    trial: [
                        {"subject": c.subject, "field": c.field, "change": c.kind, "old": c.old, "new": c.new}
                        for c in changes
                    ]
                    for trial, changes in self.changed.items()
                },
            },
            "other_triples": {"added": self.other_added, "removed": self.other_removed},
        }


def diff(old: Path, new: Path, names: NamespaceManager | None = None) -> Changes:
    """The changes from `old` to `new`: both Oxigraph store folders, or both Turtle files or folders.
    Values are written with the prefixes of `names` and of the Turtle (a store keeps none)."""
    old_store, new_store = _is_store(old), _is_store(new)
    if old_store != new_store:
        where = old if old_store else new
        raise InputError("compare a store with a store, or Turtle with Turtle (this one is a store)", where)
    changes = Changes()
    if old_store:
        _compare_stores(old, new, changes, _names(names))
    else:
        old_graph, new_graph = _turtle(old), _turtle(new)
        _compare(_Triples(old_graph), _Triples(new_graph), changes, _names(names, new_graph, old_graph))
    changes.added.sort()
    changes.removed.sort()
    changes.changed = dict(sorted(changes.changed.items()))
    return changes


def _is_store(path: Path) -> bool:
    if not path.exists():
        raise InputError("no such file or folder", path)
    return path.is_dir() and is_store(path)


def _turtle(path: Path) -> Graph:
    return merge(read_data([path]))


def _names(known: NamespaceManager | None, *graphs: Graph) -> NamespaceManager:
    names = NamespaceManager(Graph(), bind_namespaces="none")
    for source in (*graphs, known) if known is not None else graphs:
        for prefix, namespace in source.namespaces():
            names.bind(prefix, namespace, override=False)
    return names


def _compare_stores(old: Path, new: Path, changes: Changes, names: NamespaceManager) -> None:
    """Graph by graph. The importer names blank nodes after what they hold, so an unchanged study has
    the same quads in both stores and is passed over; a study in one store only needs no values."""
    stores = open_read_only(old), open_read_only(new)
    graphs: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {ox.DefaultGraph()}
    for store in stores:
        graphs.update(store.named_graphs())
    for name in sorted(graphs, key=lambda graph: "" if isinstance(graph, ox.DefaultGraph) else str(graph)):
        before, after = (set(store.quads_for_pattern(None, None, None, name)) for store in stores)
        if before == after:
            continue
        if before and after:
            _compare(_from_store(before), _from_store(after), changes, names)
            continue
        trials, other = _trials_and_others(before or after)
        shown = sorted(names.normalizeUri(URIRef(trial)) for trial in trials)
        if after:
            changes.added += shown
            changes.other_added += other
        else:
            changes.removed += shown
            changes.other_removed += other


def _trials_and_others(quads: set[ox.Quad]) -> tuple[set[str], int]:
    """The trials of a graph, and how many of its triples belong to none (blank nodes held count in their holder)."""
    trials = {q.subject.value for q in quads if q.predicate.value == str(RDF.type) and q.object.value == str(TRIAL)}
    held = {q.object for q in quads if isinstance(q.object, ox.BlankNode)}
    other = 0
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode):
            other += quad.subject not in held
        elif _trial_of(quad.subject.value, trials) is None:
            other += 1
    return trials, other


def _trial_of(iri: str, trials: Container[str]) -> str | None:
    """The trial a node belongs to: itself, or the trial whose IRI it extends (trial:NCT01368107-arm-1)."""
    if iri in trials:
        return iri
    return next((iri[:at] for at in range(len(iri)) if iri[at] == "-" and iri[:at] in trials), None)


class _Triples:
    """A graph's triples with an index of what each node holds: all blank_form and _Facts read, at a
    fraction of the cost of filling an rdflib Graph (a store's graphs are read into this)."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]):
        self.triples = list(triples)
        self.holds: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for subject, predicate, value in self.triples:
            self.holds[subject].append((predicate, value))

    def predicate_objects(self, subject: Node) -> list[tuple[Node, Node]]:
        return self.holds.get(subject, [])


def _from_store(quads: Iterable[ox.Quad]) -> _Triples:
    return _Triples((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for q in quads)


def _compare(old: _Triples, new: _Triples, changes: Changes, names: NamespaceManager) -> None:
    before, after = _Facts(old, names), _Facts(new, names)
    changes.added += [names.normalizeUri(t) for t in after.trials.keys() - before.trials.keys()]
    changes.removed += [names.normalizeUri(t) for t in before.trials.keys() - after.trials.keys()]
    for trial in sorted(before.trials.keys() & after.trials.keys()):
        found = _field_changes(before.trials[trial], after.trials[trial])
        if found:
            changes.changed.setdefault(names.normalizeUri(trial), []).extend(found)
    changes.other_added += sum((after.other - before.other).values())
    changes.other_removed += sum((before.other - after.other).values())


def _field_changes(old: dict[tuple[str, str], set[str]], new: dict[tuple[str, str], set[str]]) -> list[FieldChange]:
    found = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key, set()), new.get(key, set())
        if before != after:
            found.append(FieldChange(key[0], key[1], tuple(sorted(before - after)), tuple(sorted(after - before))))
    return found


class _Facts:
    """A graph's facts per trial, (part, field) -> values, and the count of each triple outside trials."""

    def __init__(self, graph: _Triples, names: NamespaceManager):
        self.trials: dict[URIRef, dict[tuple[str, str], set[str]]] = {}
        memo: dict[Node, str] = {}
        trials = sorted({s for s, p, o in graph.triples if p == RDF.type and o == TRIAL and isinstance(s, URIRef)})
        named = {str(trial) for trial in trials}
        owner = {}
        for subject in graph.holds:
            if isinstance(subject, URIRef) and (holder := _trial_of(str(subject), named)) is not None:
                owner[subject] = URIRef(holder)
        held = {value for _, _, value in graph.triples if isinstance(value, BNode)}
        self.other: Counter[tuple[str, str, str]] = Counter()
        parts: dict[URIRef, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
        for subject, predicate, value in graph.triples:
            if isinstance(subject, BNode) and subject in held:
                continue  # in its holder's value
            shown = blank_form(graph, value, memo, names=names)
            trial = owner.get(subject) if isinstance(subject, URIRef) else None
            if trial is None:
                self.other[(blank_form(graph, subject, memo, names=names), str(predicate), shown)] += 1
                continue
            part = str(subject)[len(trial) :]
            parts[trial][(part, blank_form(graph, predicate, memo, names=names))].add(shown)
        for trial in trials:
            self.trials[trial] = dict(parts[trial])


def text_lines(changes: Changes) -> Iterable[str]:
    """The changes as text for release notes: a summary line, then each trial's changed fields."""
    yield (
        f"trials: {len(changes.added)} added, {len(changes.removed)} removed, {len(changes.changed)} changed;"
        f" other triples (ontology, shared data): {changes.other_added} added, {changes.other_removed} removed"
    )
    yield from (f"+ {trial}" for trial in changes.added)
    yield from (f"- {trial}" for trial in changes.removed)
    for trial, fields in changes.changed.items():
        yield f"~ {trial}"
        for change in fields:
            where = f"{change.subject} {change.field}".strip()
            if change.kind == "changed":
                yield f"    {where}: {', '.join(change.old)} -> {', '.join(change.new)}"
            else:
                yield f"    {where}: {change.kind} {', '.join(change.old or change.new)}"
