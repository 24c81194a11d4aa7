"""The plan's pages: its objectives (or strategy themes) and every action's timescale, role and
delivering organisations, public like the action pages (the plan as adopted, no drafts), for
everyone who may read the organisation's pages; and the plan's set-up (its themes, delivery
themes and actions) for the organisation's programme managers and administrator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from netzero.core.exceptions import NotFound, RowsRefused, error_messages
from netzero.core.forms import add_service_errors
from netzero.core.permissions import Permission
from netzero.organisations.selectors import organisation_get
from netzero.plans.charts import timeline_chart_spec, timeline_rows
from netzero.plans.forms import (
    ROW_FIELDS,
    TARGET_HELP,
    ActionRowForm,
    ActionRowFormSet,
    DeliveryThemeForm,
    PlanNewForm,
    ThemeForm,
)
from netzero.plans.models import Plan
from netzero.plans.selectors import (
    delivery_theme_get,
    plan_actions_for_table,
    plan_delivery_themes,
    plan_get,
    plan_outline,
    plan_set_up_counts,
    plan_theme_tree,
    theme_get,
)
from netzero.plans.services import (
    actions_save,
    delivery_theme_delete,
    delivery_theme_save,
    plan_set_up,
    theme_delete,
    theme_save,
)


def _readable_plan(request: HttpRequest, plan_slug: str) -> Plan:
    """The plan, if this reader may read its organisation's pages; otherwise as if there were
    none (an organisation whose pages are not public shows nothing to outsiders)."""
    plan = plan_get(slug=plan_slug)
    if not request.user.has_perm(Permission.VIEW_ORGANISATION, plan):
        raise NotFound(f"No plan with slug {plan_slug!r}.", code="unknown_plan")
    return plan


@require_safe
def plan_outline_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _readable_plan(request, plan_slug)
    outline = plan_outline(plan=plan)
    context = {
        "plan": outline.plan,
        "outline": outline,
        "gaps": outline.gaps(),
        "can_set_up": request.user.has_perm(Permission.MANAGE_PLAN, plan),
        "is_empty": not outline.actions(),
    }
    return render(request, "plans/plan_outline.html", context)


@require_safe
def plan_timeline_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Each action from the first to the last financial year of its timescale (the Green Plan's
    Figure 7), as a chart and as a table."""
    plan = _readable_plan(request, plan_slug)
    rows, undated = timeline_rows(plan_outline(plan=plan))
    spec = timeline_chart_spec(title=f"{plan.name}: timeline of actions", rows=rows)
    context = {"plan": plan, "rows": rows, "undated": undated, "chart": spec if rows else None}
    return render(request, "plans/plan_timeline.html", context)


# Set-up pages: the organisation's programme managers and administrator (MANAGE_PLAN).


