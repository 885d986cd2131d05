"""What the matcher reads of a trial, as data: read from a graph, and packed as one literal per study.

`trial_facts` reads a trial the way the matcher needs it (the criteria with structured constraints in order,
each with its section, text, whether it heads others, and its constraint nodes; the others, which a match
only lists, as columns); the matcher decides from these facts, in memory
and on a store alike (matching/eligibility.py). `import ctgov --oxigraph` writes each study's facts as its
*match digest*, one literal in the graph MATCH_INDEX, in the same write as the study's graph and removed
with it (a changed study, --prune), so `match --oxigraph` reads one value per study instead of walking its
graph. A constraint is packed generically, whatever its properties: the canonical text of the node and of
everything blank or the study's own beneath it (`constraint_text`), which `constraint_triples` turns back
into triples; the same text is also the key under which a matcher may keep the constraint's finding, since
the finding depends only on it, the patient and the context. A study whose own graph adds hierarchy or
mapping links (which the import never writes) gets no digest: what it says could change other nodes'
meaning, and only the walk over its graph is exact. DIGEST_VERSION changes with the layout: a digest of
another version is not read.

The layout (version 5), in parts that need no JSON unescaping to be found: a JSON text of the trial and its
assessed criteria, each constraint named by its place among the texts that follow; each constraint's text,
after a record separator (U+001E, which JSON text never holds unescaped); then, after a line break, the
criteria not assessed: a JSON text of their IRIs (after their trial's) and section letters, a record
separator, and a JSON text of their own texts, so that a listing of their IRIs decodes only those.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

import orjson
from rdflib import RDF, RDFS, SKOS, BNode, Literal, URIRef
from rdflib.term import Node

from ...graph.triple_index import TripleIndex
from .builder import CTGOV, REGISTRY_PAGE, TG

DIGEST_VERSION = 5
MATCH_INDEX = str(CTGOV["match-index"])  # the graph of the digests: <study graph> tg:matchDigest "..."
MATCH_DIGEST = TG.matchDigest
# what joins a node to another one in the matcher's and --condition's walks: a study saying one of these of
# its own nodes is matched on its graph
LINKS = (
    RDFS.subClassOf,
    SKOS.broader,
    SKOS.exactMatch,
    SKOS.broadMatch,
    TG.baseCondition,
    TG.drugClass,
    TG.qualifier,
    TG.priorTreatment,
)
_LINKS = frozenset(str(p) for p in LINKS)
_STRING = "http://www.w3.org/2001/XMLSchema#string"
# IRIs written short in a digest: a digit and ":" (which no IRI scheme starts with) for a namespace
_SHORT = (
    ("1:", "https://w3id.org/trialgraph/ontology/"),
    ("2:", "https://w3id.org/trialgraph/vocab/"),
    ("3:", "http://www.w3.org/2001/XMLSchema#"),
    ("4:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("5:", str(CTGOV)),
    ("6:", "https://units-of-measurement.org/"),
)
_LONG = dict(_SHORT)
_SHORT_STRING = "3:string"
_SECTIONS = {"i": "inclusion", "e": "exclusion"}
_loads = orjson.loads  # a digest read at each match: orjson decodes its JSON twice as fast as json (measured)
_UNASSESSED = "\n"  # what precedes the criteria not assessed in a digest
_TEXT = "\x1e"  # what precedes each constraint's text (JSON text holds neither this nor a line break unescaped)
RELATIVE = "~"  # an IRI written as what follows its trial's IRI (no IRI starts with it)
Triple = tuple[Node, Node, Node]


class CriterionFacts(NamedTuple):  # a tuple: a store's study makes a score of them
    iri: URIRef
    section: str  # inclusion or exclusion
    verbatim: str
    heading: bool  # another criterion is a sub-criterion of it (assessed through its items)
    constraints: list  # its constraint nodes (a graph's) or their packed texts (a digest's)


class Unassessed(NamedTuple):
    """The criteria with no structured constraint (headings aside, which are assessed through their items),
    column by column: what a match lists as not assessed, the same for every patient."""

    iris: Sequence[Node]
    sections: Sequence[str]
    verbatims: Sequence[str]


@dataclass
class TrialFacts:
    trial: URIRef
    nct_id: str | None
    stated: int  # how many criteria the sources state
    assessed: list[CriterionFacts]  # those with structured constraints, in order
    # the criteria not assessed, or a digest's text of them: a match carries the text as it is to where the
    # criteria are shown (another process, often), which reads it with read_unassessed
    unassessed: Unassessed | str
    statuses: Sequence[URIRef]
    mesh: Sequence[URIRef]  # its MeSH terms and their ancestors
    conditions: Sequence[Node]  # its tg:condition nodes


def trial_facts(graph, trial: URIRef) -> TrialFacts:
    """What the matcher and --condition read of `trial` in `graph` (an rdflib Graph or a TripleIndex)."""
    g = graph
    nct = g.value(trial, TG.nctId)
    criteria = sorted(g.objects(trial, TG.hasCriterion), key=lambda c: (int(g.value(c, TG.position) or 0), str(c)))
    headings = {g.value(c, TG.subCriterionOf) for c in criteria}
    found = [
        CriterionFacts(
            criterion,
            "exclusion" if (criterion, RDF.type, TG.ExclusionCriterion) in g else "inclusion",
            str(g.value(criterion, TG.verbatim) or ""),
            criterion in headings,
            list(g.objects(criterion, TG.hasConstraint)),
        )
        for criterion in criteria
    ]
    bare = [c for c in found if not c.constraints and not c.heading]
    unassessed = Unassessed([c.iri for c in bare], [c.section for c in bare], [c.verbatim for c in bare])
    mesh = [*g.objects(trial, TG.meshCondition), *g.objects(trial, TG.meshConditionAncestor)]
    statuses, conditions = list(g.objects(trial, TG.overallStatus)), list(g.objects(trial, TG.condition))
    assessed = [c for c in found if c.constraints]
    nct_id = str(nct) if nct is not None else None
    return TrialFacts(trial, nct_id, len(found), assessed, unassessed, statuses, mesh, conditions)


# ---------------------------------------------------------------- the digest, written at import
def study_digest(nct_id: str, triples: Iterable[Triple]) -> str | None:
    """The JSON text of a study's digest (its trial's facts), or None when it cannot have one (no trial, or
    links of its own: see the module's note)."""
    own = (f"{CTGOV}{nct_id}", REGISTRY_PAGE + nct_id)
    pairs: dict[Node, list[tuple[Node, Node]]] = {}
    for s, p, o in triples:
        if str(p) in _LINKS and (isinstance(s, BNode) or str(s).startswith(own)):
            return None
        pairs.setdefault(s, []).append((p, o))
    trial = CTGOV[nct_id]
    if (RDF.type, TG.Trial) not in pairs.get(trial, ()):
        return None
    # what trial_facts reads: the trial's triples and its criteria's (not the sites, arms, outcomes...)
    read = [trial, *(o for p, o in pairs[trial] if p == TG.hasCriterion)]
    index = TripleIndex([(s, p, o) for s in read for p, o in pairs.get(s, ())], None)  # type: ignore[arg-type]
    facts = trial_facts(index, trial)
    # each constraint's text once, after the JSON of the rest (read by splitting, not by JSON's unescaping), a
    # criterion naming it by its place there: [place, own IRI...]
    texts: dict[str, int] = {}
    assessed = []
    for c in facts.assessed:
        packs = sorted(_packed(pairs, n, own) for n in c.constraints)
        places = [[texts.setdefault(text, len(texts)), *iris] for text, *iris in packs]
        assessed.append([short_iri(c.iri), c.section, c.verbatim, c.heading, places])
    bare = facts.unassessed
    assert isinstance(bare, Unassessed)
    if not all(isinstance(iri, URIRef) for iri in bare.iris):  # never so at import; read back as IRIs, so none
        return None
    # the criteria not assessed as columns, their IRIs after the trial's and sections as letters (read back in C),
    # in a text of their own after the first line break: the matcher does not read it, and it travels to the
    # output undecoded; their own texts last, apart, so that a listing of their IRIs decodes only those
    sections = "".join(section[0] for section in bare.sections)
    iris = _json([[_relative(str(iri), str(trial)) for iri in bare.iris], sections])
    unassessed = iris + _TEXT + _json(bare.verbatims)
    statuses, mesh = [short_iri(s) for s in facts.statuses], [short_iri(m) for m in facts.mesh]
    conditions = [short_iri(c) for c in facts.conditions if isinstance(c, URIRef)]  # a blank one is never wanted
    head = [DIGEST_VERSION, short_iri(facts.trial), facts.nct_id, statuses, mesh, conditions, facts.stated]
    return _json([*head, assessed]) + "".join(_TEXT + text for text in texts) + _UNASSESSED + unassessed


def read_digest(text: str) -> TrialFacts | None:
    """A digest's facts (each constraint as its text), or None for a digest of another version."""
    head, _, unassessed = text.partition(_UNASSESSED)
    head, *texts = head.split(_TEXT)
    packed = _loads(head)
    if packed[0] != DIGEST_VERSION:
        return None
    _, trial, nct_id, statuses, mesh, conditions, stated, assessed = packed
    return TrialFacts(
        _iri(trial),
        nct_id,
        stated,
        [
            CriterionFacts(_iri(iri), section, verbatim, heading, [[texts[p[0]], *p[1:]] for p in places])
            for iri, section, verbatim, heading, places in assessed
        ],
        unassessed,
        _Iris(statuses),
        _Iris(mesh),
        _Iris(conditions),
    )


def read_unassessed(text: str, trial: str) -> Unassessed:
    """A digest's criteria not assessed, from their text and their trial's IRI."""
    columns, _, verbatims = text.partition(_TEXT)
    written, sections = _loads(columns)
    iris = [*map(str.__new__, repeat(URIRef), _absolute(written, trial))]
    return Unassessed(iris, [*map(_SECTIONS.__getitem__, sections)], _loads(verbatims))


def unassessed_iris(text: str, trial: str) -> list[str]:
    """The IRIs of a digest's criteria not assessed, as text, from their text and their trial's IRI: what a
    listing of their names needs, without decoding the rest."""
    return _absolute(_written(text), trial)


def unassessed_after(text: str) -> str | None:
    """What follows their trial's IRI in the IRIs of a digest's criteria not assessed, each after RELATIVE, in
    one string ("" for none), so that a listing writes them all at once (links/prefixes.Compactor.after); None
    where one of them is not so written or holds RELATIVE itself (then the string would not split back)."""
    written = _written(text)
    joined = "".join(written)
    if joined.count(RELATIVE) != len(written) or not all(iri[:1] == RELATIVE for iri in written):
        return None
    return joined


def _written(text: str) -> list[str]:
    return _loads(text.partition(_TEXT)[0])[0]


def _absolute(written: list[str], trial: str) -> list[str]:
    return [trial + iri[1:] if iri[:1] == RELATIVE else iri for iri in written]


def _relative(iri: str, trial: str) -> str:
    return RELATIVE + iri[len(trial) :] if iri.startswith(trial) else iri


class _Iris(tuple):
    """A digest's IRIs, made as they are read: most matches never read a trial's statuses or conditions."""

    def __iter__(self) -> Iterator[URIRef]:
        return (_iri(text) for text in tuple.__iter__(self))

    def __getitem__(self, index):  # type: ignore[override]
        return _iri(tuple.__getitem__(self, index))


def iri_texts(iris: Sequence[URIRef]) -> Iterable[str]:
    """IRIs as a digest writes them (short_iri): a digest's own texts, never made into IRIs."""
    return tuple.__iter__(iris) if isinstance(iris, _Iris) else map(short_iri, iris)


def constraint_triples(packed: list[str]) -> tuple[Node, list[Triple]]:
    """A constraint as a digest packs it ([text, own IRI...]) as its node and the triples beneath it."""
    triples: list[Triple] = []
    return _node(_loads(packed[0]), triples, packed[1:]), triples


def _packed(pairs: dict[Node, list[tuple[Node, Node]]], node: Node, own: tuple[str, ...]) -> list:
    """A constraint node and all beneath it that is blank or the study's own, as canonical JSON text, with the
    study's own IRIs (a condition of its own words, say) apart: [text, IRI...], the text naming the n-th as
    "~n" (so that the same constraint in two studies has one text). A node is [IRI, "~n" or null,
    [[predicate, value], ...] sorted]; a value is "<" and an IRI, a literal ('"', its datatype or "@" and
    its language, '"', its lexical form), or a node of its own."""
    iris: list[str] = []
    return [_json(_value(pairs, node, own, {}, iris)), *iris]


def _value(pairs: dict[Node, list[tuple[Node, Node]]], node: Node, own: tuple[str, ...], path: dict, iris: list[str]):
    if isinstance(node, Literal):
        kind = f"@{node.language}" if node.language else short_iri(str(node.datatype or _STRING))
        return f'"{"" if kind == _SHORT_STRING else kind}"{node}'
    if not isinstance(node, URIRef | BNode):  # a plain str (text as a store's reader gives it)
        return f'""{node}'
    if node in path:  # a cycle: a reference to the node above
        return f"<{path[node]}" if path[node] is not None else [None, []]
    if isinstance(node, URIRef):
        if not str(node).startswith(own):
            return f"<{short_iri(node)}"
        iris.append(short_iri(node))
        name = f"~{len(iris) - 1}"
    else:
        name = None
    below = {**path, node: name}
    found = [[short_iri(p), _value(pairs, o, own, below, iris)] for p, o in pairs.get(node, ())]
    found.sort(key=_json)
    return [name, found]


def short_iri(iri: str) -> str:
    """An IRI as a digest writes it."""
    for short, namespace in _SHORT:
        if iri.startswith(namespace):
            return short + iri[len(namespace) :]
    return str(iri)


def _long(text: str) -> str:
    namespace = _LONG.get(text[:2])
    return namespace + text[2:] if namespace is not None else text


def _iri(text: str) -> URIRef:
    """A digest's IRI: checked when the import wrote it (graph.nquads), so made without rdflib's check again."""
    return str.__new__(URIRef, _long(text))


def _node(value, triples: list[Triple], iris: list[str]) -> Node:
    if isinstance(value, str):
        if value[0] == "<":
            return URIRef(_long(iris[int(value[2:])] if value[1] == "~" else value[1:]))
        kind, _, lexical = value[1:].partition('"')
        if not kind:
            return Literal(lexical)
        return Literal(lexical, lang=kind[1:]) if kind[0] == "@" else Literal(lexical, datatype=URIRef(_long(kind)))
    name, found = value
    node = URIRef(_long(iris[int(name[1:])])) if name is not None else BNode()
    for predicate, obj in found:
        triples.append((node, URIRef(_long(predicate)), _node(obj, triples, iris)))
    return node


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
