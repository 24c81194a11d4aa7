"""Footprint pages: read-only, public (footprints here come from published plans); the activity
data page, where a manager imports figures and undoes imports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from netzero.core.permissions import Permission
from netzero.core.uploads import upload_refusal
from netzero.core.years import financial_year_label
from netzero.footprints.activities import activity_names
from netzero.footprints.charts import category_chart_spec, for_page, spec_to_svg
from netzero.footprints.forms import ActivityFileForm, ActivityRowForm, ImportUndoForm
from netzero.footprints.imports import ActivityImportRefused
from netzero.footprints.models import Boundary, ImportBatch, default_boundary
from netzero.footprints.presenters import (
    entry_how,
    errors_shown,
    import_saved_message,
    import_undone_message,
    year_links,
)
from netzero.footprints.selectors import (
    footprint_default_year,
    footprint_organisation_get,
    footprint_summary,
    footprint_targets,
    footprint_year_get,
    footprint_years,
    import_batch_get,
    import_batch_replaced,
    import_batches,
    organisation_has_members,
)
from netzero.footprints.services import (
    import_batch_apply,
    import_batch_undo,
    import_file_apply,
)


@require_safe
def organisation_footprint_latest(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's footprint in the year where its data is fullest; a partnership with
    no figures of its own goes to its members' page; an organisation with no figures yet gets
    a page that says so (with its targets, and where to add figures)."""
    organisation = footprint_organisation_get(slug=org_slug)
    years = footprint_years(organisation=organisation)
    year = footprint_default_year(organisation=organisation, years=years)
    if year is None:
        if organisation_has_members(organisation=organisation):
            return redirect("web:partnership", org_slug=organisation.slug)
        return render(
            request,
            "footprints/organisation_empty.html",
            {
                "organisation": organisation,
                "targets": footprint_targets(organisation=organisation),
                "can_add": request.user.has_perm(Permission.MANAGE_PLAN, organisation),
            },
        )
    return redirect(
        "footprints:organisation",
        org_slug=organisation.slug,
        year=financial_year_label(year),
    )


@require_safe
def organisation_footprint(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    organisation = footprint_organisation_get(slug=org_slug)
    years = footprint_years(organisation=organisation)
    wanted = footprint_year_get(organisation=organisation, label=year, years=years)
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return render(
        request,
        "footprints/organisation.html",
        {
            "organisation": organisation,
            "summary": summary,
            "entries": [(entry, entry_how(entry)) for entry in summary.entries],
            "years": year_links(years=years, current=wanted),
            "targets": footprint_targets(organisation=organisation),
            "has_members": organisation_has_members(organisation=organisation),
            "chart": for_page(category_chart_spec(summary)) if summary.by_category else None,
        },
    )


@require_safe
def organisation_footprint_svg(request: HttpRequest, org_slug: str, year: str) -> HttpResponse:
    """The category chart drawn on the server from the same spec as the page (for reports)."""
    organisation = footprint_organisation_get(slug=org_slug)
    wanted = footprint_year_get(organisation=organisation, label=year)
    summary = footprint_summary(organisation=organisation, reporting_year=wanted)
    return HttpResponse(spec_to_svg(category_chart_spec(summary)), content_type="image/svg+xml")


@login_required
def activity_import_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Add activity data by file or one figure, and list or undo imports (managers only).

    A refused import answers 400 (413 for a file over the size limit) with the reasons.
    """
    organisation = footprint_organisation_get(slug=org_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied
    boundary = default_boundary(organisation)
    page = {
        "file_form": ActivityFileForm(prefix="file"),
        "row_form": ActivityRowForm(prefix="row", initial={"boundary": boundary}),
        "undo_form": ImportUndoForm(prefix="undo"),
        "errors": [],
        "duplicate": None,
    }
    status = 200
    if request.method == "POST":
        refusal = upload_refusal(request)
        # Each form names itself (form=file | row | undo, on its button and in a hidden field),
        # so only the form that was sent is checked: an empty file upload never shows the
        # one-figure form's "This field is required" errors.
        sent = request.POST.get("form", "")
        if sent == "undo" or "undo-batch" in request.POST:
            outcome = _undo(request, organisation, page)
        elif sent == "file" or refusal or "file-file" in request.FILES:
            outcome = _file(request, organisation, page, refusal)
        else:  # form=row, or a post that names no form
            outcome = _one_figure(request, organisation, page)
        if isinstance(outcome, HttpResponse):
            return outcome
        status = outcome
    errors, more_errors = errors_shown(page["errors"])
    return render(
        request,
        "footprints/activity_import.html",
        {
            **page,
            "organisation": organisation,
            "errors": errors,
            "more_errors": more_errors,
            "batches": import_batches(organisation=organisation),
            "undo_batch": page["undo_form"].data.get("undo-batch", ""),
            "activities": activity_names(),
            "default_boundary": Boundary(boundary).label,
        },
        status=status,
    )


def _file(request, organisation, page, refusal: str) -> HttpResponse | int:
    form = ActivityFileForm(request.POST, request.FILES, prefix="file")
    page["file_form"] = form
    if refusal:
        form.is_valid()
        form.errors["file"] = form.error_class([refusal])
        return 413
    if not form.is_valid():
        return 400
    upload = form.cleaned_data["file"]
    try:
        batch = import_file_apply(
            organisation=organisation,
            file_name=upload.name,
            content=upload.read(),
            channel=ImportBatch.Channel.FILE_UPLOAD,
            user=request.user,
            replace_same_file=form.cleaned_data["replace"],
        )
    except ActivityImportRefused as exc:
        page["errors"] = exc.result.errors
        page["duplicate"] = getattr(exc, "batch", None)
        return 400
    return _saved(request, organisation, batch, import_batch_replaced(batch=batch))


def _one_figure(request, organisation, page) -> HttpResponse | int:
    form = ActivityRowForm(request.POST, prefix="row")
    page["row_form"] = form
    if not form.is_valid():
        return 200
    data = {k: str(v) for k, v in form.cleaned_data.items()}
    try:
        batch = import_batch_apply(
            organisation=organisation,
            header=list(data),
            rows=[(1, data)],
            channel=ImportBatch.Channel.ONE_FIGURE,
            source="Entered on the activity page",
            user=request.user,
        )
    except ActivityImportRefused as exc:
        page["errors"] = exc.result.errors
        return 400
    return _saved(request, organisation, batch, None)


def _undo(request, organisation, page) -> HttpResponse | int:
    form = ImportUndoForm(request.POST, prefix="undo")
    page["undo_form"] = form
    if not form.is_valid():
        return 400
    batch = import_batch_get(organisation=organisation, pk=form.cleaned_data["batch"])
    try:
        import_batch_undo(batch=batch, reason=form.cleaned_data["reason"], user=request.user)
    except ValidationError as exc:
        page["errors"] = exc.messages
        return 400
    messages.success(request, import_undone_message(batch=batch))
    return redirect("footprints:activity_import", org_slug=organisation.slug)


def _saved(request, organisation, batch, replaced) -> HttpResponse:
    messages.success(
        request,
        import_saved_message(organisation=organisation, batch=batch, replaced=replaced),
    )
    return redirect("footprints:latest", org_slug=organisation.slug)
