"""Set-at-a-time validation measured: the simple constraints of shapes.ttl as SPARQL on Oxigraph.

    python benchmarks/set_checks.py STORE [--batches 16 64 256] [--limit N]

Issue 12 asks for validation of the registry in 30 minutes on 2 cores (about 3 ms a study). The
per-study engine (checks.study) reads each study's quads into Python first, which alone costs
about half of that. The idea measured here: compile each simple constraint to one SELECT over a
batch of study graphs (`GRAPH ?g`, the batch given as the query's named graphs) that returns only
the violations, so that conforming data never becomes Python objects. This module is the
compiler and the measurement; `benchmarks/validation.py` prints its rows beside the engine's.

It times, on the same studies, (a) the compiled constraints run by Oxigraph, at several batch
sizes, (b) the same constraints as the engine's Python checks on data already read, and (c) the
reading itself; and checks that (a) and (b) find exactly the same violations (focus, value, study).
The measured result (README, "Validating a store of studies"): Oxigraph's evaluator costs as much
per quad it touches as Python's decoding (a scan about 1.3 us a quad, a join or GROUP BY 5-10 us),
so the compiled constraints alone cost more than the whole per-study engine, and the engine keeps
the validation: this compiler is not on its path.

What compiles:
- sh:minCount, sh:maxCount, sh:hasValue, sh:class, sh:in, sh:nodeKind, and sh:datatype of
  xsd:string or rdf:langString, on a property shape with a plain IRI path, directly under a node
  shape whose only targets are classes;
- only where the study's graph alone holds the triples the check reads: the path's predicate
  occurs neither in the context nor in the store's shared graph nor among what the build derives,
  and no instance of the target classes is stated there (their focus nodes are then exactly the
  typed subjects of each study graph, as checks.study collects them).

What does not, and why: sh:node, sh:or/and/not/xone and sh:closed report nested results (sh:node's
details) or need a shape's conformance, a shape's whole set of checks; a SPARQL constraint is free
SPARQL over the study and the context; sh:datatype of another datatype and sh:min/maxInclusive
follow rdflib's lexical parsing and comparison (pySHACL's semantics, not Oxigraph's); sh:pattern
follows Python's `re`, not Rust's regex; a constraint reached through sh:node is evaluated only on
the values of a node that has it. A constraint kind the compiler does not know is not compiled
(left to the engine, which refuses what it does not know).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, URIRef
from rdflib.collection import Collection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script

from trialgraph.checks.engine import NOT_CONSTRAINTS, SH, Check, Shape, ShapeCompiler
from trialgraph.checks.facts import RDF_TYPE, Facts, Layered
from trialgraph.checks.terms import LANG_STRING, XSD_STRING, OxTerm, to_ox

TG = "https://w3id.org/trialgraph/ontology/"
# what checks.study adds to a study before validating it (unit IRIs, canonical values): not in the store
DERIVED = frozenset(TG + name for name in ("unitOfMeasure", "canonicalValue", "canonicalUnit", "Unit")) | {
    "http://www.w3.org/2004/02/skos/core#notation",
    "http://www.w3.org/2000/01/rdf-schema#label",
    str(RDF.type),
}
STRING_TYPES = {XSD_STRING, LANG_STRING}
NODE_KINDS = {SH.IRI: "isIRI", SH.BlankNode: "isBlank", SH.Literal: "isLiteral"}
MAX_CONTEXT_INSTANCES = 2000  # a sh:class whose context instances are listed in the query; more: not compiled
Key = tuple[ox.NamedNode, int, OxTerm, OxTerm | None]  # (study graph, constraint number, focus, value)


@dataclass(frozen=True)
class SetCheck:
    """One constraint of a property shape: a SELECT of its violations (?g, ?this, maybe ?value), and
    the engine's Python check for the same constraint, to compare with."""

    prop: Shape  # the property shape: path, message, severity, source shape
    classes: tuple[OxTerm, ...]  # the target classes of its node shape, subclasses included
    query: str
    python: Check

    @property
    def with_value(self) -> bool:  # a per-value constraint names the value; a count does not
        return "?value" in self.query.split("WHERE", 1)[0]


