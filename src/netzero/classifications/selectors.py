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
