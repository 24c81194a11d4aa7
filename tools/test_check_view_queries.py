"""The view-query lint: what it refuses and what it lets through."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "check_view_queries", Path(__file__).with_name("check_view_queries.py")
)
lint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lint)

BAD = """
from django.shortcuts import get_list_or_404, get_object_or_404, render
from netzero.plans.models import Plan
from netzero.footprints import models


def plan(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    actions = plan.actions.all()
    first = Plan.objects.filter(slug=slug).first()
    other = Plan._default_manager.get(slug=slug)
    targets = get_list_or_404(models.Target, organisation=plan.organisation)
    again = get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)
    return render(request, "plan.html", {"plan": plan})
"""

GOOD = """
from django.http import Http404
from django.shortcuts import render
from netzero.core.exceptions import NotFound
from netzero.plans.selectors import plan_get, plans_listed


def plan(request, slug):
    plan = plan_get(slug=slug)
    return render(request, "plan.html", {"plan": plan, "plans": plans_listed()})
"""


def test_bad_view_is_refused_on_every_direct_query():
    assert lint.findings(BAD, "bad/views.py") == [
        "bad/views.py:8: get_object_or_404(Plan, ...) queries the model directly; "
        "call a selector instead",
        "bad/views.py:10: queries Plan.objects directly; call a selector instead",
        "bad/views.py:11: queries Plan._default_manager directly; call a selector instead",
        "bad/views.py:12: get_list_or_404(models.Target, ...) queries the model directly; "
        "call a selector instead",
        "bad/views.py:13: queries Plan.objects directly; call a selector instead",
    ]


def test_good_view_passes():
    assert lint.findings(GOOD, "good/views.py") == []


def test_main_fails_on_a_bad_file_and_passes_a_good_one(tmp_path, capsys):
    bad, good = tmp_path / "bad.py", tmp_path / "good.py"
    bad.write_text(BAD)
    good.write_text(GOOD)
    assert lint.main([str(good)]) == 0
    assert lint.main([str(bad)]) == 1
    out, err = capsys.readouterr()
    assert "queries Plan.objects directly" in out
    assert "5 direct queries in view modules" in err


def test_finds_views_modules_and_views_packages(tmp_path):
    (tmp_path / "plans" / "views").mkdir(parents=True)
    (tmp_path / "plans" / "views" / "__init__.py").write_text("")
    (tmp_path / "plans" / "views" / "pages.py").write_text("")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "views.py").write_text("")
    (tmp_path / "web" / "selectors.py").write_text("")
    assert [p.relative_to(tmp_path).as_posix() for p in lint.view_modules(tmp_path)] == [
        "plans/views/__init__.py",
        "plans/views/pages.py",
        "web/views.py",
    ]


@pytest.mark.parametrize("app", ["footprints", "territorial"])
def test_these_apps_views_query_nothing_directly(app):
    assert lint.check([lint.APPS / app / "views.py"]) == []
