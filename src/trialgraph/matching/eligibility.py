"""Patient matching: for each trial, eligible, ineligible (which criterion, which values) or undetermined.

Each structured constraint is true, false or unknown for the patient; a criterion's constraints
all apply, a group combines its members by its logic (any of, all of), with unknown as the third
value (Kleene logic: false and unknown is false, true or unknown is true). An inclusion
criterion that is false, or an exclusion criterion that is true, makes the patient ineligible;
otherwise one that is unknown makes the trial undetermined, naming the facts it lacks. Criteria
with no structure are listed as not assessed and never decide the status.

Numbers are compared in canonical units (trialgraph.graph.units) on both sides: the graph's
tg:canonicalValue, the patient's value converted the same way. Conditions the patient file does
not list count as absent, except where a bound depends on one (tg:appliesWhen, tg:appliesUnless): there only
what the file states decides; a missing number (age, lab, score) is unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from ..errors import InputError
from ..graph.triple_index import TripleIndex
from ..graph.units import decimal_text
from ..links.prefixes import load_converter
from ..paths import project_paths
from ..sources.ctgov.match_digest import TrialFacts, trial_facts
from .patient import Lab, Patient, expand_curie, load_patient
from .results import ELIGIBLE, INELIGIBLE, UNDETERMINED, Finding, Reason, TrialMatch, unassessed_reasons

TG, TGV = Namespace("https://w3id.org/trialgraph/ontology/"), Namespace("https://w3id.org/trialgraph/vocab/")
LOINC_LINKS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.narrowMatch)

COMPARATORS: dict[URIRef, tuple[str, Callable[[Decimal, Decimal], bool]]] = {
    TGV["cmp-lt"]: ("<", operator.lt),
    TGV["cmp-le"]: ("<=", operator.le),
    TGV["cmp-eq"]: ("=", operator.eq),
    TGV["cmp-ge"]: (">=", operator.ge),
    TGV["cmp-gt"]: (">", operator.gt),
}
SCALE_NAMES = {
    TGV["scale-ecog"]: "ECOG",
    TGV["scale-who"]: "WHO",
    TGV["scale-karnofsky"]: "Karnofsky",
    TGV["scale-lansky"]: "Lansky",
}
SEX_NAMES = {TGV["sex-female"]: "female", TGV["sex-male"]: "male"}
SAME_SCALE = {"ECOG": "ECOG/WHO", "WHO": "ECOG/WHO", "Karnofsky": "Karnofsky", "Lansky": "Lansky"}
# What leads from a condition (or drug) to a broader one, or to the same one in another vocabulary.
UPWARD = (RDFS.subClassOf, SKOS.broader, TG.baseCondition, TG.drugClass)


def match_file(path: Path, graph: Graph) -> list[TrialMatch]:
    """Read a patient file and match it against every trial in `graph`."""
    return match(load_patient(path), graph)


def match(
    patient: Patient,
    graph: Graph | TripleIndex,
    statuses: Collection[URIRef] = (),
    keep: Callable[[Graph | TripleIndex, URIRef], bool] | None = None,
    treatments: list | None = None,
) -> list[TrialMatch]:
    """The patient against every trial in `graph` (built with canonical values), ordered by trial IRI;
    with `statuses`, only the trials whose overall status is one of them; with `keep`, only those it keeps.
    A TripleIndex needs the patient's `treatments` resolved already (Matcher)."""
    matcher = Matcher(patient, graph, treatments)
    return [matcher.trial(t) for t in trials(graph, statuses) if keep is None or keep(graph, t)]


def trials(graph: Graph | TripleIndex, statuses: Collection[URIRef] = ()) -> list[URIRef]:
    """The trials of `graph` in IRI order, only those with one of `statuses` when given."""
    found = set(graph.subjects(RDF.type, TG.Trial))
    if statuses:
        found = {t for t in found if set(graph.objects(t, TG.overallStatus)) & set(statuses)}
    return sorted(found)


def status_iris(names: Iterable[str], vocabulary: Graph) -> list[URIRef]:
    """Overall statuses by their registry notation or our slug, any case (RECRUITING, recruiting,
    not-yet-recruiting): the concepts of tgv:OverallStatus. An unknown name is an InputError."""
    known = {
        str(notation).upper(): concept
        for concept in vocabulary.subjects(SKOS.inScheme, TGV.OverallStatus)
        for notation in vocabulary.objects(concept, SKOS.notation)
    }
    found = []
    for name in names:
        concept = known.get(name.strip().upper().replace("-", "_").replace(" ", "_"))
        if concept is None:
            choices = ", ".join(sorted(n.lower().replace("_", "-") for n in known))
            raise InputError(f"--status: unknown overall status {name!r} (one of: {choices})")
        found.append(concept)
    return found


