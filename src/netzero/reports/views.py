"""The committee report's pages: its details for the programme manager, and the downloads
(report.docx, report.pdf, dashboard.xlsx/.csv/.json) for whoever may read the period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from netzero.core.forms import add_service_errors
from netzero.core.permissions import Permission
from netzero.core.public_pages import mark_public, public_page
from netzero.core.visibility import require_visible
from netzero.dashboards.access import period_named, sign_in_first, visible_period
from netzero.plans.selectors import plan_get
from netzero.reports.appendices import appendices_for
from netzero.reports.forms import ReportDetailsForm
from netzero.reports.render import report_file
from netzero.reports.selectors import report_details_for_period
from netzero.reports.services import report_details_update


@require_safe
@sign_in_first
@public_page
def download(request: HttpRequest, plan_slug: str, period_slug: str, fmt: str) -> HttpResponse:
    """A file of the period: the same rules as its dashboard page (published periods are open
    data; an open period's drafts only for the organisation's people). A published period's
    file, as the public downloads it, is stored and served from the cache until something it
    shows changes (``netzero.core.public_pages``; each choice of appendices apart)."""
    plan = plan_get(slug=plan_slug)
    require_visible(request.user, plan)  # a private organisation's files: the 404 outside it
    period = visible_period(request, plan, period_slug)
    # Named as the downloads box names them; an unknown name is refused (a 400 naming it).
    names = request.GET.getlist("appendix") if fmt in ("docx", "pdf") else []
    file = report_file(
        plan=plan,
        period=period,
        format=fmt,
        appendices=appendices_for(plan=plan, period=period, names=names),
    )
    response = HttpResponse(file.content, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    if not period.is_published:
        response["Cache-Control"] = "private, no-store"
        return response
    if request.META.get("QUERY_STRING", "") != _query_as_the_form_sends(names):
        return response  # served, not stored: only the form's own addresses are stored
    return mark_public(response)


def _query_as_the_form_sends(names: list[str]) -> str:
    """The downloads form's query for ``names`` ("appendix=footprint&appendix=indicators";
    none for the data files): the one address stored per choice, so the addresses stored for a
    file stay few however its query is written."""
    return urlencode([("appendix", name) for name in dict.fromkeys(names)])


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def details(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """The report's header block and sections, written while the period is open."""
    plan = plan_get(slug=plan_slug)
    period = period_named(plan, period_slug)
    if not request.user.has_perm(Permission.MANAGE_PERIODS, plan):
        raise PermissionDenied
    form = ReportDetailsForm(
        request.POST if request.method == "POST" else None,
        instance=report_details_for_period(period=period),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report_details_update(period=period, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"The report for {period.name} is saved.")
            return redirect("reports:details", plan_slug=plan.slug, period_slug=period.slug)
    return render(
        request,
        "reports/details.html",
        {"plan": plan, "period": period, "form": form, "frozen": period.is_published},
    )
