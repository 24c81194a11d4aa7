from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netzero.plans.models import Action, Theme
from netzero.plans.services import action_create, delivery_theme_create, theme_create


def test_action_ref_used_twice_in_one_plan_is_refused(demo_plan):
    theme = demo_plan.themes.first()
    count = Action.objects.count()
    with pytest.raises(ValidationError, match="Ref 5 is already used by another action"):
        action_create(plan=demo_plan, ref="5", text="<p>Again.</p>", theme=theme)
    assert Action.objects.count() == count


def test_database_constraint_backs_the_unique_ref(demo_plan):
    theme = demo_plan.themes.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=demo_plan, ref="5", text="x", theme=theme)


def test_database_constraint_backs_the_unique_ref_whatever_its_case(demo_plan):
    """Past the service (a raw save), the database still refuses "ll15" beside "LL15"."""
    theme = demo_plan.themes.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=demo_plan, ref="ll15", text="x", theme=theme)
    assert not Action.objects.filter(plan=demo_plan, ref="ll15").exists()


def test_action_needs_a_theme_of_its_own_plan_and_a_valid_target(demo_plan):
    from netzero.testing.synthetic import synthetic_plan_create

    other_theme = Theme.objects.filter(plan=synthetic_plan_create(actions=1, periods=1)).first()
    with pytest.raises(ValidationError, match="another plan"):
        action_create(plan=demo_plan, ref="33", text="x", theme=other_theme)
    theme = demo_plan.themes.first()
    with pytest.raises(ValidationError, match="is not a year"):
        action_create(plan=demo_plan, ref="33", text="x", theme=theme, target="soon")
    with pytest.raises(ValidationError, match="Unknown impact 'Huge'"):
        action_create(plan=demo_plan, ref="33", text="x", theme=theme, impact="Huge")
    assert not Action.objects.filter(plan=demo_plan, ref="33").exists()


def test_action_text_is_sanitised_and_target_year_derived(demo_plan):
    theme = demo_plan.themes.first()
    action = action_create(
        plan=demo_plan,
        ref="33",
        theme=theme,
        target="2022-2025",
        impact="High",
        text='<p style="x">Plant trees.</p><a href="javascript:alert(1)">go</a>',
    )
    action.refresh_from_db()
    assert action.text == "<p>Plant trees.</p>go"
    assert action.target_year == 2025
    assert action.impact == "high"


def test_an_action_cannot_report_through_one_that_itself_reports_through_another(demo_plan):
    ref20 = Action.objects.get(plan=demo_plan, ref="20")
    ref1 = Action.objects.get(plan=demo_plan, ref="1")
    ref1.reports_through = ref20
    with pytest.raises(ValidationError, match="itself reports through another action"):
        ref1.full_clean()


def test_tbc_lead_is_stored_blank_and_shown_as_tbc(demo_plan):
    theme = delivery_theme_create(plan=demo_plan, name="Adaptation", lead_name="TBC")
    assert theme.lead_name == "" and theme.lead_display == "TBC"


def test_theme_tree_rejects_cycles(demo_plan):
    root = theme_create(plan=demo_plan, name="Vision")
    child = theme_create(plan=demo_plan, name="Objective", parent=root)
    root.parent = child
    with pytest.raises(ValidationError, match="cannot sit beneath itself"):
        root.full_clean()


def test_an_action_others_report_through_cannot_itself_report_through_another(demo_plan):
    ref16 = Action.objects.get(plan=demo_plan, ref="16")
    ref16.reports_through = Action.objects.get(plan=demo_plan, ref="15")
    with pytest.raises(ValidationError, match="Ref 20 report through this action"):
        ref16.full_clean()


def test_refs_differing_only_in_case_are_the_same_ref(demo_plan):
    with pytest.raises(ValidationError, match="Ref ll15 is already used"):
        action_create(plan=demo_plan, ref="ll15", text="x", theme=demo_plan.themes.first())
