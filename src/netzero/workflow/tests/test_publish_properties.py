"""Property-based tests, on the database: for random small plans with approved updates in two
consecutive quarters, the dashboard's movements are the records' own, and publishing a quarter
freezes exactly the figures its live dashboard showed a moment before, whatever changes later.

One database per test, one savepoint per example: pytest-django's ``db`` fixture wraps the whole
test in one transaction and is not reset between Hypothesis's examples, so each example runs
inside ``transaction.atomic()`` and marks it for rollback at its end (``_each_example_alone``).
Every example therefore starts from the same empty database, whichever examples ran (or were
replayed while shrinking) before it; the services' own ``atomic`` blocks nest inside as
savepoints, as they do in a request. The factories' name counters carry on between examples,
which only keeps names unique. That is why the function-scoped fixture health check is off.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from netzero.access.models import Membership
from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.snapshot import basis_to_snapshot
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status, status_change
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    DeliveryThemeFactory,
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ThemeFactory,
    period_published,
)
from netzero.testing.strategies import dashboard_figures
from netzero.workflow.models import PeriodEvent
from netzero.workflow.services import period_publish

pytestmark = pytest.mark.django_db

ON_THE_DATABASE = settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Two consecutive quarters, one of them across a financial year's end.
QUARTERS = [
    ("2024-25 Q1", "2024-25 Q2"),
    ("2023-24 Q4", "2024-25 Q1"),
    ("2022-23 Q2", "2022-23 Q3"),
]


@contextmanager
def _each_example_alone():
    with transaction.atomic():
        # Nothing left behind by an earlier example (or by its replays while shrinking).
        assert not Plan.objects.exists() and not ReportingPeriod.objects.exists()
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class ActionDrawn:
    priority: bool
    theme: int  # index into the plan's themes (strategy themes, then objectives)
    delivery_theme: int | None
    impact: str
    reports_through: int | None  # index of an earlier action that reports for itself
    before: Status | None  # the earlier quarter's update; None: no update
    now: Status | None  # this quarter's update


@dataclass(frozen=True)
class PlanDrawn:
    strategy_themes: int
    objectives: list[int]  # for each objective, its strategy theme
    delivery_leads: list[str]  # "" is TBC
    actions: list[ActionDrawn]
    quarters: tuple[str, str]


update_statuses = st.one_of(st.none(), st.sampled_from(list(Status)))


@st.composite
def plans(draw) -> PlanDrawn:
    roots = draw(st.integers(1, 3))
    objectives = draw(st.lists(st.integers(0, roots - 1), max_size=2))
    leads = draw(st.lists(st.sampled_from(["", "Head of Estates", "Fleet Manager"]), max_size=2))
    actions: list[ActionDrawn] = []
    for _ in range(draw(st.integers(1, 7))):
        priority = draw(st.booleans())
        targets = [
            i
            for i, a in enumerate(actions)
            if a.reports_through is None and a.priority and priority
        ]
        actions.append(
            ActionDrawn(
                priority=priority,
                theme=draw(st.integers(0, roots + len(objectives) - 1)),
                delivery_theme=(
                    draw(st.one_of(st.none(), st.integers(0, len(leads) - 1)))
                    if priority and leads
                    else None
                ),
                impact=draw(st.sampled_from(["", *Impact.values, Impact.HIGH])) if priority else "",
                reports_through=(
                    draw(st.one_of(st.none(), st.sampled_from(targets))) if targets else None
                ),
                before=draw(update_statuses),
                now=draw(update_statuses),
            )
        )
    return PlanDrawn(roots, objectives, leads, actions, draw(st.sampled_from(QUARTERS)))


@dataclass
class Built:
    plan: object
    actions: list[Action]
    earlier: ReportingPeriod
    later: ReportingPeriod
    themes: list
    manager: object


def _build(drawn: PlanDrawn) -> Built:
    plan = PlanFactory()
    roots = [ThemeFactory(plan=plan) for _ in range(drawn.strategy_themes)]
    themes = roots + [ThemeFactory(parent=roots[i]) for i in drawn.objectives]
    delivery = [DeliveryThemeFactory(plan=plan, lead_name=lead) for lead in drawn.delivery_leads]
    earlier = ReportingPeriodFactory(plan=plan, name=drawn.quarters[0])
    later = ReportingPeriodFactory(plan=plan, name=drawn.quarters[1])
    actions: list[Action] = []
    for a in drawn.actions:
        action = ActionFactory(
            plan=plan,
            theme=themes[a.theme],
            delivery_theme=delivery[a.delivery_theme] if a.delivery_theme is not None else None,
            impact=a.impact,
            reports_through=actions[a.reports_through] if a.reports_through is not None else None,
            **({} if a.priority else {"long_list": True}),
        )
        actions.append(action)
        for period, status in ((earlier, a.before), (later, a.now)):
            if status is not None:
                ActionUpdateFactory(action=action, period=period, status=status, approved=True)
    manager = MembershipFactory(
        organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user
    return Built(plan, actions, earlier, later, themes, manager)


def _status_in(period: ReportingPeriod, action: Action) -> Status:
    """An action's status in a period, read straight from its update (none: Not reported)."""
    update = ActionUpdate.objects.filter(period=period, action=action).first()
    return Status(update.status) if update else Status.NOT_REPORTED


