"""Writes for committee reports. Keyword-only, validated, atomic."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from netzero.core.exceptions import Refused
from netzero.core.narrative import plain_text
from netzero.core.permissions import Permission
from netzero.reporting.models import ReportingPeriod
from netzero.reports.models import HEADER_FIELDS, TEXT_FIELDS, ReportDetails

EDITABLE_FIELDS = frozenset(HEADER_FIELDS) | frozenset(TEXT_FIELDS)


def report_details_update(
    *, period: ReportingPeriod, user: AbstractBaseUser | None, **values: Any
) -> ReportDetails:
    """Write the report's header and sections for ``period``. Only the plan's programme managers
    may, and only while the period is open: a published period's report is frozen with it."""
    if user is None or not user.has_perm(Permission.MANAGE_PERIODS, period.plan):
        raise PermissionDenied("Only the plan's programme managers may write its reports.")
    unknown = set(values) - EDITABLE_FIELDS
    if unknown:
        raise Refused(f"Not a report field: {', '.join(sorted(unknown))}.", code="unknown_field")
    with transaction.atomic():
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if period.is_published:
            raise Refused(
                f"{period.name} is published: its report is frozen with it. Reopen the period "
                "to change the report.",
                code="period_published",
            )
        details = ReportDetails.objects.filter(period=period).first() or ReportDetails(
            period=period
        )
        for name, value in values.items():
            setattr(details, name, plain_text(value))
        details.updated_by = user if user.is_authenticated else None
        try:
            details.full_clean()
        except ValidationError as error:
            raise Refused(error.message_dict, code="invalid") from error
        details.save()
        return details
