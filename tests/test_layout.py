"""The package's layout shows the pipeline: stages as subpackages whose imports run one way only.

The README's Architecture section describes the same order; a change that breaks it fails here.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "trialgraph"
TESTS = Path(__file__).parent
# lowest first: a stage may import only the stages before it (and the top-level modules)
STAGES = ("links", "graph", "text", "sources", "questions", "checks", "matching", "serving", "cli")
TOP_LEVEL = {"__init__", "errors", "paths", "progress"}
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _stage(module: Path) -> str | None:
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def _imported_stages(module: Path) -> set[str]:
    """The stages a module imports from, relative or absolute."""
    package = module.relative_to(PACKAGE).parent.parts
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                target = base + (node.module.split(".") if node.module else [])
                names = [target] if node.module else [[*target, alias.name] for alias in node.names]
            elif node.module and node.module.startswith("trialgraph."):
                names = [node.module.split(".")[1:]]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1:] for a in node.names if a.name.startswith("trialgraph.")]
        else:
            continue
        found.update(name[0] for name in names if name and name[0] in STAGES)
    return found


def test_every_module_is_in_a_stage_or_allowed_at_the_top():
    top = {m.stem for m in _modules() if _stage(m) is None}
    assert top <= TOP_LEVEL, f"modules at the top level outside {sorted(TOP_LEVEL)}: {sorted(top - TOP_LEVEL)}"
    stages = {_stage(m) for m in _modules()} - {None}
    assert stages == set(STAGES)


@pytest.mark.parametrize("module", _modules(), ids=lambda m: str(m.relative_to(PACKAGE)))
def test_imports_run_one_way(module: Path):
    stage = _stage(module)
    rank = STAGES.index(stage) if stage else -1
    upward = {s for s in _imported_stages(module) if s != stage and STAGES.index(s) > rank}
    assert not upward, f"{module.relative_to(PACKAGE)} ({stage or 'top level'}) imports a later stage: {upward}"


def test_the_import_check_sees_relative_and_absolute_imports():
    """The checker itself: a module that imports upward is caught, whichever way it imports."""
    module = PACKAGE / "graph" / "units.py"
    assert "links" not in _imported_stages(module)
    assert _imported_stages(PACKAGE / "graph" / "assemble.py") >= {"links"}
    assert _imported_stages(PACKAGE / "cli" / "app.py") >= {"checks", "graph", "questions"}
    assert _imported_stages(PACKAGE / "cli" / "matching.py") >= {"graph", "matching"}


@pytest.mark.parametrize("module", _modules(), ids=lambda m: str(m.relative_to(PACKAGE)))
def test_no_module_is_over_500_lines(module: Path):
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(PACKAGE)} has {lines} lines; split it"


def test_tests_mirror_the_stages():
    folders = {p.name for p in TESTS.iterdir() if p.is_dir() and any(p.glob("test_*.py"))}
    assert folders <= set(STAGES), f"test folders that are no stage: {sorted(folders - set(STAGES))}"
    assert len(folders) >= 8


def test_the_suite_cannot_shrink_unnoticed():
    """Counts the test functions as written (parametrised cases count once)."""
    count = sum(
        isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
        for path in TESTS.rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )
    assert count >= 130, count


def _third_party_imports() -> dict[str, str]:
    """Each top-level package the code imports that is neither ours nor the standard library's: a module."""
    found: dict[str, str] = {}
    for module in _modules():
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in {"trialgraph", "__future__"}:
                    found.setdefault(top, module.relative_to(PACKAGE).as_posix())
    return found


def test_every_package_the_code_imports_is_declared():
    """A package that only arrives through another's dependencies (rich through typer) may go at any update."""
    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    declared = {re.split(r"[<>=!~\[ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}
    distributions = packages_distributions()
    imports = _third_party_imports()
    assert {"rich", "yaml", "pydantic"} <= set(imports)
    undeclared = {
        f"{top} (in {where})"
        for top, where in imports.items()
        if not {d.lower().replace("_", "-") for d in distributions.get(top, [top])} & declared
    }
    assert not undeclared, f"imported but not declared in pyproject.toml: {sorted(undeclared)}"