def unread_labs(patient: Patient, graph: Graph) -> list[str]:
    """The patient's labs that no criterion in `graph` reads (an unknown LOINC code or measure, say):
    listed as not assessed, never silently ignored. The keys as the patient file gives them."""
    return Matcher(patient, graph).unread_labs(set(graph.objects(None, TG.measure)))


# ---------------------------------------------------------------- three-valued logic
def all_of(findings: Iterable[Finding]) -> Finding:
    return _combine(findings, decisive=False)


def any_of(findings: Iterable[Finding]) -> Finding:
    return _combine(findings, decisive=True)


def _combine(findings: Iterable[Finding], decisive: bool) -> Finding:
    """Kleene logic: one `decisive` finding decides (false for all-of, true for any-of), else an
    unknown one leaves the result unknown, else the result is the other value."""
    items = list(findings)
    deciding = [f for f in items if f.value is decisive]
    if deciding:
        return Finding(decisive, _in_order(fact for f in deciding for fact in f.facts))
    unknown = [f for f in items if f.value is None]
    if unknown:
        return Finding(None, [], _in_order(m for f in unknown for m in f.missing))
    return Finding(not decisive, _in_order(fact for f in items for fact in f.facts))


def negation(finding: Finding) -> Finding:
    return Finding(None if finding.value is None else not finding.value, finding.facts, finding.missing)


def _in_order(items: Iterable[str]) -> list[str]:
    """Each text once, sorted: a criterion's constraints and a group's members come in the graph's
    (hash) order, which changes between runs, and the output must not."""
    return sorted(set(items))