class SetChecks:
    """The compilable constraints of the shapes, for a store whose shared graph states what it states."""

    def __init__(
        self,
        compiler: ShapeCompiler,
        class_targets: dict[OxTerm, list[Shape]],
        context: Facts,
        supers: dict[OxTerm, frozenset[OxTerm]],
        shared: tuple[ox.NamedNode, frozenset[str], frozenset[str]] | None = None,
    ):
        """`class_targets`: class -> the shapes that target it, subclasses folded in (engine.Targets);
        `shared`: the store's shared graph, and the predicates and classes stated in it."""
        self.compiler, self.graph = compiler, compiler.graph
        self.context, self.supers = context, supers
        self.shared_graph = shared[0] if shared else None
        shared_predicates, shared_classes = (shared[1], shared[2]) if shared else (frozenset(), frozenset())
        self._blocked = {p.value for by_p in context.out.values() for p in by_p} | set(shared_predicates) | DERIVED
        classes_of: dict[int, list[OxTerm]] = {}
        shapes: dict[int, Shape] = {}
        for cls, targeting in class_targets.items():
            for shape in targeting:
                classes_of.setdefault(id(shape), []).append(cls)
                shapes[id(shape)] = shape
        self.checks: list[SetCheck] = []
        for key, shape in shapes.items():
            classes = tuple(sorted(classes_of[key], key=str))
            if self._only_class_targets(shape) and not any(self._elsewhere(c, shared_classes) for c in classes):
                self.checks += self._compile(shape, classes)

    def run(self, store: ox.Store, graphs: list[ox.NamedNode]) -> set[Key]:
        """The violations of every compiled constraint in these study graphs."""
        named = graphs + ([self.shared_graph] if self.shared_graph is not None else [])
        found: set[Key] = set()
        for number, check in enumerate(self.checks):
            with_value = check.with_value
            for row in store.query(check.query, named_graphs=named):
                found.add((row["g"], number, row["this"], row["value"] if with_value else None))
        return found

    def run_in_python(self, graph: ox.NamedNode, data: Layered) -> set[Key]:
        """The same constraints as the engine's Python checks, on one study read into `data`."""
        found: set[Key] = set()
        typed = {}
        for node in data.study.out:
            for cls in data.types(node):
                typed.setdefault(cls, []).append(node)
        for number, check in enumerate(self.checks):
            focus_nodes = {n for cls in check.classes for n in typed.get(cls, ())}
            path = check.prop.path
            assert path is not None
            for focus in focus_nodes:
                for value, _, _, _ in check.python(data, focus, path(data, focus)):
                    found.add((graph, number, focus, value))
        return found

    # ------------------------------------------------------------ what compiles
    def _only_class_targets(self, shape: Shape) -> bool:
        targets = {SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target}
        return not any((shape.node, t, None) in self.graph for t in targets)

    def _elsewhere(self, cls: OxTerm, shared_classes: frozenset[str]) -> bool:
        """Whether a node of this class may be typed outside the study graph (then not every focus
        node is a typed subject of the graph), or typed by the build."""
        stated = self.context.inv.get(cls, {}).get(RDF_TYPE)
        return bool(stated) or cls.value in shared_classes or cls.value in DERIVED

    def _compile(self, shape: Shape, classes: tuple[OxTerm, ...]) -> list[SetCheck]:
        focus = "VALUES ?class { " + " ".join(map(str, classes)) + " } GRAPH ?g { ?this a ?class }"
        if self.shared_graph is not None:
            focus += f" FILTER (!sameTerm(?g, {self.shared_graph}))"
        compiled = []
        for prop in shape.properties:
            path = prop.path_term
            if not isinstance(path, ox.NamedNode) or path.value in self._blocked:
                continue
            for predicate in sorted(set(self.graph.predicates(prop.node)) - NOT_CONSTRAINTS):
                for value in self.graph.objects(prop.node, predicate):
                    query = self.query(focus, path, predicate, value)
                    if query is not None:
                        python = self.compiler._check(prop.node, predicate, value)
                        compiled.append(SetCheck(prop, classes, query, python))
        return compiled

    def query(self, focus: str, path: ox.NamedNode, predicate, value) -> str | None:
        """The SELECT of one constraint's violations, or None where it does not compile.

        The forms are the fastest measured on Oxigraph: MINUS (a hash anti-join) rather than
        FILTER NOT EXISTS (a lookup per focus node, about 3x slower)."""
        values = f"GRAPH ?g {{ ?this {path} ?v }}"
        if predicate == SH.minCount:
            n = int(value)
            if n <= 0:
                return None  # the engine's check never fails; nothing to run
            enough = (
                values
                if n == 1
                else (f"SELECT ?g ?this WHERE {{ {values} }} GROUP BY ?g ?this HAVING (COUNT(DISTINCT ?v) >= {n})")
            )
            return f"SELECT DISTINCT ?g ?this WHERE {{ {focus} MINUS {{ {enough} }} }}"
        if predicate == SH.maxCount:
            return (
                f"SELECT ?g ?this WHERE {{ {{ SELECT DISTINCT ?g ?this WHERE {{ {focus} }} }} {values} }}"
                f" GROUP BY ?g ?this HAVING (COUNT(DISTINCT ?v) > {int(value)})"
            )
        if predicate == SH.hasValue:
            wanted = f"GRAPH ?g {{ ?this {path} {to_ox(value)} }}"
            return f"SELECT DISTINCT ?g ?this WHERE {{ {focus} MINUS {{ {wanted} }} }}"
        condition = self._value_condition(predicate, value)
        if condition is None:
            return None
        each = f"GRAPH ?g {{ ?this {path} ?value }}"
        return f"SELECT DISTINCT ?g ?this ?value WHERE {{ {focus} {each} FILTER ({condition}) }}"

    def _value_condition(self, predicate, value) -> str | None:
        """A FILTER expression true of a value that violates the constraint; None: not compiled."""
        if predicate == SH.nodeKind:
            return f"!{NODE_KINDS[value]}(?value)" if value in NODE_KINDS else None
        if predicate == SH.datatype:
            if str(value) not in STRING_TYPES:
                return None
            return f"!(isLiteral(?value) && sameTerm(datatype(?value), {to_ox(value)}))"
        if predicate == SH["in"]:
            allowed = [to_ox(item) for item in Collection(self.graph, value)]
            return "!(" + " || ".join(f"sameTerm(?value, {term})" for term in allowed) + ")" if allowed else "true"
        if predicate == SH["class"]:
            return self._class_condition(value)
        return None

    def _class_condition(self, value) -> str | None:
        """sh:class: no rdf:type of the class or a subclass in the study graph, the shared graph or
        the context (the context's instances listed; a class the build types is left to Python)."""
        if not isinstance(value, URIRef):
            return None
        cls = to_ox(value)
        classes = [cls, *sorted((c for c, up in self.supers.items() if cls in up and c != cls), key=str)]
        if any(c.value in DERIVED for c in classes):
            return None
        known = {s for c in classes for s in self.context.inv.get(c, {}).get(RDF_TYPE, ())}
        if len(known) > MAX_CONTEXT_INSTANCES:
            return None
        types = "VALUES ?type { " + " ".join(map(str, classes)) + " }"
        where = "GRAPH ?g { ?value a ?type }"
        if self.shared_graph is not None:
            where = f"{{ {where} }} UNION {{ GRAPH {self.shared_graph} {{ ?value a ?type }} }}"
        condition = f"NOT EXISTS {{ {types} {where} }}"
        if known:
            condition += " && !(" + " || ".join(f"sameTerm(?value, {n})" for n in sorted(known, key=str)) + ")"
        return condition


