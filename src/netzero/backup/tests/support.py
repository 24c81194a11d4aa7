"""Running ``netzero`` against databases other than the test database, for the backup tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

NETZERO = str(Path(sys.executable).with_name("netzero"))
PLAN = "dcc-climate-change-strategy"

# The demo without the reference data (factor sets, area statistics): its plan, periods, updates,
# users, Q4 workflow and footprints, in seconds rather than half a minute.
LIGHT_DEMO = """
from netzero.demo.green_plan import green_plan_load
from netzero.demo.services import demo_load, demo_users_create, demo_workflow_load
plan = demo_load()
demo_users_create(plan=plan)
demo_workflow_load(plan=plan)
green_plan_load()
"""

# What the database shows: every dashboard and footprint as the commands print them, every
# table's row count, the operators' changes, and whether DEMO_PASSWORD (when set) signs in.
SNAPSHOT = """
import json, os, sys
from io import StringIO
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan
from netzero.workflow.models import PeriodEvent

def printed(*args):
    out = StringIO()
    call_command(*args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())

result = {"dashboards": {}, "footprints": {}, "history": {}, "tables": {}}
for plan in Plan.objects.order_by("slug"):
    for period in plan.periods.order_by("year", "quarter"):
        result["dashboards"][f"{plan.slug} {period.slug}"] = printed(
            "dashboard", "--plan", plan.slug, "--period", period.slug
        )
years = set()
for model in (FootprintEntry, StatedTotal):
    years |= set(model.objects.values_list("reporting_year", flat=True))
years |= set(Target.objects.exclude(baseline_year=None).values_list("baseline_year", flat=True))
for org in Organisation.objects.order_by("slug"):
    for year in sorted(years):
        name = f"{year}-{(year + 1) % 100:02d}"
        result["footprints"][f"{org.slug} {name}"] = printed(
            "footprint", "--org", org.slug, "--year", name
        )
for model in apps.get_models(include_auto_created=True):
    kind = "history" if model._meta.model_name.startswith("historical") else "tables"
    result[kind][model._meta.label_lower] = model._base_manager.count()
result["operator_changes"] = [
    [e.reason, e.user.get_username()] for e in PeriodEvent.objects.filter(kind="operator_change")
]
result["signed_in"] = None
if os.environ.get("DEMO_PASSWORD"):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="manager", password=os.environ["DEMO_PASSWORD"])
    result["signed_in"] = user.get_username() if user else None
sys.stdout.write("\\nSNAPSHOT" + json.dumps(result, sort_keys=True))
"""


def env_for(url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    data_dir.mkdir(exist_ok=True)
    return {**os.environ, "DATABASE_URL": url, "NETZERO_DATA_DIR": str(data_dir), **extra}


def run(env: dict, *args: str, program: str = NETZERO) -> str:
    done = subprocess.run(
        [program, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    command = " ".join(args)[:200]
    assert done.returncode == 0, f"{program} {command}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def snapshot(env: dict) -> dict:
    return json.loads(run(env, "shell", "-c", SNAPSHOT).split("\nSNAPSHOT", 1)[1])
