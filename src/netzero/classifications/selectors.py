"""Reads for classification schemes."""

from __future__ import annotations

from netzero.classifications.matrix import ClassificationMatrix, matrix_build
from netzero.classifications.models import ActionCategory, Category, ReportedCount
from netzero.plans.models import Delivery, Plan


def classification_matrix(*, plan: Plan) -> ClassificationMatrix:
    """Every classification scheme of ``plan`` with its categories' reported and live counts,
    in all and per delivering organisation (five queries, whatever the plan's size)."""
    schemes = list(plan.classification_schemes.order_by("position", "id"))
    categories = list(
        Category.objects.filter(scheme__plan=plan).order_by("scheme", "position", "id")
    )
    reported = list(
        ReportedCount.objects.filter(category__scheme__plan=plan).select_related("organisation")
    )
    links = ActionCategory.objects.filter(category__scheme__plan=plan, action__plan=plan)
    classified = list(links.values_list("action_id", "category_id"))
    deliveries = [
        (d.action_id, d.organisation)
        for d in Delivery.objects.filter(action__in=links.values("action_id")).select_related(
            "organisation"
        )
    ]
    return matrix_build(
        plan=plan,
        schemes=schemes,
        categories=categories,
        reported=reported,
        classified=classified,
        deliveries=deliveries,
    )


def action_classifications(*, plan: Plan) -> dict[int, list[str]]:
    """Each classified action of ``plan`` with its categories, as "Scheme: Module / Summary"
    (one query)."""
    found: dict[int, list[str]] = {}
    for ac in (
        ActionCategory.objects.filter(action__plan=plan)
        .select_related("category__scheme", "category__parent")
        .order_by("category__scheme__name", "category__position", "category_id")
    ):
        category = ac.category
        path = f"{category.parent.name} / {category.name}" if category.parent else category.name
        found.setdefault(ac.action_id, []).append(f"{category.scheme.name}: {path}")
    return found
