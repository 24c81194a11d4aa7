"""The Climate Change Programme Dashboard for one plan and one period: the queries.

``dashboard_for_period`` is the only place the dashboard's figures are worked out: the web page,
the ``netzero dashboard`` command and (later) the API and committee reports all call it, so they
cannot disagree. It runs a fixed number of SQL queries however many actions the plan has, then
hands the basis to ``dashboards.calculation``. The dashboard's types live in ``dashboards.types``.
"""

from __future__ import annotations

from django.db.models import Count, FilteredRelation, Q

from netzero.core.narrative import narrative_plain_text
from netzero.core.permissions import Permission
from netzero.dashboards.calculation import dashboard_assemble, priority_off_track
from netzero.dashboards.search import (
    ActionMatch,
    query_ref,
    query_words,
    words_match,
)
from netzero.dashboards.snapshot import basis_from_snapshot
from netzero.dashboards.types import (
    ActionRow,
    Dashboard,
    DashboardBasis,
    NotCounted,
    PlanOverview,
    SectionNote,
    StatusSummary,
)
from netzero.plans.impact import Impact
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme
from netzero.reporting.lifecycle import states_as_of
from netzero.reporting.models import ActionStateChange, ActionUpdate, ReportingPeriod
from netzero.reporting.selectors import (
    period_previous,
    periods_for_plan,
    plan_notes_for_plan,
    state_changes_for_plan,
)
from netzero.reporting.status import AT_RISK_STATUSES, Change, Status, status_change


def dashboard_for_period(*, plan: Plan, period: ReportingPeriod, live: bool = False) -> Dashboard:
    """The plan's dashboard for ``period``, in a fixed number of queries whatever its size.

    A published period shows the figures frozen when it was published (three queries: periods,
    the actions' lifecycle changes and the plan's notes); ``live`` recomputes from the records
    instead (six queries), which is what publishing itself does. Actions retired, merged or
    superseded as of the period are left out of a recomputed dashboard and listed as not counted.
    """
    periods = periods_for_plan(plan=plan, snapshots=False)  # 1
    states = states_as_of(state_changes_for_plan(plan=plan), period)  # 2
    leaving = {action_id: c for action_id, c in states.items() if c.leaves_counts}
    if period.is_published and period.snapshot and not live:
        basis = basis_from_snapshot(period.snapshot)
        previous = next((p for p in periods if p.pk == basis.previous_period_id), None)
        frozen = True
    else:
        previous = period_previous(period=period, periods=periods)
        basis = _basis(plan, period, previous, set(leaving))
        frozen = False
    shown = {row.action_id for row in basis.rows}
    return dashboard_assemble(
        plan=plan,
        period=period,
        previous=previous,
        periods=periods,
        basis=basis,
        frozen=frozen,
        completed_ids=frozenset(
            action_id
            for action_id, c in states.items()
            if c.kind == ActionStateChange.Kind.COMPLETED
        ),
        # A published dashboard shows what it counted: only actions it left out are listed.
        not_counted=[_not_counted(c) for c in leaving.values() if c.action_id not in shown],
        notes=[
            SectionNote(note.section, note.text, note.source)
            for note in plan_notes_for_plan(plan=plan)  # 3 (6 when recomputed)
            if (note.from_period.year, note.from_period.quarter) <= (period.year, period.quarter)
        ],
    )


def _not_counted(change: ActionStateChange) -> NotCounted:
    action = change.action
    return NotCounted(
        action_id=action.pk,
        ref=action.ref,
        kind=action.kind,
        title=action.title,
        change=change.kind,
        other_ref=change.other.ref if change.other_id else None,
        from_period=change.period.name,
        reason=change.reason,
    )


