"""A plan and what it is made of: themes, delivery themes and actions.

Everything is scoped to a plan (one organisation's strategy). The same tables hold a council's
Climate Change Strategy (strategy themes, delivery themes with leads, priority and long-list
actions) and an ICS Green Plan (visions with strategic objectives beneath them, interventions).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from netzero.core.fields import NarrativeField, NarrativeWordsField, PlainTextCharField
from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.targets import (
    TARGET_FORMS,
    financial_years,
    target_end_year,
    timescale_label,
)


class Plan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    name = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="Used in the plan's web addresses (/plans/<slug>/). It cannot change once a "
        "period is published: published pages and links use it.",
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_published_periods(self) -> bool:
        """Its slug is then fixed (netzero.workflow.guards refuses changing it)."""
        if self.pk is None:
            return False
        return self.periods.filter(state=self.periods.model.State.PUBLISHED).exists()


class Theme(models.Model):
    """A node in the plan's tree of themes: a strategy theme, or a vision and its objectives."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=500)
    description = models.TextField(blank=True, help_text="What the theme covers.")
    vision = models.TextField(blank=True, help_text="The vision this objective serves.")
    benefits = models.TextField(
        blank=True, help_text="What delivering it brings, as the plan states."
    )
    risks = models.TextField(blank=True, help_text="What could stop it, as the plan states.")
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="theme_name_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is not None:
            if self.parent.plan_id != self.plan_id:
                raise ValidationError({"parent": "A theme's parent must belong to the same plan."})
            node: Theme | None = self.parent
            while node is not None:
                if node.pk == self.pk:
                    raise ValidationError({"parent": "A theme cannot sit beneath itself."})
                node = node.parent