@ON_THE_DATABASE
@given(drawn=plans(), publish_earlier=st.booleans(), publish_later=st.booleans())
def test_movements_match_the_two_quarters_records_action_by_action(
    db, drawn, publish_earlier, publish_later
):
    with _each_example_alone():
        built = _build(drawn)
        if publish_earlier or publish_later:
            period_published(built.earlier)
        if publish_later:
            period_published(built.later)
        event(f"later quarter {'published' if publish_later else 'open'}")
        dashboard = dashboard_for_period(plan=built.plan, period=built.later)
        assert dashboard.frozen == publish_later
        assert dashboard.previous_period == built.earlier

        expected = {Action.Kind.PRIORITY: [], Action.Kind.LONG_LIST: []}
        rows = {r.ref: r for r in dashboard.rows}
        assert sorted(rows) == sorted(a.ref for a in built.actions)
        for action in built.actions:
            before = _status_in(built.earlier, action)
            now = _status_in(built.later, action)
            row = rows[action.ref]
            assert (row.previous_status, row.status) == (before, now)
            assert row.change == status_change(before, now)
            if before != now:
                expected[action.kind].append((action.ref, before, now, status_change(before, now)))
        for kind, movements in (
            (Action.Kind.PRIORITY, dashboard.movements),
            (Action.Kind.LONG_LIST, dashboard.long_list_movements),
        ):
            got = [(m.ref, m.from_status, m.to_status, m.change) for m in movements]
            assert sorted(got) == sorted(expected[kind])


@dataclass(frozen=True)
class ChangeDrawn:
    what: str
    action: int  # index into the plan's actions


changes = st.builds(
    ChangeDrawn,
    st.sampled_from(["new action", "retitle", "impact", "kind", "theme", "rename theme", "lead"]),
    st.integers(0, 6),
)


def _change_a_record(built: Built, change: ChangeDrawn) -> None:
    """Change one record the published quarter refers to (the guards allow these: the records
    stay editable for later quarters)."""
    action = built.actions[change.action % len(built.actions)]
    if change.what == "new action":
        ActionFactory(plan=built.plan, theme=built.themes[0])
        return
    if change.what == "rename theme":
        theme = action.theme
        theme.name = f"{theme.name} (renamed)"
        theme.full_clean()
        theme.save()
        return
    if change.what == "lead" and action.delivery_theme is not None:
        delivery = action.delivery_theme
        delivery.lead_name = f"{delivery.lead_name} and deputy"
        delivery.full_clean()
        delivery.save()
        return
    if change.what == "impact":
        action.impact = Impact.LOW if action.impact == Impact.HIGH else Impact.HIGH
    elif change.what == "kind" and not action.reported_by.exists():
        if action.kind == Action.Kind.PRIORITY:
            action.kind, action.delivery_theme, action.reports_through = (
                Action.Kind.LONG_LIST,
                None,
                None,
            )
        else:
            action.kind = Action.Kind.PRIORITY
    elif change.what == "theme":
        others = [t for t in built.themes if t.pk != action.theme_id]
        action.theme = others[0] if others else ThemeFactory(plan=built.plan)
    else:
        action.title = f"{action.title} (retitled)"
    action.full_clean()
    action.save()


@ON_THE_DATABASE
@given(drawn=plans(), by_manager=st.booleans(), change=changes)
def test_publishing_freezes_the_live_figures_and_later_changes_leave_them(
    db, drawn, by_manager, change
):
    with _each_example_alone():
        built = _build(drawn)
        period_published(built.earlier)
        live = dashboard_for_period(plan=built.plan, period=built.later)
        assert not live.frozen
        live_figures = dashboard_figures(live)

        if by_manager:
            period_publish(period=built.later, user=built.manager)
        else:
            period_published(built.later)
        later = ReportingPeriod.objects.get(pk=built.later.pk)
        assert later.is_published
        assert later.snapshot == basis_to_snapshot(live.basis)
        event_snapshot = PeriodEvent.objects.get(period=later, kind=PeriodEvent.Kind.PUBLISHED)
        assert event_snapshot.snapshot == later.snapshot

        published = dashboard_for_period(plan=built.plan, period=later)
        assert published.frozen
        assert dashboard_figures(published) == live_figures

        _change_a_record(built, change)
        event(f"changed: {change.what}")
        later = ReportingPeriod.objects.get(pk=built.later.pk)
        relive = dashboard_for_period(plan=built.plan, period=later, live=True)
        assert dashboard_figures(relive) != live_figures
        assert dashboard_figures(dashboard_for_period(plan=built.plan, period=later)) == (
            live_figures
        )
