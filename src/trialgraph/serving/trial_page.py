"""A trial's HTML page: its facts, conditions and their mapped terms, the regimen diagram, the
eligibility table in canonical units, sites, provenance and curator notes.

Every value is escaped (html.esc/attr): titles, criteria and notes come from registry records.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from ..links.prefixes import compact
from .html import MAPPINGS, attr, esc, label, link, page
from .regimen_diagram import diagram

TG = "https://w3id.org/trialgraph/ontology/"
_FACTS = (
    ("nctId", "NCT ID"), ("acronym", "Acronym"), ("overallStatus", "Status"), ("phase", "Phase"),
    ("studyType", "Study type"), ("allocation", "Allocation"), ("masking", "Masking"), ("enrollment", "Enrollment"),
    ("startDate", "Start"), ("completionDate", "Completion"), ("lastUpdated", "Last updated"),
)  # fmt: skip
_COMPARATORS = {"cmp-ge": "≥", "cmp-gt": ">", "cmp-le": "≤", "cmp-lt": "<", "cmp-eq": "="}


def _p(name: str) -> URIRef:
    return URIRef(TG + name)


def _by_position(graph: Graph, nodes) -> list[Node]:
    def key(node: Node) -> tuple:
        position = graph.value(node, _p("position"))
        try:
            number = int(position) if position is not None else 10**9
        except ValueError:
            number = 10**9
        return (number, label(graph, node))

    return sorted(set(nodes), key=key)


def trial_page(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> bytes:
    title = label(graph, graph.value(trial, _p("briefTitle")) or trial, namespaces)
    sections = [
        f'<h1>{esc(title)}</h1><p><code>{esc(trial)}</code> · <a href="?format=ttl">Turtle</a> ·'
        f' <a href="?format=jsonld">JSON-LD</a></p>',
        _facts(graph, trial, namespaces),
        _conditions(graph, trial, namespaces),
        _arms(graph, trial, namespaces),
        _eligibility(graph, trial, namespaces),
        _sites(graph, trial, namespaces),
        _provenance(graph, trial, namespaces),
    ]
    return page(title, "".join(sections))


def _facts(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    items = []
    for name, heading in _FACTS:
        values = sorted(graph.objects(trial, _p(name)), key=str)
        if values:
            shown = ", ".join(link(graph, v, namespaces) for v in values)
            items.append(f'<dt>{esc(heading)}</dt><dd class="fact-{attr(name)}">{shown}</dd>')
    summary = graph.value(trial, _p("briefSummary"))
    return f'<dl class="facts">{"".join(items)}</dl>' + (f"<p>{esc(summary)}</p>" if summary else "")


def _conditions(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    items = []
    for condition in sorted(graph.objects(trial, _p("condition")), key=lambda n: label(graph, n)):
        mapped = [
            f'<a class="mapping" href="{attr(term)}">{esc(compact(term, namespaces))}</a>'
            + (f" <span class='muted'>{esc(label(graph, term))}</span>" if (term, None, None) in graph else "")
            for predicate in MAPPINGS
            for term in sorted(graph.objects(condition, predicate), key=str)
            if isinstance(term, URIRef)
        ]
        terms = f" — {', '.join(mapped)}" if mapped else ""
        items.append(f"<li>{link(graph, condition, namespaces)}{terms}</li>")
    texts = sorted(str(t) for t in graph.objects(trial, _p("conditionText")))
    stated = f"<p class='muted'>As stated: {esc('; '.join(texts))}</p>" if texts else ""
    return f"<h2>Conditions</h2><ul class='conditions'>{''.join(items)}</ul>{stated}" if items or texts else ""


def _arms(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    arms = _by_position(graph, graph.objects(trial, _p("hasArm")))
    if not arms:
        return ""
    details = []
    for arm in arms:
        kind = graph.value(arm, _p("armType"))
        regimens = []
        for regimen in graph.objects(arm, _p("receives")):
            schedule = graph.value(regimen, _p("scheduleText"))
            regimens.append(
                f"<li>{esc(label(graph, regimen, namespaces))}"
                + (f"<br><span class='muted'>{esc(schedule)}</span>" if schedule else "")
                + "</li>"
            )
        details.append(
            f"<h3>{esc(label(graph, arm, namespaces))}"
            + (f" <span class='muted'>({esc(label(graph, kind, namespaces))})</span>" if kind else "")
            + f"</h3><ul>{''.join(regimens)}</ul>"
        )
    return f"<h2>Arms and regimens</h2>{diagram(graph, arms, namespaces)}{''.join(details)}"


def _eligibility(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    criteria = _by_position(graph, graph.objects(trial, _p("hasCriterion")))
    if not criteria:
        return ""
    rows = []
    for criterion in criteria:
        kind = "inclusion" if (criterion, RDF.type, _p("InclusionCriterion")) in graph else "exclusion"
        if (criterion, RDF.type, _p("ExclusionCriterion")) not in graph and kind == "exclusion":
            kind = ""
        number = graph.value(criterion, _p("sourceNumber")) or ""
        constraints = list(graph.objects(criterion, _p("hasConstraint")))
        cells = [_constraint(graph, c, namespaces) for c in constraints] or [("", "", "", "")]
        for index, (what, comparator, stated, canonical) in enumerate(cells):
            lead = ""
            if index == 0:
                span = f' rowspan="{len(cells)}"' if len(cells) > 1 else ""
                lead = (
                    f"<td{span}>{esc(kind)} {esc(number)}</td>"
                    f"<td{span}>{esc(graph.value(criterion, _p('verbatim')) or '')}</td>"
                )
            rows.append(
                f"<tr>{lead}<td>{what}</td><td>{esc(comparator)}</td><td>{stated}</td><td>{canonical}</td></tr>"
            )
    head = "".join(f"<th>{h}</th>" for h in ("Criterion", "Text", "Constraint", "Comparator", "Stated", "Canonical"))
    head = f"<tr>{head}</tr>"
    return f"<h2>Eligibility</h2><table class='eligibility'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _constraint(graph: Graph, constraint: Node, namespaces: NamespaceManager | None) -> tuple[str, str, str, str]:
    """(what it constrains, comparator, stated threshold, canonical threshold) as HTML cells."""
    kinds = [label(graph, t, namespaces) for t in graph.objects(constraint, RDF.type)]
    kind = esc(", ".join(kinds).replace("Constraint", "").strip())
    about = [
        graph.value(constraint, _p(name))
        for name in ("measure", "aboutCondition", "sex", "scale", "aboutIntervention", "aboutDrugClass")
    ]
    subjects = [link(graph, node, namespaces) for node in about if node is not None]
    members = list(graph.objects(constraint, _p("member")))
    if members:
        logic = label(graph, graph.value(constraint, _p("logic")), namespaces)
        inner = "; ".join(" ".join(x for x in _constraint(graph, m, namespaces) if x) for m in members)
        subjects.append(f"{esc(logic)}: {inner}")
    scores = [graph.value(constraint, _p(n)) for n in ("minScore", "maxScore")]
    if any(s is not None for s in scores):
        subjects.append(
            esc(f"{scores[0] if scores[0] is not None else ''} to {scores[1] if scores[1] is not None else ''}")
        )
    comparator_node = graph.value(constraint, _p("comparator"))
    comparator = _COMPARATORS.get(str(comparator_node).rsplit("/", 1)[-1], label(graph, comparator_node, namespaces))
    threshold = graph.value(constraint, _p("threshold"))
    stated = canonical = ""
    if threshold is not None:
        value, unit = graph.value(threshold, _p("numericValue")), graph.value(threshold, _p("unit"))
        written = graph.value(threshold, _p("unitText"))
        stated = esc(f"{_number(value)} {unit or ''}".strip()) + (
            f" <span class='muted'>({esc(written)})</span>" if written and str(written) != str(unit) else ""
        )
        value, unit = graph.value(threshold, _p("canonicalValue")), graph.value(threshold, _p("canonicalUnit"))
        canonical = esc(f"{_number(value)} {unit or ''}".strip()) if value is not None else ""
    multiple = graph.value(constraint, _p("ulnMultiple"))
    if multiple is not None:
        stated = esc(f"{_number(multiple)} x ULN")
    return (
        f"{kind}: {', '.join(subjects)}" if subjects else kind,
        comparator if comparator_node else "",
        stated,
        canonical,
    )


def _number(value: Node | None) -> str:
    if not isinstance(value, Literal):
        return ""
    try:
        return f"{float(value):g}"
    except ValueError:
        return str(value)


def _sites(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    sites = _by_position(graph, graph.objects(trial, _p("hasSite")))
    if not sites:
        return ""
    items = []
    for site in sites:
        where = [label(graph, graph.value(site, _p(n)), namespaces) for n in ("city", "country")]
        items.append(
            f"<li>{esc(label(graph, site, namespaces))}"
            f" <span class='muted'>{esc(', '.join(w for w in where if w))}</span></li>"
        )
    return f"<h2>Sites</h2><ul class='sites'>{''.join(items)}</ul>"


def _provenance(graph: Graph, trial: URIRef, namespaces: NamespaceManager | None) -> str:
    sources = [link(graph, s, namespaces) for s in sorted(graph.objects(trial, _p("curationSource")), key=str)]
    record = graph.value(trial, _p("registryRecord"))
    notes = []
    for owner, note in sorted(
        graph.subject_objects(_p("hasCuratorNote")), key=lambda pair: (str(pair[0]), str(pair[1]))
    ):
        kind = label(graph, graph.value(note, _p("noteKind")), namespaces)
        about = "" if owner == trial else f" <span class='muted'>on {link(graph, owner, namespaces)}</span>"
        notes.append(
            f"<div class='note'><strong>{esc(kind)}</strong>{about}:"
            f" {esc(graph.value(note, _p('noteText')) or '')}</div>"
        )
    parts = ["<h2>Provenance</h2>"]
    if sources:
        parts.append(f"<p>Curated from: {', '.join(sources)}</p>")
    if record is not None:
        parts.append(f'<p>Registry record: <a href="{attr(record)}">{esc(record)}</a></p>')
    if notes:
        parts.append(f"<h3>Curator notes</h3>{''.join(notes)}")
    return "".join(parts)
