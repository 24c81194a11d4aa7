"""Views query nothing directly: they call selectors and services.

Fails (exit 1, one line per finding) when a view module (``src/netzero/<app>/views.py`` or any
module of a ``views`` package) reaches a model's manager itself:

- ``X.objects`` anywhere in the module (``Plan.objects.filter(...)``, ``Model.objects.get``);
- ``X._default_manager`` or ``X._base_manager``;
- ``get_object_or_404(Model, ...)`` or ``get_list_or_404(Model, ...)`` given a model class (or a
  manager or queryset built in the view).

Run by ``make test`` (scripts/test.sh); ``python tools/check_view_queries.py [FILE ...]`` checks
the given files instead.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "src" / "netzero"
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def view_modules(apps: Path = APPS) -> list[Path]:
    """Every app's ``views.py`` and every module of a ``views`` package."""
    return sorted([*apps.glob("*/views.py"), *apps.glob("*/views/**/*.py")])


def _name(node: ast.expr) -> str:
    """``Plan`` for ``Plan``, ``models.Plan`` for ``models.Plan``; "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _name(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _is_model_class(node: ast.expr) -> bool:
    """A class by Python's naming convention: ``Plan``, ``models.Plan``."""
    name = _name(node).rsplit(".", 1)[-1]
    return bool(name) and name[0].isupper()


def _uses_manager(node: ast.expr) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr in MANAGERS for n in ast.walk(node))


def findings(source: str, path: str = "<view>") -> list[str]:
    """One line per direct query in a view module's source."""
    tree = ast.parse(source, filename=path)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            owner = _name(node.value) or "a model"
            found.append((node.lineno, f"queries {owner}.{node.attr} directly"))
        elif isinstance(node, ast.Call):
            function = _name(node.func).rsplit(".", 1)[-1]
            if function in SHORTCUTS and node.args:
                first = node.args[0]
                if _is_model_class(first):
                    found.append(
                        (node.lineno, f"{function}({_name(first)}, ...) queries the model directly")
                    )
                # a manager or queryset built here is reported above, at its ``.objects``
    return [f"{path}:{line}: {message}; call a selector instead" for line, message in sorted(found)]


def check(paths: Iterable[Path]) -> list[str]:
    problems: list[str] = []
    for path in paths:
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        problems += findings(path.read_text(encoding="utf-8"), str(shown))
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a).resolve() for a in args] if args else view_modules()
    problems = check(paths)
    for line in problems:
        print(line)
    if problems:
        print(
            f"{len(problems)} direct queries in view modules: views call selectors "
            "(reads) and services (writes), and query nothing themselves.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
