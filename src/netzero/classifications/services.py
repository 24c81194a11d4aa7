"""Writes for classification schemes, their categories, classified actions and reported counts.
Keyword-only, validated (``full_clean``), atomic."""

from __future__ import annotations

from django.db import transaction

from netzero.classifications.models import (
    ActionCategory,
    Category,
    ClassificationScheme,
    ReportedCount,
)
from netzero.core.exceptions import Refused
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Plan


@transaction.atomic
def scheme_create(
    *,
    plan: Plan,
    name: str,
    top_level_name: str,
    second_level_name: str,
    description: str = "",
    source: str = "",
    position: int | None = None,
) -> ClassificationScheme:
    if ClassificationScheme.objects.filter(plan=plan, name__iexact=name.strip()).exists():
        raise Refused(
            {"name": f"{plan.name} already has a classification scheme called {name.strip()!r}."},
            code="duplicate_scheme",
        )
    if position is None:
        position = plan.classification_schemes.count() + 1
    scheme = ClassificationScheme(
        plan=plan,
        name=name,
        description=description,
        source=source,
        top_level_name=top_level_name,
        second_level_name=second_level_name,
        position=position,
    )
    scheme.full_clean()
    scheme.save()
    return scheme


@transaction.atomic
def category_create(
    *,
    scheme: ClassificationScheme,
    name: str,
    parent: Category | None = None,
    position: int | None = None,
) -> Category:
    """A top-level category of ``scheme`` (a module) or, with ``parent``, one beneath it (an
    action summary)."""
    if Category.objects.filter(scheme=scheme, name__iexact=name.strip()).exists():
        raise Refused(
            {"name": f"{scheme.name} already has a category called {name.strip()!r}."},
            code="duplicate_category",
        )
    if position is None:
        position = scheme.categories.count() + 1
    category = Category(scheme=scheme, parent=parent, name=name, position=position)
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def action_classify(*, action: Action, category: Category) -> ActionCategory:
    """Classify ``action`` under ``category``; refused if the action belongs to another plan
    than the category's scheme, or is already classified under it."""
    if ActionCategory.objects.filter(action=action, category=category).exists():
        raise Refused(
            {"category": f"{action} is already classified under {category.name}."},
            code="duplicate_classification",
        )
    classified = ActionCategory(action=action, category=category)
    classified.full_clean()
    classified.save()
    return classified


@transaction.atomic
def reported_count_record(
    *,
    category: Category,
    count: int,
    source: str,
    organisation: Organisation | None = None,
) -> ReportedCount:
    """Record the count a source reports for ``category``: for ``organisation``, or (None) for
    all organisations together, as the source gives it. A second count for the same category
    and organisation is refused: correct the one recorded instead."""
    who = organisation.name if organisation is not None else "all organisations together"
    if count < 0:
        raise Refused(
            {"count": f"A reported count cannot be negative ({count} for {category.name})."},
            code="negative_count",
        )
    existing = ReportedCount.objects.filter(category=category, organisation=organisation).first()
    if existing is not None:
        raise Refused(
            {
                "count": f"{category.name} already has a reported count for {who} "
                f"({existing.count}, from {existing.source})."
            },
            code="duplicate_count",
        )
    reported = ReportedCount(
        category=category, organisation=organisation, count=count, source=source
    )
    reported.full_clean()
    reported.save()
    return reported
