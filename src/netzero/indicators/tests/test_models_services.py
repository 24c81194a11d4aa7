from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from netzero.indicators.models import Indicator, IndicatorValue
from netzero.indicators.services import (
    indicator_actions_set,
    indicator_create,
    indicator_goal_add,
    indicator_value_add,
)
from netzero.testing.factories import ActionFactory, OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_an_indicator_with_both_owners_is_refused(plan):
    with pytest.raises(ValidationError) as exc:
        indicator_create(plan=plan, organisation=plan.organisation, name="X", unit="%")
    assert "not both" in " ".join(exc.value.messages)
    assert not Indicator.objects.exists()


def test_an_indicator_with_no_owner_is_refused(db):
    with pytest.raises(ValidationError) as exc:
        indicator_create(name="X", unit="%")
    assert "Choose the organisation or the plan" in " ".join(exc.value.messages)
    assert not Indicator.objects.exists()


def test_the_database_refuses_both_owners_too(plan):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Indicator.objects.create(plan=plan, organisation=plan.organisation, name="X", unit="%")


@pytest.mark.parametrize(
    ("year", "value", "field"),
    [(2019, None, "baseline_value"), (None, Decimal(5), "baseline_year")],
    ids=["year-only", "value-only"],
)
def test_a_baseline_half_set_is_refused(plan, year, value, field):
    with pytest.raises(ValidationError) as exc:
        indicator_create(plan=plan, name="X", unit="%", baseline_year=year, baseline_value=value)
    assert exc.value.message_dict[field] == [
        "Give the baseline's year and value together, or neither."
    ]


def test_an_action_of_another_organisations_plan_is_refused(db):
    organisation = OrganisationFactory()
    own = ActionFactory(plan=PlanFactory(organisation=organisation), ref="1")
    other = ActionFactory(plan=PlanFactory(), ref="2")
    with pytest.raises(ValidationError) as exc:
        indicator_create(organisation=organisation, name="X", unit="%", actions=[own, other])
    assert exc.value.messages == [
        f"Ref 2 belongs to {other.plan.name}, which is not a plan of {organisation.name}."
    ]
    assert not Indicator.objects.exists()  # atomic: nothing saved
    indicator = indicator_create(organisation=organisation, name="X", unit="%", actions=[own])
    assert list(indicator.actions.all()) == [own]


def test_a_plans_indicator_measures_only_that_plans_actions(plan):
    sister = PlanFactory(organisation=plan.organisation)
    indicator = indicator_create(plan=plan, name="X", unit="%")
    elsewhere = ActionFactory(plan=sister, ref="3")
    with pytest.raises(ValidationError) as exc:
        indicator_actions_set(indicator=indicator, actions=[elsewhere])
    assert exc.value.messages == [f"Ref 3 belongs to {sister.name}, not to {plan.name}."]
    assert indicator.actions.count() == 0


def test_a_second_value_for_the_same_period_is_refused(sessions):
    with pytest.raises(ValidationError) as exc:
        indicator_value_add(
            indicator=sessions, year=2022, period_label="2022-23 Q4", value=Decimal(9)
        )
    assert "already has a value for this period" in " ".join(exc.value.messages)
    assert IndicatorValue.objects.filter(indicator=sessions).count() == 3
    # Another period of the same year is a different value.
    indicator_value_add(indicator=sessions, year=2022, period_label="2022-23 Q3", value=Decimal(7))
    assert IndicatorValue.objects.filter(indicator=sessions, year=2022).count() == 2


def test_text_is_kept_plain_and_a_goal_needs_a_value(plan):
    indicator = indicator_create(plan=plan, name="  <b>Sessions</b>  ", unit="%")
    assert indicator.name == "<b>Sessions</b>"  # trimmed, kept as typed (escaped on output)
    with pytest.raises(ValidationError):
        indicator_goal_add(indicator=indicator, value=None, year=2025)


def test_changes_are_audited(sessions):
    assert sessions.history.count() == 1
    sessions.name = "Sessions held"
    sessions.save()
    assert sessions.history.count() == 2
    assert sessions.values.first().history.count() == 1