def _basis(
    plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None, leaving: set[int]
) -> DashboardBasis:
    """The records as they stand. Actions retired, merged or superseded as of ``period``
    (``leaving``) are left out: they are not counted from then on.

    The rows are read-only, so actions and updates come as tuples of the columns shown, not as
    model instances, and each row's status, change and themes are looked up, not worked out."""
    themes = list(Theme.objects.filter(plan=plan).order_by("position", "id"))  # 3
    delivery_themes = list(DeliveryTheme.objects.filter(plan=plan).order_by("position", "id"))  # 4
    # Each action with this quarter's update and last quarter's status joined to it (at most one
    # update per action and period): read-only rows, so tuples of the columns shown, not models.
    joined = {"now": FilteredRelation("updates", condition=Q(updates__period=period))}
    columns = [*_ACTION_COLUMNS, *(f"now__{name}" for name in _UPDATE_COLUMNS)]
    if previous is not None:
        joined["before"] = FilteredRelation("updates", condition=Q(updates__period=previous))
        columns.append("before__status")
    actions = (  # 5
        Action.objects.filter(plan=plan)
        .annotate(**joined)
        .order_by("ref_sort", "id")
        .values_list(*columns)
    )
    theme_name = {t.pk: t.name for t in themes}
    by_id = {t.pk: t for t in themes}
    root_name = {t.pk: _root(t, by_id).name for t in themes}
    delivery_by_id = {d.pk: (d.name, d.lead_display) for d in delivery_themes}
    statuses = {s.value: s for s in Status}
    changes: dict[tuple[Status | None, Status], Change] = {}
    first_quarter = previous is None
    rows = []
    for (
        action_id,
        ref,
        kind,
        title,
        text,
        text_plain,
        theme_id,
        delivery_theme_id,
        target,
        success_measure,
        impact,
        through_ref,
        status_value,
        progress,
        reason,
        mitigation,
        note,
        *before,
    ) in actions:
        if action_id in leaving:
            continue
        if status_value is None:  # no update this quarter
            status, progress, reason, mitigation, note = Status.NOT_REPORTED, "", "", "", ""
        else:
            status = statuses[status_value]
        previous_status = (
            None if first_quarter else statuses[before[0] or Status.NOT_REPORTED.value]
        )
        change = changes.get((previous_status, status))
        if change is None:
            change = changes[(previous_status, status)] = status_change(previous_status, status)
        delivery_name, delivery_lead = delivery_by_id.get(delivery_theme_id, (None, None))
        rows.append(
            ActionRow(
                action_id=action_id,
                ref=ref,
                kind=kind,
                title=title,
                text=text,
                strategy_theme=root_name[theme_id],
                theme=theme_name[theme_id],
                delivery_theme=delivery_name,
                delivery_theme_lead=delivery_lead,
                target=target,
                success_measure=success_measure,
                impact=_IMPACTS[impact] if impact else None,
                status=status,
                previous_status=previous_status,
                change=change,
                progress=progress,
                reason=reason,
                mitigation=mitigation,
                note=note,
                reports_through=through_ref,
                text_plain=text_plain,
            )
        )
    return DashboardBasis(
        plan_name=plan.name,
        organisation_name=plan.organisation.name,
        notes=period.notes,
        previous_period_id=previous.pk if previous else None,
        strategy_themes=[t.name for t in themes if t.parent_id is None],
        delivery_themes=[(d.name, d.lead_display) for d in delivery_themes],
        rows=rows,
    )


# The action's columns a dashboard row shows, in ``_basis``'s order.
_ACTION_COLUMNS = (
    "id",
    "ref",
    "kind",
    "title",
    "text",
    "text_plain",
    "theme_id",
    "delivery_theme_id",
    "target",
    "success_measure",
    "impact",
    "reports_through__ref",
)
# This quarter's update's columns a row shows.
_UPDATE_COLUMNS = ("status", "progress", "reason", "mitigation", "note")
_IMPACTS = {i.value: i for i in Impact}


def _root(theme: Theme, theme_by_id: dict[int, Theme]) -> Theme:
    node = theme
    seen = {node.pk}
    while node.parent_id is not None and node.parent_id not in seen:
        node = theme_by_id[node.parent_id]
        seen.add(node.pk)
    return node


def plans_visible(*, user, words: str = "") -> list[Plan]:
    """The plans this reader may read, by organisation then name (one query); with ``words``,
    only those whose plan or organisation name holds every word typed, in any case."""
    plans = Plan.objects.select_related("organisation").order_by("organisation__name", "name")
    for word in query_words(words):
        plans = plans.filter(Q(name__icontains=word) | Q(organisation__name__icontains=word))
    # Only the plans of organisations this reader may read (a private organisation's plans are
    # its own people's); no query: the organisation comes with the plan, memberships are cached.
    return [plan for plan in plans if user.has_perm(Permission.VIEW_ORGANISATION, plan)]


