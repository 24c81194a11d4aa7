"""The indicators' admin is scoped like the others: a programme manager sees and changes only
their own organisation's indicators (its own and its plans'), and links only its actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from netzero.access.models import Membership
from netzero.indicators.models import Indicator
from netzero.indicators.services import indicator_create
from netzero.testing.factories import ActionFactory, MembershipFactory, PlanFactory

pytestmark = pytest.mark.django_db


def _manager(organisation) -> Client:
    membership = MembershipFactory(
        organisation=organisation, role=Membership.Role.PROGRAMME_MANAGER
    )
    user = membership.user
    user.is_staff = True
    user.save()
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="indicators").exclude(
            codename__startswith="view_historical"
        )
    )
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_sees_only_their_organisations_indicators(sessions, plan):
    other = indicator_create(plan=PlanFactory(), name="Someone else's", unit="%")
    own_org = indicator_create(organisation=plan.organisation, name="Council-wide", unit="%")
    client = _manager(plan.organisation)
    listing = client.get("/admin/indicators/indicator/").content.decode()
    assert sessions.name in listing and own_org.name in listing
    assert other.name not in listing
    assert client.get(f"/admin/indicators/indicator/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    assert client.get(f"/admin/indicators/indicator/{sessions.pk}/change/").status_code == 200


def test_the_admin_refuses_an_action_of_another_plan(sessions, plan):
    client = _manager(plan.organisation)
    sister = ActionFactory(plan=PlanFactory(organisation=plan.organisation), ref="7")
    data = {
        "plan": plan.pk,
        "name": sessions.name,
        "unit": sessions.unit,
        "direction": "up",
        "baseline_year": "2019",
        "baseline_value": "2",
        "position": "1",
        "actions": [sister.pk],
        "goals-TOTAL_FORMS": "0",
        "goals-INITIAL_FORMS": "0",
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
    }
    response = client.post(f"/admin/indicators/indicator/{sessions.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the reason
    assert f"Ref 7 belongs to {sister.plan.name}, not to {plan.name}." in response.content.decode()
    assert [a.ref for a in Indicator.objects.get(pk=sessions.pk).actions.all()] == ["9"]
