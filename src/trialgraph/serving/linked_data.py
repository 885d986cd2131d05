"""Our IRIs, resolved: https://w3id.org/trialgraph/id/X is served at /id/X (and the ontology's terms
at /ontology/X, the value sets' at /vocab/X).

Clients get the resource's description (SPARQL DESCRIBE: its triples and their blank nodes) as
Turtle, JSON-LD or N-Triples by Accept or `?format=`; browsers (Accept: text/html) get a page: a
trial's own page (trial_page), or for anything else a table of its properties and what refers
to it. The IRI is bound into the queries, never written into them; the few IRIs a page gathers
from the store go in a trailing VALUES block of checked terms (as for remote endpoints).
"""

from __future__ import annotations

import json
import urllib.parse

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import InputError
from ..questions.backends import values_rows
from ..questions.library import checked_iri
from ..questions.safety import ReadQuery
from . import protocol, results
from .html import HTML, MAPPINGS, ONTOLOGY, VOCABULARY, attr, esc, label, link, local_href, page
from .server import Request, Response, TrialGraphServer, message
from .trial_page import trial_page

ID_SPACE = "https://w3id.org/trialgraph/id/"
SPACES = {"/id/": ID_SPACE, "/ontology/": ONTOLOGY, "/vocab/": VOCABULARY}
OFFERED = (results.TURTLE, results.JSONLD, results.NTRIPLES, "text/html")
TRIAL = URIRef(ONTOLOGY + "Trial")
DESCRIBE = ReadQuery("DESCRIBE")
CONSTRUCT = ReadQuery("CONSTRUCT")
SELECT = ReadQuery("SELECT")
# what a page shows of the things a resource points to
LABELS = (
    "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o FILTER(?p IN ("
    + ", ".join(f"<{p}>" for p in (RDFS.label, SKOS.prefLabel, SKOS.notation, RDF.type, *MAPPINGS))
    + ")) }"
)
# A resource's description is bounded by the resource, not by the query row limit (--max-rows),
# which is for the questions users send; this bound only guards against a runaway description.
PAGE_ROWS = 100_000
ROUNDS = 8  # arm -> regimen -> choice -> administration -> event...: deeper than any trial's nesting


def answer_resource(server: TrialGraphServer, request: Request) -> Response:
    prefix = next(p for p in SPACES if request.path.startswith(p))
    local = urllib.parse.unquote(request.path[len(prefix) :])
    if prefix == "/id/" and local in ("", "trial/", "ctgov/"):
        return trial_index(server)
    try:
        iri = checked_iri(SPACES[prefix] + local)
        fmt = protocol.sparql_request("GET", request.query_string, "", b"").format
        media = protocol.negotiate(request.header("Accept"), OFFERED, fmt)
    except protocol.ProtocolError as error:
        return message(error.status, str(error))
    except InputError as error:
        return message(400, str(error))
    if not _exists(server, iri):
        return message(404, f"nothing is said of <{iri}> here")
    if media == "text/html":
        if prefix != "/id/":  # a term of the ontology: its documentation
            anchor = ("vocab-" if prefix == "/vocab/" else "") + local
            return Response(303, b"", HTML, {"Location": f"/ontology#{urllib.parse.quote(anchor)}"})
        graph = neighbourhood(server, iri)
        subject = URIRef(iri)
        if (subject, RDF.type, TRIAL) in graph:
            body = trial_page(graph, subject, server.namespaces)
        else:
            body = resource_page(graph, subject, incoming(server, iri), server)
        return Response(200, body, HTML, {"Vary": "Accept"})
    reply = server.run(
        "DESCRIBE ?node WHERE {}", DESCRIBE, media, bindings=(("node", ("iri", iri)),), max_rows=PAGE_ROWS
    )
    charset = "" if media == results.JSONLD else "; charset=utf-8"
    return Response(200, reply.body, media + charset, {"Vary": "Accept"})


def _exists(server: TrialGraphServer, iri: str) -> bool:
    query = "SELECT ?node WHERE { { ?node ?p ?o } UNION { ?s ?p ?node } } LIMIT 1"
    reply = server.run(query, SELECT, results.TSV, bindings=(("node", ("iri", iri)),))
    return len(reply.body.decode().splitlines()) > 1


def _graph(server: TrialGraphServer, query: str, read: ReadQuery, **options) -> Graph:
    reply = server.run(query, read, results.NTRIPLES, max_rows=PAGE_ROWS, **options)
    return Graph().parse(data=reply.body.decode(), format="nt")


