"""Shared fixtures: the project's paths and the built graph, made once per session."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Graph

from trialgraph.graph.assemble import build_graph
from trialgraph.paths import ProjectPaths, project_paths
from trialgraph.sources.ctgov.importer import ImportSummary, import_ctgov

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project() -> ProjectPaths:
    return project_paths()


@pytest.fixture(scope="session")
def graph(project: ProjectPaths) -> Graph:
    return build_graph(project)


# ---------------------------------------------------------------- ClinicalTrials.gov imports
@pytest.fixture(scope="session")
def ctgov_records(project: ProjectPaths) -> Path:
    """The real API v2 records beside the repository (../shared/ctgov), or a skip saying why."""
    folder = project.root.parent / "shared" / "ctgov"
    if not any(folder.glob("*.json")):
        pytest.skip(
            f"no ClinicalTrials.gov records at {folder} (the shared/ folder is cloned beside the repository in CI)"
        )
    return folder


@pytest.fixture(scope="session")
def more_records(project: ProjectPaths) -> Path:
    """More real API v2 records (../shared/ctgov-more: partial ones among them), or a skip saying why."""
    folder = project.root.parent / "shared" / "ctgov-more"
    if not any(folder.glob("*.json")):
        pytest.skip(f"no ClinicalTrials.gov records at {folder} (the shared/ folder is cloned beside the repository)")
    return folder


@pytest.fixture(scope="session")
def imported_records(ctgov_records: Path, project: ProjectPaths, tmp_path_factory) -> tuple[Path, ImportSummary]:
    """Every shared record imported once per session: the output folder and the summary."""
    output = tmp_path_factory.mktemp("ctgov-import")
    return output, import_ctgov([ctgov_records], output, project)


@pytest.fixture(scope="session")
def every_import(
    ctgov_records: Path, more_records: Path, project: ProjectPaths, tmp_path_factory
) -> tuple[Path, ImportSummary]:
    """Every record of ../shared/ctgov and ../shared/ctgov-more imported once per session (as Turtle files):
    the output folder and the summary. Tests share it: they read it, never write into it."""
    output = tmp_path_factory.mktemp("ctgov-every-import")
    return output, import_ctgov([ctgov_records, more_records], output, project)


@pytest.fixture(scope="session")
def imported_fixture(project: ProjectPaths, tmp_path_factory) -> Path:
    """The project's own record for curated trial NCT04426201, imported once per session."""
    output = tmp_path_factory.mktemp("ctgov-fixture")
    summary = import_ctgov([FIXTURES / "ctgov"], output, project)
    assert summary.exit_code == 0 and len(summary.written) == 1
    return output


@pytest.fixture(scope="session")
def graph_with_import(project: ProjectPaths, imported_fixture: Path) -> Graph:
    """The curated data plus the import of the same trial, side by side."""
    return build_graph(project, [project.data_dir, imported_fixture])


# Real records with a results section (PALLAS with palbociclib; ACTT-1, whose groups are its arms...).
RESULTS_RECORDS = ("NCT00332579", "NCT00711529", "NCT02210780", "NCT02513394", "NCT04280705")


@pytest.fixture(scope="session")
def graph_with_results(project: ProjectPaths, ctgov_records: Path, tmp_path_factory) -> Graph:
    """The curated data plus the import of four real records with results."""
    output = tmp_path_factory.mktemp("ctgov-results")
    folders = (ctgov_records, ctgov_records.parent / "ctgov-more")
    paths = [next(f / f"{nct}.json" for f in folders if (f / f"{nct}.json").is_file()) for nct in RESULTS_RECORDS]
    summary = import_ctgov(paths, output, project)
    assert not summary.skipped and len(summary.written) == len(RESULTS_RECORDS)
    return build_graph(project, [project.data_dir, output])


# ---------------------------------------------------------------- a real Oxigraph server
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _oxigraph_executable() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if found is None:
        pytest.fail("the oxigraph server (PyPI 'oxigraph', a dev dependency) is not installed")
    return found


@contextmanager
def serve_http(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A scripted HTTP server on a free loopback port, in a thread; yields its base URL."""
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_oxigraph(location: Path) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port; yields its base URL and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [_oxigraph_executable(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    with _running(process, f"{base}/query?query=ASK%7B%7D", "oxigraph serve", lambda: process.stderr.read().decode()):
        yield base


@contextmanager
def _running(
    process: subprocess.Popen, probe: str, name: str, output: Callable[[], str], wait: float = 60
) -> Iterator[None]:
    """Until the server at `probe` answers (or fails, showing its `output`); stopped at the end."""
    deadline = time.monotonic() + wait
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"{name} exited with {process.returncode}: {output()[:300]}")
            try:
                with urllib.request.urlopen(probe, timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{name} did not answer within {wait:g} s")
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    with serve_oxigraph(tmp_path_factory.mktemp("oxigraph-server")) as base:
        yield base


@pytest.fixture(scope="session")
def wikidata_server(tmp_path_factory) -> Iterator[str]:
    """A stand-in for Wikidata's query service: Oxigraph loaded with tests/fixtures/wikidata.ttl."""
    location = tmp_path_factory.mktemp("wikidata-server")
    subprocess.run(
        [_oxigraph_executable(), "load", "--location", str(location), "--file", str(FIXTURES / "wikidata.ttl")],
        check=True,
        capture_output=True,
    )
    with serve_oxigraph(location) as base:
        yield f"{base}/query"


# ---------------------------------------------------------------- `trialgraph serve`
@contextmanager
def serve_trialgraph(*args: str, log: Path | None = None) -> Iterator[str]:
    """`trialgraph serve ARGS` on a free loopback port; yields its base URL and stops it afterwards.

    Its stderr (the access log) goes to `log` when given."""
    port = free_port()
    command = shutil.which("trialgraph", path=str(Path(sys.executable).parent))
    if command is None:
        pytest.fail("the trialgraph command is not installed beside this Python")
    stream = log.open("wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen([command, "serve", "--port", str(port), *args], stdout=subprocess.DEVNULL, stderr=stream)
    base = f"http://127.0.0.1:{port}"
    try:
        with _running(process, f"{base}/sparql", "trialgraph serve", lambda: log.read_text() if log else ""):
            yield base
    finally:
        if log is not None:
            stream.close()
