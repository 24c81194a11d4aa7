"""Reporting periods and the quarterly update each action gets in each period."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.core.fields import NarrativeField, PlainTextCharField, PlainTextField
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
    # The meeting the quarter's dashboard was presented to: a fact about the meeting, not a
    # figure, so it may be recorded or corrected after publication (each change is kept in the
    # period's history and as a period event). Printed in the committee report's header.
    presented_to = PlainTextCharField(
        max_length=300,
        blank=True,
        help_text="The committee or board the quarter's report went to.",
    )
    presented_on = models.DateField(null=True, blank=True, help_text="The date of that meeting.")
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
    def presented(self) -> bool:
        """Whether the meeting it was presented to is recorded (its body or its date)."""
        return bool(self.presented_to or self.presented_on)

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


class ActionStateChange(models.Model):
    """An action completed, retired, merged into another or superseded by another, from a period
    on. The change holds in that period and every later one, until the action's next change.

    A retired, merged or superseded action leaves the dashboard's counts from its period on and
    stays in earlier ones; its updates and page stay. A completed action is still counted.
    """

    class Kind(models.TextChoices):
        COMPLETED = "completed", "Completed"
        RETIRED = "retired", "Retired"
        MERGED = "merged", "Merged into"
        SUPERSEDED = "superseded", "Superseded by"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="state_changes")
    period = models.ForeignKey(
        ReportingPeriod,
        # Deleting a period must not silently undo the changes recorded from it (a whole plan's
        # deletion still takes both).
        on_delete=models.RESTRICT,
        related_name="state_changes",
        help_text="The first period the change holds in.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    other = models.ForeignKey(
        Action,
        # Not deleted on its own while named here; deleted with its plan (RESTRICT, not PROTECT).
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="absorbed_changes",
        help_text="The action this one was merged into or superseded by.",
    )
    reason = PlainTextField(
        blank=True, help_text="Why, in words readers will see on the dashboard (required)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    # Kinds that take the action out of the counts from their period on.
    LEAVING = frozenset({Kind.RETIRED, Kind.MERGED, Kind.SUPERSEDED})
    NEEDS_OTHER = frozenset({Kind.MERGED, Kind.SUPERSEDED})

    class Meta:
        ordering = ["action", "period__year", "period__quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period"],
                name="one_state_change_per_action_period",
                violation_error_message="This action already has a change in this period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.get_kind_display().lower()} from {self.period}"

    @property
    def leaves_counts(self) -> bool:
        return self.kind in self.LEAVING

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.reason or "").strip():
            errors["reason"] = "Give the reason: readers see it on the dashboard."
        if self.action_id and self.period_id and self.action.plan_id != self.period.plan_id:
            errors["period"] = "The period belongs to another plan."
        if self.kind in self.NEEDS_OTHER:
            if self.other_id is None:
                errors["other"] = (
                    f"Name the action it is {self.Kind(self.kind).label.lower()} (same plan)."
                )
            elif self.other_id == self.action_id:
                errors["other"] = "An action cannot be merged into or superseded by itself."
            elif self.action_id and self.other.plan_id != self.action.plan_id:
                errors["other"] = "The other action belongs to another plan."
        elif self.other_id is not None:
            errors["other"] = "Only a merged or superseded action names another action."
        if errors:
            raise ValidationError(errors)


class PlanNote(models.Model):
    """A note shown on one part of a plan's dashboards from a period on, with where it comes
    from: for example the printed words saying the long list was revised."""

    class Section(models.TextChoices):
        PRIORITY = "priority", "Priority actions summary"
        LONG_LIST = "long_list", "Long-list summary"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(max_length=20, choices=Section.choices)
    from_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.RESTRICT,
        related_name="+",
        help_text="Shown on the dashboards of this period and every later one.",
    )
    text = PlainTextField(blank=True, help_text="The words, as printed when quoted (required).")
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the words are printed, when quoted."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "from_period__year", "from_period__quarter", "id"]

    def __str__(self) -> str:
        return f"{self.get_section_display()} note from {self.from_period}"

    def clean(self) -> None:
        if not (self.text or "").strip():
            raise ValidationError({"text": "Write the note."})
        if self.plan_id and self.from_period_id and self.from_period.plan_id != self.plan_id:
            raise ValidationError({"from_period": "The period belongs to another plan."})
