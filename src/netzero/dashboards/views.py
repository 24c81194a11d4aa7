"""Dashboard and action pages. Thin: they fetch through selectors, hand the results to
presenters and those to templates."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from netzero.core.permissions import Permission
from netzero.core.public_pages import mark_public, public_page
from netzero.core.visibility import require_visible
from netzero.dashboards.access import sign_in_first, visible_period
from netzero.dashboards.calculation import tables_filtered
from netzero.dashboards.charts import status_trend_spec
from netzero.dashboards.forms import DashboardFilterForm, PeriodSwitchForm
from netzero.dashboards.links import off_track_url
from netzero.dashboards.presenters import (
    action_page,
    not_counted_lines,
    overview,
    row_views,
    search_results,
    status_key,
    table_views,
    trend_table,
)
from netzero.dashboards.search import query_text
from netzero.dashboards.selectors import actions_search, dashboard_for_period, status_trend
from netzero.dashboards.summary import (
    at_risk_by_theme,
    at_risk_intro,
    long_list_paragraphs,
    priority_paragraphs,
)
from netzero.plans.selectors import (
    action_deliveries,
    action_get_exact,
    actions_reporting_through,
    plan_get,
)
from netzero.reporting.selectors import (
    action_history,
    action_state_changes,
    periods_for_plan,
    visible_periods,
)
from netzero.workflow.selectors import action_timeline


def _plan(request: HttpRequest, plan_slug: str):
    """The plan at the address, if this reader may read its organisation's pages (NotFound,
    the 404 page, for an organisation that is not public to anyone outside it)."""
    plan = plan_get(slug=plan_slug)
    require_visible(request.user, plan)
    return plan


def _first_quarter_url(request: HttpRequest, plan, periods) -> str:
    """Where the plan's managers open its first quarter, while it has none ("" otherwise)."""
    if periods or not request.user.has_perm(Permission.MANAGE_PERIODS, plan):
        return ""
    return reverse("workflow:period_new", kwargs={"plan_slug": plan.slug})


@require_safe
def plan_latest(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _plan(request, plan_slug)
    every = periods_for_plan(plan=plan, snapshots=False)
    periods = visible_periods(user=request.user, periods=every)
    if not periods:  # no quarter this reader may see yet: a page saying so, and what is next
        return render(
            request,
            "dashboards/plan_empty.html",
            {"plan": plan, "first_quarter_url": _first_quarter_url(request, plan, every)},
        )
    return redirect("dashboards:dashboard", plan_slug=plan.slug, period_slug=periods[-1].slug)


@require_safe
@sign_in_first
def period_switch(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The period switcher's form target (works without JavaScript)."""
    plan = _plan(request, plan_slug)
    period = visible_period(request, plan, request.GET.get("period", ""))
    return redirect("dashboards:dashboard", plan_slug=plan.slug, period_slug=period.slug)


@require_safe
@sign_in_first
@public_page
def dashboard(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """A period's dashboard; a published period's, as the public sees it, is stored and served
    from the cache until something it shows changes (``netzero.core.public_pages``)."""
    plan = _plan(request, plan_slug)
    period = visible_period(request, plan, period_slug)
    data = dashboard_for_period(plan=plan, period=period)
    form = DashboardFilterForm(request.GET or None, dashboard=data)
    row_filter = form.row_filter()
    priority_tables = tables_filtered(data.priority_tables, row_filter)
    long_list_tables = tables_filtered(data.long_list_tables, row_filter)
    context = {
        "plan": plan,
        "dashboard": data,
        "period_form": PeriodSwitchForm(
            periods=visible_periods(user=request.user, periods=data.periods), current=period
        ),
        "can_edit": request.user.has_perm(Permission.VIEW_DRAFTS, plan) and period.is_open,
        "can_manage": request.user.has_perm(Permission.MANAGE_PERIODS, plan),
        "overview": overview(data),
        "status_key": status_key(),
        "summary": priority_paragraphs(data),
        "at_risk_intro": at_risk_intro(data),
        "at_risk_by_theme": [
            (theme, row_views(rows, plan_slug=plan.slug)) for theme, rows in at_risk_by_theme(data)
        ],
        "long_list_summary": long_list_paragraphs(data),
        "long_list_notes": data.long_list_notes,
        "priority_not_counted": not_counted_lines(data.priority_not_counted),
        "long_list_not_counted": not_counted_lines(data.long_list_not_counted),
        "long_list_action_items": row_views(data.long_list_action_items, plan_slug=plan.slug),
        "form": form,
        "filtered": row_filter.active,
        "priority_tables": table_views(priority_tables, plan_slug=plan.slug),
        "long_list_tables": table_views(long_list_tables, plan_slug=plan.slug, long_list=True),
        "shown": sum(len(t.rows) for t in priority_tables + long_list_tables),
        "total_actions": len(data.rows),
        "off_track_url": off_track_url(plan_slug=plan.slug, period_slug=period.slug),
    }
    response = render(request, "dashboards/dashboard.html", context)
    return mark_public(response) if period.is_published else response


@require_safe
def action_detail(request: HttpRequest, plan_slug: str, ref: str) -> HttpResponse:
    plan = _plan(request, plan_slug)
    action = action_get_exact(plan=plan, ref=ref)
    include_open = request.user.has_perm(Permission.VIEW_DRAFTS, plan)
    context = {
        "plan": plan,
        "action": action,
        "page": action_page(
            action=action,
            reported_by=actions_reporting_through(action=action),
            history=action_history(action=action, include_open=include_open),
            state_changes=action_state_changes(action=action),
        ),
        "timeline": action_timeline(action=action, include_open=include_open, reader=request.user),
        "deliveries": action_deliveries(action=action),
        "financial_years": action.financial_years_label,
    }
    return render(request, "dashboards/action_detail.html", context)


@require_safe
def search(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """Search the plan's actions by ref, words or lead (a GET form: works without JavaScript).
    Each action's status is its row in the latest quarter this reader may see."""
    plan = _plan(request, plan_slug)
    query = query_text(request.GET.get("q"))
    periods = visible_periods(user=request.user, periods=periods_for_plan(plan=plan))
    latest = dashboard_for_period(plan=plan, period=periods[-1]) if periods else None
    context = {
        "plan": plan,
        "results": search_results(
            query=query, matches=actions_search(plan=plan, words=query), dashboard=latest
        ),
    }
    return render(request, "dashboards/search.html", context)


@require_safe
def trend(request: HttpRequest, plan_slug: str) -> HttpResponse:
    """The priority actions' counts by status in each quarter this reader may see: a chart and
    its table, each quarter's counts from its own dashboard."""
    plan = _plan(request, plan_slug)
    every = periods_for_plan(plan=plan)
    periods = visible_periods(user=request.user, periods=every)
    table = trend_table(status_trend(plan=plan, periods=periods))
    context = {
        "plan": plan,
        "first_quarter_url": "" if periods else _first_quarter_url(request, plan, every),
        "table": table,
        "chart": status_trend_spec(table) if table.rows else None,
    }
    return render(request, "dashboards/trend.html", context)
