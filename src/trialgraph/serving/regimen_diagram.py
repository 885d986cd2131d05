"""An SVG diagram of a trial's arms and regimens over time: one lane per arm, one row per administration.

Time runs left to right in days. An administration is drawn as bars: a bar per dose when doses are
days apart (twice a week: two bars a week), one continuous bar for daily dosing, and for an on/off
schedule (3 weeks on, 1 week off) the on weeks as bars and the off weeks as gaps. A single dose is
a narrow bar. Cycle boundaries are dashed lines (C1, C2...); the axis is marked in weeks. The
options of a "physician's choice" are rows marked "or". A schedule that runs on until an event
(progression) ends in an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, NamespaceManager
from rdflib.term import Node

from .html import attr, esc, label

TG = "https://w3id.org/trialgraph/ontology/"
DAYS = {"min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.4375, "a": 365.25}
LEFT, RIGHT, ROW, LANE_GAP, TOP = 260, 20, 22, 14, 34
WIDTH = 900
COLOURS = ("#3b6ea8", "#c26b2b", "#3f8f4f", "#8a4fa3", "#a83b5a", "#5a7d8c")


def _p(name: str) -> URIRef:
    return URIRef(TG + name)


@dataclass(frozen=True)
class Row:
    text: str
    bars: tuple[tuple[float, float], ...]  # (start day, length in days)
    open_ended: bool  # runs on past the horizon (until an event)
    choice: bool  # one option of a choice


def days(graph: Graph, quantity: Node | None) -> float | None:
    """A duration quantity in days, or None if it has no value or no time unit."""
    if quantity is None:
        return None
    value, unit = graph.value(quantity, _p("numericValue")), graph.value(quantity, _p("unit"))
    if value is None or str(unit) not in DAYS:
        return None
    try:
        return float(value) * DAYS[str(unit)]
    except ValueError:
        return None


def horizon(graph: Graph, administrations: list[Node]) -> float:
    """How many days to draw: three cycles when there are cycles, else the longest schedule, at least 4 weeks."""
    cycles = [d for a in administrations if (d := days(graph, graph.value(a, _p("cycleLength"))))]
    if cycles:
        return 3 * max(cycles)
    ends = [(_start(graph, a) or 0) + (days(graph, graph.value(a, _p("duration"))) or 0) for a in administrations]
    return max([28.0, *ends])


def _start(graph: Graph, administration: Node) -> float | None:
    """The day it starts: its offset after (or before) the reference event; 0 without timing."""
    timing = graph.value(administration, _p("timing"))
    if timing is None:
        return 0.0
    offset = days(graph, graph.value(timing, _p("offset"))) or 0.0
    relation = str(graph.value(timing, _p("timingRelation")) or "")
    return -offset if relation.endswith("before") else offset


def rows_of(graph: Graph, administration: Node, span: float, namespaces: NamespaceManager | None, choice: bool) -> Row:
    start = max(0.0, _start(graph, administration) or 0.0)
    duration = days(graph, graph.value(administration, _p("duration")))
    end = min(span, start + duration) if duration else span
    open_ended = duration is None and graph.value(administration, _p("maxAdministrations")) is None
    text = label(graph, administration, namespaces)
    if str(graph.value(administration, _p("maxAdministrations")) or "") == "1":
        return Row(text, ((start, 0.6),), False, choice)
    on, off = (
        days(graph, graph.value(administration, _p("onDuration"))),
        days(graph, graph.value(administration, _p("offDuration"))),
    )
    if on and off:
        bars, day = [], start
        while day < end:
            bars.append((day, min(on, end - day)))
            day += on + off
        return Row(text, tuple(bars), open_ended, choice)
    period = days(graph, graph.value(administration, _p("period")))
    frequency = graph.value(administration, _p("frequency"))
    try:
        interval = period / float(frequency) if period and frequency is not None else None
    except (ValueError, ZeroDivisionError):
        interval = None
    if interval is not None and interval >= 1.5:  # doses days apart: one bar each
        count = int((end - start) // interval) + 1
        return Row(
            text,
            tuple((start + i * interval, 0.6) for i in range(count) if start + i * interval < end),
            open_ended,
            choice,
        )
    return Row(text, ((start, end - start),), open_ended, choice)


def components(graph: Graph, regimen: Node) -> list[tuple[Node, bool]]:
    """A regimen's administrations in label order, each choice's options after it, marked."""
    found: list[tuple[Node, bool]] = []
    for part in sorted(graph.objects(regimen, _p("hasComponent")), key=lambda n: label(graph, n)):
        if (part, RDF.type, _p("InterventionChoice")) in graph or (part, _p("hasOption"), None) in graph:
            options = sorted(graph.objects(part, _p("hasOption")), key=lambda n: label(graph, n))
            found.extend((option, True) for option in options)
        else:
            found.append((part, False))
    return found


def diagram(graph: Graph, arms: list[Node], namespaces: NamespaceManager | None = None) -> str:
    """The SVG (as text) for the arms, in their order."""
    lanes = [
        (arm, [c for regimen in graph.objects(arm, _p("receives")) for c in components(graph, regimen)]) for arm in arms
    ]
    administrations = [a for _, parts in lanes for a, _ in parts]
    span = horizon(graph, administrations)
    cycle = max((d for a in administrations if (d := days(graph, graph.value(a, _p("cycleLength"))))), default=None)
    scale = (WIDTH - LEFT - RIGHT) / span
    parts: list[str] = []
    y = TOP
    for index, (arm, components_) in enumerate(lanes):
        colour = COLOURS[index % len(COLOURS)]
        height = ROW * (len(components_) + 1)
        parts.append(f'<g class="lane" data-arm="{attr(arm)}">')
        parts.append(f'<rect x="0" y="{y}" width="{WIDTH}" height="{height}" fill="{colour}" fill-opacity="0.06"/>')
        parts.append(f'<text x="6" y="{y + 15}" font-weight="600">{esc(label(graph, arm, namespaces))}</text>')
        row_y = y + ROW
        for administration, choice in components_:
            row = rows_of(graph, administration, span, namespaces, choice)
            shown = ("or: " if row.choice else "") + row.text
            parts.append(
                f'<text x="14" y="{row_y + 14}" font-size="12">'
                f"<title>{esc(row.text)}</title>{esc(_short(shown))}</text>"
            )
            for start, length in row.bars:
                x, w = LEFT + start * scale, max(2.0, length * scale)
                parts.append(
                    f'<rect class="administration" x="{x:.1f}" y="{row_y + 4}" width="{w:.1f}" height="{ROW - 8}"'
                    f' rx="2" fill="{colour}">'
                    f"<title>{esc(row.text)}: day {start:g} to {start + length:g}</title></rect>"
                )
            if row.open_ended:
                x = WIDTH - RIGHT
                parts.append(f'<path d="M{x} {row_y + 4} l10 {ROW / 2 - 4} l-10 {ROW / 2 - 4}z" fill="{colour}"/>')
            row_y += ROW
        parts.append("</g>")
        y += height + LANE_GAP
    axis = _axis(span, scale, cycle, y)
    total = y + 24
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="regimen-diagram" viewBox="0 0 {WIDTH + 20} {total}"'
        f' width="100%" role="img" aria-label="Arms and regimens over time" font-family="sans-serif" font-size="13">'
        f"{axis}{''.join(parts)}</svg>"
    )


def _axis(span: float, scale: float, cycle: float | None, bottom: int) -> str:
    marks = []
    step = 7.0 if span <= 120 else 28.0
    week = 0.0
    while week <= span + 1e-9:
        x = LEFT + week * scale
        marks.append(f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom}" stroke="#ddd"/>')
        marks.append(f'<text x="{x:.1f}" y="{TOP - 10}" font-size="11" text-anchor="middle">wk {week / 7:g}</text>')
        week += step
    if cycle:
        start, number = 0.0, 1
        while start < span - 1e-9:
            x = LEFT + start * scale
            marks.append(
                f'<line class="cycle" x1="{x:.1f}" y1="{TOP - 4}" x2="{x:.1f}" y2="{bottom}"'
                ' stroke="#888" stroke-dasharray="4 3"/>'
            )
            marks.append(f'<text x="{x + 3:.1f}" y="{bottom + 12}" font-size="11" fill="#555">C{number}</text>')
            start, number = start + cycle, number + 1
    marks.append(f'<text x="6" y="{TOP - 10}" font-size="11" fill="#555">days from the start ({span:g} shown)</text>')
    return "".join(marks)


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