# ---------------------------------------------------------------- the matcher
class Matcher:
    """One patient against the trials of a graph; `on` moves it to another graph (a store's next study)
    keeping what it worked out from the first: the prior treatments, resolved by label there."""

    def __init__(self, patient: Patient, graph: Graph | TripleIndex, treatments: list | None = None):
        self.patient = patient
        self.graph: Graph | TripleIndex = graph  # a store's study: its triples over the context (`on`)
        # the prior treatments resolved in `graph` (an rdflib Graph), or as another matcher resolved them
        if treatments is None:
            treatments = [self._resolve_treatment(text) for text in patient.prior_treatments]
        self.treatments = treatments
        self.converter = load_converter(project_paths().prefix_map_file)  # LOINC IRIs as the mapping tables write them
        self._above: dict[Node, set[Node]] = {}

    def on(self, graph: Graph | TripleIndex) -> Matcher:
        self.graph = graph
        self._above = {}  # what is above a node depends on the graph (a study may add exactMatch links)
        return self

    def lab_measures(self) -> set[Node]:
        """Every measure a criterion could read one of the patient's labs as: the measure of the lab's IRI, and
        those the graph links to its LOINC code. unread_labs(the read ones among these) is unread_labs(all that
        are read), so a store need only be asked of these."""
        by_code: dict[str, set[Node]] = {}
        for measure in {m for p in LOINC_LINKS for m in self.graph.subjects(p, None)}:
            for code in self._loinc_codes(measure):
                by_code.setdefault(code, set()).add(measure)
        found: set[Node] = set()
        for index in self.patient.labs:
            found.update(by_code.get(index, ()))
            if ":" in index:  # an IRI (a measure's), not a bare LOINC code
                found.add(URIRef(index))
        return found

    def unread_labs(self, measures: Iterable[Node]) -> list[str]:
        """The patient's labs that none of `measures` (what the criteria read) is, by IRI or LOINC code."""
        read: set[str] = set()
        for measure in measures:
            read.add(str(measure))
            read.update(self._loinc_codes(measure))
        return sorted(lab.key for index, lab in self.patient.labs.items() if index not in read)

    # ------------------------------------------------ trials and criteria
    def trial(self, trial: URIRef) -> TrialMatch:
        return self.decide(trial_facts(self.graph, trial), self.criterion)

    def decide(self, facts: TrialFacts, criterion: Callable[[str, list], Finding]) -> TrialMatch:
        """The trial's match from its facts (sources/ctgov/match_digest.py), each criterion's truth by
        `criterion(section, constraints)`: `self.criterion` on the graph's nodes, or a store's cache of it."""
        ineligible, undetermined = [], []
        for item in facts.assessed:
            finding = criterion(item.section, item.constraints)
            excluded = finding.value is True if item.section == "exclusion" else finding.value is False
            if excluded:
                ineligible.append(Reason(item.iri, item.section, item.verbatim, list(finding.facts)))
            elif finding.value is None:
                missing = [f"lacks {m}" for m in finding.missing]
                undetermined.append(Reason(item.iri, item.section, item.verbatim, missing))
        if ineligible:
            status, reasons = INELIGIBLE, ineligible
        elif undetermined:
            status, reasons = UNDETERMINED, undetermined
        elif not facts.stated:
            status = UNDETERMINED
            reasons = [Reason(facts.trial, "inclusion", "", ["the sources state no eligibility criteria"])]
        else:
            status, reasons = ELIGIBLE, []
        bare = facts.unassessed
        unassessed = bare if isinstance(bare, str) else unassessed_reasons(bare)
        return TrialMatch(facts.trial, facts.nct_id, status, reasons, unassessed, len(facts.assessed))

    def criterion(self, section: str, constraints: list[Node]) -> Finding:
        """A criterion's truth: all its constraints (as curated). With conditional bounds (tg:appliesWhen,
        tg:appliesUnless) each bound counts only where its condition holds: an inclusion needs every bound
        that applies, an exclusion is met by any bound that applies (the reader's bounds each exclude alone)."""
        findings = [self.constraint(c) for c in constraints]
        applies = [self._applies(c) for c in constraints]
        if all(a is None for a in applies):
            return all_of(findings)
        if section == "inclusion":
            return all_of(f if a is None else any_of([negation(a), f]) for f, a in zip(findings, applies, strict=True))
        return any_of(f if a is None else all_of([a, f]) for f, a in zip(findings, applies, strict=True))

    def _applies(self, node: Node) -> Finding | None:
        """Whether a conditional bound applies to the patient; None for an unconditional one."""
        when, unless = self.graph.value(node, TG.appliesWhen), self.graph.value(node, TG.appliesUnless)
        if when is not None:
            return self._holds(when)
        return negation(self._holds(unless)) if unless is not None else None

    def _holds(self, condition: Node) -> Finding:
        """Does the patient meet a bound's condition: a sex, an age constraint, or a condition the file lists as
        present or absent (a condition it does not state is unknown, never taken as absent here); a
        tg:UnlinkedCondition (one study's words) is always unknown, so its bound never decides ineligibility."""
        g = self.graph
        if condition in SEX_NAMES:
            sex = self.patient.sex
            if sex is None:
                return Finding(None, [], ["sex"])
            return Finding(sex == SEX_NAMES[condition], [f"sex {sex}"])
        if (condition, RDF.type, TG.AgeConstraint) in g:
            return self.constraint(condition)
        name = _label(g, condition)
        if (condition, RDF.type, TG.UnlinkedCondition) in g:  # words only: no patient fact can say it holds
            return Finding(None, [], [f"whether {name!r} holds (a condition stated only in words, not assessed)"])
        for present in self.patient.conditions:
            if self._is_kind_of(present.iri, condition):
                return Finding(True, [f"has {present.given}, a kind of {name}"])
        for absent in self.patient.absent_conditions:
            if self._is_kind_of(condition, absent):
                return Finding(False, [f"has no {_label(g, absent)}, so no {name}"])
        return Finding(None, [], [f"whether the patient has {name} (conditions or absent_conditions)"])

    def constraint(self, node: Node) -> Finding:
        g = self.graph
        kinds = set(g.objects(node, RDF.type))
        if TG.ConstraintGroup in kinds:
            members = [self.constraint(m) for m in g.objects(node, TG.member)]
            return any_of(members) if g.value(node, TG.logic) == TGV["logic-any-of"] else all_of(members)
        if TG.AgeConstraint in kinds:
            return self._duration_bound(node, "age", self.patient.age_days, f"{self.patient.age} years")
        if TG.LifeExpectancyConstraint in kinds:
            days = self.patient.life_expectancy_days
            return self._duration_bound(node, "life expectancy", days, f"{_plain(days) if days else ''} d")
        if TG.SexConstraint in kinds:
            return self._sex(node)
        if TG.PerformanceStatusConstraint in kinds:
            return self._performance_status(node)
        if kinds & {TG.MeasurementConstraint, TG.LabTestConstraint}:
            return self._measurement(node)
        if TG.ConditionConstraint in kinds:
            return self._condition(node)
        return Finding(None, [], [f"a way to assess the constraint type {', '.join(sorted(kinds))}"])

    # ------------------------------------------------ age, life expectancy, sex, performance status
    def _duration_bound(self, node: Node, what: str, days: Decimal | None, given: str) -> Finding:
        if days is None:
            return Finding(None, [], [what])
        return self._compare(node, what, days, "d", given)

    def _sex(self, node: Node) -> Finding:
        required = self.graph.value(node, TG.sex)
        if required == TGV["sex-all"]:
            return Finding(True, ["any sex"])
        needed = "female" if required == TGV["sex-female"] else "male"
        if self.patient.sex is None:
            return Finding(None, [], ["sex"])
        return Finding(self.patient.sex == needed, [f"sex {self.patient.sex}, required {needed}"])

    def _performance_status(self, node: Node) -> Finding:
        scale = SCALE_NAMES.get(self.graph.value(node, TG.scale), "?")
        low = int(self.graph.value(node, TG.minScore) or 0)
        high = self.graph.value(node, TG.maxScore)
        high = int(high) if high is not None else (100 if scale in ("Karnofsky", "Lansky") else 5)
        given = self.patient.performance_status
        if given is None:
            return Finding(None, [], [f"performance status ({scale})"])
        given_scale, score = given
        if SAME_SCALE.get(given_scale) != SAME_SCALE.get(scale):
            return Finding(None, [], [f"performance status on the {scale} scale (given on {given_scale})"])
        return Finding(
            low <= score <= high, [f"{given_scale} performance status {score}, required {scale} {low}-{high}"]
        )

    # ------------------------------------------------ measurements and labs
    def _measurement(self, node: Node) -> Finding:
        g = self.graph
        measure = g.value(node, TG.measure)
        name = str(g.value(measure, RDFS.label) or measure)
        lab = self._lab(measure)
        if lab is None:
            return Finding(None, [], [f"a result for {name} ({self._lab_keys(measure)})"])
        comparator = g.value(node, TG.comparator)
        for limit, attribute, label in ((TG.ulnMultiple, "uln", "ULN"), (TG.llnMultiple, "lln", "LLN")):
            multiple = g.value(node, limit)
            if multiple is None:
                continue
            reference = getattr(lab, attribute)
            if reference is None:
                return Finding(None, [], [f"the laboratory's {label} for {name} (labs.{lab.key}.{attribute})"])
            ratio = lab.value / reference
            symbol, compare = COMPARATORS[comparator]
            bound = Decimal(str(multiple))
            shown = _plain(ratio.quantize(Decimal("0.0001")))
            detail = f"{name} {lab.value} {lab.unit} = {shown} x {label} ({reference})"
            detail += f"; required {symbol} {_plain(bound)} x {label}"
            return Finding(compare(ratio, bound), [detail])
        given = f"{lab.value} {lab.unit}"
        return self._compare(node, name, lab.canonical_value, lab.canonical_unit, given)

    def _lab(self, measure: Node) -> Lab | None:
        labs = self.patient.labs
        if str(measure) in labs:
            return labs[str(measure)]
        for code in self._loinc_codes(measure):
            if code in labs:
                return labs[code]
        return None

    def _loinc_codes(self, measure: Node) -> list[str]:
        # a result for a LOINC code that matches our test exactly, closely (the automated count of a
        # count any method gives) or more narrowly (Cockcroft-Gault for any creatinine clearance) is
        # a result for our test; a broader code's result is not
        found = (m for p in LOINC_LINKS for m in self.graph.objects(measure, p))
        curies_found = (self.converter.compress(str(m)) or "" for m in found)
        return sorted(c.removeprefix("loinc:") for c in curies_found if c.startswith("loinc:"))

    def _lab_keys(self, measure: Node) -> str:
        keys = [f"LOINC {code}" for code in self._loinc_codes(measure)]
        keys.append(self.graph.namespace_manager.normalizeUri(measure) if isinstance(measure, URIRef) else "?")
        return " or ".join(keys)

    # ------------------------------------------------ one number against a threshold
    def _compare(self, node: Node, name: str, value: Decimal, unit: str, given: str) -> Finding:
        g = self.graph
        threshold = g.value(node, TG.threshold)
        bound, bound_unit = g.value(threshold, TG.canonicalValue), g.value(threshold, TG.canonicalUnit)
        symbol, compare = COMPARATORS[g.value(node, TG.comparator)]
        stated = _stated(g, threshold)
        if bound is None or bound_unit is None:
            return Finding(None, [], [f"a canonical value for the threshold {stated}"])
        if str(bound_unit) != unit:
            return Finding(None, [], [f"{name} in a unit comparable with {stated} (given {given})"])
        bound_value = Decimal(str(bound))
        detail = f"{name} {_plain(value)} {unit} (given {given}); required {symbol} {_plain(bound_value)} {unit}"
        if stated != f"{_plain(bound_value)} {unit}":
            detail += f" (stated {stated})"
        return Finding(compare(value, bound_value), [detail])

    # ------------------------------------------------ conditions and treatment history
    def _condition(self, node: Node) -> Finding:
        g = self.graph
        wanted = g.value(node, TG.aboutCondition)
        name = _label(g, wanted)
        window = g.value(node, TG.within)
        window_days = Decimal(str(g.value(window, TG.canonicalValue))) if window is not None else None
        maybe = []
        for condition in self.patient.conditions:
            if self._is_kind_of(condition.iri, wanted):
                if window_days is None:
                    return Finding(True, [f"has {condition.given}, a kind of {name}"])
                if condition.since_days is None:
                    maybe.append(f"how long ago {condition.given} was (counts within {_stated(g, window)})")
                    continue
                inside = condition.since_days <= window_days
                when = f"{_plain(condition.since_days)} d ago"
                return Finding(inside, [f"{condition.given} ({name}) {when}; counts within {_stated(g, window)}"])
            if self._is_kind_of(wanted, condition.iri):
                maybe.append(f"whether {condition.given} is {name}")
        treated = g.value(wanted, TG.priorTreatment)
        if treated is not None:
            for given, resolved in self.treatments:
                if any(treated in self._upward(node) for node in resolved):
                    return Finding(True, [f"prior treatment {given} is a {_label(g, treated)}"])
        if maybe:
            return Finding(None, [], maybe)
        return Finding(False, [f"no listed condition or treatment is {name}"])

    def _is_kind_of(self, narrow: Node, broad: Node) -> bool:
        """Is `narrow` `broad` or a kind of it: by the hierarchy, or by the same base with more qualifiers.

        ER-positive HER2-negative metastatic breast cancer is a metastatic breast cancer: both are
        breast cancer, and its qualifiers include "metastatic". A condition without qualifiers
        (HER2-positive breast cancer) is only matched through the hierarchy.
        """
        above = self._upward(narrow)
        if broad in above:
            return True
        wanted = set(self.graph.objects(broad, TG.qualifier))
        if not wanted:
            return False
        bases = set(self.graph.objects(broad, TG.baseCondition))
        qualifiers = {q for node in self._equivalents(narrow) for q in self.graph.objects(node, TG.qualifier)}
        return bool(bases) and bases <= above and wanted <= qualifiers

    def _equivalents(self, node: Node) -> set[Node]:
        g = self.graph
        return {node, *g.objects(node, SKOS.exactMatch), *g.subjects(SKOS.exactMatch, node)}

    def _upward(self, start: Node) -> set[Node]:
        """`start`, what it is a kind of (subClassOf, broader, base condition, drug class), and exact matches."""
        if start in self._above:
            return self._above[start]
        g, seen, todo = self.graph, {start}, [start]
        while todo:
            node = todo.pop()
            steps = [o for p in (*UPWARD, SKOS.exactMatch) for o in g.objects(node, p)]
            steps += list(g.subjects(SKOS.exactMatch, node))
            for step in steps:
                if step not in seen:
                    seen.add(step)
                    todo.append(step)
        self._above[start] = seen
        return seen

    def _resolve_treatment(self, text: str) -> tuple[str, list[Node]]:
        """A prior treatment as an IRI or CURIE, or by the label (or alternative label) of drugs or classes:
        every node with that label, in order, so that the answer does not hang on the graph's hash order."""
        try:
            return text, [expand_curie(text)]
        except ValueError:
            pass
        wanted = text.casefold()
        found = {
            subject
            for predicate in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for subject, label in self.graph.subject_objects(predicate)
            if isinstance(label, Literal) and str(label).casefold() == wanted
        }
        return text, sorted(found, key=str)


def _label(graph: Graph | TripleIndex, node: Node | None) -> str:
    if node is None:
        return "?"
    label = graph.value(node, RDFS.label)
    return str(label) if label is not None else graph.namespace_manager.normalizeUri(node)


def _stated(graph: Graph | TripleIndex, quantity: Node | None) -> str:
    if quantity is None:
        return "?"
    value, unit = graph.value(quantity, TG.numericValue), graph.value(quantity, TG.unitText)
    unit = unit if unit is not None else graph.value(quantity, TG.unit)
    return f"{_plain(Decimal(str(value)))} {unit}"


def _plain(number: Decimal) -> str:
    """A decimal without trailing zeros or exponent (150.000 -> 150, 1.50 -> 1.5)."""
    return decimal_text(number.normalize())
