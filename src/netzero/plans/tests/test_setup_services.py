"""Setting up a plan from its pages: only the organisation's managers may; themes keep a tree
within the plan; removals are refused while used; a table of actions is saved all or nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from netzero.core.exceptions import Refused, RowsRefused
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.plans.services import (
    actions_save,
    delivery_theme_delete,
    delivery_theme_save,
    plan_set_up,
    theme_delete,
    theme_save,
)


@pytest.fixture
def plan(council):
    return council.plan


@pytest.fixture
def manager(council):
    return council.people["manager"]


@pytest.mark.parametrize("role", ["planning", "contributor", "viewer", "outsider", "partner"])
def test_only_the_organisations_managers_set_up_its_plans(council, plan, role):
    user = council.people[role]
    theme = plan.themes.first()
    delivery_theme = plan.delivery_themes.first()
    calls = [
        lambda: plan_set_up(user=user, organisation=plan.organisation, name="Another plan"),
        lambda: theme_save(user=user, plan=plan, name="New theme"),
        lambda: theme_delete(user=user, theme=theme),
        lambda: delivery_theme_save(user=user, plan=plan, name="New", lead_name="A Person"),
        lambda: delivery_theme_delete(user=user, delivery_theme=delivery_theme),
        lambda: actions_save(user=user, plan=plan, rows=[{"ref": "", "text": "x", "theme": theme}]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert not Plan.objects.filter(name="Another plan").exists()
    assert not Theme.objects.filter(name="New theme").exists()
    assert Theme.objects.filter(pk=theme.pk).exists()
    assert plan.actions.count() == 8


def test_a_manager_sets_up_a_plan_its_address_made_from_its_name(plan, manager):
    new = plan_set_up(
        user=manager, organisation=plan.organisation, name="Climate Plan 2026-2030", description="d"
    )
    assert (new.slug, new.organisation, new.description) == (
        "climate-plan-2026-2030",
        plan.organisation,
        "d",
    )
    with pytest.raises(
        Refused, match="already has a plan at /plans/climate-plan-2026-2030/"
    ) as caught:
        plan_set_up(user=manager, organisation=plan.organisation, name="Climate plan 2026 2030")
    assert "name" in caught.value.message_dict
    with pytest.raises(Refused) as caught:
        plan_set_up(user=manager, organisation=plan.organisation, name="X", slug=new.slug)
    assert "slug" in caught.value.message_dict
    assert Plan.objects.filter(organisation=plan.organisation).count() == 2


def test_another_organisations_plan_of_the_same_name_gets_its_own_address(plan, council):
    from netzero.access.models import Membership
    from netzero.testing.factories import MembershipFactory, OrganisationFactory

    ours = plan_set_up(
        user=council.people["manager"], organisation=plan.organisation, name="Climate Plan"
    )
    other = OrganisationFactory(name="Second Council", slug="second-council")
    their_manager = MembershipFactory(
        organisation=other, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    theirs = plan_set_up(user=their_manager, organisation=other, name="Climate Plan")
    assert (ours.slug, theirs.slug) == ("climate-plan", "climate-plan-second-council")
    # A third time for the second council: refused, naming its own plan only.
    with pytest.raises(Refused, match="Second Council already has a plan at") as caught:
        plan_set_up(user=their_manager, organisation=other, name="Climate plan")
    assert plan.organisation.name not in str(caught.value)


def test_themes_are_numbered_among_their_siblings(plan, manager):
    new = plan_set_up(user=manager, organisation=plan.organisation, name="Numbered Plan")
    first = theme_save(user=manager, plan=new, name="Transport")
    under = theme_save(user=manager, plan=new, name="Fleet", parent=first)
    second = theme_save(user=manager, plan=new, name="Buildings")
    assert (first.position, under.position, second.position) == (1, 1, 2)


def test_themes_form_a_tree_within_the_plan_without_cycles(plan, manager, council):
    top = theme_save(user=manager, plan=plan, name="Buildings")
    middle = theme_save(user=manager, plan=plan, name="Schools", parent=top)
    low = theme_save(user=manager, plan=plan, name="Boilers", parent=middle)
    with pytest.raises(Refused, match="Boilers sits beneath Buildings"):
        theme_save(user=manager, plan=plan, theme=top, name="Buildings", parent=low)
    with pytest.raises(Refused, match="cannot sit beneath itself"):
        theme_save(user=manager, plan=plan, theme=top, name="Buildings", parent=top)
    other = plan_set_up(user=manager, organisation=plan.organisation, name="Other plan")
    foreign = theme_save(user=manager, plan=other, name="Elsewhere")
    with pytest.raises(Refused, match="another plan"):
        theme_save(user=manager, plan=plan, name="Stray", parent=foreign)
    with pytest.raises(Refused, match="already has a theme called 'schools'"):
        theme_save(user=manager, plan=plan, name="schools")
    top.refresh_from_db()
    assert top.parent is None
    renamed = theme_save(user=manager, plan=plan, theme=low, name="Heat pumps", parent=top)
    assert (renamed.name, renamed.parent) == ("Heat pumps", top)


def test_a_theme_in_use_is_not_removed_and_the_refusal_names_what_uses_it(plan, manager):
    estate = plan.actions.get(ref="1").theme
    with pytest.raises(Refused, match=r"Ref 1, Ref 10, Ref 16, Ref 20 use it"):
        theme_delete(user=manager, theme=estate)
    parent = theme_save(user=manager, plan=plan, name="Parent")
    theme_save(user=manager, plan=plan, name="Child", parent=parent)
    with pytest.raises(Refused, match="Child sit beneath it"):
        theme_delete(user=manager, theme=parent)
    assert Theme.objects.filter(pk__in=[estate.pk, parent.pk]).count() == 2
    theme_delete(user=manager, theme=plan.themes.get(name="Child"))
    theme_delete(user=manager, theme=parent)
    assert not plan.themes.filter(name__in=["Parent", "Child"]).exists()


def test_delivery_themes_are_saved_and_removed_only_when_unused(plan, manager):
    fleet = delivery_theme_save(user=manager, plan=plan, name="Fleet", lead_name="TBC")
    assert fleet.lead_display == "TBC"
    fleet = delivery_theme_save(
        user=manager, plan=plan, delivery_theme=fleet, name="Fleet", lead_name="Sam Jones"
    )
    assert DeliveryTheme.objects.get(pk=fleet.pk).lead_name == "Sam Jones"
    planning = plan.actions.get(ref="10").delivery_theme
    with pytest.raises(Refused, match="Ref 10, Ref 16, Ref 20 are delivered under it"):
        delivery_theme_delete(user=manager, delivery_theme=planning)
    delivery_theme_delete(user=manager, delivery_theme=fleet)
    assert not DeliveryTheme.objects.filter(pk=fleet.pk).exists()
    assert DeliveryTheme.objects.filter(pk=planning.pk).exists()


def test_a_table_of_actions_with_a_bad_row_in_the_middle_saves_nothing(plan, manager):
    theme = plan.themes.first()
    before = list(plan.actions.order_by("pk").values_list("ref", "text", "target"))
    rows = [
        {"ref": "1", "text": "<p>Changed.</p>", "theme": theme, "target": "March 2026"},
        {"ref": "30", "text": "<p>New.</p>", "theme": theme, "target": "31/02/2026"},
        {"ref": "31", "text": "<p>Also new.</p>", "theme": theme, "impact": "Huge"},
        {"ref": "32", "text": "", "theme": None},
    ]
    with pytest.raises(RowsRefused) as caught:
        actions_save(user=manager, plan=plan, rows=rows)
    refused = caught.value
    assert sorted(refused.rows) == [1, 2, 3]
    assert "February 2026 has 28 days" in refused.rows[1]["target"][0]
    assert "Unknown impact 'Huge'" in refused.rows[2]["impact"][0]
    assert refused.rows[3]["theme"] == ["Choose the action's theme."]
    assert refused.rows[3]["text"] == ["Enter the action's text."]
    assert refused.messages[0].startswith("Row 2: Target '31/02/2026'")
    assert list(plan.actions.order_by("pk").values_list("ref", "text", "target")) == before


def test_a_table_of_actions_updates_existing_refs_and_creates_new_ones(plan, manager):
    theme = plan.themes.first()
    planning = plan.actions.get(ref="10").delivery_theme
    count = plan.actions.count()
    saved = actions_save(
        user=manager,
        plan=plan,
        rows=[
            {
                "ref": "ll1",
                "text": "<p>Long list, changed.</p>",
                "theme": theme,
                "kind": "long_list",
            },
            {"ref": "", "text": "<p>Next number.</p>", "theme": theme, "target": "2025/26"},
            {
                "ref": "40",
                "text": "<p>Numbered.</p>",
                "theme": theme,
                "delivery_theme": planning,
                "target": "31/03/2026",
                "impact": "High",
                "success_measure": "Done",
            },
            {"ref": "", "text": "<p>And the next.</p>", "theme": theme},
        ],
    )
    assert [a.ref for a in saved] == ["LL1", "41", "40", "42"]
    assert plan.actions.count() == count + 3
    assert plan.actions.get(ref="LL1").text == "<p>Long list, changed.</p>"
    forty = plan.actions.get(ref="40")
    assert (forty.target_year, forty.start_year, forty.impact) == (2026, 2025, "high")
    assert forty.delivery_theme == planning


def test_the_same_ref_twice_in_one_table_is_refused_on_the_second_row(plan, manager):
    theme = plan.themes.first()
    rows = [
        {"ref": "50", "text": "<p>a</p>", "theme": theme},
        {"ref": "50", "text": "<p>b</p>", "theme": theme},
    ]
    with pytest.raises(RowsRefused) as caught:
        actions_save(user=manager, plan=plan, rows=rows)
    assert caught.value.rows == {
        1: {"ref": ["Ref 50 is also in row 1: give each action its own ref."]}
    }
    assert not Action.objects.filter(plan=plan, ref="50").exists()


def test_a_table_of_actions_refuses_another_plans_theme(plan, manager):
    other = plan_set_up(user=manager, organisation=plan.organisation, name="Other plan")
    foreign = theme_save(user=manager, plan=other, name="Elsewhere")
    with pytest.raises(RowsRefused) as caught:
        actions_save(user=manager, plan=plan, rows=[{"ref": "60", "text": "t", "theme": foreign}])
    assert caught.value.rows[0]["theme"] == ["The theme belongs to another plan."]


def test_an_unchanged_row_is_not_saved_again(plan, manager):
    """The table sends every action back: only those that changed are saved (and recorded)."""
    one = plan.actions.get(ref="1")
    history = one.history.count()
    row = {
        "ref": "1",
        "text": one.text,
        "kind": one.kind,
        "theme": one.theme,
        "delivery_theme": one.delivery_theme,
        "target": one.target,
        "success_measure": one.success_measure,
        "impact": one.impact,
    }
    actions_save(user=manager, plan=plan, rows=[row])
    assert one.history.count() == history
    actions_save(user=manager, plan=plan, rows=[row | {"target": "December 2025"}])
    assert one.history.count() == history + 1
    one.refresh_from_db()
    assert (one.target, one.start_year, one.end_year) == ("December 2025", 2025, 2025)
