"""Writes for reporting periods. Keyword-only, validated, atomic.

An action's update is written only by the workflow (``netzero.workflow.services``): pages,
``netzero update`` and loaders alike."""

from __future__ import annotations

from django.db import transaction

from netzero.core.exceptions import Refused
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.periods import parse_quarter


@transaction.atomic
def period_create(*, plan: Plan, name: str, notes: str = "") -> ReportingPeriod:
    quarter = parse_quarter(name)
    if ReportingPeriod.objects.filter(
        plan=plan, year=quarter.year, quarter=quarter.quarter
    ).exists():
        raise Refused(
            f"{plan.name} already has the period {quarter.name}.", code="duplicate_period"
        )
    period = ReportingPeriod(plan=plan, year=quarter.year, quarter=quarter.quarter, notes=notes)
    period.full_clean()
    period.save()
    return period
