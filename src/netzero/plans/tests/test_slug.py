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
from netzero.testing.synthetic import synthetic_plan_create

SLUG = "dcc-climate-change-strategy"
MESSAGE = (
    "The slug cannot change: Climate Change Strategy: Achieving Net Zero (2021-2025) has "
    "published periods, whose pages and links use /plans/dcc-climate-change-strategy/. Keep "
    "'dcc-climate-change-strategy'."
)


def test_the_model_refuses_a_new_slug_once_a_period_is_published(demo_plan):
    demo_plan.slug = "climate-strategy"
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        demo_plan.save()
    assert refused.value.message_dict == {"slug": [MESSAGE]}
    assert Plan.objects.get(pk=demo_plan.pk).slug == SLUG
    plan = Plan.objects.get(pk=demo_plan.pk)
    plan.name = "Climate Change Strategy (renamed)"  # everything else may still change
    plan.save()


def test_loaddata_cannot_change_it_either(demo_plan, tmp_path):
    (fixture,) = json.loads(serializers.serialize("json", [demo_plan]))
    fixture["fields"]["slug"] = "climate-strategy"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps([fixture]))
    with pytest.raises(ValidationError, match="The slug cannot change"):
        call_command("loaddata", str(path), verbosity=0)
    assert Plan.objects.get(pk=demo_plan.pk).slug == SLUG


def test_a_plan_with_nothing_published_may_change_its_slug(db):
    plan = synthetic_plan_create(actions=2, periods=2, slug="draft-plan")
    plan.slug = "renamed-plan"
    plan.save()
    assert Plan.objects.get(pk=plan.pk).slug == "renamed-plan"


def test_the_admin_shows_the_slug_read_only_once_published(people, demo_plan):
    client = Client()
    client.force_login(people["admin"])
    url = f"/admin/plans/plan/{demo_plan.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="slug"' not in page and SLUG in page
    assert "It cannot change once a period is published" in page
    response = client.post(
        url,
        {
            "organisation": demo_plan.organisation_id,
            "name": demo_plan.name,
            "slug": "climate-strategy",
            "description": "Checked.",
            "themes-TOTAL_FORMS": 0,
            "themes-INITIAL_FORMS": 0,
            "delivery_themes-TOTAL_FORMS": 0,
            "delivery_themes-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    demo_plan.refresh_from_db()
    assert (demo_plan.slug, demo_plan.description) == (SLUG, "Checked.")

    unpublished = synthetic_plan_create(actions=2, periods=1, slug="draft-plan")
    page = client.get(f"/admin/plans/plan/{unpublished.pk}/change/").content.decode()
    assert 'name="slug"' in page
    assert 'name="slug"' in client.get("/admin/plans/plan/add/").content.decode()
