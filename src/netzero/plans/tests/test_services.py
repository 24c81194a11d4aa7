"""Writing a plan's themes and actions: refused with a clear message, and nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netzero.plans.models import Action
from netzero.plans.services import action_create, delivery_theme_create, theme_create
from netzero.testing.factories import ThemeFactory


@pytest.fixture
def plan(council):
    """The small council's plan (netzero.testing.council): refs 1, 5, 10, 16, 20 (reporting
    through 16), 24, 25 and LL1."""
    return council.plan


def test_action_ref_used_twice_in_one_plan_is_refused(plan):
    theme = plan.themes.first()
    count = Action.objects.count()
    with pytest.raises(ValidationError, match="Ref 5 is already used by another action"):
        action_create(plan=plan, ref="5", text="<p>Again.</p>", theme=theme)
    assert Action.objects.count() == count


def test_database_constraint_backs_the_unique_ref(plan):
    theme = plan.themes.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=plan, ref="5", text="x", theme=theme)


def test_database_constraint_backs_the_unique_ref_whatever_its_case(plan):
    """Past the service (a raw save), the database still refuses "ll1" beside "LL1"."""
    theme = plan.themes.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.create(plan=plan, ref="ll1", text="x", theme=theme)
    assert not Action.objects.filter(plan=plan, ref="ll1").exists()


def test_action_needs_a_theme_of_its_own_plan_and_a_valid_target(plan):
    other_theme = ThemeFactory()
    with pytest.raises(ValidationError, match="another plan"):
        action_create(plan=plan, ref="33", text="x", theme=other_theme)
    theme = plan.themes.first()
    with pytest.raises(ValidationError, match="is not a date or timescale we can read"):
        action_create(plan=plan, ref="33", text="x", theme=theme, target="soon")
    with pytest.raises(ValidationError, match="Unknown impact 'Huge'"):
        action_create(plan=plan, ref="33", text="x", theme=theme, impact="Huge")
    assert not Action.objects.filter(plan=plan, ref="33").exists()


def test_action_text_is_sanitised_and_target_year_derived(plan):
    theme = plan.themes.first()
    action = action_create(
        plan=plan,
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


def test_an_action_cannot_report_through_one_that_itself_reports_through_another(plan):
    ref20 = Action.objects.get(plan=plan, ref="20")
    ref1 = Action.objects.get(plan=plan, ref="1")
    ref1.reports_through = ref20
    with pytest.raises(ValidationError, match="itself reports through another action"):
        ref1.full_clean()


def test_tbc_lead_is_stored_blank_and_shown_as_tbc(plan):
    theme = delivery_theme_create(plan=plan, name="Adaptation", lead_name="TBC")
    assert theme.lead_name == "" and theme.lead_display == "TBC"


def test_theme_tree_rejects_cycles(plan):
    root = theme_create(plan=plan, name="Vision")
    child = theme_create(plan=plan, name="Objective", parent=root)
    root.parent = child
    with pytest.raises(ValidationError, match="cannot sit beneath itself"):
        root.full_clean()


def test_an_action_others_report_through_cannot_itself_report_through_another(plan):
    ref16 = Action.objects.get(plan=plan, ref="16")
    ref16.reports_through = Action.objects.get(plan=plan, ref="10")
    with pytest.raises(ValidationError, match="Ref 20 report through this action"):
        ref16.full_clean()


def test_refs_differing_only_in_case_are_the_same_ref(plan):
    with pytest.raises(ValidationError, match="Ref ll1 is already used"):
        action_create(plan=plan, ref="ll1", text="x", theme=plan.themes.first())


@pytest.mark.parametrize("ref", ["", "   "])
def test_an_action_without_a_ref_is_refused(plan, ref):
    count = Action.objects.count()
    with pytest.raises(ValidationError) as refused:
        action_create(plan=plan, ref=ref, text="<p>x</p>", theme=plan.themes.first())
    assert refused.value.message_dict == {"ref": ["An action needs a ref."]}
    assert Action.objects.count() == count


def test_an_unknown_impact_is_refused_naming_the_allowed_words(plan):
    count = Action.objects.count()
    with pytest.raises(ValidationError) as refused:
        action_create(plan=plan, ref="33", text="x", theme=plan.themes.first(), impact="Huge")
    assert refused.value.message_dict == {
        "impact": ["Unknown impact 'Huge'. Use one of: High, Moderate, Low."]
    }
    assert Action.objects.count() == count


def test_a_ref_is_kept_without_its_spaces_and_an_impact_read_from_its_label(plan):
    action = action_create(
        plan=plan, ref=" 33 ", text="x", theme=plan.themes.first(), impact=" moderate "
    )
    action.refresh_from_db()
    assert (action.ref, action.impact) == ("33", "moderate")


def test_a_ref_used_in_another_plan_is_free_in_this_one(plan):
    other = ThemeFactory()
    action = action_create(plan=other.plan, ref="16", text="x", theme=other)
    assert action.plan == other.plan and Action.objects.filter(ref="16").count() == 2