class DeliveryTheme(models.Model):
    """A delivery theme (Procurement, Fleet, ...) with the person who leads it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="delivery_themes")
    name = models.CharField(max_length=200)
    lead_name = PlainTextCharField(
        max_length=200, blank=True, help_text='The theme lead. Leave blank while "TBC".'
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"], name="delivery_theme_name_unique_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lead_display(self) -> str:
        return self.lead_name or "TBC"


_REF_PARTS = re.compile(r"(\d+)")


def ref_sort_key(ref: str, kind: str) -> str:
    """The ref's place in natural order, as text the database sorts: priority actions before
    the long list, then the ref's numbers read as numbers and its letters in any case, so
    1, 2, 10, 10.1, 10.2, 10.10, then LL1, LL2, LL10 (not 1, 10, 2 nor LL1 before 1)."""
    parts = _REF_PARTS.split((ref or "").strip().upper())
    key = "".join(part.zfill(8) if part.isdigit() else part for part in parts)
    return f"{0 if kind == Action.Kind.PRIORITY else 1}:{key}"


class Action(models.Model):
    class Kind(models.TextChoices):
        PRIORITY = "priority", "Priority action"
        LONG_LIST = "long_list", "Long-list action"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=20, help_text='As printed: "5", "LL15".')
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIORITY)
    title = PlainTextCharField(max_length=300, blank=True)
    text = NarrativeField(help_text="What will be done. Paragraphs and lists only.")
    # Its words without markup, kept with it on every save: the dashboard's tables print them.
    text_plain = NarrativeWordsField(source="text")
    theme = models.ForeignKey(Theme, on_delete=models.RESTRICT, related_name="actions")
    delivery_theme = models.ForeignKey(
        DeliveryTheme, on_delete=models.RESTRICT, null=True, blank=True, related_name="actions"
    )
    target = models.CharField(
        max_length=40,
        blank=True,
        help_text=f"The target date or timescale: {TARGET_FORMS}. Days are written day first.",
    )
    target_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The financial years the timescale covers, each named by the year it begins in.
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    role = PlainTextCharField(
        max_length=300,
        blank=True,
        help_text='Who delivers it, as the plan prints it: "[ICS HR Lead]", a named person. '
        'Roles in brackets, "NEW" posts and "TBC" are listed as gaps on the plan\'s page.',
    )
    success_measure = models.TextField(blank=True)
    impact = models.CharField(
        max_length=20,
        choices=Impact.choices,
        blank=True,
        help_text="Impact on net zero targets if not achieved.",
    )
    reports_through = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_by",
        help_text="Another action whose update covers this one (Ref 20 reports through Ref 16).",
    )
    position = models.PositiveIntegerField(default=0)
    ref_sort = models.CharField(
        max_length=200,
        editable=False,
        default="",
        help_text="The ref's natural order (plans.models.ref_sort_key), set on every save.",
    )
    history = HistoricalRecords(excluded_fields=["text_plain"])

    class Meta:
        ordering = ["plan", "ref_sort", "id"]
        constraints = [
            # "ll15" may not sit beside "LL15": people type refs in either case.
            models.UniqueConstraint(
                "plan",
                Lower("ref"),
                name="action_ref_unique_in_plan",
                violation_error_message="This ref is already used by another action in the plan.",
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "kind", "position"]),
            models.Index(fields=["plan", "ref_sort"], name="action_natural_ref_order"),
        ]

    def __str__(self) -> str:
        return f"Ref {self.ref}"

    def save(self, *args, **kwargs) -> None:
        self.target_year = target_end_year(self.target)
        self.start_year, self.end_year = financial_years(self.target) or (None, None)
        self.ref_sort = ref_sort_key(self.ref, self.kind)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            errors["theme"] = "The theme belongs to another plan."
        if self.delivery_theme_id and self.delivery_theme.plan_id != self.plan_id:
            errors["delivery_theme"] = "The delivery theme belongs to another plan."
        if self.reports_through_id:
            if self.reports_through_id == self.pk:
                errors["reports_through"] = "An action cannot report through itself."
            elif self.reports_through.plan_id != self.plan_id:
                errors["reports_through"] = "The action reported through belongs to another plan."
            elif self.pk and self.reported_by.exists():
                others = ", ".join(f"Ref {a.ref}" for a in self.reported_by.order_by("ref_sort"))
                errors["reports_through"] = (
                    f"{others} report through this action, so it must report for itself."
                )
            elif self.reports_through.reports_through_id is not None:
                errors["reports_through"] = (
                    f"Ref {self.reports_through.ref} itself reports through another action; "
                    "point to the action that reports."
                )
        try:
            target_end_year(self.target)
        except ValidationError as exc:
            errors["target"] = exc.messages[0]
        if errors:
            raise ValidationError(errors)

    @property
    def financial_years_label(self) -> str:
        """Its timescale in financial years ("2022/23 to 2025/26"), or "Not set"."""
        if self.start_year is None:
            return timescale_label(None)
        return timescale_label((self.start_year, self.end_year or self.start_year))


class Delivery(models.Model):
    """An organisation that delivers an action, and whether it leads or is a partner.

    In a partnership's plan (an ICS's Green Plan) a member trust's people may update the actions
    their organisation delivers; the plan's owner approves.
    """

    class Role(models.TextChoices):
        LEAD = "lead", "Lead"
        PARTNER = "partner", "Partner"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="deliveries")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="deliveries"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PARTNER)
    note = PlainTextCharField(
        max_length=300,
        blank=True,
        help_text="Where the plan says so, for example the words that name the organisation.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["action", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "organisation"],
                name="delivery_organisation_once_per_action",
                violation_error_message="This organisation already delivers the action.",
            ),
            models.UniqueConstraint(
                fields=["action"],
                condition=models.Q(role="lead"),
                name="delivery_one_lead_per_action",
                violation_error_message="The action already has a lead organisation.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display().lower()}) for {self.action}"

    def clean(self) -> None:
        """Only the plan's owner and the members of its partnership can be held to account in
        the plan; an action has one lead."""
        if not (self.action_id and self.organisation_id):
            return
        owner = self.action.plan.organisation
        organisation = self.organisation
        if organisation.pk != owner.pk and organisation.partnership_id != owner.pk:
            message = (
                f"{organisation.name} is not {owner.name} nor one of its partners, so it cannot "
                "deliver this plan's actions."
            )
            raise ValidationError({"organisation": ValidationError(message, code="not_a_partner")})
        if self.role == self.Role.LEAD:
            lead = (
                Delivery.objects.filter(action_id=self.action_id, role=self.Role.LEAD)
                .exclude(pk=self.pk)
                .select_related("organisation")
                .first()
            )
            if lead is not None:
                message = f"{lead.organisation.name} already leads {self.action}; it has one lead."
                raise ValidationError({"role": ValidationError(message, code="second_lead")})
