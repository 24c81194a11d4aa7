"""The dashboard's modules keep their jobs apart: types, calculation, snapshot and queries, with
every import at the top of its module and views fetching only through selectors."""

from __future__ import annotations

import ast
from pathlib import Path

import netzero

SRC = Path(netzero.__file__).parent


def _tree(relative: str) -> ast.Module:
    return ast.parse((SRC / relative).read_text(), filename=relative)


def _imported_modules(tree: ast.Module) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_snapshot_and_calculation_know_only_the_types():
    for module in ("dashboards/snapshot.py", "dashboards/calculation.py", "dashboards/types.py"):
        dashboards = {m for m in _imported_modules(_tree(module)) if m.startswith("netzero.dash")}
        assert dashboards <= {"netzero.dashboards.types"}, module


def test_dashboard_modules_import_only_at_the_top():
    # apps.py is the exception Django makes: ready() imports what connects receivers, once the
    # models are loaded.
    for path in sorted(p for p in (SRC / "dashboards").glob("*.py") if p.name != "apps.py"):
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        hidden = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top
        ]
        assert hidden == [], f"{path.name} imports inside a function at lines {hidden}"


def test_views_fetch_through_selectors_not_managers():
    for module in ("dashboards/views.py", "web/views.py"):
        tree = _tree(module)
        managers = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "objects"
        ]
        shortcuts = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id in {"get_object_or_404", "get_list_or_404"}
        ]
        assert managers == [] and shortcuts == [], module


def test_dashboard_views_import_no_other_apps_views():
    imported = _imported_modules(_tree("dashboards/views.py"))
    assert not [m for m in imported if m.endswith(".views") and m != "django.contrib.auth.views"]
