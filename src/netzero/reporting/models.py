"""Reporting periods and the quarterly update each action gets in each period."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from netzero.core.fields import NarrativeField
from netzero.plans.models import Action, Plan
from netzero.reporting.periods import Quarter
from netzero.reporting.status import Status


class ReportingPeriod(models.Model):
    """One UK financial-year quarter of one plan ("2022-23 Q3")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    year = models.PositiveSmallIntegerField(
        help_text="Calendar year the financial year starts in: 2022 for 2022-23."
    )
    quarter = models.PositiveSmallIntegerField(choices=[(q, f"Q{q}") for q in range(1, 5)])
    notes = models.TextField(
        blank=True,
        help_text="Shown on the dashboard: data gaps and caveats readers should know about.",
    )

    class Meta:
        ordering = ["plan", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "quarter"], name="period_unique_in_plan"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def as_quarter(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def name(self) -> str:
        return self.as_quarter.name

    @property
    def slug(self) -> str:
        return self.as_quarter.slug

    @property
    def start(self) -> date:
        return self.as_quarter.start

    @property
    def end(self) -> date:
        return self.as_quarter.end

    def clean(self) -> None:
        if self.year is not None and self.quarter is not None:
            Quarter(self.year, self.quarter)  # raises ValidationError when out of range


class ActionUpdate(models.Model):
    """One action's status and narrative in one period. Change since last period is derived."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=Status.choices)
    progress = NarrativeField(blank=True, help_text="Summary of progress. Paragraphs and lists.")
    reason = models.TextField(blank=True, help_text="Why the status is Review or Action.")
    mitigation = models.TextField(blank=True)
    note = models.TextField(
        blank=True,
        help_text="Where this record comes from, when it is not the lead's own words "
        "(for example, a status taken from a published summary).",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_updates",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period", "action"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period"], name="one_update_per_action_period"
            ),
        ]
        indexes = [models.Index(fields=["period", "action"])]

    def __str__(self) -> str:
        return f"{self.action} in {self.period}"

    def clean(self) -> None:
        if self.action_id and self.period_id and self.action.plan_id != self.period.plan_id:
            raise ValidationError({"period": "The period belongs to another plan."})
        if self.status and self.status not in Status.values:
            raise ValidationError({"status": f"Unknown status {self.status!r}."})
