"""The command's start-up: `trialgraph` imports only what each command needs, in that command's body.

Importing every part of the core at the start took a second of each run, a fifth of `match --oxigraph` on a
store of 30,000 studies (benchmarks/matching_store.py). These modules are the heavy ones no match needs.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = [
    "owlrl",  # reasoning (build --reason, reason)
    "pyshacl",  # validation
    "trialgraph.checks.store_validation",
    "trialgraph.checks.validation",
    "trialgraph.questions.library",  # the query library (query, serve, validate's QC)
    "trialgraph.sources.ctgov.registry",  # the importer
    "trialgraph.sources.ctgov.importer",
    "trialgraph.serving.app",
]


def _imported(code: str) -> set[str]:
    found = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(found.stdout.split())


def test_the_command_line_imports_no_heavy_part_of_the_core_at_start():
    imported = _imported("from trialgraph.cli import app")
    assert "trialgraph.cli.app" in imported and "typer" in imported
    assert [name for name in HEAVY if name in imported] == []


def test_matching_a_store_imports_neither_the_validator_nor_the_importer():
    """What `match --oxigraph` imports, the workers' module and the context's reader among them."""
    imported = _imported(
        "from trialgraph.cli import app\n"
        "import trialgraph.matching.store_matching, trialgraph.checks.store_context, trialgraph.matching.printed"
    )
    assert "trialgraph.graph.assemble" in imported  # the context's derived triples: needed
    assert [name for name in HEAVY if name in imported] == []