def shared_vocabulary(store: ox.Store) -> tuple[ox.NamedNode, frozenset[str], frozenset[str]]:
    """The store's shared graph (cities, organizations...), the predicates and the classes stated in it."""
    from trialgraph.sources.ctgov.registry import SHARED_GRAPH

    shared = ox.NamedNode(SHARED_GRAPH)
    predicates = store.query("SELECT DISTINCT ?p WHERE { GRAPH ?s { ?x ?p ?o } }", named_graphs=[shared])
    classes = store.query("SELECT DISTINCT ?c WHERE { GRAPH ?s { ?x a ?c } }", named_graphs=[shared])
    return shared, frozenset(r["p"].value for r in predicates), frozenset(r["c"].value for r in classes)


@dataclass
class Measurement:
    studies: int
    compiled: int  # constraints compiled
    violations: int
    oxigraph: dict[int, tuple[float, float]]  # batch size -> (wall s, CPU s) of the compiled SELECTs
    python: tuple[float, float]  # the same constraints as Python checks, on data already read
    reading: tuple[float, float]  # reading each study's quads and indexing them (Facts, derived)
    dump: tuple[float, float]  # Oxigraph serialising each study graph, in Rust: what decoding its terms costs
    same: bool  # both found exactly the same violations


def measure(path: Path, project, batches: Iterable[int] = (64,), limit: int | None = None) -> Measurement:
    """Time the compiled constraints on the store at `path` against the engine's checks, one process."""
    from trialgraph.checks.store_validation import _Worker
    from trialgraph.graph.turtle import read_turtle
    from trialgraph.sources.ctgov.store_studies import shared_quads, study_graphs

    worker = _Worker(path, project, True)
    store, validator = worker.store, worker.validator
    # the shapes compiled again, for the engine's checks of the constraints compiled here (none runs SPARQL)
    compiler = ShapeCompiler(read_turtle(project.shapes_file).graph, lambda text, focus: [])
    targets = compiler.targets(validator.supers)
    checks = SetChecks(compiler, targets.classes, validator.context, validator.supers, shared_vocabulary(store))
    graphs = study_graphs(store)[:limit]
    oxigraph: dict[int, tuple[float, float]] = {}
    on_store: set[Key] = set()
    for size in batches:
        wall, cpu = time.perf_counter(), time.process_time()
        on_store = set()
        for start in range(0, len(graphs), size):
            on_store |= checks.run(store, graphs[start : start + size])
        oxigraph[size] = (time.perf_counter() - wall, time.process_time() - cpu)
    reading, python = [0.0, 0.0], [0.0, 0.0]
    in_python: set[Key] = set()
    for graph in graphs:
        wall, cpu = time.perf_counter(), time.process_time()
        triples = [(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)]
        triples += [(q.subject, q.predicate, q.object) for q in shared_quads(store, [o for _, _, o in triples])]
        study = Facts(triples, distinct=True)
        validator._add_derived(study)
        data = Layered(study, validator.context, validator.supers)
        read_wall, read_cpu = time.perf_counter(), time.process_time()
        in_python |= checks.run_in_python(graph, data)
        reading[0] += read_wall - wall
        reading[1] += read_cpu - cpu
        python[0] += time.perf_counter() - read_wall
        python[1] += time.process_time() - read_cpu
    wall, cpu = time.perf_counter(), time.process_time()
    for graph in graphs:
        store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
    dump = (time.perf_counter() - wall, time.process_time() - cpu)
    return Measurement(
        len(graphs), len(checks.checks), len(in_python), oxigraph, (python[0], python[1]),
        (reading[0], reading[1]), dump, on_store == in_python,
    )  # fmt: skip


def rows(m: Measurement) -> list[tuple[str, float, float]]:
    """(what, wall s, CPU s) for each timing, in the order printed."""
    found = [
        (f"{m.compiled} compiled constraints on Oxigraph, batch {size}", wall, cpu)
        for size, (wall, cpu) in sorted(m.oxigraph.items())
    ]
    return [
        *found,
        ("the same constraints in Python, data read", *m.python),
        ("reading each study into Python (+ index)", *m.reading),
        ("Oxigraph dumping each study graph (Rust only)", *m.dump),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", type=Path)
    parser.add_argument("--batches", type=int, nargs="+", default=[16, 64, 256])
    parser.add_argument("--limit", type=int, help="only the first N studies")
    args = parser.parse_args()
    from trialgraph.paths import project_paths

    m = measure(args.store, project_paths(), args.batches, args.limit)
    print(f"{m.studies} studies, {m.compiled} constraints compiled, {m.violations} violations; same: {m.same}")
    print(f"{'':50}{'wall s':>9}{'CPU s':>9}{'CPU ms/study':>14}")
    for what, wall, cpu in rows(m):
        print(f"{what:50}{wall:9.2f}{cpu:9.2f}{cpu / m.studies * 1000:14.2f}")


if __name__ == "__main__":
    main()
