"""The rules, role by role, on a council's plan, periods and actions (built by the factories)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser


@pytest.fixture
def objects(council):
    return {
        "plan": council.plan,
        "published": council.q3,
        "open": council.q4,
        "ref16": council.actions["16"],  # Planning
        "ref25": council.actions["25"],  # External Transport and Travel
        "ref5": council.actions["5"],  # External Transport and Travel
        "ref1": council.actions["1"],  # Council Property and Estate
    }


@pytest.fixture
def people(council):
    return council.people


# role: (view open period, edit 16, edit 25, edit 1, review, manage periods, manage people)
EXPECTED = {
    "admin": (True, True, True, True, True, True, True),
    "manager": (True, True, True, True, True, True, False),
    "planning": (True, True, False, False, False, False, False),
    "transport": (True, False, True, False, False, False, False),
    "contributor": (True, False, True, False, False, False, False),
    "viewer": (True, False, False, False, False, False, False),
    "outsider": (False, False, False, False, False, False, False),
    "partner": (False, False, False, False, False, False, False),
    "anonymous": (False, False, False, False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_may_do_exactly_its_part(people, objects, role):
    user = AnonymousUser() if role == "anonymous" else people[role]
    got = (
        user.has_perm("netzero.view_period", objects["open"]),
        user.has_perm("netzero.edit_update", objects["ref16"]),
        user.has_perm("netzero.edit_update", objects["ref25"]),
        user.has_perm("netzero.edit_update", objects["ref1"]),
        user.has_perm("netzero.review_updates", objects["plan"]),
        user.has_perm("netzero.manage_periods", objects["plan"]),
        user.has_perm("netzero.manage_people", objects["plan"].organisation),
    )
    assert got == EXPECTED[role]
    # Everyone, signed in or not, reads a published period.
    assert user.has_perm("netzero.view_period", objects["published"])


def test_a_theme_lead_edits_only_their_delivery_themes(people, objects):
    transport = people["transport"]
    assert transport.has_perm("netzero.edit_update", objects["ref5"])
    assert not transport.has_perm("netzero.edit_update", objects["ref16"])
