"""Classification schemes a plan sorts its actions by, such as the NHS's Sustainable Development
Assessment Tool (SDAT): a scheme's categories on two levels (a module, then the action summaries
beneath it), the actions classified under them, and counts a source reports per category where
it gives counts rather than actions (the ICS Green Plan's Figure 6).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.core.fields import PlainTextCharField, PlainTextField
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan


class ClassificationScheme(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="classification_schemes")
    name = PlainTextCharField(max_length=200)
    description = PlainTextField(blank=True, help_text="What the scheme is and who made it.")
    source = PlainTextCharField(
        max_length=500,
        blank=True,
        help_text="Where the scheme and its reported counts come from, for example the section "
        "and figure of a printed plan.",
    )
    top_level_name = PlainTextCharField(
        max_length=100, default="Category", help_text='What the top level is called: "Module".'
    )
    second_level_name = PlainTextCharField(
        max_length=100,
        default="Subcategory",
        help_text='What the level beneath it is called: "Action summary".',
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="classification_scheme_name_unique_in_plan",
                violation_error_message="The plan already has a classification scheme of this "
                "name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A category of a scheme: a top-level one (an SDAT module) or one beneath it (an action
    summary). Two levels, no more."""

    scheme = models.ForeignKey(
        ClassificationScheme, on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.RESTRICT, null=True, blank=True, related_name="children"
    )
    name = PlainTextCharField(max_length=200)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["scheme", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"],
                name="category_name_unique_in_scheme",
                violation_error_message="The scheme already has a category of this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def plan(self) -> Plan:
        """The scheme's plan (the permission rules find the organisation through it)."""
        return self.scheme.plan

    @property
    def level_name(self) -> str:
        scheme = self.scheme
        return scheme.top_level_name if self.parent_id is None else scheme.second_level_name

    def clean(self) -> None:
        if self.parent_id is None or not self.scheme_id:
            return
        parent = self.parent
        if parent.scheme_id != self.scheme_id:
            raise ValidationError({"parent": "A category's parent must belong to the same scheme."})
        if parent.parent_id is not None:
            raise ValidationError(
                {
                    "parent": f"{parent.name} is itself beneath {parent.parent.name}: a scheme "
                    "has two levels, so choose a top-level category."
                }
            )
        if self.pk is not None and (parent.pk == self.pk or self.children.exists()):
            raise ValidationError(
                {"parent": f"{self.name} has categories beneath it, so it stays at the top level."}
            )


class ActionCategory(models.Model):
    """An action classified under a category. An action may carry several."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="classifications")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="classified")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "classified action"
        ordering = ["category", "action"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "category"],
                name="action_classified_once_per_category",
                violation_error_message="The action is already classified under this category.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} under {self.category}"

    @property
    def plan(self) -> Plan:
        return self.category.scheme.plan

    def clean(self) -> None:
        if not (self.action_id and self.category_id):
            return
        scheme = self.category.scheme
        if self.action.plan_id != scheme.plan_id:
            message = (
                f"{self.action} belongs to {self.action.plan.name}, not to {scheme.plan.name}: "
                f"only that plan's actions can be classified under {scheme.name}."
            )
            raise ValidationError({"action": ValidationError(message, code="another_plan")})


class ReportedCount(models.Model):
    """A count a source reports for a category, for one organisation or (organisation left
    empty) for all organisations together, as the source gives it."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="reported")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_counts",
        help_text="Leave empty where the source gives one count for all organisations together.",
    )
    count = models.PositiveIntegerField()
    source = PlainTextCharField(
        max_length=500, help_text="Where the count is printed: document, section, figure."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "organisation"],
                name="reported_count_once_per_organisation",
                violation_error_message="A count is already recorded for this category and "
                "organisation.",
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(organisation__isnull=True),
                name="reported_count_once_for_all_organisations",
                violation_error_message="A count for all organisations together is already "
                "recorded for this category.",
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0),
                name="reported_count_not_negative",
                violation_error_message="A reported count cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        who = self.organisation.name if self.organisation_id else "all organisations"
        return f"{self.category}: {self.count} ({who})"

    @property
    def plan(self) -> Plan:
        return self.category.scheme.plan

    def clean(self) -> None:
        if not (self.category_id and self.organisation_id):
            return
        owner = self.category.scheme.plan.organisation
        organisation = self.organisation
        if organisation.pk != owner.pk and organisation.partnership_id != owner.pk:
            message = (
                f"{organisation.name} is not {owner.name} nor one of its partners, so no count "
                "can be recorded for it in this plan."
            )
            raise ValidationError({"organisation": ValidationError(message, code="not_a_partner")})
