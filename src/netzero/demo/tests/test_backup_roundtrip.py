"""A backup (netzero export-all) restores (netzero import-all) to exactly the same dashboards,
people, permissions and history, in a database whose content type and permission ids differ.

Here on the test database: the demo is exported, the database emptied as a new one is (flush,
then its content types and permissions made again with other ids), and the file restored. The
headline test across SQLite and PostgreSQL is backup/tests/test_across_databases.py.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from netzero.access.models import Membership
from netzero.access.services import role_groups_ensure
from netzero.backup.tables import copied_tables
from netzero.dashboards.formats import dashboard_as_dict
from netzero.dashboards.selectors import dashboard_for_period
from netzero.demo.green_plan import green_plan_load
from netzero.demo.services import demo_load, demo_users_create, demo_workflow_load
from netzero.factors.models import Factor, FactorSet
from netzero.factors.services import factor_set_load
from netzero.footprints.models import FootprintEntry
from netzero.plans.models import Plan
from netzero.plans.services import organisation_create
from netzero.reporting.models import ActionUpdate
from netzero.reporting.selectors import period_get
from netzero.workflow.models import PeriodEvent
from netzero.workflow.services import update_save


def _state() -> dict:
    plan = Plan.objects.get(slug="dcc-climate-change-strategy")
    users = get_user_model().objects.order_by("username")
    return {
        "dashboards": {
            p.name: dashboard_as_dict(dashboard_for_period(plan=plan, period=p))
            for p in plan.periods.all()
        },
        "snapshots": {p.name: p.snapshot for p in plan.periods.all()},
        "users": [
            (
                u.pk,
                u.username,
                u.password,
                u.is_staff,
                u.is_superuser,
                sorted(
                    (g.name, sorted(p.natural_key() for p in g.permissions.all()))
                    for g in u.groups.all()
                ),
            )
            for u in users
        ],
        "memberships": [
            (
                m.user.username,
                m.role,
                sorted(m.delivery_themes.values_list("name", flat=True)),
                sorted(m.actions.values_list("ref", flat=True)),
            )
            for m in Membership.objects.order_by("pk")
        ],
        "updates": list(
            ActionUpdate.objects.order_by("pk").values_list(
                "pk", "state", "status", "version", "author__username", "created_at", "updated_at"
            )
        ),
        "events": list(
            PeriodEvent.objects.order_by("pk").values_list("kind", "reason", "user_id", "at")
        ),
        "history": {
            t.label: list(
                t.model._base_manager.order_by("pk").values_list("history_user_id", "history_date")
            )
            for t in copied_tables()
            if t.model._meta.model_name.startswith("historical")
            and "history_user" in [f.name for f in t.fields]
        },
        "figures": [
            (e.pk, e.tco2e, e.factor.natural_key() if e.factor else None)
            for e in FootprintEntry.objects.order_by("pk")
        ],
    }


def _permission_ids() -> dict[str, int]:
    return dict(Permission.objects.values_list("codename", "pk"))


def _as_a_new_database() -> None:
    """Empty, as `netzero migrate` leaves a new database, with content type and permission ids
    other than the exported database's."""
    exported = _permission_ids()
    call_command("flush", interactive=False, verbosity=0)
    while _permission_ids() == exported:  # made again until the ids differ
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        for config in apps.get_app_configs():
            create_contenttypes(config, verbosity=0)
            create_permissions(config, verbosity=0)
    role_groups_ensure()  # the roles' groups, as migrate creates them (access 0003)


@pytest.mark.django_db(transaction=True)
def test_export_all_then_import_all_gives_the_same_dashboards_people_and_history(tmp_path):
    plan = demo_load()
    demo_users_create(plan=plan)
    demo_workflow_load(plan=plan)
    green_plan_load()
    factor_set_load(year=2022)
    factor = Factor.objects.filter(factor_set__set_year=2022, unit="kWh", gas="CO2e").first()
    FootprintEntry.objects.create(
        organisation=plan.organisation,
        reporting_year=2022,
        category="electricity",
        boundary="council_net_zero",
        tco2e=Decimal("19.338"),
        method="calculated",
        source="Test",
        quantity=Decimal("100000"),
        unit="kWh",
        factor=factor,
    )
    before = _state()
    old_ids = _permission_ids()
    backup = tmp_path / "netzero.json"
    call_command("export-all", str(backup), stdout=StringIO())

    _as_a_new_database()
    assert not Plan.objects.exists() and not FactorSet.objects.exists()
    assert _permission_ids() != old_ids and set(_permission_ids()) == set(old_ids)
    out = StringIO()
    call_command("import-all", str(backup), stdout=out)

    assert "Conversion factors 2022: 8037 rows loaded" in out.getvalue()
    assert _state() == before
    assert json.loads(backup.read_text())  # the backup is plain JSON
    # The published quarters are guarded again, and new rows get new keys.
    q3 = period_get(plan=Plan.objects.get(), name="2022-23 Q3")
    q3.notes = "Rewritten after the restore."
    with pytest.raises(ValidationError, match="is published"), transaction.atomic():
        q3.save()
    organisation_create(name="After the restore", slug="after")
    q4 = period_get(plan=Plan.objects.get(), name="2022-23 Q4")
    update_save(
        action=q4.plan.actions.get(ref="1"),
        period=q4,
        user=get_user_model().objects.get(username="manager"),
        status="good",
        progress="",
        reason="",
        mitigation="",
        expected_version=0,
    )
