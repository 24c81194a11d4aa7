"""Footprint pages: read-only, public (footprints here come from published plans)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from netzero.footprints.charts import category_chart_spec, spec_to_svg
from netzero.footprints.forms import ActivityFileForm, ActivityRowForm
from netzero.footprints.imports import ActivityImportRefused, activity_import, read_rows
from netzero.footprints.models import Target
from netzero.footprints.selectors import footprint_summary, footprint_years, partnership_overview
from netzero.organisations.models import Organisation


def year_label(year: int) -> str:
    return f"{year}-{(year + 1) % 100:02d}"


@require_safe
def organisation_footprint_latest(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    years = footprint_years(organisation=organisation)
    if not years:
        if organisation.members.exists():
            return redirect("footprints:partnership", org_slug=organisation.slug)
        raise Http404("No footprint recorded for this organisation.")
    return redirect(
        "footprints:organisation", org_slug=organisation.slug, year=year_label(years[-1])
    )


@require_safe
def organisation_footprint(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.select_related("partnership"), slug=org_slug
    )
    years = footprint_years(organisation=organisation)
    wanted = next((y for y in years if year_label(y) == year), None)
    if wanted is None:
        raise Http404("No footprint for that year.")
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return render(
        request,
        "footprints/organisation.html",
        {
            "organisation": organisation,
            "summary": summary,
            "years": [(year_label(y), y == wanted) for y in years],
            "targets": Target.objects.filter(organisation=organisation),
            "has_members": organisation.members.exists(),
            "chart": category_chart_spec(summary) if summary.by_category else None,
        },
    )


@require_safe
def organisation_footprint_svg(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    """The category chart drawn on the server from the same spec as the page (for reports)."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    wanted = next(
        (y for y in footprint_years(organisation=organisation) if year_label(y) == year), None
    )
    if wanted is None:
        raise Http404("No footprint for that year.")
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return HttpResponse(spec_to_svg(category_chart_spec(summary)), content_type="image/svg+xml")


@require_safe
def partnership(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=org_slug)
    years, rows = partnership_overview(partnership=organisation)
    if len(rows) == 1:
        raise Http404("This organisation has no members.")
    table = [
        {
            "organisation": row.organisation,
            # A member with no figures yet (a council with only targets) has no footprint page.
            "has_page": bool(row.by_year or row.entries_total)
            or row.organisation.pk == organisation.pk,
            "cells": [
                {
                    "totals": row.by_year.get(y, []),
                    "itemised": row.entries_total.get(y),
                }
                for y in years
            ],
        }
        for row in rows
    ]
    members = [row for row in rows if row.organisation.pk != organisation.pk]
    rollup = [sum((row.entries_total.get(y, 0) for row in members), 0) for y in years]
    return render(
        request,
        "footprints/partnership.html",
        {
            "organisation": organisation,
            "years": [year_label(y) for y in years],
            "table": table,
            "rollup": rollup,
        },
    )


@login_required
def activity_import_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Add activity data by file or one row at a time (organisation's managers only)."""
    organisation = get_object_or_404(Organisation, slug=org_slug)
    if not request.user.has_perm("netzero.manage_plan", organisation):
        raise PermissionDenied
    file_form = ActivityFileForm(prefix="file")
    row_form = ActivityRowForm(prefix="row")
    errors: list[str] = []
    if request.method == "POST":
        if "file-file" in request.FILES:
            file_form = ActivityFileForm(request.POST, request.FILES, prefix="file")
            if file_form.is_valid():
                upload = file_form.cleaned_data["file"]
                source = f"Activity data import: {upload.name}"
                try:
                    header, rows = read_rows(upload.name, upload.read())
                except ActivityImportRefused as exc:
                    errors = exc.result.errors
                else:
                    errors = _run_import(request, organisation, header, rows, source)
                if not errors:
                    return redirect("footprints:latest", org_slug=organisation.slug)
        else:
            row_form = ActivityRowForm(request.POST, prefix="row")
            if row_form.is_valid():
                data = {k: str(v) for k, v in row_form.cleaned_data.items()}
                errors = _run_import(
                    request, organisation, list(data), [(1, data)], "Entered on the activity page"
                )
                if not errors:
                    return redirect("footprints:latest", org_slug=organisation.slug)
    return render(
        request,
        "footprints/activity_import.html",
        {
            "organisation": organisation,
            "file_form": file_form,
            "row_form": row_form,
            "errors": errors[:50],
            "more_errors": max(len(errors) - 50, 0),
        },
    )


def _run_import(request, organisation, header, rows, source) -> list[str]:
    try:
        result = activity_import(organisation=organisation, header=header, rows=rows, source=source)
    except ActivityImportRefused as exc:
        return exc.result.errors
    messages.success(request, f"Saved {result.saved:,} figures for {organisation.name}.")
    return []
