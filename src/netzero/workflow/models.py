"""The record of a period's lifecycle: opened, published, reopened (with the reason), and any
change an operator made at the command line to a submitted or approved update (with the reason)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from netzero.reporting.models import ReportingPeriod


class PeriodEvent(models.Model):
    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        PUBLISHED = "published", "Published"
        REOPENED = "reopened", "Reopened"
        REMINDED = "reminded", "Reminders sent"
        CHANGED_BY_OPERATOR = "operator_change", "Changed by an operator"
        PRESENTED = "presented", "Meeting recorded"

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(
        null=True, blank=True, help_text="For a publication: the dashboard as published then."
    )

    class Meta:
        ordering = ["period", "at", "id"]

    def __str__(self) -> str:
        return f"{self.period} {self.get_kind_display().lower()}"


class PendingReturn(models.Model):
    """An uploaded quarterly return between its preview and the person's choice (save as drafts
    or submit). Kept in the database, not on one server's disk, so whichever app server answers
    the choice finds it. Deleted once saved; one left behind is deleted after a day
    (``returns.PENDING_FOR``), when the next return is uploaded."""

    name = models.CharField(max_length=32, unique=True, help_text="Random; in the signed token.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    content = models.BinaryField(help_text="The uploaded workbook's bytes.")
    kept_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["kept_at", "id"]

    def __str__(self) -> str:
        return f"Return uploaded for {self.period} (waiting for a choice)"
