"""Reporting periods and the quarterly update each action gets in each period."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.core.fields import NarrativeField, PlainTextField
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

    class State(models.TextChoices):
        OPEN = "open", "Open for updates"
        PUBLISHED = "published", "Published"

    notes = PlainTextField(
        blank=True,
        help_text="Shown on the dashboard: data gaps and caveats readers should know about.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="The dashboard as approved when the period was published: what it shows forever.",
    )
    history = HistoricalRecords(excluded_fields=["snapshot"])

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
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

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
    reason = PlainTextField(blank=True, help_text="Why the status is Review or Action.")
    mitigation = PlainTextField(blank=True)
    note = models.TextField(
        blank=True,
        help_text="Where this record comes from, when it is not the lead's own words "
        "(for example, a status taken from a published summary).",
    )

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned for changes"
        APPROVED = "approved", "Approved"

    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    review_comment = PlainTextField(
        blank=True, help_text="The programme manager's comment when returning an update."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_updates",
    )
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised on every save; refuses lost updates."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

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
