"""Start and stop the server: every route in one list, SIGTERM and Ctrl-C end it cleanly."""

from __future__ import annotations

import signal
import sys
from typing import TextIO

from ..paths import ProjectPaths
from . import pages
from .linked_data import answer_resource
from .server import Route, ServeConfig, TrialGraphServer

ROUTES: list[tuple[str, Route]] = [
    *((prefix, answer_resource) for prefix in ("/id/", "/ontology/", "/vocab/")),
    ("/ontology", pages.ontology),
    ("/questions", pages.questions_page),
    ("/questions/", pages.questions_page),
    ("/static/", pages.static),
    ("/", pages.query_page),
]


def start(config: ServeConfig, project: ProjectPaths, log: TextIO = sys.stderr) -> TrialGraphServer:
    """A server listening on the configured address, with its store and workers ready."""
    server = TrialGraphServer(config, project, log)
    server.prepare(ROUTES)
    return server


def serve_until_stopped(server: TrialGraphServer) -> None:
    """Serve until Ctrl-C or SIGTERM; then stop the workers and remove the temporary store."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.close()
