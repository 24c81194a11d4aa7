from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from netzero.demo.services import demo_load, demo_users_create
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status


def test_demo_has_every_record_from_the_seed(demo_plan):
    assert demo_plan.slug == "dcc-climate-change-strategy"
    assert demo_plan.name == "Climate Change Strategy: Achieving Net Zero (2021-2025)"
    assert demo_plan.organisation.name == "Derbyshire County Council"
    assert demo_plan.themes.count() == 5
    assert list(demo_plan.delivery_themes.values_list("name", "lead_name"))[:3] == [
        ("Council Property and Estate", "David Beard"),
        ("Procurement", "Stuart Etchells"),
        ("Highways", "Neill Bennett"),
    ]
    assert demo_plan.actions.filter(kind=Action.Kind.PRIORITY).count() == 32
    assert demo_plan.actions.filter(kind=Action.Kind.LONG_LIST).count() == 30
    ref20 = demo_plan.actions.get(ref="20")
    assert ref20.reports_through.ref == "16"
    assert ActionUpdate.objects.filter(period__plan=demo_plan).count() == 62 + 32


def test_demo_narratives_keep_only_safe_markup(demo_plan):
    for progress in ActionUpdate.objects.filter(period__plan=demo_plan).values_list(
        "progress", flat=True
    ):
        assert "style=" not in progress and "<script" not in progress


def test_long_list_statuses_are_not_invented(demo_plan):
    statuses = dict(
        ActionUpdate.objects.filter(
            action__plan=demo_plan, action__kind=Action.Kind.LONG_LIST
        ).values_list("action__ref", "status")
    )
    assert {ref for ref, s in statuses.items() if s == Status.ACTION} == {"LL15", "LL21"}
    assert {s for ref, s in statuses.items() if ref not in {"LL15", "LL21"}} == {
        Status.NOT_REPORTED
    }


def test_reloading_the_demo_replaces_it(demo_plan):
    again = demo_load()
    assert Plan.objects.filter(slug=again.slug).count() == 1
    assert Action.objects.filter(plan=again).count() == 62


def test_demo_users_get_fresh_passwords_that_work(demo_plan, rf):
    users = {u.username: u for u in demo_users_create(plan=demo_plan)}
    assert set(users) == {"admin", "manager", "planning", "transport", "contributor", "viewer"}
    request = rf.post("/accounts/login/")
    viewer = authenticate(request, username="viewer", password=users["viewer"].password)
    assert viewer is not None
    assert viewer.memberships.get().role == "viewer"
    again = {u.username: u for u in demo_users_create(plan=demo_plan)}
    assert again["viewer"].password != users["viewer"].password
    assert authenticate(request, username="viewer", password=users["viewer"].password) is None


@pytest.mark.django_db
def test_demo_command_loads_and_prints_users_without_serving():
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    assert "62 actions, 3 periods" in text
    assert "manager" in text and "/plans/dcc-climate-change-strategy/" in text


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        "NETZERO_ENV": "production",
        "PATH": "/usr/bin:/bin",
        "NETZERO_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "netzero.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    assert "NETZERO_ENV=production needs DJANGO_SECRET_KEY" in result.stderr
