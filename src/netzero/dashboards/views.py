"""Dashboard and action pages. Thin: they fetch, call the selectors and hand over to templates."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from netzero.core.narrative import render_narrative
from netzero.dashboards.forms import DashboardFilterForm
from netzero.dashboards.links import off_track_url
from netzero.dashboards.selectors import dashboard_for_period, tables_filtered
from netzero.dashboards.summary import (
    at_risk_by_theme,
    at_risk_intro,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.plans.models import Action, Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.presenters import change_text, impact_label, status_tag
from netzero.reporting.selectors import (
    action_history,
    period_get,
    periods_for_plan,
    visible_periods,
)
from netzero.reporting.status import STATUS_INFO, STATUSES_BEST_FIRST, Status
from netzero.workflow.selectors import action_timeline


def _plan(slug: str) -> Plan:
    return get_object_or_404(Plan.objects.select_related("organisation"), slug=slug)


class _SignInFirst(Exception):
    pass


def visible_period(request: HttpRequest, plan: Plan, period_slug: str) -> ReportingPeriod:
    """The plan's period if this reader may see it. Published periods are public; an open one
    (drafts) only for the organisation's people: others are asked to sign in, or get a 404."""
    try:
        period = period_get(plan=plan, name=period_slug)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    if not request.user.has_perm("netzero.view_period", period):
        if not request.user.is_authenticated:
            raise _SignInFirst
        raise Http404("No such period.")
    return period


def _sign_in_first(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_safe
def plan_latest(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _plan(plan_slug)
    periods = visible_periods(user=request.user, periods=periods_for_plan(plan=plan))
    if not periods:
        raise Http404("This plan has no reporting periods you can see yet.")
    return redirect("dashboards:dashboard", plan_slug=plan.slug, period_slug=periods[-1].slug)


@require_safe
@_sign_in_first
def period_switch(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The period switcher's form target (works without JavaScript)."""
    plan = _plan(plan_slug)
    period = visible_period(request, plan, request.GET.get("period", ""))
    return redirect("dashboards:dashboard", plan_slug=plan.slug, period_slug=period.slug)


@require_safe
@_sign_in_first
def dashboard(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    plan = _plan(plan_slug)
    period = visible_period(request, plan, period_slug)
    data = dashboard_for_period(plan=plan, period=period)
    form = DashboardFilterForm(request.GET or None, dashboard=data)
    row_filter = form.row_filter()
    priority_tables = tables_filtered(data.priority_tables, row_filter)
    long_list_tables = tables_filtered(data.long_list_tables, row_filter)
    shown = sum(len(t.rows) for t in priority_tables + long_list_tables)
    show_not_reported = data.priority.counts[Status.NOT_REPORTED] > 0
    statuses = [s for s in STATUSES_BEST_FIRST if show_not_reported or STATUS_INFO[s].reported]
    context = {
        "plan": plan,
        "dashboard": data,
        "visible_periods": visible_periods(user=request.user, periods=data.periods),
        "can_edit": request.user.has_perm("netzero.view_drafts", plan) and period.is_open,
        "can_manage": request.user.has_perm("netzero.manage_periods", plan),
        "statuses": statuses,
        "strategy_rows": [
            (t.theme, [t.counts[s] for s in statuses]) for t in data.by_strategy_theme
        ],
        "delivery_rows": [
            (t.theme, t.lead, [t.counts[s] for s in statuses]) for t in data.by_delivery_theme
        ],
        "total_counts": [data.priority.counts[s] for s in statuses],
        "status_key": [(status_tag(s), STATUS_INFO[s].definition) for s in STATUSES_BEST_FIRST],
        "summary": priority_paragraphs(data),
        "at_risk_intro": at_risk_intro(data),
        "at_risk_by_theme": at_risk_by_theme(data),
        "long_list_summary": long_list_paragraphs(data),
        "form": form,
        "filtered": row_filter.active,
        "priority_tables": priority_tables,
        "long_list_tables": long_list_tables,
        "shown": shown,
        "total_actions": len(data.rows),
        "off_track_url": off_track_url(plan_slug=plan.slug, period_slug=period.slug),
    }
    return render(request, "dashboards/dashboard.html", context)


@require_safe
def action_detail(request: HttpRequest, plan_slug: str, ref: str) -> HttpResponse:
    plan = _plan(plan_slug)
    action = get_object_or_404(
        Action.objects.select_related("theme", "delivery_theme", "reports_through"),
        plan=plan,
        ref=ref,
    )
    include_open = request.user.has_perm("netzero.view_drafts", plan)
    history = [
        {
            "period": entry.period,
            "tag": status_tag(entry.status),
            "change": change_text(entry.change, entry.previous_status),
            "update": entry.update,
            "progress": render_narrative(entry.update.progress) if entry.update else "",
        }
        for entry in reversed(action_history(action=action, include_open=include_open))
    ]
    context = {
        "plan": plan,
        "action": action,
        "text": render_narrative(action.text),
        "impact": impact_label(action.impact),
        "reported_by": list(action.reported_by.order_by("position")),
        "history": history,
        "timeline": action_timeline(action=action, include_open=include_open),
    }
    return render(request, "dashboards/action_detail.html", context)
