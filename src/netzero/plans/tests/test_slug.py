"""A plan's slug is in every published page's address: once a period is published it stays.

Refused rather than redirected: a published quarter's address (in committee papers, emails and
links people keep) must keep working and keep meaning that plan, so it never moves.
"""

from __future__ import annotations

import json

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from netzero.plans.models import Plan
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    PlanFactory,
    ReportingPeriodFactory,
)

SLUG = "borough-climate-strategy"
MESSAGE = (
    "The slug cannot change: Borough Climate Strategy has published periods, whose pages and "
    "links use /plans/borough-climate-strategy/. Keep 'borough-climate-strategy'."
)


def _draft_plan(*, periods: int) -> Plan:
    """Two actions with an update in each of ``periods`` open quarters: nothing published."""
    plan = PlanFactory(slug="draft-plan")
    actions = ActionFactory.create_batch(2, plan=plan)
    for name in ("2024-25 Q1", "2024-25 Q2")[:periods]:
        period = ReportingPeriodFactory(plan=plan, name=name)
        for action in actions:
            ActionUpdateFactory(action=action, period=period)
    return plan


@pytest.fixture
def published_plan(council):
    """A council's plan with 2022-23 Q2 and Q3 published."""
    return council.plan


@pytest.fixture
def people(council):
    return council.people


def test_the_model_refuses_a_new_slug_once_a_period_is_published(published_plan):
    published_plan.slug = "climate-strategy"
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        published_plan.save()
    assert refused.value.message_dict == {"slug": [MESSAGE]}
    assert Plan.objects.get(pk=published_plan.pk).slug == SLUG
    plan = Plan.objects.get(pk=published_plan.pk)
    plan.name = "Climate Change Strategy (renamed)"  # everything else may still change
    plan.save()


def test_loaddata_cannot_change_it_either(published_plan, tmp_path):
    (fixture,) = json.loads(serializers.serialize("json", [published_plan]))
    fixture["fields"]["slug"] = "climate-strategy"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps([fixture]))
    with pytest.raises(ValidationError, match="The slug cannot change"):
        call_command("loaddata", str(path), verbosity=0)
    assert Plan.objects.get(pk=published_plan.pk).slug == SLUG


def test_a_plan_with_nothing_published_may_change_its_slug(db):
    plan = _draft_plan(periods=2)
    plan.slug = "renamed-plan"
    plan.save()
    assert Plan.objects.get(pk=plan.pk).slug == "renamed-plan"


def test_the_admin_shows_the_slug_read_only_once_published(people, published_plan):
    client = Client()
    client.force_login(people["admin"])
    url = f"/admin/plans/plan/{published_plan.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="slug"' not in page and SLUG in page
    assert "It cannot change once a period is published" in page
    response = client.post(
        url,
        {
            "organisation": published_plan.organisation_id,
            "name": published_plan.name,
            "slug": "climate-strategy",
            "description": "Checked.",
            "themes-TOTAL_FORMS": 0,
            "themes-INITIAL_FORMS": 0,
            "delivery_themes-TOTAL_FORMS": 0,
            "delivery_themes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    published_plan.refresh_from_db()
    assert (published_plan.slug, published_plan.description) == (SLUG, "Checked.")

    unpublished = _draft_plan(periods=1)
    page = client.get(f"/admin/plans/plan/{unpublished.pk}/change/").content.decode()
    assert 'name="slug"' in page
    assert 'name="slug"' in client.get("/admin/plans/plan/add/").content.decode()
