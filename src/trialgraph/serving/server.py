"""The HTTP server: one thread per connection, queries in worker processes, read-only by construction.

Nothing a request sends can write: updates are refused (403) before anything parses them, every
query passes the question library's safety check (only SELECT, ASK, CONSTRUCT, DESCRIBE; SERVICE
only with --allow-service), and the workers hold the store read-only. Each query has a time-out
that really stops it (its worker is killed, 503) and a row limit; an access log line is written
for every request.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO

from rdflib.namespace import NamespaceManager

from .. import __version__
from ..errors import InputError
from ..graph import assemble, store
from ..paths import ProjectPaths
from ..questions import library, safety
from . import description, ontology_docs, protocol, results
from .workers import Job, QueryFailed, QueryTimedOut, Reply, ServerBusy, WorkerPool

TEXT = "text/plain; charset=utf-8"
_HOST_HEADER = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_ORIGIN = re.compile(r"\*|https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
TRUNCATED_HEADER = "TrialGraph-Truncated"


@dataclass(frozen=True)
class ServeConfig:
    oxigraph: Path | None = None  # None: the curated trials, built into a temporary store
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    max_rows: int = 10_000
    allow_service: bool = False
    cors: str | None = None  # the origin allowed to read answers from a browser ("*": any)
    workers: int = 4

    def checked(self) -> ServeConfig:
        if not self.timeout > 0:
            raise InputError(f"--timeout must be a positive number of seconds, not {self.timeout:g}")
        if self.max_rows < 1:
            raise InputError(f"--max-rows must be at least 1, not {self.max_rows}")
        if self.workers < 1:
            raise InputError(f"--workers must be at least 1, not {self.workers}")
        if not 0 <= self.port <= 65535:
            raise InputError(f"--port must be between 0 and 65535, not {self.port}")
        if self.cors is not None and not _ORIGIN.fullmatch(self.cors):
            raise InputError(f"--cors takes an origin (https://host[:port]) or *, not {self.cors!r}")
        return self


@dataclass
class Request:
    method: str
    path: str
    query_string: str
    headers: Mapping[str, str]
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


@dataclass
class Response:
    status: int
    body: bytes
    media: str = TEXT
    headers: dict[str, str] = field(default_factory=dict)


def message(status: int, text: str, **headers: str) -> Response:
    """A one-line plain-text answer (errors, refusals)."""
    return Response(status, (text.strip().splitlines() or [""])[0].encode() + b"\n", TEXT, dict(headers))


Route = Callable[["TrialGraphServer", Request], Response]


class TrialGraphServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a burst of clients waits in the kernel's queue instead of being refused

    def __init__(self, config: ServeConfig, project: ProjectPaths, log: TextIO = sys.stderr):
        self.config = config.checked()
        self.project = project
        self.log = log
        self._log_lock = threading.Lock()
        self._temporary: Path | None = None
        self.pool: WorkerPool | None = None
        self.routes: list[tuple[str, Route]] = []
        self._counts: dict[str, int] | None = None
        if config.oxigraph is not None:
            store.open_read_only(config.oxigraph)  # a missing store is refused before the port is taken
        try:
            super().__init__((config.host, config.port), Handler)
        except OSError as error:
            reason = error.strerror or str(error)
            raise InputError(f"cannot listen on {config.host}:{config.port}: {reason}") from None

    # ------------------------------------------------------------ life
    def prepare(self, routes: list[tuple[str, Route]]) -> None:
        """Build the embedded store if needed, start the workers, read our prefixes."""
        try:
            location = self.config.oxigraph
            if location is None:
                self._temporary = Path(tempfile.mkdtemp(prefix="trialgraph-serve-"))
                location = self._temporary / "store"
                assemble.build_store(self.project, location)
            self.namespaces: NamespaceManager = assemble.namespaces(self.project)
            self.prefixes = {prefix: str(iri) for prefix, iri in self.namespaces.namespaces() if prefix}
            self.questions = library.query_library(self.project.queries_dir)
            self.ontology_html = ontology_docs.ontology_page(ontology_docs.ontology_graph(self.project))
            self.pool = WorkerPool(location, self.config.workers, self.config.timeout)
        except BaseException:
            self.close()
            raise
        self.routes = [("/sparql", answer_sparql), ("/.well-known/void", answer_void), *routes]

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.server_close()
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)

    # ------------------------------------------------------------ queries
    def checked_query(self, text: str) -> safety.ReadQuery:
        read = _parsed(text)
        safety.check_services(read, None, allowed=self.config.allow_service)
        return read

    def run(self, text: str, read: safety.ReadQuery, media: str, **options) -> Reply:
        """One query on a worker, with the server's time-out and row limit."""
        assert self.pool is not None
        job = Job(
            text, read.form, media, options.pop("max_rows", self.config.max_rows), prefixes=self.prefixes, **options
        )
        return self.pool.run(job)

    def answer_query(self, text: str, accept: str, fmt: str | None = None, **options) -> Response:
        """A query's answer as the protocol sends it, or the error status and line that refuse it."""
        try:
            read = self.checked_query(text)
            offered = results.GRAPH_TYPES if read.form in safety.GRAPH_FORMS else results.TABLE_TYPES
            media = protocol.negotiate(accept, offered, fmt)
            reply = self.run(text, read, media, **options)
        except protocol.ProtocolError as error:
            return message(error.status, str(error))
        except safety.UpdateRefused as error:
            return message(403, f"{error}: this endpoint is read-only")
        except (QueryTimedOut, ServerBusy) as error:
            return message(503, str(error), **{"Retry-After": "5"})
        except (QueryFailed, InputError) as error:
            return message(400, str(error))
        headers = {TRUNCATED_HEADER: f"cut at {self.config.max_rows} rows (--max-rows)"} if reply.truncated else {}
        charset = "" if reply.media == results.JSONLD else "; charset=utf-8"
        return Response(200, reply.body, reply.media + charset, headers)

    def counts(self) -> dict[str, int]:
        """The store's size for VoID, counted once (nothing if the count passes the time-out)."""
        if self._counts is None:
            try:
                reply = self.run(description.COUNTS, safety.SELECT, results.TSV)
                _, row = reply.body.decode().splitlines()[:2]
                self._counts = {
                    name: int(value.split("^^")[0].strip('"'))
                    for name, value in zip(("triples", "trials"), row.split("\t"), strict=True)
                }
            except (InputError, ValueError):  # too big to count within the time-out: not tried again
                self._counts = {}
        return self._counts

    # ------------------------------------------------------------ HTTP
    def dispatch(self, request: Request) -> Response:
        for prefix, route in self.routes:
            if request.path == prefix or (prefix.endswith("/") and request.path.startswith(prefix)):
                return route(self, request)
        return message(404, f"nothing at {request.path}")

    def handle_error(self, request: object, client_address: tuple) -> None:
        """A connection that failed outside a route (a client gone mid-answer): one log line, no traceback."""
        error = sys.exc_info()[1]
        self.write_log(f"{client_address[0]} connection error: {type(error).__name__}: {error}")

    def write_log(self, line: str) -> None:
        with self._log_lock:
            self.log.write(line + "\n")
            self.log.flush()


