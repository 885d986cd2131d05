"""Push an on-disk store to a served one, graph by graph, sending only what changed since the last push.

A state file records, per graph, the content hash it had when it was last sent: each study's own hash
(tg:contentHash, set by the import), and for the default graph (the curated part) and the shared graph a
digest of their N-Triples. A graph whose hash differs is replaced (PUT); a study the store no longer
holds is deleted. The state file is written only after every request succeeded, through a temporary
file; a failed push is simply repeated, since each PUT replaces.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..graph.output import write_atomically
from ..graph.store import open_read_only
from ..sources.ctgov.registry import KNOWN_HASHES, SHARED_GRAPH
from .backends import send_graph

DEFAULT = ""  # the default graph's key in the state file


@dataclass(frozen=True)
class PushSummary:
    sent: int
    deleted: int
    unchanged: int


def push_store(location: Path, store_url: str, state_file: Path | None, timeout: int) -> PushSummary:
    store = open_read_only(location)
    hashes = {row["g"].value: row["h"].value for row in store.query(KNOWN_HASHES)}
    for name, graph in ((DEFAULT, ox.DefaultGraph()), (SHARED_GRAPH, ox.NamedNode(SHARED_GRAPH))):
        hashes[name] = hashlib.sha256(_triples(store, graph)).hexdigest()
    previous = _read_state(state_file) if state_file is not None else {}
    changed = [name for name, digest in hashes.items() if previous.get(name) != digest]
    removed = [name for name in previous if name not in hashes]
    for name in changed:
        graph = ox.NamedNode(name) if name != DEFAULT else ox.DefaultGraph()
        send_graph(_triples(store, graph), store_url, name or None, "PUT", timeout)
    for name in removed:
        send_graph(None, store_url, name, "DELETE", timeout)
    if state_file is not None:
        text = json.dumps(hashes, indent=0, sort_keys=True).encode()
        write_atomically(state_file, lambda stream: stream.write(text))
    return PushSummary(len(changed), len(removed), len(hashes) - len(changed))


def _triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bytes:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)


def _read_state(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"not a push state file: {error}", path) from error
    if not isinstance(state, dict) or not all(isinstance(v, str) for v in state.values()):
        raise InputError("not a push state file: expected an object of graph IRI -> hash", path)
    return state
