"""``netzero plan show --format json``: each action's classifications, state and overdue flag as
of the plan's latest period, beside the outline the plan's page shows."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.access.models import Membership
from netzero.classifications.services import action_classify, category_create, scheme_create
from netzero.reporting.services import action_complete, action_retire
from netzero.testing.factories import (
    ActionFactory,
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
)

pytestmark = pytest.mark.django_db


def show(slug: str) -> dict:
    out = StringIO()
    call_command("plan", "show", "--plan", slug, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_state_overdue_and_classifications_as_of_the_latest_period():
    plan = PlanFactory(slug="a-plan")
    late = ActionFactory(plan=plan, ref="1", target="2021")  # ended 31 March 2022
    done = ActionFactory(plan=plan, ref="2", target="2021")
    gone = ActionFactory(plan=plan, ref="3", target="2021")
    future = ActionFactory(plan=plan, ref="4", target="2030")
    undated = ActionFactory(plan=plan, ref="5", target="")
    q3 = ReportingPeriodFactory(plan=plan, name="2022-23 Q3")
    manager = MembershipFactory(
        organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    action_complete(action=done, period=q3, reason="Finished in 2022.", user=manager)
    action_retire(action=gone, period=q3, reason="Dropped from the long list.", user=manager)
    scheme = scheme_create(
        plan=plan, name="SDAT", top_level_name="Module", second_level_name="Action summary"
    )
    people = category_create(scheme=scheme, name="Our People")
    training = category_create(scheme=scheme, name="Education", parent=people)
    action_classify(action=late, category=training)

    data = show("a-plan")
    assert data["as_of"] == "2022-23 Q3"
    rows = {a["ref"]: (a["state"], a["overdue"], a["classifications"]) for a in data["actions"]}
    assert rows == {
        late.ref: ("current", True, ["SDAT: Our People / Education"]),
        done.ref: ("completed", False, []),
        gone.ref: ("retired", False, []),
        future.ref: ("current", False, []),
        undated.ref: ("current", False, []),
    }


def test_a_timescale_ending_this_march_is_not_yet_overdue_in_q4():
    plan = PlanFactory(slug="b-plan")
    ActionFactory(plan=plan, ref="1", target="2022/23")  # ends 31 March 2023
    ReportingPeriodFactory(plan=plan, name="2022-23 Q4")  # ends 31 March 2023
    assert [a["overdue"] for a in show("b-plan")["actions"]] == [False]
    ReportingPeriodFactory(plan=plan, name="2023-24 Q1")
    assert [a["overdue"] for a in show("b-plan")["actions"]] == [True]