def neighbourhood(server: TrialGraphServer, iri: str) -> Graph:
    """The resource, the nodes it owns (IRIs that extend its own, `trial:X-arm-1`), their blank nodes,
    and the labels and mappings of everything they point to."""
    graph = _graph(server, "DESCRIBE ?node WHERE {}", DESCRIBE, bindings=(("node", ("iri", iri)),))
    owned = f"{iri}-"
    seen = {iri}
    for _ in range(ROUNDS):
        frontier = sorted(
            {str(o) for o in graph.objects() if isinstance(o, URIRef) and str(o).startswith(owned)} - seen
        )
        if not frontier:
            break
        seen.update(frontier)
        graph += _graph(
            server, "DESCRIBE ?node WHERE {}" + values_rows("node", [URIRef(i) for i in frontier]), DESCRIBE
        )
    others = sorted({str(o) for o in graph.objects() if isinstance(o, URIRef)} - seen)
    for start in range(0, len(others), 200):
        chunk = [URIRef(i) for i in others[start : start + 200]]
        graph += _graph(server, LABELS + values_rows("x", chunk), CONSTRUCT)
    # the labels of the mapped terms (MONDO, NCIt...) where the store holds their slices
    mapped = sorted({str(o) for p in MAPPINGS[:2] for o in graph.objects(None, p)} - seen)
    if mapped:
        graph += _graph(server, LABELS + values_rows("x", [URIRef(i) for i in mapped[:200]]), CONSTRUCT)
    return graph


def incoming(server: TrialGraphServer, iri: str) -> Graph:
    """What refers to the resource (at most 200 triples), with the referrers' labels."""
    query = "CONSTRUCT { ?s ?p ?node . ?s ?l ?label } WHERE { { SELECT ?s ?p WHERE { ?s ?p ?node } LIMIT 200 }"
    query += f" OPTIONAL {{ ?s ?l ?label FILTER(?l = <{RDFS.label}>) }} }}"
    return _graph(server, query, CONSTRUCT, bindings=(("node", ("iri", iri)),))


def resource_page(graph: Graph, subject: URIRef, referrers: Graph, server: TrialGraphServer) -> bytes:
    namespaces = server.namespaces
    title = label(graph, subject, namespaces)
    rows = []
    for predicate, value in sorted(graph.predicate_objects(subject), key=lambda pair: (str(pair[0]), str(pair[1]))):
        rows.append(f"<tr><th>{link(graph, predicate, namespaces)}</th><td>{link(graph, value, namespaces)}</td></tr>")
    back = []
    for source, predicate in sorted({(s, p) for s, p, _ in referrers.triples((None, None, subject))}, key=str):
        back.append(
            f"<li>{link(referrers, source, namespaces)}"
            f" <span class='muted'>{esc(label(graph, predicate, namespaces))}</span></li>"
        )
    body = (
        f"<h1>{esc(title)}</h1><p><code>{esc(subject)}</code> · "
        f'<a href="?format=ttl">Turtle</a> · <a href="?format=jsonld">JSON-LD</a></p>'
        f"<table><tbody>{''.join(rows)}</tbody></table>"
        + (f"<h2>Referred to by</h2><ul>{''.join(back)}</ul>" if back else "")
    )
    return page(title, body)


def trial_index(server: TrialGraphServer) -> Response:
    query = (
        f"SELECT ?trial ?id ?title WHERE {{ ?trial a <{TRIAL}> OPTIONAL {{ ?trial <{ONTOLOGY}nctId> ?id }}"
        f" OPTIONAL {{ ?trial <{ONTOLOGY}briefTitle> ?title }} }} ORDER BY ?id ?trial"
    )
    reply = server.run(query, SELECT, results.JSON)
    items = []
    for row in json.loads(reply.body)["results"]["bindings"]:
        iri = row["trial"]["value"]
        name = row.get("id", {}).get("value") or iri
        items.append(
            f'<li><a href="{attr(local_href(iri))}">{esc(name)}</a> {esc(row.get("title", {}).get("value", ""))}</li>'
        )
    cut = "<p class='muted'>(cut at the row limit)</p>" if reply.truncated else ""
    return Response(200, page("Trials", f"<h1>Trials</h1><ul>{''.join(items)}</ul>{cut}"), HTML)
