"""The plan's spreadsheet pages (set-up, for its programme managers and administrator): download
the plan or a blank template, upload a file, see what it would change, apply it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from netzero.access.people import person_shown
from netzero.core.exceptions import ImportRefused, NotFound, error_messages
from netzero.core.permissions import Permission
from netzero.core.uploads import upload_refusal
from netzero.plans.models import Plan
from netzero.plans.selectors import plan_get
from netzero.spreadsheets.export import plan_filename, plan_template, plan_workbook
from netzero.spreadsheets.forms import PlanDownloadForm, PlanUploadForm
from netzero.spreadsheets.models import PlanImport
from netzero.spreadsheets.presenters import preview_can_apply, preview_summary, preview_tables
from netzero.spreadsheets.selectors import plan_import_get, plan_periods
from netzero.spreadsheets.services import (
    PlanImportRefused,
    plan_import_apply_pending,
    plan_import_preview,
    plan_import_upload,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _managed_plan(request: HttpRequest, plan_slug: str) -> Plan:
    plan = plan_get(slug=plan_slug)
    if not request.user.has_perm(Permission.MANAGE_PLAN, plan):
        raise PermissionDenied("Only the organisation's programme managers set up its plans.")
    return plan


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_spreadsheet_page(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    periods = plan_periods(plan=plan)
    download = PlanDownloadForm(periods=periods, initial={"period": [p.slug for p in periods]})
    upload = PlanUploadForm()
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        refusal = upload_refusal(request)
        upload = PlanUploadForm(request.POST, request.FILES)
        if refusal:
            upload.is_valid()
            upload.errors["file"] = upload.error_class([refusal])
            status = 413
        elif upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                record, _preview = plan_import_upload(
                    organisation=plan.organisation,
                    plan=plan,
                    file_name=file.name,
                    content=file.read(),
                    user=request.user,
                )
            except ImportRefused as exc:
                errors = error_messages(exc)
                status = 400
            else:
                return redirect("spreadsheets:plan_import", plan_slug=plan.slug, pk=record.pk)
    context = {"plan": plan, "download": download, "upload": upload, "errors": errors}
    return render(request, "spreadsheets/plan_spreadsheet.html", context, status=status)


@require_safe
@login_required
def plan_download(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    periods = plan_periods(plan=plan)
    form = PlanDownloadForm(request.GET, periods=periods)
    chosen = set(form.cleaned_data["period"]) if form.is_valid() else set()
    content = plan_workbook(plan=plan, periods=[p for p in periods if p.slug in chosen])
    return _xlsx(content, plan_filename(plan))


@require_safe
@login_required
def plan_template_download(request: HttpRequest, plan_slug: str) -> HttpResponse:
    _managed_plan(request, plan_slug)
    return _xlsx(plan_template(), "plan-template.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_page(request: HttpRequest, plan_slug: str, pk: int) -> HttpResponse:
    plan = _managed_plan(request, plan_slug)
    record = plan_import_get(pk=pk, organisation=plan.organisation)
    if record.plan_id != plan.pk:
        raise NotFound(f"No spreadsheet import {pk} of {plan.name}.")
    status = 200
    if request.method == "POST" and record.state == PlanImport.State.PENDING:
        try:
            plan_import_apply_pending(record=record, user=request.user)
        except PlanImportRefused:
            status = 400  # the page shows every problem again, from a fresh preview
        else:
            messages.success(request, f"{record.file_name} is imported into {plan.name}.")
            return redirect("plans:setup", plan_slug=plan.slug)
    preview = None
    if record.state == PlanImport.State.PENDING:
        try:
            preview = plan_import_preview(
                organisation=plan.organisation,
                plan=plan,
                file_name=record.file_name,
                content=bytes(record.content),
                user=request.user,
            )
        except ImportRefused as exc:
            preview = None
            messages.error(request, " ".join(error_messages(exc)))
    context = {
        "plan": plan,
        "record": record,
        "preview": preview,
        "tables": preview_tables(preview) if preview else [],
        "summary": preview_summary(preview) if preview else "",
        "can_apply": preview_can_apply(preview) if preview else False,
        "uploaded_by": person_shown(
            person=record.user, organisation=plan.organisation, reader=request.user
        )
        if record.user
        else "",
    }
    return render(request, "spreadsheets/plan_import.html", context, status=status)
