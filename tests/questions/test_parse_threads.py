"""The safety check's parse from many threads at once, as the server's request threads run it.

rdflib's SPARQL parser (pyparsing) breaks when fresh parse actions are first called from several
threads together; the check must hold anyway. A fresh interpreter, so that the parser is cold.
"""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
from concurrent.futures import ThreadPoolExecutor
from trialgraph.paths import project_paths
from trialgraph.questions import library, safety

texts = [q.text for q in library.query_library(project_paths().queries_dir).values()]
with ThreadPoolExecutor(max_workers=16) as pool:
    forms = list(pool.map(safety.read_query_form, texts * 2))
print(len(forms), sorted({read.form for read in forms}))
"""


def test_the_parse_holds_under_concurrent_threads():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    count, forms = result.stdout.split(" ", 1)
    assert int(count) >= 60 and "SELECT" in forms