def _managed_plan(request: HttpRequest, plan_slug: str) -> Plan:
    plan = plan_get(slug=plan_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, plan):
        raise PermissionDenied("Only the organisation's programme managers set up its plans.")
    return plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied("Only the organisation's programme managers set up its plans.")
    form = PlanNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_set_up(user=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{plan.name} is set up. Next, add its themes.")
            return redirect("plans:setup", plan_slug=plan.slug)
    return render(request, "plans/plan_new.html", {"organisation": organisation, "form": form})


@require_safe
@login_required
def plan_setup(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    context = {"plan": plan, "counts": plan_set_up_counts(plan=plan)}
    return render(request, "plans/setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_setup_themes(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    rows = plan_theme_tree(plan=plan)
    here = reverse("plans:setup_themes", kwargs={"plan_slug": plan.slug})
    if request.method == "POST" and "remove" in request.POST:
        theme = theme_get(plan=plan, pk=request.POST["remove"])
        return _remove(
            request, here, theme.name, lambda: theme_delete(user=request.user, theme=theme)
        )

    change = request.POST.get("theme") or request.GET.get("change")
    editing = theme_get(plan=plan, pk=change) if change else None
    if request.method == "POST":
        form = ThemeForm(request.POST, rows=rows, editing=editing)
        if form.is_valid():
            data = form.cleaned_data
            try:
                theme = theme_save(
                    user=request.user,
                    plan=plan,
                    theme=editing,
                    name=data["name"],
                    parent=data["parent"],
                    description=data["description"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                done = "changed" if editing else "added"
                messages.success(request, f"{theme.name} is {done}.")
                return redirect(here)
    elif editing is not None:
        initial = {
            "theme": editing.pk,
            "name": editing.name,
            "parent": editing.parent_id,
            "description": editing.description,
        }
        form = ThemeForm(initial=initial, rows=rows, editing=editing)
    else:
        form = ThemeForm(rows=rows)
    return _themes_page(request, plan, rows, form, editing=editing)


def _remove(request: HttpRequest, here: str, name: str, delete) -> HttpResponse:
    """Remove a theme or delivery theme through ``delete`` (the service), then back to ``here``
    with what happened: removed, or the service's reason it is not."""
    try:
        delete()
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    else:
        messages.success(request, f"{name} is removed.")
    return redirect(here)


def _themes_page(request, plan, rows, form, *, editing) -> HttpResponse:
    context = {"plan": plan, "rows": rows, "form": form, "editing": editing}
    return render(request, "plans/setup_themes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_setup_delivery_themes(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    here = reverse("plans:setup_delivery_themes", kwargs={"plan_slug": plan.slug})
    if request.method == "POST" and "remove" in request.POST:
        delivery_theme = delivery_theme_get(plan=plan, pk=request.POST["remove"])
        return _remove(
            request,
            here,
            delivery_theme.name,
            lambda: delivery_theme_delete(user=request.user, delivery_theme=delivery_theme),
        )

    change = request.POST.get("delivery_theme") or request.GET.get("change")
    editing = delivery_theme_get(plan=plan, pk=change) if change else None
    if request.method == "POST":
        form = DeliveryThemeForm(request.POST)
        if form.is_valid():
            try:
                delivery_theme = delivery_theme_save(
                    user=request.user,
                    plan=plan,
                    delivery_theme=editing,
                    name=form.cleaned_data["name"],
                    lead_name=form.cleaned_data["lead_name"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                done = "changed" if editing else "added"
                messages.success(request, f"{delivery_theme.name} is {done}.")
                return redirect(here)
    elif editing is not None:
        initial = {
            "delivery_theme": editing.pk,
            "name": editing.name,
            "lead_name": editing.lead_name,
        }
        form = DeliveryThemeForm(initial=initial)
    else:
        form = DeliveryThemeForm()
    return _delivery_themes_page(request, plan, form, editing=editing)


def _delivery_themes_page(request, plan, form, *, editing) -> HttpResponse:
    context = {
        "plan": plan,
        "delivery_themes": plan_delivery_themes(plan=plan),
        "form": form,
        "editing": editing,
    }
    return render(request, "plans/setup_delivery_themes.html", context)


PREFIX = "actions"
ROWS_ADDED = 5


@login_required
@require_http_methods(["GET", "POST"])
def plan_setup_actions(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The plan's actions as one table: change any row, type new ones into the blank rows
    ("Add another 5 rows" for more), and save them all or none."""
    plan = _managed_plan(request, plan_slug)
    options = {
        "rows": plan_theme_tree(plan=plan),
        "delivery_themes": plan_delivery_themes(plan=plan),
    }
    if request.method == "GET":
        actions = plan_actions_for_table(plan=plan)
        formset = _unbound(
            [ActionRowForm.initial_from(a) for a in actions], blank=3 if actions else 5, **options
        )
        return _actions_page(request, plan, formset, options)

    formset = ActionRowFormSet(request.POST, prefix=PREFIX, form_kwargs=options)
    if "add_rows" in request.POST:
        typed = [
            {name: form[name].value() for name in ROW_FIELDS}
            for form in formset.forms
            if any(form[name].value() not in (None, "") for name in ("ref", "text", "theme"))
        ]
        blank = len(formset.forms) - len(typed) + ROWS_ADDED
        return _actions_page(request, plan, _unbound(typed, blank=blank, **options), options)

    if formset.is_valid():
        indexed = [
            (i, form.cleaned_data) for i, form in enumerate(formset.forms) if form.cleaned_data
        ]
        try:
            saved = actions_save(user=request.user, plan=plan, rows=[row for _, row in indexed])
        except RowsRefused as exc:
            for index, errors in exc.rows.items():
                form = formset.forms[indexed[index][0]]
                for field, field_errors in errors.items():
                    for error in field_errors:
                        form.add_error(field if field in form.fields else None, error)
        except ValidationError as exc:
            add_service_errors(formset.forms[0], exc)
        else:
            messages.success(request, f"Saved {len(saved)} action{'s' if len(saved) != 1 else ''}.")
            return redirect("plans:setup_actions", plan_slug=plan.slug)
    return _actions_page(request, plan, formset, options, status=200)


def _unbound(initial: list[dict], *, blank: int, **options):
    formset = ActionRowFormSet(initial=initial, prefix=PREFIX, form_kwargs=options)
    formset.extra = blank
    return formset


def _actions_page(request, plan, formset, options, status: int = 200) -> HttpResponse:
    errors = [
        (forloop, form)
        for forloop, form in enumerate(formset.forms, start=1)
        if form.is_bound and form.errors
    ]
    context = {
        "plan": plan,
        "formset": formset,
        "row_errors": errors,
        "has_themes": bool(options["rows"]),
        "target_help": TARGET_HELP,
    }
    return render(request, "plans/setup_actions.html", context, status=status)
