"""Indicators: the measurable commitments of an organisation or a plan ("six training sessions
a year", "90% of the fleet by 2028"), with their goals and the values observed.

An indicator belongs to an organisation or to one of its plans, never both. Its trajectory and
on/off-track verdict use the same arithmetic as footprint targets
(``netzero.footprints.trajectory``), either way round: lower is better or higher is better.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.core.fields import PlainTextCharField, PlainTextField
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan

DIGITS = {"max_digits": 20, "decimal_places": 4}


class Indicator(models.Model):
    class Direction(models.TextChoices):
        DOWN = "down", "Down is good"
        UP = "up", "Up is good"

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="The organisation whose indicator it is (or leave blank and choose a plan).",
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        help_text="The plan whose indicator it is (or leave blank and choose an organisation).",
    )
    name = PlainTextCharField(max_length=300)
    unit = PlainTextCharField(
        max_length=100,
        blank=True,
        help_text='What one value counts: "sessions a year", "%", "kWh a year". Blank where the '
        "plan states none.",
    )
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.DOWN)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_value = models.DecimalField(**DIGITS, null=True, blank=True)
    description = PlainTextField(blank=True)
    source = PlainTextField(blank=True, help_text="Where the indicator is stated.")
    position = models.PositiveIntegerField(default=0)
    actions = models.ManyToManyField(
        Action,
        blank=True,
        related_name="indicators",
        help_text="The actions it measures: the plan's own, or the organisation's plans'.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, plan__isnull=True)
                    | models.Q(organisation__isnull=True, plan__isnull=False)
                ),
                name="indicator_one_owner",
                violation_error_message="An indicator belongs to an organisation or to a plan, "
                "not both and not neither.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner(self) -> Organisation | Plan | None:
        return self.plan if self.plan_id else self.organisation

    @property
    def owner_organisation_id(self) -> int | None:
        return self.plan.organisation_id if self.plan_id else self.organisation_id

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (self.organisation_id is None) == (self.plan_id is None):
            errors["plan"] = (
                "Choose the organisation or the plan the indicator belongs to, not both."
                if self.plan_id
                else "Choose the organisation or the plan the indicator belongs to."
            )
        if (self.baseline_year is None) != (self.baseline_value is None):
            errors["baseline_value" if self.baseline_value is None else "baseline_year"] = (
                "Give the baseline's year and value together, or neither."
            )
        if errors:
            raise ValidationError(errors)

    def action_refusal(self, action: Action) -> str:
        """Why ``action`` cannot be measured by this indicator ("" when it can)."""
        if self.plan_id is not None and action.plan_id != self.plan_id:
            return f"Ref {action.ref} belongs to {action.plan.name}, not to {self.plan.name}."
        if self.organisation_id is not None and action.plan.organisation_id != self.organisation_id:
            return (
                f"Ref {action.ref} belongs to {action.plan.name}, which is not a plan of "
                f"{self.organisation.name}."
            )
        return ""


class IndicatorGoal(models.Model):
    """A value to reach by a year, as printed ("by March 2024")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="goals")
    value = models.DecimalField(**DIGITS)
    year = models.PositiveSmallIntegerField(help_text="The year by which.")
    label = PlainTextCharField(
        max_length=100, blank=True, help_text='When, as printed: "by March 2024".'
    )
    source = PlainTextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "id"]

    def __str__(self) -> str:
        return f"{self.value} by {self.label or self.year}"


class IndicatorValue(models.Model):
    """A value observed, for a year and the period as printed ("2022-23 Q3")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField()
    period_label = PlainTextCharField(
        max_length=40, blank=True, help_text='The period as printed: "2022-23 Q3".'
    )
    value = models.DecimalField(**DIGITS)
    source = PlainTextField(blank=True)
    note = PlainTextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "period_label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "period_label"],
                name="indicator_value_once_per_period",
                violation_error_message="The indicator already has a value for this period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.period_label or self.year})"
