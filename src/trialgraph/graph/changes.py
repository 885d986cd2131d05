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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from ..errors import InputError
from ..paths import ProjectPaths
from .assemble import namespaces
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


def diff(old: Path, new: Path, project: ProjectPaths | None = None) -> Changes:
    """The changes from `old` to `new`: both Oxigraph store folders, or both Turtle files or folders.
    Values are written with the prefixes of the Turtle, or for stores (which keep none) the project's."""
    old_store, new_store = _is_store(old), _is_store(new)
    if old_store != new_store:
        where = old if old_store else new
        raise InputError("compare a store with a store, or Turtle with Turtle (this one is a store)", where)
    changes = Changes()
    if old_store:
        names = namespaces(project) if project is not None else None
        for old_graph, new_graph in _store_pairs(old, new):
            _compare(old_graph, new_graph, changes, names)
    else:
        _compare(_turtle(old), _turtle(new), changes)
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


def _store_pairs(old: Path, new: Path) -> Iterator[tuple[Graph, Graph]]:
    """Each graph name of either store, with its triples in each (empty where it is missing)."""
    stores = open_read_only(old), open_read_only(new)
    names: set[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {ox.DefaultGraph()}
    for store in stores:
        names.update(store.named_graphs())
    for name in sorted(names, key=lambda graph: "" if isinstance(graph, ox.DefaultGraph) else str(graph)):
        yield _store_graph(stores[0], name), _store_graph(stores[1], name)


def _store_graph(store: ox.Store, name) -> Graph:
    graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, name):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _compare(old: Graph, new: Graph, changes: Changes, known: NamespaceManager | None = None) -> None:
    names = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in known.namespaces() if known is not None else ():
        names.bind(prefix, namespace)
    for graph in (new, old):
        for prefix, namespace in graph.namespaces():
            names.bind(prefix, namespace, override=False)
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

    def __init__(self, graph: Graph, names: NamespaceManager):
        self.trials: dict[URIRef, dict[tuple[str, str], set[str]]] = {}
        memo: dict[Node, str] = {}
        trials = sorted(t for t in graph.subjects(RDF.type, TRIAL) if isinstance(t, URIRef))
        owner = {trial: trial for trial in trials}
        for subject in set(graph.subjects()):
            if isinstance(subject, URIRef) and subject not in owner:
                text = str(subject)
                holders = (URIRef(text[:at]) for at in range(len(text)) if text[at] == "-")
                holder = next((h for h in holders if owner.get(h) == h), None)
                if holder is not None:
                    owner[subject] = holder
        held = {value for value in graph.objects() if isinstance(value, BNode)}
        self.other: Counter[tuple[str, str, str]] = Counter()
        parts: dict[URIRef, dict[tuple[str, str], set[str]]] = defaultdict(lambda: defaultdict(set))
        for subject, predicate, value in graph:
            if isinstance(subject, BNode) and subject in held:
                continue  # in its holder's value
            shown = blank_form(graph, value, memo, names=names)
            trial = owner.get(subject) if isinstance(subject, URIRef) else None
            if trial is None:
                self.other[(blank_form(graph, subject, memo, names=names), predicate.n3(), shown)] += 1
                continue
            part = str(subject)[len(trial) :]
            parts[trial][(part, names.normalizeUri(predicate))].add(shown)
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
