"""What each organisation delivers in a partnership's plans, with each action's status in the
latest quarter the reader may see, taken from that quarter's dashboard (so the two agree)."""

from __future__ import annotations

from dataclasses import dataclass

from netzero.dashboards.selectors import dashboard_for_period
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.presenters import Tag, status_tag
from netzero.reporting.selectors import periods_for_plan, visible_periods


@dataclass(frozen=True)
class DeliveredAction:
    action: Action
    role: str  # "Lead" or "Partner"
    period: ReportingPeriod | None  # the latest quarter the reader may see, if any
    tag: Tag | None  # the action's status there (None: no quarter to show)


@dataclass(frozen=True)
class MemberDelivery:
    organisation: Organisation
    actions: list[DeliveredAction]


def member_deliveries(*, partnership: Organisation, user) -> list[MemberDelivery]:
    """Each member of ``partnership`` (by name) with the actions it delivers in the partnership's
    own plans, each with its status in the latest quarter ``user`` may read."""
    members = list(partnership.members.order_by("name"))
    deliveries = list(
        # In the partnership's plans (a member's own plans are its own business).
        Delivery.objects.filter(organisation__in=members, action__plan__organisation=partnership)
        .select_related("action__plan")
        .order_by("action__plan__name", "action__ref_sort", "action_id")
    )
    statuses: dict[int, tuple[ReportingPeriod, Tag]] = {}
    for plan in {d.action.plan for d in deliveries}:
        periods = visible_periods(user=user, periods=periods_for_plan(plan=plan))
        if not periods:
            continue
        dashboard = dashboard_for_period(plan=plan, period=periods[-1])
        for row in dashboard.rows:
            statuses[row.action_id] = (periods[-1], status_tag(row.status))
    by_member: dict[int, list[DeliveredAction]] = {m.pk: [] for m in members}
    for d in deliveries:
        period, tag = statuses.get(d.action_id, (None, None))
        by_member[d.organisation_id].append(
            DeliveredAction(action=d.action, role=d.get_role_display(), period=period, tag=tag)
        )
    return [MemberDelivery(organisation=m, actions=by_member[m.pk]) for m in members]
