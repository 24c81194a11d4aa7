"""A database-independent backup (dumpdata) restores to exactly the same dashboard."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.dashboards.formats import dashboard_as_dict
from netzero.dashboards.selectors import dashboard_for_period
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan
from netzero.reporting.selectors import period_get
from netzero.workflow.guards import purge_allowed
from netzero.workflow.models import PeriodEvent

APPS = ["organisations", "plans", "reporting", "access", "workflow"]


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_gives_the_same_dashboard(tmp_path):
    from netzero.demo.services import demo_load

    plan = demo_load()
    before = dashboard_as_dict(
        dashboard_for_period(plan=plan, period=period_get(plan=plan, name="2022-23 Q3"))
    )
    out = StringIO()
    call_command("dumpdata", *APPS, indent=1, stdout=out)
    backup = tmp_path / "netzero.json"
    backup.write_text(out.getvalue())

    with purge_allowed():
        PeriodEvent.objects.all().delete()
        Plan.objects.all().delete()
        Organisation.objects.all().delete()
    assert not Plan.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)
    plan = Plan.objects.get(slug="dcc-climate-change-strategy")
    after = dashboard_as_dict(
        dashboard_for_period(plan=plan, period=period_get(plan=plan, name="2022-23 Q3"))
    )
    assert after == before
    assert json.loads(backup.read_text())  # the backup is plain JSON
