"""Writes for indicators, their goals and values. Keyword-only, validated, atomic."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from netzero.core.exceptions import Refused
from netzero.indicators.models import Indicator, IndicatorGoal, IndicatorValue
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan


@transaction.atomic
def indicator_create(
    *,
    name: str,
    unit: str,
    direction: str = Indicator.Direction.DOWN,
    organisation: Organisation | None = None,
    plan: Plan | None = None,
    baseline_year: int | None = None,
    baseline_value: Decimal | None = None,
    description: str = "",
    source: str = "",
    position: int | None = None,
    actions: Iterable[Action] = (),
) -> Indicator:
    if position is None:
        owner = {"plan": plan} if plan is not None else {"organisation": organisation}
        position = Indicator.objects.filter(**owner).count() + 1
    indicator = Indicator(
        name=name,
        unit=unit,
        direction=direction,
        organisation=organisation,
        plan=plan,
        baseline_year=baseline_year,
        baseline_value=baseline_value,
        description=description,
        source=source,
        position=position,
    )
    indicator.full_clean()
    indicator.save()
    indicator_actions_set(indicator=indicator, actions=actions)
    return indicator


@transaction.atomic
def indicator_actions_set(*, indicator: Indicator, actions: Iterable[Action]) -> None:
    """Link the actions the indicator measures: the plan's own, or the organisation's plans'."""
    actions = list(actions)
    refusals = [r for r in (indicator.action_refusal(a) for a in actions) if r]
    if refusals:
        raise Refused({"actions": refusals}, code="action_elsewhere")
    indicator.actions.set(actions)


@transaction.atomic
def indicator_goal_add(
    *, indicator: Indicator, value: Decimal, year: int, label: str = "", source: str = ""
) -> IndicatorGoal:
    goal = IndicatorGoal(indicator=indicator, value=value, year=year, label=label, source=source)
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def indicator_value_add(
    *,
    indicator: Indicator,
    year: int,
    value: Decimal,
    period_label: str = "",
    source: str = "",
    note: str = "",
) -> IndicatorValue:
    observed = IndicatorValue(
        indicator=indicator,
        year=year,
        period_label=period_label,
        value=value,
        source=source,
        note=note,
    )
    observed.full_clean()
    observed.save()
    return observed
