"""Writes for organisations, plans, themes and actions. Keyword-only, validated, atomic."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from netzero.core.exceptions import Refused, RowsRefused
from netzero.core.narrative import narrative_to_markdown
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation
from netzero.plans.impact import Impact
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme


@transaction.atomic
def organisation_create(
    *, name: str, slug: str, kind: str = Organisation.Kind.OTHER, **details: object
) -> Organisation:
    """A new organisation; ``details`` are its other fields (codes, is_public, is_demo...)."""
    organisation = Organisation(name=name, slug=slug, kind=kind, **details)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def plan_create(*, organisation: Organisation, name: str, slug: str, description: str = "") -> Plan:
    plan = Plan(organisation=organisation, name=name, slug=slug, description=description)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def theme_create(
    *,
    plan: Plan,
    name: str,
    parent: Theme | None = None,
    description: str = "",
    vision: str = "",
    benefits: str = "",
    risks: str = "",
    position: int | None = None,
) -> Theme:
    if position is None:
        position = plan.themes.count() + 1
    theme = Theme(
        plan=plan,
        name=name,
        parent=parent,
        description=description,
        vision=vision,
        benefits=benefits,
        risks=risks,
        position=position,
    )
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def delivery_theme_create(
    *, plan: Plan, name: str, lead_name: str = "", position: int | None = None
) -> DeliveryTheme:
    if position is None:
        position = plan.delivery_themes.count() + 1
    lead = "" if lead_name.strip().upper() == "TBC" else lead_name.strip()
    delivery_theme = DeliveryTheme(plan=plan, name=name, lead_name=lead, position=position)
    delivery_theme.full_clean()
    delivery_theme.save()
    return delivery_theme


@transaction.atomic
def action_create(
    *,
    plan: Plan,
    ref: str,
    text: str,
    theme: Theme,
    kind: str = Action.Kind.PRIORITY,
    title: str = "",
    delivery_theme: DeliveryTheme | None = None,
    target: str = "",
    success_measure: str = "",
    impact: str = "",
    reports_through: Action | None = None,
    role: str = "",
    position: int | None = None,
) -> Action:
    ref = ref.strip()
    if not ref:
        raise ValidationError({"ref": "An action needs a ref."}, code="required")
    if Action.objects.filter(plan=plan, ref__iexact=ref).exists():
        raise ValidationError(
            {"ref": f"Ref {ref} is already used by another action in {plan.name}."},
            code="duplicate_ref",
        )
    if impact and impact not in Impact.values:
        impact = _impact_from_text(impact)
    if position is None:
        position = plan.actions.filter(kind=kind).count() + 1
    action = Action(
        plan=plan,
        ref=ref,
        kind=kind,
        title=title,
        text=text,
        theme=theme,
        delivery_theme=delivery_theme,
        target=target,
        success_measure=success_measure,
        impact=impact,
        reports_through=reports_through,
        role=role,
        position=position,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def delivery_add(
    *,
    action: Action,
    organisation: Organisation,
    role: str = Delivery.Role.PARTNER,
    note: str = "",
) -> Delivery:
    """Record that ``organisation`` delivers ``action`` (as its lead or a partner).

    Refused (ValidationError, see ``Delivery.clean``) if the organisation already delivers it,
    if the action already has a lead and this would be a second, or if the organisation is
    neither the plan's owner nor a member of the owner's partnership.
    """
    delivery = Delivery(action=action, organisation=organisation, role=role, note=note)
    delivery.full_clean()
    delivery.save()
    return delivery


def _in_words(field: str, message: str) -> str:
    """Django's "This field cannot be blank." as "Enter the action's text." """
    if message.startswith("This field cannot be"):
        return f"Enter the action's {Action._meta.get_field(field).verbose_name}."
    return message


def _impact_from_text(text: str) -> str:
    for impact in Impact:
        if text.strip().casefold() in {impact.value, impact.label.casefold()}:
            return impact.value
    allowed = ", ".join(Impact.labels)
    raise ValidationError({"impact": f"Unknown impact {text!r}. Use one of: {allowed}."})


# The plan's set-up from its pages: each checks that the acting user may set up the plan
# (Permission.MANAGE_PLAN: the organisation's programme managers and administrator). The
# functions above, without a user, are the loaders' and commands'.


def _require_manage(user: Any, obj: Organisation | Plan) -> None:
    if not user.has_perm(Permission.MANAGE_PLAN, obj):
        raise PermissionDenied("Only the organisation's programme managers set up its plans.")


