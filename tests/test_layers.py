"""The layers' import rules (docs/DEVELOPING.md), checked on every module's imports — function-level ones
included — so a move or a new page cannot quietly bend them: the data layers know nothing of Qt, the
server knows only the domain, the GUI never reaches into the server, and the screens do not import each
other (the window that hosts the pages imports them, never the reverse)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "reviewdesk"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, package: str | None = None) -> set[str]:
    """Every module name the file imports, absolute (relative imports resolved against its package)."""
    if package is None:
        package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{_module_name(path)} imports {name}"
        for path in _modules(folder)
        for name in sorted(_imports(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


RULES = [
    (
        "domain",
        (
            "PySide6",
            "sqlalchemy",
            "requests",
            "reviewdesk.store",
            "reviewdesk.sync",
            "reviewdesk.views",
            "reviewdesk.server",
            "reviewdesk.models",
            "reviewdesk.demo",
        ),
    ),
    (
        "models",
        (
            "PySide6",
            "reviewdesk.store",
            "reviewdesk.sync",
            "reviewdesk.views",
            "reviewdesk.server",
            "reviewdesk.demo",
        ),
    ),
    ("store", ("PySide6", "reviewdesk.sync", "reviewdesk.views", "reviewdesk.server", "reviewdesk.demo")),
    ("sync", ("PySide6", "reviewdesk.views", "reviewdesk.server", "reviewdesk.demo")),
    (
        "server",
        (
            "PySide6",
            "reviewdesk.store",
            "reviewdesk.sync",
            "reviewdesk.views",
            "reviewdesk.models",
            "reviewdesk.demo",
        ),
    ),
    ("views", ("reviewdesk.server", "reviewdesk.demo")),
    # screens: only the review window hosts the pages; no page or shared part reaches into another screen
    ("views/special", ("reviewdesk.views.review", "reviewdesk.views.detail")),
    ("views/images", ("reviewdesk.views.review", "reviewdesk.views.special", "reviewdesk.views.detail")),
    (
        "views/common",
        (
            "reviewdesk.views.review",
            "reviewdesk.views.special",
            "reviewdesk.views.detail",
            "reviewdesk.views.images",
            "reviewdesk.views.shell",
        ),
    ),
    ("views/shell", ("reviewdesk.views.review", "reviewdesk.views.special", "reviewdesk.views.detail")),
]


@pytest.mark.parametrize(("folder", "forbidden"), RULES, ids=[rule[0] for rule in RULES])
def test_layer_imports_point_one_way(folder: str, forbidden: tuple[str, ...]) -> None:
    assert _modules(folder), f"no modules under {folder}: the rule checks nothing"
    assert _violations(folder, forbidden) == []


def test_the_check_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    """The rule reader itself: an import inside a function and a relative import are both seen."""
    assert "reviewdesk.views.shell.navigation" in _imports(PACKAGE / "views" / "special" / "page.py")
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from reviewdesk.server import app\n    from ..demo import launcher\n")
    names = _imports(probe, package="reviewdesk.views.special")
    assert {"reviewdesk.server.app", "reviewdesk.views.demo.launcher"} <= names