@lru_cache(maxsize=512)
def _parsed(text: str) -> safety.ReadQuery:
    """The safety check's parse (rdflib's parser, slow and holding the GIL), once per query text:
    the query page and the library send the same texts again and again."""
    return safety.read_query_form(text)


def answer_sparql(server: TrialGraphServer, request: Request) -> Response:
    if request.method not in ("GET", "POST"):
        return message(405, f"{request.method} is not allowed on /sparql (GET or POST)", Allow="GET, POST, OPTIONS")
    try:
        sparql = protocol.sparql_request(
            request.method, request.query_string, request.header("Content-Type"), request.body
        )
    except protocol.ProtocolError as error:
        return message(error.status, str(error))
    if sparql.query is None:
        if request.method == "POST":
            return message(400, "no query in the request (query=...)")
        body = description.service_description(base_url(server, request), allow_service=server.config.allow_service)
        return Response(200, body, "text/turtle; charset=utf-8")
    return server.answer_query(
        sparql.query,
        request.header("Accept"),
        sparql.format,
        default_graphs=sparql.default_graphs,
        named_graphs=sparql.named_graphs,
    )


def answer_void(server: TrialGraphServer, request: Request) -> Response:
    body = description.void_description(base_url(server, request), server.counts())
    return Response(200, body, "text/turtle; charset=utf-8")


def base_url(server: TrialGraphServer, request: Request) -> str:
    """http://host:port as the client reached us (the Host header, when it is a plain host)."""
    host = request.header("Host")
    return f"http://{host}" if _HOST_HEADER.fullmatch(host) else server.base


class Handler(BaseHTTPRequestHandler):
    server: TrialGraphServer
    server_version = f"trialgraph/{__version__}"
    protocol_version = "HTTP/1.1"

    def _by_method(self) -> None:
        self._handle(self.command)  # the request's method; the routes refuse what they do not take

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = _by_method

    def do_OPTIONS(self) -> None:
        started = time.monotonic()
        response = Response(204, b"", TEXT, {"Allow": "GET, POST, OPTIONS"})
        if self.server.config.cors:
            response.headers |= {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Accept, Content-Type",
                "Access-Control-Max-Age": "600",
            }
        self._send(response, started)

    def _handle(self, method: str) -> None:
        started = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= protocol.MAX_BODY:
            self.close_connection = True
            self._send(message(413 if length > 0 else 400, "bad Content-Length"), started)
            return
        body = self.rfile.read(length) if length else b""
        request = Request(method if method != "HEAD" else "GET", url.path, url.query, self.headers, body)
        try:
            response = self.server.dispatch(request)
        except Exception as error:  # a bug must cost one request, not the server
            self.server.write_log(f"error on {self.path}: {type(error).__name__}: {error}")
            response = message(500, f"internal error ({type(error).__name__})")
        self._send(response, started, head=method == "HEAD")

    def _send(self, response: Response, started: float, *, head: bool = False) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.media)
        self.send_header("Content-Length", str(len(response.body)))
        if self.server.config.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.config.cors)
            self.send_header("Access-Control-Expose-Headers", TRUNCATED_HEADER)
            self.send_header("Vary", "Origin")
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)
        self._access_log(response, time.monotonic() - started)

    def log_request(self, code: object = "-", size: object = "-") -> None:
        """Written by `_access_log` once the answer is sent, with its size and time."""

    def log_message(self, format: str, *args: object) -> None:
        self.server.write_log(f"{self.address_string()} - - [{self.log_date_time_string()}] {format % args}")

    def _access_log(self, response: Response, seconds: float) -> None:
        """Common Log Format, then the time taken."""
        line = self.requestline.replace('"', "%22")
        self.server.write_log(
            f"{self.client_address[0]} - - [{time.strftime('%d/%b/%Y:%H:%M:%S +0000', time.gmtime())}]"
            f' "{line}" {response.status}'
            f" {len(response.body)} {seconds:.3f}s"
        )
