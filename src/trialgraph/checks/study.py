"""One study validated on its own: its graph over the shared context, with what `build` derives.

The context (ontology, vocabulary, shared data, mapping tables) is read and indexed once per
process. Each study then costs only its own few hundred triples, so a registry validates in time
linear in the number of studies, and studies can go to several processes.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

import curies
import pyoxigraph as ox
from rdflib import Graph

from ..graph.canonical import canonical_value
from ..graph.units import UnitError
from ..links.unit_links import unit_iri
from .engine import Result, ShapeCompiler
from .facts import RDF_TYPE, Facts, Layered, superclasses
from .sparql_reads import groupable_by_this, query_predicates, required_predicates
from .terms import OxTerm, ox_triples

TG = "https://w3id.org/trialgraph/ontology/"
UNIT, NUMERIC_VALUE = ox.NamedNode(TG + "unit"), ox.NamedNode(TG + "numericValue")
QUANTITY, UNIT_CLASS = ox.NamedNode(TG + "Quantity"), ox.NamedNode(TG + "Unit")
UNIT_OF_MEASURE = ox.NamedNode(TG + "unitOfMeasure")
CANONICAL_VALUE, CANONICAL_UNIT = ox.NamedNode(TG + "canonicalValue"), ox.NamedNode(TG + "canonicalUnit")
NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
STUDY_GRAPH = ox.NamedNode("urn:trialgraph:study")

THIS = ox.Variable("this")
RENEW_SPARQL_STORE = 32  # studies

Triple = tuple[OxTerm, ox.NamedNode, OxTerm]


class StudyValidator:
    """The compiled shapes and the indexed context, ready for one study after another."""

    def __init__(
        self,
        shapes: Graph,
        context: Graph,
        converter: curies.Converter,
        qc: dict[str, str] | None = None,
        per_study: set[str] | frozenset[str] = frozenset(),
    ):
        """`qc`: the cross-record checks (name -> SELECT). Those named in `per_study`, and those that may
        read the context, run on each study, with the context (`self.qc`); the others are left for the
        union of all studies (`self.qc_on_union`)."""
        self.context = Facts((t.subject, t.predicate, t.object) for t in ox_triples(context))
        self.supers = superclasses([self.context])
        self.converter = converter
        self._context_quads = [ox.Quad(t.subject, t.predicate, t.object) for t in ox_triples(context)]
        self._sparql_store = self._fresh_sparql_store()
        self._unloads = 0
        self._sparql_loaded: Facts | None = None
        compiler = ShapeCompiler(shapes, self._run_sparql)
        self.prefixes = compiler.prefixes
        self._store: ox.Store | None = None
        self._graph: ox.NamedNode | None = None
        self._reads: dict[str, tuple[frozenset[str] | None, frozenset[str], bool]] = {}
        self._by_this: dict[str, dict[OxTerm, list[dict[str, OxTerm]]]] = {}  # this study's free rows
        self._context_predicates = frozenset(p.value for by_p in self.context.out.values() for p in by_p)
        self.qc = {name: text for name, text in (qc or {}).items() if name in per_study or self.needs_context(text)}
        self.qc_on_union = sorted(set(qc or {}) - set(self.qc))
        # the predicates of the study's triples copied next to the context so far (None: all)
        self._sparql_predicates: frozenset[str] | None = frozenset()
        self.targets = compiler.targets(self.supers)
        self._unit_iri = lru_cache(maxsize=4096)(lambda code: ox.NamedNode(str(unit_iri(code, converter))))

    def validate_context(self) -> list[Result]:
        """The context's own nodes (shared data, vocabulary), validated once."""
        try:
            return self._validate(Facts(), self.context)
        finally:
            self._unload_sparql()

    def validate(
        self, study: Facts, store: ox.Store, graph: ox.NamedNode
    ) -> tuple[list[Result], list[tuple[str, dict[str, OxTerm]]]]:
        """One study's graph (`graph` in `store`, indexed as `study`): every node it states, over the context.

        What the build derives (unit IRIs, canonical values) is added to `study` first. Returns the
        shapes' results and the rows of the QC checks (name, row)."""
        self._add_derived(study)
        self._store, self._graph = store, graph
        try:
            results = self._validate(study, study)
            rows = [(name, row) for name, text in self.qc.items() for row in self._run_sparql(text, None)]
        finally:
            self._unload_sparql()
        return results, rows

    def _validate(self, study: Facts, focus_from: Facts) -> list[Result]:
        data = Layered(study, self.context, self.supers)
        self._current = data
        self._by_this = {}
        results: list[Result] = []
        for shape, focus in self._focus_nodes(data, focus_from):
            results.extend(shape.evaluate(data, focus))
        return results

    def needs_context(self, text: str) -> bool:
        """Whether a query may match a triple of the context (else the study's graph alone answers it)."""
        predicates = query_predicates(text, self.prefixes)
        return predicates is None or bool(predicates & self._context_predicates)

    def _focus_nodes(self, data: Layered, facts: Facts):
        """(shape, node) for every target in `facts`, each pair once, as pySHACL collects them."""
        classes, objects_of = self.targets.classes, self.targets.objects_of
        pairs: dict[tuple[int, OxTerm], tuple] = {}
        for node in facts.out:
            for cls in data.types(node):
                for shape in classes.get(cls, ()):
                    pairs.setdefault((id(shape), node), (shape, node))
        for pred, shapes in objects_of.items():
            for node, predicates in facts.inv.items():
                if pred in predicates:
                    for shape in shapes:
                        pairs.setdefault((id(shape), node), (shape, node))
        return pairs.values()

    # ------------------------------------------------------------ SPARQL constraints
    def _run_sparql(self, text: str, focus: OxTerm | None) -> list[dict[str, OxTerm]]:
        """A SELECT (a constraint with $this bound to `focus`) on the study's graph and the context.

        A query none of whose predicates the context uses runs on the study's graph where it is
        stored; the others on a copy of the context with the study's triples they can match. A
        constraint whose rows can be grouped by ?this runs once per study, $this free (one query
        instead of one per focus node: most of a study's SPARQL time went to the per-node runs).
        """
        if text not in self._reads:
            prefixes = self.prefixes
            self._reads[text] = (
                query_predicates(text, prefixes),
                required_predicates(text, prefixes),
                groupable_by_this(text, prefixes),
            )
        predicates, required, groupable = self._reads[text]
        if focus is not None and any(not self._current.objects(focus, ox.NamedNode(p)) for p in required):
            return []  # the focus lacks a triple every solution needs: no row, and no need to copy the study
        # QC checks (no focus) always run on the copy: on the store, Oxigraph evaluates a GROUP BY
        # subquery restricted to one graph in time that grows with the whole store
        on_store = focus is not None and self._store is not None
        on_store = on_store and predicates is not None and not predicates & self._context_predicates
        if focus is None or not groupable:
            return self._select(text, predicates, focus, on_store)
        # the rows stay valid for the study: the copy only gains triples of other predicates later
        by_this = self._by_this.get(text)
        if by_this is None:
            by_this = self._by_this[text] = {}
            for row in self._select(text, predicates, None, on_store):
                by_this.setdefault(row.get("this"), []).append(row)
        return [dict(row) for row in by_this.get(focus, ())]

    def _select(
        self, text: str, predicates: frozenset[str] | None, focus: OxTerm | None, on_store: bool
    ) -> list[dict[str, OxTerm]]:
        bound = {THIS: focus} if focus is not None else None
        if on_store:
            assert self._store is not None
            solutions = self._store.query(
                text, prefixes=self.prefixes, default_graph=[self._graph], substitutions=bound
            )
        else:
            self._load_sparql(predicates)
            solutions = self._sparql_store.query(
                text, prefixes=self.prefixes, default_graph=[STUDY_GRAPH, ox.DefaultGraph()], substitutions=bound
            )
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

    def _load_sparql(self, predicates: frozenset[str] | None) -> None:
        """Copy the study's triples with these predicates (None: all) next to the context, each once."""
        study = self._current.study
        if self._sparql_loaded is not study:
            self._unload_sparql()
            self._sparql_loaded, self._sparql_predicates = study, frozenset()
        loaded = self._sparql_predicates
        if loaded is None or (predicates is not None and predicates <= loaded):
            return
        context = self.context.out
        self._sparql_store.extend(
            ox.Quad(s, p, o, STUDY_GRAPH)
            for s, by_predicate in study.out.items()
            for p, objects in by_predicate.items()
            if p.value not in loaded and (predicates is None or p.value in predicates)
            for o in objects
            if o not in context.get(s, {}).get(p, ())  # in both: once, or SUM and COUNT would see it twice
        )
        self._sparql_predicates = None if predicates is None else loaded | predicates

    def _unload_sparql(self) -> None:
        if self._sparql_loaded is not None:
            self._sparql_store.remove_graph(STUDY_GRAPH)
            self._sparql_loaded = None
            self._unloads += 1
            if self._unloads % RENEW_SPARQL_STORE == 0:
                self._sparql_store = self._fresh_sparql_store()

    def _fresh_sparql_store(self) -> ox.Store:
        """The context in an in-memory store. Removed quads leave traces there that slow every later
        query (the 250th batch of studies took 3x the first), so the store is renewed now and then."""
        store = ox.Store()
        store.extend(self._context_quads)
        return store

    # ------------------------------------------------------------ what the build derives
    def _add_derived(self, study: Facts) -> None:
        """Unit IRIs and canonical values, as graph.assemble.add_derived adds them to a merged graph."""
        for quantity, predicates in list(study.out.items()):
            for code in predicates.get(UNIT, ()):
                unit = self._unit_iri(code.value)
                study.add(quantity, UNIT_OF_MEASURE, unit)
                study.add(unit, RDF_TYPE, UNIT_CLASS)
                study.add(unit, NOTATION, ox.Literal(code.value))
                study.add(unit, LABEL, ox.Literal(code.value))
        data = Layered(study, self.context, self.supers)
        for quantity in list(study.out):
            if QUANTITY not in data.types(quantity):
                continue
            values, units = data.objects(quantity, NUMERIC_VALUE), data.objects(quantity, UNIT)
            if not values or not units:
                continue
            try:
                canonical = canonical_value(Decimal(values[0].value), units[0].value)
            except (UnitError, InvalidOperation):
                continue
            study.add(quantity, CANONICAL_VALUE, ox.Literal(canonical[0], datatype=DECIMAL))
            study.add(quantity, CANONICAL_UNIT, ox.Literal(canonical[1]))