def plan_overviews(*, user, plans: list[Plan] | None = None) -> list[PlanOverview]:
    """``plans`` (by default every plan this reader may read) with the latest period this user
    may read and its off-track count, in a fixed number of queries however many plans there
    are (and however many quarters each has: only the latest periods' frozen dashboards are
    read)."""
    if plans is None:
        plans = plans_visible(user=user)
    plan_ids = [plan.pk for plan in plans]
    latest: dict[int, ReportingPeriod] = {}
    periods = (
        ReportingPeriod.objects.filter(plan_id__in=plan_ids)
        .defer("snapshot")
        .select_related("plan__organisation")
        .order_by("year", "quarter")
    )
    for period in periods:
        if user.has_perm(Permission.VIEW_PERIOD, period):
            latest[period.plan_id] = period
    # The frozen dashboards of the latest periods that are published, and no others.
    snapshots = dict(
        ReportingPeriod.objects.filter(
            pk__in=[p.pk for p in latest.values() if p.is_published]
        ).values_list("pk", "snapshot")
    )
    # Priority actions retired, merged or superseded as of each plan's latest period are not
    # counted in it, as on its dashboard.
    changes = ActionStateChange.objects.filter(
        action__plan_id__in=plan_ids,
        action__kind=Action.Kind.PRIORITY,
        kind__in=ActionStateChange.LEAVING,
    ).select_related("period")
    leaving: dict[int, int] = {}  # action id -> plan id
    for change in changes:
        period = latest.get(change.period.plan_id)
        if period is not None and (change.period.year, change.period.quarter) <= (
            period.year,
            period.quarter,
        ):
            leaving[change.action_id] = change.period.plan_id
    totals = dict(
        Action.objects.filter(plan_id__in=plan_ids, kind=Action.Kind.PRIORITY)
        .exclude(pk__in=list(leaving))
        .values("plan_id")
        .annotate(n=Count("id"))
        .values_list("plan_id", "n")
    )
    # Per period: (updates of priority actions, of which off track); one query for both.
    reported = {
        period_id: (n, risky)
        for period_id, n, risky in ActionUpdate.objects.filter(
            period_id__in=[p.pk for p in latest.values()],
            action__kind=Action.Kind.PRIORITY,
        )
        .exclude(action_id__in=list(leaving))
        .values("period_id")
        .annotate(
            n=Count("id"),
            risky=Count("id", filter=Q(status__in=[s.value for s in AT_RISK_STATUSES])),
        )
        .values_list("period_id", "n", "risky")
    }
    overviews = []
    for plan in plans:
        period = latest.get(plan.pk)
        if period is not None and period.is_published and snapshots.get(period.pk):
            # A published quarter's figures are the frozen ones, like its dashboard's.
            basis = basis_from_snapshot(snapshots[period.pk])
            total, risky = priority_off_track(basis)
            missing = sum(
                1
                for r in basis.rows
                if r.kind == Action.Kind.PRIORITY and r.status == Status.NOT_REPORTED
            )
        else:
            total = totals.get(plan.pk, 0)
            n, risky = reported.get(period.pk, (0, 0)) if period else (0, 0)
            missing = total - n if period else 0
        overviews.append(PlanOverview(plan, period, total, risky, missing))
    return overviews


def actions_search(*, plan: Plan, words: str) -> list[ActionMatch]:
    """The plan's actions matching what was typed (``dashboards.search``: a ref named exactly
    finds that action alone; otherwise every word must be found in the title, the action's
    words, its delivery theme or that theme's lead), in natural ref order. Two queries whatever
    the plan's size; nothing typed finds nothing."""
    ref, terms = query_ref(words), query_words(words)
    if ref is None and not terms:
        return []
    themes = {t.pk: t for t in Theme.objects.filter(plan=plan)}  # 1
    actions = list(
        Action.objects.filter(plan=plan).select_related("delivery_theme").order_by("ref_sort", "id")
    )  # 2, in natural ref order
    named = [a for a in actions if ref is not None and a.ref.casefold() == ref]
    found: list[ActionMatch] = []
    for action in named or actions:
        delivery = action.delivery_theme
        lead = delivery.lead_display if delivery else None
        if not named:
            haystack = " ".join(
                [action.title, narrative_plain_text(action.text)]
                + ([delivery.name, lead or ""] if delivery else [])
            ).casefold()
            if not words_match(terms, haystack):
                continue
        found.append(
            ActionMatch(
                action_id=action.pk,
                ref=action.ref,
                kind=action.kind,
                title=action.title,
                text=action.text,
                strategy_theme=_root(themes[action.theme_id], themes).name,
                delivery_theme=delivery.name if delivery else None,
                delivery_theme_lead=lead,
            )
        )
    return found


def status_trend(
    *, plan: Plan, periods: list[ReportingPeriod]
) -> list[tuple[ReportingPeriod, StatusSummary]]:
    """The priority actions' counts by status in each of ``periods`` (those the reader may see,
    oldest first), each from that period's own dashboard, so they are the dashboard page's.

    A published period's dashboard is assembled from its snapshot exactly as
    ``dashboard_for_period`` does, without a query: the periods carry their snapshots, and what
    that function reads besides (lifecycle changes, notes) changes no count. Any other period
    (open, or published without a snapshot) is ``dashboard_for_period`` itself, six queries
    each: a plan has one open quarter at a time, so the total does not grow with its history.
    """
    trend: list[tuple[ReportingPeriod, StatusSummary]] = []
    for period in periods:
        if period.is_published and period.snapshot:
            basis = basis_from_snapshot(period.snapshot)
            data = dashboard_assemble(
                plan=plan,
                period=period,
                previous=next((p for p in periods if p.pk == basis.previous_period_id), None),
                periods=periods,
                basis=basis,
                frozen=True,
            )
        else:
            data = dashboard_for_period(plan=plan, period=period)
        trend.append((period, data.priority))
    return trend
