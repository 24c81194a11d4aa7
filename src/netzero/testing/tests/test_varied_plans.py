"""The varied plans in ``testing.factories`` hold the records their descriptions give."""

from __future__ import annotations

import pytest

from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status
from netzero.testing.factories import (
    action_rated_plan,
    long_list_delivery_plan,
    nested_themes_plan,
    one_action_plan,
    plan_built,
    zero_action_plan,
)

pytestmark = pytest.mark.django_db

G, R, A = Status.GOOD, Status.REVIEW, Status.ACTION


def statuses(built, period) -> dict[str, str]:
    updates = ActionUpdate.objects.filter(period=built.periods[period]).select_related("action")
    return {u.action.ref: u.status for u in updates}


def test_plan_built_from_small_tables():
    built = plan_built(
        themes=[("Estate", None), ("Buildings", "Estate")],
        delivery_themes=[("Planning", "Head of Planning"), ("Schools", "")],
        actions=[("7", "Buildings", "Planning", "high"), ("LL2", "Estate", "Schools", None, "7")],
        statuses={"2022-23 Q4": {"7": A}, "2023-24 Q1": {}},
        name="Green Plan",
    )
    assert built.plan.name == "Green Plan"
    assert built.themes["Buildings"].parent == built.themes["Estate"]
    assert [d.lead_display for d in built.delivery_themes.values()] == ["Head of Planning", "TBC"]
    ll2 = built.actions["LL2"]
    assert (ll2.kind, ll2.impact, ll2.delivery_theme.name) == (Action.Kind.LONG_LIST, "", "Schools")
    assert ll2.reports_through == built.actions["7"]
    assert built.actions["7"].kind == Action.Kind.PRIORITY
    assert list(built.periods) == ["2022-23 Q4", "2023-24 Q1"]
    update = ActionUpdate.objects.get(period=built.periods["2022-23 Q4"])
    assert (update.status, update.state) == (A, ActionUpdate.State.APPROVED)
    assert (update.reason, update.mitigation) == (
        "Why Ref 7 is Action.",
        "What is done about Ref 7.",
    )
    assert not ActionUpdate.objects.filter(period=built.periods["2023-24 Q1"]).exists()
    assert all(p.is_open for p in built.periods.values())


def test_plan_built_can_publish_its_periods():
    built = one_action_plan(G, published=True)
    period = built.periods["2023-24 Q1"]
    period.refresh_from_db()
    assert period.is_published and period.snapshot is not None


def test_nested_themes_plan():
    built = nested_themes_plan()
    themes = built.themes
    assert themes["Heat pumps"].parent == themes["Buildings"]
    assert themes["Buildings"].parent == themes["Estate"]
    assert themes["Fleet"].parent == themes["Transport"]
    assert themes["Waste"].parent is None and not themes["Waste"].actions.exists()
    assert statuses(built, "2023-24 Q2") == {"1": G, "2": R, "3": A, "4": G, "LL1": R}
    assert statuses(built, "2023-24 Q1") == {"1": G, "2": R, "3": R, "4": A, "5": G, "LL1": G}


def test_action_rated_plan_folds_three_actions_into_one():
    built = action_rated_plan()
    ref20 = built.actions["20"]
    assert sorted(a.ref for a in ref20.reported_by.all()) == ["21", "22", "23"]
    assert built.actions["31"].reports_through == built.actions["30"]
    assert statuses(built, "2023-24 Q1") == {
        "20": A,
        "21": R,
        "22": A,
        "23": A,
        "30": G,
        "31": A,
        "40": A,
    }


def test_long_list_delivery_plan():
    built = long_list_delivery_plan()
    skills = built.delivery_themes["Skills"]
    assert sorted(a.ref for a in skills.actions.all()) == ["1", "LL1"]
    assert built.actions["LL2"].delivery_theme == built.delivery_themes["Schools"]
    assert statuses(built, "2023-24 Q1") == {"1": G, "2": R, "LL1": A, "LL2": G}


def test_one_and_zero_action_plans():
    one = one_action_plan()
    assert list(one.actions) == ["1"] and one.actions["1"].impact == "high"
    assert statuses(one, "2023-24 Q1") == {"1": A}
    zero = zero_action_plan()
    assert not zero.plan.actions.exists()
    assert list(zero.periods) == ["2023-24 Q1"] and list(zero.themes) == ["Estate"]
