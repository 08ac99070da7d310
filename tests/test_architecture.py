"""Architecture rules read from the source: one-way imports, no import-time state, no relative imports."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("registry", "licensing", "api")
# Everything that is Python in the repository, for the rule that holds everywhere.
ALL_SOURCE_ROOTS = (*PACKAGES, "migrations", "tests", "bench")

FORBIDDEN_IMPORTS = {
    "registry": frozenset({"licensing", "api", "litestar"}),
    "licensing": frozenset({"api", "litestar"}),
}
"""What each domain package must not import: imports point ``api → licensing → registry``."""

STATE_BUILDERS = frozenset({"create_app", "create_engine", "create_async_engine"})
"""Calls that build an app or an engine; only ``create_app(settings)`` and what it calls may make them."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One place in the source that breaks a rule."""

    path: Path
    line: int
    detail: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(PROJECT_ROOT)}:{self.line}: {self.detail}"


def python_files(*roots: str) -> list[Path]:
    files = [path for root in roots for path in sorted((PROJECT_ROOT / root).rglob("*.py"))]
    return [path for path in files if ".venv" not in path.parts and "__pycache__" not in path.parts]


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """``(line, absolute module name)`` of every import, wherever it is (functions and ``TYPE_CHECKING`` too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def forbidden_imports(path: Path, tree: ast.AST, forbidden: frozenset[str]) -> list[Finding]:
    return [
        Finding(path, line, f"imports {module}")
        for line, module in imported_modules(tree)
        if module.split(".")[0] in forbidden
    ]


def relative_imports(path: Path, tree: ast.AST) -> list[Finding]:
    return [
        Finding(path, node.lineno, f"relative import: from {'.' * node.level}{node.module or ''} import …")
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]


class ImportTimeCalls(ast.NodeVisitor):
    """Calls to ``STATE_BUILDERS`` in code that runs when the module is imported.

    Module and class bodies run at import, and so do decorators and default argument values; function bodies
    and lambdas' bodies do not.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[int, str]] = []

    def visit_Call(self, node: ast.Call) -> None:
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", None)
        if name in STATE_BUILDERS:
            self.calls.append((node.lineno, name))
        self.generic_visit(node)

    def _visit_signature(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        defaults = [*node.args.defaults, *(value for value in node.args.kw_defaults if value is not None)]
        for value in defaults:
            self.visit(value)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_signature(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._visit_signature(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_signature(node)


def import_time_state(path: Path, tree: ast.AST) -> list[Finding]:
    visitor = ImportTimeCalls()
    visitor.visit(tree)
    return [Finding(path, line, f"calls {name}() at import time") for line, name in visitor.calls]


def report(findings: list[Finding]) -> str:
    return "\n".join(str(finding) for finding in findings)


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_has_source_to_check(package: str) -> None:
    assert len(python_files(package)) > 1, f"found no modules under {package}/: the rules below would check nothing"


@pytest.mark.parametrize(("package", "forbidden"), sorted(FORBIDDEN_IMPORTS.items()))
def test_domain_packages_import_only_downwards(package: str, forbidden: frozenset[str]) -> None:
    findings = [
        finding for path in python_files(package) for finding in forbidden_imports(path, parse(path), forbidden)
    ]
    assert not findings, (
        f"{package}/ must not import {', '.join(sorted(forbidden))} (imports point api → licensing → registry):\n"
        + report(findings)
    )


def test_no_module_builds_an_app_or_engine_at_import_time() -> None:
    findings = [finding for path in python_files(*PACKAGES) for finding in import_time_state(path, parse(path))]
    assert not findings, "state must be built by create_app(settings), not at import:\n" + report(findings)


def test_importing_the_app_module_builds_no_app() -> None:
    from litestar import Litestar

    import api.app

    apps = [name for name, value in vars(api.app).items() if isinstance(value, Litestar)]
    assert not apps, f"api.app holds a Litestar app built at import: {apps}"


def test_no_relative_imports() -> None:
    findings = [finding for path in python_files(*ALL_SOURCE_ROOTS) for finding in relative_imports(path, parse(path))]
    assert not findings, "use absolute imports:\n" + report(findings)


# The checkers themselves: a rule that cannot fail proves nothing.


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import api.app", ["imports api.app"]),
        ("from litestar import get", ["imports litestar"]),
        ("from licensing.workflow import next_status", ["imports licensing.workflow"]),
        ("def f():\n    from api.database import Database", ["imports api.database"]),
        ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import litestar", ["imports litestar"]),
        ("import registry.tables\nfrom apispec import APISpec\nimport licensingx", []),
    ],
)
def test_forbidden_import_checker(source: str, expected: list[str]) -> None:
    findings = forbidden_imports(PROJECT_ROOT / "registry" / "x.py", ast.parse(source), FORBIDDEN_IMPORTS["registry"])
    assert [finding.detail for finding in findings] == expected


@pytest.mark.parametrize(
    ("source", "expected_lines"),
    [
        ("app = create_app()", [1]),
        ("import sqlalchemy\nengine = sqlalchemy.create_engine('postgresql://')", [2]),
        ("class Holder:\n    engine = create_async_engine('x')", [2]),
        ("def f(engine=create_engine('x')):\n    pass", [1]),
        ("@cache(create_app())\ndef f():\n    pass", [1]),
        ("def factory():\n    return create_app()", []),
        ("async def factory():\n    return create_async_engine('x')", []),
        ("make = lambda: create_engine('x')", []),
    ],
)
def test_import_time_state_checker(source: str, expected_lines: list[int]) -> None:
    findings = import_time_state(PROJECT_ROOT / "api" / "x.py", ast.parse(source))
    assert [finding.line for finding in findings] == expected_lines


@pytest.mark.parametrize(
    ("source", "expected"),
    [("from . import models", 1), ("from ..errors import InvalidInput", 1), ("from registry import errors", 0)],
)
def test_relative_import_checker(source: str, expected: int) -> None:
    assert len(relative_imports(PROJECT_ROOT / "registry" / "x.py", ast.parse(source))) == expected


def test_no_script_folder_hides_a_standard_module() -> None:
    # Run as ``python bench/x.py``, a folder comes first on the import path: a ``bench/http.py`` there made every
    # other bench script import it in place of the standard ``http``.
    shadowing = [
        str(path.relative_to(PROJECT_ROOT))
        for folder in ("bench", ".ci")
        if (PROJECT_ROOT / folder).is_dir()
        for path in sorted((PROJECT_ROOT / folder).iterdir())
        if (path.suffix == ".py" or (path / "__init__.py").exists()) and path.stem in sys.stdlib_module_names
    ]
    assert not shadowing, shadowing
