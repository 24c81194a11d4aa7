"""Links into the dashboard that several pages share."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from netzero.reporting.status import AT_RISK_STATUSES, STATUSES_BEST_FIRST


def off_track_url(*, plan_slug: str, period_slug: str) -> str:
    """The dashboard filtered to the period's off-track actions (Review or Action)."""
    url = reverse(
        "dashboards:dashboard", kwargs={"plan_slug": plan_slug, "period_slug": period_slug}
    )
    statuses = [s.value for s in STATUSES_BEST_FIRST if s in AT_RISK_STATUSES]
    return f"{url}?{urlencode([('status', s) for s in statuses])}#actions"
