"""Reads for indicators: each with its goals, values, linked actions and its track, in a fixed
number of queries however many there are."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet

from netzero.core.exceptions import NotFound
from netzero.indicators.models import Indicator, IndicatorGoal, IndicatorValue
from netzero.indicators.trajectory import Track, pathway, track
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan


@dataclass(frozen=True)
class IndicatorSummary:
    indicator: Indicator
    goals: list[IndicatorGoal]
    values: list[IndicatorValue]
    actions: list[Action]
    track: Track
    pathway: dict[int, Decimal]  # year -> value on the straight line baseline -> goals

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def next_goal(self) -> IndicatorGoal | None:
        if self.track.next_goal is None:
            return None
        year, value = self.track.next_goal
        return next(g for g in self.goals if (g.year, g.value) == (year, value))


def _indicators() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("organisation", "plan__organisation").prefetch_related(
        Prefetch("goals", queryset=IndicatorGoal.objects.order_by("year", "id")),
        Prefetch("values", queryset=IndicatorValue.objects.order_by("year", "period_label", "id")),
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("plan").order_by("plan", "ref_sort", "id"),
        ),
    )


def indicator_summary(
    indicator: Indicator, *, values: list[IndicatorValue] | None = None
) -> IndicatorSummary:
    """An indicator read by ``_indicators`` with its track (no further queries). ``values``:
    only these of its values (a report's, as they stood at a period's end), the track and
    pathway worked out from them alone."""
    goals = list(indicator.goals.all())
    values = list(indicator.values.all()) if values is None else values
    goal_points = [(g.year, g.value) for g in goals]
    baseline = (
        (indicator.baseline_year, indicator.baseline_value)
        if indicator.baseline_year is not None
        else None
    )
    return IndicatorSummary(
        indicator=indicator,
        goals=goals,
        values=values,
        actions=list(indicator.actions.all()),
        track=track(
            values=[(v.year, v.value) for v in values],
            goals=goal_points,
            direction=indicator.direction,
            unit="per cent" if indicator.unit == "%" else indicator.unit,
        ),
        pathway=pathway(baseline=baseline, goals=goal_points, years=[v.year for v in values]),
    )


def indicators_for_plan(*, plan: Plan) -> list[IndicatorSummary]:
    """The plan's indicators in order (four queries)."""
    return [indicator_summary(i) for i in _indicators().filter(plan=plan)]


def indicators_for_organisation(*, organisation: Organisation) -> list[IndicatorSummary]:
    """The organisation's own indicators, then its plans' (four queries)."""
    indicators = _indicators().filter(
        Q(organisation=organisation) | Q(plan__organisation=organisation)
    )
    return [
        indicator_summary(i)
        for i in indicators.order_by(
            F("plan__name").asc(nulls_first=True), "plan_id", "position", "id"
        )
    ]


def indicator_get(*, pk: int) -> IndicatorSummary:
    """The indicator with ``pk`` and its track; NotFound if there is none."""
    indicator = _indicators().filter(pk=pk).first()
    if indicator is None:
        raise NotFound(f"No indicator {pk}.", code="unknown_indicator")
    return indicator_summary(indicator)
