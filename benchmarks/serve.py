"""Load on `trialgraph serve`: 100 concurrent clients doing 5 queries each, with and without a runaway.

    python benchmarks/serve.py [--clients 100] [--queries 5] [--workers 4] [--timeout 5] [--oxigraph DIR]

A real server is started on a free loopback port (the embedded default, or the store given). Each
client is a thread that sends its queries one after the other by POST to /sparql: five questions of
the library (lab-thresholds, arms-per-trial, sites-by-country, drug-doses-and-routes,
phase-and-status). The run is made twice: alone, then with one client first sending a runaway
query (a triple cross product of the graph) that the server must stop at --timeout while the
others go on. Printed side by side: requests, errors, p50, p95 and maximum latency, requests per
second; then what the runaway got and the ratio of the p95s. 0 errors are expected in both runs.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from trialgraph.paths import project_paths
from trialgraph.questions.library import query_library

QUESTIONS = ("lab-thresholds", "arms-per-trial", "sites-by-country", "drug-doses-and-routes", "phase-and-status")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ask(endpoint: str, query: str, timeout: float = 120) -> tuple[int, bytes]:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        endpoint,
        data=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def client(endpoint: str, queries: list[str], run: Run, start: threading.Event) -> None:
    start.wait()
    for query in queries:
        began = time.perf_counter()
        try:
            status, body = ask(endpoint, query)
            problem = None if status == 200 else f"HTTP {status}: {body[:80]!r}"
        except OSError as error:
            problem = f"{type(error).__name__}: {error}"
        with run.lock:
            run.latencies.append(time.perf_counter() - began)
            if problem:
                run.errors.append(problem)


def load(endpoint: str, clients: int, queries: list[str], runaway: dict | None) -> Run:
    run = Run()
    start = threading.Event()
    threads = [
        threading.Thread(
            target=client, args=(endpoint, queries[i % len(queries) :] + queries[: i % len(queries)], run, start)
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    extra = None
    if runaway is not None:

        def stopped() -> None:
            began = time.perf_counter()
            runaway["status"], runaway["body"] = ask(endpoint, RUNAWAY)
            runaway["seconds"] = time.perf_counter() - began

        extra = threading.Thread(target=stopped)
        extra.start()
        time.sleep(0.3)  # the runaway holds its worker before the others arrive
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    run.seconds = time.perf_counter() - began
    if extra is not None:
        extra.join()
    return run


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(endpoint: str, server: subprocess.Popen, texts: list[str], queries: list[str], args) -> tuple:
    """Wait for the server, warm each query up once, then load it alone and beside a runaway."""
    deadline = time.monotonic() + 120
    while True:
        try:
            ask(endpoint, "ASK {}", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)
    for query in texts:  # each query's first parse is not what is measured
        ask(endpoint, query)
    alone = load(endpoint, args.clients, queries, None)
    runaway: dict = {}
    beside = load(endpoint, args.clients, queries, runaway)
    return alone, beside, runaway


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--queries", type=int, default=5, help="queries per client (the five questions, cycled)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--oxigraph", type=Path)
    args = parser.parse_args()
    library = query_library(project_paths().queries_dir)
    texts = [library[name].text for name in QUESTIONS]
    queries = [texts[i % len(texts)] for i in range(args.queries)]
    command = shutil.which("trialgraph", path=str(Path(sys.executable).parent)) or "trialgraph"
    port = free_port()
    serve = [command, "serve", "--port", str(port), "--workers", str(args.workers), "--timeout", str(args.timeout)]
    serve += ["--oxigraph", str(args.oxigraph)] if args.oxigraph else []
    with tempfile.TemporaryDirectory(prefix="serve-benchmark-") as folder:
        log = Path(folder) / "access.log"  # the server's access log, read back for its errors
        with log.open("wb") as stream:
            server = subprocess.Popen(serve, stderr=stream, stdout=subprocess.DEVNULL)
            try:
                alone, beside, runaway = measure(f"http://127.0.0.1:{port}/sparql", server, texts, queries, args)
            finally:
                server.terminate()
                server.wait(timeout=30)
        server_errors = [line for line in log.read_text().splitlines() if line.startswith("error on")]
    print(f"{args.clients} clients x {args.queries} queries, {args.workers} workers, time-out {args.timeout:g} s")
    print(f"{'run':<22}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}")
    for name, run in (("alone", alone), ("beside a runaway", beside)):
        ms = [s * 1000 for s in run.latencies]
        print(
            f"{name:<22}{len(ms):>9}{len(run.errors):>8}{statistics.median(ms):>9.0f}{percentile(ms, 0.95):>9.0f}"
            f"{max(ms):>9.0f}{len(ms) / run.seconds:>8.0f}"
        )
    print(
        f"runaway: HTTP {runaway.get('status')} after {runaway.get('seconds', 0):.1f} s"
        f" ({runaway.get('body', b'').decode().strip()})"
    )
    ratio = percentile(beside.latencies, 0.95) / percentile(alone.latencies, 0.95)
    print(f"p95 beside the runaway / alone: {ratio:.2f}")
    for problem in (alone.errors + beside.errors)[:5]:
        print("error:", problem)
    for line in server_errors[:5]:  # the server's own account of a 500
        print("server:", line)


if __name__ == "__main__":
    main()