@transaction.atomic
def plan_set_up(
    *,
    user: Any,
    organisation: Organisation,
    name: str,
    slug: str | None = None,
    description: str = "",
) -> Plan:
    """A new plan of ``organisation``; its web address is ``slug``, or made from its name.

    Addresses are unique across the site. One made from the name that another organisation's
    plan already has gets the organisation's own address added ("climate-plan-example-district-
    council"), so same-named plans of different bodies live side by side and nothing says the
    other exists; refused only if this organisation has a plan there already, or a ``slug``
    given is taken.
    """
    _require_manage(user, organisation)
    name = name.strip()
    if not name:
        raise Refused({"name": "Enter the plan's name."}, code="required")
    field = "slug" if slug else "name"
    given = bool(slug)
    slug = slugify(slug or name)[:100].strip("-")
    if not slug:
        raise Refused({field: "The name needs some letters or numbers for its web address."})
    taken = Plan.objects.filter(slug=slug).first()
    if taken is not None and taken.organisation_id != organisation.pk and not given:
        slug = f"{slug}-{organisation.slug}"[:100].strip("-")
        taken = Plan.objects.filter(slug=slug).first()
    if taken is not None:
        mine = taken.organisation_id == organisation.pk
        raise Refused(
            {
                field: (
                    f"{organisation.name} already has a plan at /plans/{slug}/ ({taken.name}). "
                    if mine
                    else f"The web address /plans/{slug}/ is taken. "
                )
                + "Give this plan a name that tells it apart, such as its years."
            },
            code="duplicate_slug",
        )
    return plan_create(organisation=organisation, name=name, slug=slug, description=description)


def _theme_name_free(plan: Plan, name: str, model: type, kept: Any, what: str) -> None:
    taken = model.objects.filter(plan=plan, name__iexact=name)
    if kept is not None:
        taken = taken.exclude(pk=kept.pk)
    if taken.exists():
        raise Refused(
            {"name": f"{plan.name} already has a {what} called {name!r}."}, code="duplicate_name"
        )


def _own(record: Any, plan: Plan, what: str) -> None:
    if record is not None and record.plan_id != plan.pk:
        raise Refused(f"The {what} belongs to another plan.", code="other_plan")


@transaction.atomic
def theme_save(
    *,
    user: Any,
    plan: Plan,
    theme: Theme | None = None,
    name: str,
    parent: Theme | None = None,
    description: str = "",
    vision: str = "",
    benefits: str = "",
    risks: str = "",
) -> Theme:
    """Add a theme to the plan (``theme`` None) or change one. Its parent must be one of the
    plan's themes, and not the theme itself nor one beneath it."""
    _require_manage(user, plan)
    _own(theme, plan, "theme")
    name = name.strip()
    if not name:
        raise Refused({"name": "Enter the theme's name."}, code="required")
    _theme_name_free(plan, name, Theme, theme, "theme")
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise Refused({"parent": "The parent theme belongs to another plan."})
        node: Theme | None = parent
        while theme is not None and node is not None:
            if node.pk == theme.pk:
                raise Refused(
                    {
                        "parent": f"{parent.name} sits beneath {theme.name}, so it cannot "
                        "also be above it."
                        if parent.pk != theme.pk
                        else "A theme cannot sit beneath itself."
                    },
                    code="cycle",
                )
            node = node.parent
    if theme is None:
        return theme_create(
            plan=plan,
            name=name,
            parent=parent,
            description=description,
            vision=vision,
            benefits=benefits,
            risks=risks,
            # Numbered among its siblings, as the plan's page prints them (1, 2, 3 for the top
            # themes however many sit beneath them).
            position=plan.themes.filter(parent=parent).count() + 1,
        )
    theme.name, theme.parent, theme.description = name, parent, description
    theme.vision, theme.benefits, theme.risks = vision, benefits, risks
    theme.full_clean()
    theme.save()
    return theme


def _refs(actions: Any) -> str:
    return ", ".join(
        f"Ref {ref}" for ref in actions.order_by("ref_sort").values_list("ref", flat=True)
    )


@transaction.atomic
def theme_delete(*, user: Any, theme: Theme) -> None:
    """Remove a theme; refused while actions or other themes sit beneath it, naming them."""
    _require_manage(user, theme.plan)
    problems = []
    if theme.actions.exists():
        problems.append(f"{_refs(theme.actions)} use it: move them to another theme first.")
    children = list(theme.children.order_by("position", "id").values_list("name", flat=True))
    if children:
        problems.append(f"{', '.join(children)} sit beneath it: move or remove them first.")
    if problems:
        raise Refused([f"{theme.name} cannot be removed. " + " ".join(problems)], code="in_use")
    theme.delete()


@transaction.atomic
def delivery_theme_save(
    *,
    user: Any,
    plan: Plan,
    delivery_theme: DeliveryTheme | None = None,
    name: str,
    lead_name: str = "",
) -> DeliveryTheme:
    """Add a delivery theme with its lead to the plan, or change one ("TBC" is no lead yet)."""
    _require_manage(user, plan)
    _own(delivery_theme, plan, "delivery theme")
    name = name.strip()
    if not name:
        raise Refused({"name": "Enter the delivery theme's name."}, code="required")
    _theme_name_free(plan, name, DeliveryTheme, delivery_theme, "delivery theme")
    if delivery_theme is None:
        return delivery_theme_create(plan=plan, name=name, lead_name=lead_name)
    delivery_theme.name = name
    delivery_theme.lead_name = "" if lead_name.strip().upper() == "TBC" else lead_name.strip()
    delivery_theme.full_clean()
    delivery_theme.save()
    return delivery_theme


