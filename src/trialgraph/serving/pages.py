"""The pages beside the endpoint: the query page (/), the question library (/questions), a question's
answer (/questions/NAME/run), the ontology's documentation (/ontology) and the static files.

A question's parameters come from a form and are read by the CLI's own rules
(`library.parse_params`: <iri>, prefix:local, "text", or a value of the declared type) and bound
into the query by the worker (pyoxigraph's substitutions), never written into its text.
"""

from __future__ import annotations

import json
import mimetypes
import urllib.parse
from pathlib import Path

from ..errors import InputError
from ..questions import library
from . import protocol, results
from .html import HTML, attr, esc, local_href, page
from .server import Request, Response, TrialGraphServer, message
from .workers import job_bindings

STATIC = Path(__file__).parent / "static"
YASGUI_VERSION = (STATIC / "yasgui" / "VERSION").read_text(encoding="utf-8").strip()
QUESTION_TYPES = (*results.TABLE_TYPES, "text/html")
EXAMPLE = """SELECT ?trial ?nctId ?title WHERE {
  ?trial a tg:Trial ; tg:nctId ?nctId .
  OPTIONAL { ?trial tg:briefTitle ?title }
}
ORDER BY ?nctId
LIMIT 100"""


def _script_json(value: object) -> str:
    """JSON to sit inside a <script> element: no '<' can close it."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


COMMON = ("rdf", "rdfs", "xsd", "skos", "dcterms", "owl", "schema")


def prefix_lines(server: TrialGraphServer) -> str:
    """Our own prefixes and the common W3C ones (the editor would drown in every external scheme's)."""
    chosen = {
        prefix: iri
        for prefix, iri in server.prefixes.items()
        if iri.startswith("https://w3id.org/trialgraph/") or prefix in COMMON
    }
    return "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in sorted(chosen.items()))


def query_page(server: TrialGraphServer, request: Request) -> Response:
    if request.path != "/":
        return message(404, f"nothing at {request.path}")
    questions = [
        {
            "name": q.name,
            "title": q.title,
            "description": q.description,
            "text": q.text,
            "params": [{"name": p, "type": q.param_types.get(p, "iri or text")} for p in q.params],
        }
        for q in server.questions.values()
    ]
    options = "".join(f'<option value="{attr(q.name)}">{esc(q.title)}</option>' for q in server.questions.values())
    body = f"""
<h1>TrialGraph</h1>
<p>SPARQL 1.1 at <code>/sparql</code>, read-only; every query stops after {server.config.timeout:g} s and at
{server.config.max_rows} rows. Our prefixes are filled in.</p>
<div id="yasgui"></div>
<h2>Question library</h2>
<p><select id="question" aria-label="question"><option value="">Choose a question…</option>{options}</select></p>
<div id="question-panel" hidden>
  <p id="question-description"></p>
  <form id="question-form"><div id="question-params"></div>
    <button type="submit" id="question-run">Run</button>
    <button type="button" id="question-edit">Open in the editor</button></form>
  <p id="question-downloads"></p>
  <p id="question-status" class="muted"></p>
  <table id="question-results"></table>
</div>
<script type="application/json" id="questions-data">{_script_json(questions)}</script>
<script type="application/json" id="prefixes-data">{_script_json(prefix_lines(server))}</script>
<script type="application/json" id="example-data">{_script_json(EXAMPLE)}</script>
<script src="/static/yasgui/yasgui.min.js"></script>
<script src="/static/query-page.js"></script>
"""
    head = '<link rel="stylesheet" href="/static/yasgui/yasgui.min.css">'
    return Response(200, page("TrialGraph: query", body, head=head), HTML)


def questions_page(server: TrialGraphServer, request: Request) -> Response:
    if request.path.startswith("/questions/"):
        return run_question(server, request)
    return Response(200, questions_html(server.questions), HTML)


def questions_html(questions: dict[str, library.QueryFile]) -> bytes:
    sections = []
    for q in questions.values():
        params = ", ".join(f"{p} ({q.param_types.get(p, 'iri or text')})" for p in q.params)
        run = f"/questions/{urllib.parse.quote(q.name)}/run"
        sections.append(
            f'<section class="question" id="{attr(q.name)}"><h2>{esc(q.title)}</h2><p>{esc(q.description)}</p>'
            f"<p class='muted'>{esc(q.name)}.rq · columns: {esc(', '.join(q.columns))}"
            + (f" · parameters: {esc(params)}" if params else "")
            + f'</p><p><a class="run" href="{attr(run)}">Run it</a> · <a href="{attr(run)}?format=csv">CSV</a></p>'
            f"<pre>{esc(q.text)}</pre></section>"
        )
    return page("TrialGraph: questions", "<h1>Question library</h1>" + "".join(sections))


def run_question(server: TrialGraphServer, request: Request) -> Response:
    parts = request.path.split("/")  # "", "questions", NAME, "run"
    if len(parts) != 4 or parts[3] != "run" or parts[2] not in server.questions:
        return message(404, f"no question at {request.path} (see /questions)")
    question = server.questions[parts[2]]
    fields = urllib.parse.parse_qs(request.query_string, keep_blank_values=True)
    fmt = None if "format" in question.params else (fields.pop("format", [None])[0] or None)
    try:
        if fmt is not None and fmt not in protocol.FORMAT_NAMES:
            raise protocol.ProtocolError(400, f"unknown format {fmt!r} (known: {', '.join(protocol.FORMAT_NAMES)})")
        media = protocol.negotiate(request.header("Accept"), QUESTION_TYPES, protocol.FORMAT_NAMES.get(fmt or ""))
        pairs = [f"{name}={value}" for name, values in fields.items() for value in values if value.strip()]
        bindings = job_bindings(library.parse_params(pairs, question, server.namespaces))
    except protocol.ProtocolError as error:
        return message(error.status, str(error))
    except InputError as error:
        return message(400, str(error))
    if media != "text/html":
        return server.answer_query(question.text, media, media, bindings=bindings)
    answer = server.answer_query(question.text, results.JSON, results.JSON, bindings=bindings)
    if answer.status != 200:
        return answer
    return Response(200, answer_html(question, json.loads(answer.body), request.query_string), HTML)


def answer_html(question: library.QueryFile, document: dict, query_string: str) -> bytes:
    columns = document.get("head", {}).get("vars", [])
    rows = []
    for binding in document.get("results", {}).get("bindings", []):
        cells = []
        for column in columns:
            term = binding.get(column)
            if term is None:
                cells.append("<td></td>")
            elif term["type"] == "uri":
                cells.append(f'<td><a href="{attr(local_href(term["value"]))}">{esc(term["value"])}</a></td>')
            else:
                cells.append(f"<td>{esc(term['value'])}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    base = f"?{query_string}&" if query_string else "?"
    downloads = " · ".join(f'<a href="{attr(base)}format={f}">{f.upper()}</a>' for f in ("csv", "tsv", "json"))
    body = (
        f"<h1>{esc(question.title)}</h1><p>{esc(question.description)}</p><p>{len(rows)} rows · {downloads}</p>"
        f'<table class="answer"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )
    return page(question.title, body)


def ontology(server: TrialGraphServer, request: Request) -> Response:
    return Response(200, server.ontology_html, HTML)


def static(server: TrialGraphServer, request: Request) -> Response:
    relative = urllib.parse.unquote(request.path[len("/static/") :])
    target = (STATIC / relative).resolve()
    if STATIC.resolve() not in target.parents or not target.is_file():
        return message(404, f"nothing at {request.path}")
    media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    text = media.startswith("text/") or media in ("application/javascript", "text/javascript")
    return Response(
        200, target.read_bytes(), media + ("; charset=utf-8" if text else ""), {"Cache-Control": "max-age=3600"}
    )
