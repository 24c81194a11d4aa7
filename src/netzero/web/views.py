from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from netzero.core.forms import add_service_errors
from netzero.core.permissions import Permission
from netzero.core.public_pages import mark_public, public_page
from netzero.core.visibility import require_visible
from netzero.dashboards.delivery import member_deliveries
from netzero.dashboards.presenters import plan_entries
from netzero.dashboards.search import query_text
from netzero.dashboards.selectors import plan_overviews, plans_visible
from netzero.footprints.presenters import partnership_table
from netzero.footprints.selectors import (
    footprint_organisation_get,
    footprint_organisations,
    organisation_has_members,
    partnership_overview,
)
from netzero.organisations.forms import OrganisationDetailsForm
from netzero.organisations.services import organisation_details_update
from netzero.territorial.selectors import area_has_statistics, featured_areas
from netzero.web.presenters import (
    footprint_listing,
    link,
    page_navigation,
    readable,
    setup_checklist,
    visible_to,
)
from netzero.web.selectors import organisation_plans, organisation_setup, organisations_of
from netzero.workflow.presenters import work_sections
from netzero.workflow.selectors import plans_managed, work_for_person

# The home page lists this many plans a page: a national service holds hundreds.
PLANS_PER_PAGE = 20


def _same_for_the_public(request: HttpRequest, *, page=None) -> bool:
    """Whether this answer is the same for every member of the public, so ``public_page`` may
    store it: only at the addresses the pages' own links make (no query, or a real page number
    of the home page's plans), never a search, so made-up queries cannot fill the cache."""
    if request.user.is_authenticated:
        return False
    asked = dict(request.GET.lists())
    if not asked:
        return True
    return page is not None and asked == {"page": [str(page.number)]} and page.number > 1


@public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """For a signed-in person, their work first (what is due this quarter, what was returned to
    them, what awaits their approval); then the plans (those whose plan or organisation name
    holds the words searched for, a page at a time) with their latest period and, one click
    away, that period's off-track actions. The public's pages (published quarters only) are
    served from the cache until a record they show changes."""
    query = query_text(request.GET.get("q"))
    page = Paginator(plans_visible(user=request.user, words=query), PLANS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    plans = plan_entries(plan_overviews(user=request.user, plans=list(page)), user=request.user)
    work = work_sections(
        work_for_person(user=request.user), manages=plans_managed(user=request.user)
    )
    footprints = footprint_listing(
        visible_to(request.user, footprint_organisations(words=query)), searched=bool(query)
    )
    response = render(
        request,
        "web/home.html",
        {
            "work": work,
            "your_organisations": organisations_of(user=request.user),
            "query": query,
            "plans": plans,
            "plan_pages": page_navigation(page, params={"q": query}, noun="plans"),
            "footprint_organisations": footprints.organisations,
            "footprint_members_note": footprints.members_note,
            "areas": featured_areas(),
            "demo_organisations": [e.overview.plan.organisation for e in plans]
            + footprints.organisations,
        },
    )
    return mark_public(response) if _same_for_the_public(request, page=page) else response


@public_page
@require_safe
def partnership(request: HttpRequest, org_slug: str) -> HttpResponse:
    """A partnership (an ICS): its members' footprints side by side, and the actions each member
    delivers in the partnership's plans with their latest status."""
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    years, rows = partnership_overview(partnership=organisation)
    # A member whose pages are not public is left out for readers outside it (its figures too,
    # so the added-up rows do not give them away).
    rows = [row for row in rows if readable(request.user, row.organisation)]
    page = partnership_table(partnership=organisation, years=years, rows=rows)
    if not page.has_members:
        raise Http404("This organisation has no members.")
    response = render(
        request,
        "web/partnership.html",
        {
            "organisation": organisation,
            "years": page.years,
            "table": page.table,
            "rollup": page.rollup,
            "chart": page.chart,
            "members": [
                m
                for m in member_deliveries(partnership=organisation, user=request.user)
                if readable(request.user, m.organisation)
            ],
        },
    )
    return mark_public(response) if _same_for_the_public(request) else response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the app can query its database, 503 when it cannot."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@public_page
@require_safe
def organisation(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's home: what it is, its plans with their latest quarter, its footprint,
    indicators and area-wide emissions; for its managers, the first-run checklist."""
    organisation = footprint_organisation_get(slug=org_slug)
    require_visible(request.user, organisation)
    manages = request.user.has_perm(Permission.MANAGE_PLAN, organisation)
    administrator = request.user.has_perm(Permission.MANAGE_PEOPLE, organisation)
    code = organisation.local_authority_code
    response = render(
        request,
        "web/organisation.html",
        {
            "organisation": organisation,
            "plans": organisation_plans(organisation=organisation, user=request.user),
            "has_members": organisation_has_members(organisation=organisation),
            "area_code": code if area_has_statistics(code=code) else "",
            "checklist": (
                setup_checklist(
                    organisation=organisation,
                    state=organisation_setup(organisation=organisation),
                    administrator=administrator,
                )
                if manages
                else None
            ),
            "can_manage_periods": manages,
            "is_administrator": administrator,
            "people_url": link("access:people", org_slug=organisation.slug),
            "new_plan_url": link("plans:new", org_slug=organisation.slug) if manages else None,
        },
    )
    return mark_public(response) if _same_for_the_public(request) else response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def organisation_details(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Its administrator keeps the organisation's kind, codes, open data licence and whether its
    pages are public (its name is changed by the operator)."""
    organisation = footprint_organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PEOPLE, organisation):
        raise PermissionDenied
    form = OrganisationDetailsForm(
        request.POST if request.method == "POST" else None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation_details_update(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{organisation.name}'s details are saved.")
            return redirect("web:organisation", org_slug=organisation.slug)
    code = organisation.local_authority_code
    return render(
        request,
        "web/organisation_details.html",
        {
            "organisation": organisation,
            "form": form,
            "statistics_missing": bool(code) and not area_has_statistics(code=code),
        },
    )