@transaction.atomic
def delivery_theme_delete(*, user: Any, delivery_theme: DeliveryTheme) -> None:
    """Remove a delivery theme; refused while actions are delivered under it, naming them."""
    _require_manage(user, delivery_theme.plan)
    if delivery_theme.actions.exists():
        raise Refused(
            [
                f"{delivery_theme.name} cannot be removed: {_refs(delivery_theme.actions)} are "
                "delivered under it. Give them another delivery theme first."
            ],
            code="in_use",
        )
    delivery_theme.delete()


ACTION_ROW_FIELDS = (
    "ref",
    "title",
    "text",
    "kind",
    "theme",
    "delivery_theme",
    "target",
    "success_measure",
    "impact",
)
_ATTNAMES = {"theme": "theme_id", "delivery_theme": "delivery_theme_id"}
_NUMBER = re.compile(r"^\d+$")


def ref_repeated_message(ref: str, *, first_row: int) -> str:
    """What a table of actions says of a ref it already has in ``first_row``."""
    return f"Ref {ref} is also in row {first_row}: give each action its own ref."


@transaction.atomic
def actions_save(*, user: Any, plan: Plan, rows: Sequence[Mapping[str, Any]]) -> list[Action]:
    """Save a table of the plan's actions, all or nothing.

    Each row holds some of ``ACTION_ROW_FIELDS`` (theme and delivery theme are the plan's own
    records; impact its value or label: "High"). A row whose ref the plan already has (in any
    case) changes that action; any other ref is a new action; a blank ref takes the next free
    number. If any row is bad, nothing is saved: ``RowsRefused`` carries each bad row's errors
    by field (rows counted from 0 in the order given).
    """
    _require_manage(user, plan)
    existing = {a.ref.casefold(): a for a in plan.actions.select_related("theme")}
    numbers = [int(r) for r in (a.ref for a in existing.values()) if _NUMBER.match(r)]
    numbers += [
        int(r) for r in (str(row.get("ref") or "").strip() for row in rows) if _NUMBER.match(r)
    ]
    next_number = max(numbers, default=0) + 1

    errors: dict[int, dict[str | None, list[str]]] = {}
    seen: dict[str, int] = {}
    prepared: list[tuple[Action, bool]] = []
    for index, row in enumerate(rows):
        ref = str(row.get("ref") or "").strip()
        if not ref:
            ref, next_number = str(next_number), next_number + 1
        row_errors: dict[str | None, list[str]] = {}
        if ref.casefold() in seen:
            message = ref_repeated_message(ref, first_row=seen[ref.casefold()] + 1)
            row_errors.setdefault("ref", []).append(message)
        else:
            seen[ref.casefold()] = index
        action = existing.get(ref.casefold()) or Action(plan=plan, ref=ref, position=0)
        before = {name: getattr(action, _ATTNAMES.get(name, name)) for name in ACTION_ROW_FIELDS}
        for name in ACTION_ROW_FIELDS:
            if name == "ref" or name not in row:
                continue
            value = row[name]
            if name == "text" and action.pk and _same_text(value, action.text):
                continue  # shown as typed text: what it was read from is kept
            if name == "impact":
                try:
                    value = _impact_from_text(value) if value else ""
                except ValidationError as exc:
                    row_errors.setdefault("impact", []).extend(exc.message_dict["impact"])
                    continue
            elif name in {"theme", "delivery_theme"}:
                value = value or None
            elif name == "kind":
                value = value or Action.Kind.PRIORITY
            else:
                value = "" if value is None else str(value)
            setattr(action, name, value)
        if action.theme_id is None and "theme" not in row_errors:
            row_errors.setdefault("theme", []).append("Choose the action's theme.")
        try:
            exclude = {"theme"} if action.theme_id is None else set()
            action.full_clean(exclude=exclude | {"position"}, validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                key = None if field == "__all__" else field
                row_errors.setdefault(key, []).extend(_in_words(field, m) for m in messages)
        if row_errors:
            errors[index] = row_errors
        changed = action.pk is None or any(
            getattr(action, _ATTNAMES.get(name, name)) != value for name, value in before.items()
        )
        prepared.append((action, changed))
    if errors:
        raise RowsRefused(errors)

    for action, changed in prepared:
        if action.pk is None:
            action.position = plan.actions.filter(kind=action.kind).count() + 1
        if changed:  # an unchanged row is not saved again (nor a history record made)
            action.save()
    return [action for action, _ in prepared]


def _same_text(new: Any, old: str) -> bool:
    return narrative_to_markdown(str(new or "")) == narrative_to_markdown(old)
