"""Pages of the quarterly update workflow. Thin: permissions and writes live in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_POST, require_safe

from netzero.core.forms import add_service_errors
from netzero.core.narrative import render_narrative
from netzero.core.permissions import Permission
from netzero.core.quarters import quarter_containing
from netzero.core.uploads import upload_refusal
from netzero.core.users import full_name
from netzero.dashboards.selectors import dashboard_for_period
from netzero.plans.presenters import action_name
from netzero.plans.selectors import action_get_exact, plan_get
from netzero.reporting.models import ActionUpdate
from netzero.reporting.presenters import presented_text, published_in_service_text, status_tag
from netzero.reporting.selectors import period_get, period_latest, period_previous, periods_for_plan
from netzero.reporting.status import REPORTED_STATUSES, STATUS_INFO
from netzero.workflow.forms import (
    PeriodOpenForm,
    PresentedForm,
    ReopenForm,
    ReturnForm,
    ReturnUploadForm,
    UpdateForm,
)
from netzero.workflow.in_step import in_step_follows, status_for
from netzero.workflow.presenters import (
    manage_rows,
    pending_rows,
    publish_preview,
    reports_through_note,
    return_links,
    return_preview_rows,
    update_view,
    work_item,
)
from netzero.workflow.returns import (
    ReturnRefused,
    return_apply,
    return_file_discard,
    return_file_keep,
    return_file_name,
    return_file_take,
    return_preview,
    return_workbook,
)
from netzero.workflow.selectors import (
    editable_lines,
    period_events,
    previous_update,
    publication_pending,
    return_lines,
    return_may_upload,
    return_people,
    return_person_get,
    update_find,
    update_get,
    update_lines,
    update_prefill,
    update_state_counts,
)
from netzero.workflow.services import (
    MITIGATION_MAX,
    PROGRESS_MAX,
    REASON_MAX,
    UpdateConflict,
    period_open,
    period_presented_record,
    period_publish,
    period_reopen,
    reminders_send,
    update_approve,
    update_return,
    update_save,
)


def _require(request: HttpRequest, perm: str, obj: object) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _site_url(request: HttpRequest) -> str:
    """The site this person is using, for the links in the emails a page sends."""
    return request.build_absolute_uri("/")


def _told(notified: list[str]) -> str:
    if not notified:
        return " Nobody with an email address was told."
    names = notified[0] if len(notified) == 1 else f"{', '.join(notified[:-1])} and {notified[-1]}"
    return f" Emailed {names}."


@require_safe
@login_required
def my_updates(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """The actions this person reports on this quarter, and where each update stands."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.VIEW_DRAFTS, plan)
    lines = editable_lines(period=period, user=request.user)
    return render(
        request,
        "workflow/my_updates.html",
        {
            "plan": plan,
            "period": period,
            "items": [work_item(line, period) for line in lines],
            "outstanding": sum(1 for line in lines if line.outstanding),
            # The plan's first quarter: updates start empty, there is no last quarter's.
            "first_quarter": period_previous(
                period=period, periods=periods_for_plan(plan=plan, snapshots=False)
            )
            is None,
            "own_return_url": _own_return_url(request, period),
            "upload_url": reverse("workflow:return_upload", args=[plan.slug, period.slug])
            if period.is_open and return_may_upload(period=period, user=request.user)
            else "",
        },
    )


@login_required
def update_edit(request: HttpRequest, plan_slug: str, period_slug: str, ref: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    action = action_get_exact(plan=plan, ref=ref)
    _require(request, Permission.EDIT_UPDATE, action)
    current = update_find(action=action, period=period)
    conflict: ActionUpdate | None = None
    start: ActionUpdate | None = None
    if request.method == "POST":
        form = UpdateForm(request.POST)
        submit = request.POST.get("intent") == "submit"
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = update_save(
                    action=action,
                    period=period,
                    user=request.user,
                    status=data["status"],
                    progress=data["progress"],
                    reason=data["reason"],
                    mitigation=data["mitigation"],
                    expected_version=data["version"],
                    submit=submit,
                    site_url=_site_url(request),
                )
            except UpdateConflict as exc:
                conflict = exc.current
                form.add_error(None, exc.messages[0])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if submit:
                    text = f"{action_name(action)}: update submitted for approval."
                    text += _told(saved.notified)
                else:
                    text = f"{action_name(action)}: update saved as a draft."
                messages.success(request, text)
                return redirect("workflow:my_updates", plan_slug=plan.slug, period_slug=period.slug)
    else:
        start = update_prefill(action=action, period=period)
        form = UpdateForm(
            initial=UpdateForm.initial_from(start, version=current.version if current else 0)
        )
    return render(
        request,
        "workflow/update_edit.html",
        {
            "plan": plan,
            "period": period,
            "action": action,
            "action_text": render_narrative(action.text),
            "current": current,
            "current_progress": render_narrative(current.progress) if current else "",
            "current_tag": status_tag(current.status) if current else None,
            # Starting from last quarter's update only when there is one (not in a first quarter).
            "carried_forward": current is None and start is not None,
            "locked": bool(
                current
                and current.state in {ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED}
                and not request.user.has_perm(Permission.REVIEW_UPDATES, plan)
            ),
            "form": form,
            "status_options": list(
                zip(
                    form["status"],
                    [STATUS_INFO[s].definition for s in REPORTED_STATUSES],
                    strict=True,
                )
            ),
            "limits": {
                "progress": PROGRESS_MAX,
                "reason": REASON_MAX,
                "mitigation": MITIGATION_MAX,
            },
            "conflict": conflict,
            "conflict_progress": render_narrative(conflict.progress) if conflict else "",
            "conflict_tag": status_tag(conflict.status) if conflict else None,
            "reports_through": reports_through_note(
                action, period, status_for(action=action, period=period)
            ),
        },
    )


@login_required
def update_review(request: HttpRequest, plan_slug: str, period_slug: str, ref: str) -> HttpResponse:
    """The manager reads a submitted update beside last quarter's, and approves or returns it."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.REVIEW_UPDATES, plan)
    action = action_get_exact(plan=plan, ref=ref)
    update = update_get(action=action, period=period)
    form = ReturnForm(request.POST or None, initial={"version": update.version})
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        try:
            if request.POST.get("decision") == "approve":
                decided = update_approve(
                    update=update,
                    user=request.user,
                    expected_version=version,
                    site_url=_site_url(request),
                )
                text = f"{action_name(action)}: update approved."
            else:
                decided = update_return(
                    update=update,
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                    expected_version=version,
                    site_url=_site_url(request),
                )
                text = f"{action_name(action)}: update returned to its lead."
            messages.success(request, text + _told(decided.notified))
            return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    previous_period, previous = previous_update(action=action, period=period)
    submitted = update.state == ActionUpdate.State.SUBMITTED
    return render(
        request,
        "workflow/update_review.html",
        {
            "plan": plan,
            "period": period,
            "action": action,
            "label": action_name(action),
            "update": update,
            "submitted_by": full_name(update.submitted_by),
            "reviewed_by": full_name(update.reviewed_by),
            "current": update_view(period, update),
            "previous": update_view(previous_period, previous),
            "can_decide": period.is_open and submitted,
            "can_return": period.is_open and update.state == ActionUpdate.State.APPROVED,
            "edit_url": reverse("workflow:update_edit", args=[plan.slug, period.slug, action.ref])
            if update.state in {ActionUpdate.State.DRAFT, ActionUpdate.State.RETURNED}
            and request.user.has_perm(Permission.EDIT_UPDATE, action)
            else "",
            "form": form,
        },
    )


@require_safe
@login_required
def period_detail(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """For the programme manager: where every update stands, who has not submitted, actions."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    lines = update_lines(period=period)
    rows = manage_rows(lines, period=period, user=request.user)
    latest = period_latest(plan=plan)
    return render(
        request,
        "workflow/period.html",
        {
            "plan": plan,
            "period": period,
            "counts": update_state_counts(lines),
            "outstanding": [r for r, line in zip(rows, lines, strict=True) if line.outstanding],
            "submitted": [r for r, line in zip(rows, lines, strict=True) if line.submitted],
            "approved": [
                r
                for r, line in zip(rows, lines, strict=True)
                if line.update and line.update.state == ActionUpdate.State.APPROVED
            ],
            "events": period_events(period=period),
            "published_by": full_name(period.published_by),
            "presented": presented_text(period),
            "published_in_service": published_in_service_text(period),
            # The next quarter can be opened once the latest is published.
            "can_open_next": latest is not None and latest.pk == period.pk and period.is_published,
            "next_name": period.as_quarter.next().name,
            "activity_url": _activity_url(request, plan),
            # A plan without actions yet: its set-up page is the next step.
            "setup_url": "" if lines else reverse("plans:setup", kwargs={"plan_slug": plan.slug}),
            "no_actions": not lines,
            "returns": return_links(return_people(period=period), period) if period.is_open else [],
        },
    )


def _activity_url(request: HttpRequest, plan) -> str:
    """The organisation's activity-data page, for those who may enter activity data."""
    if not request.user.has_perm(Permission.MANAGE_PLAN, plan.organisation):
        return ""
    return reverse("footprints:activity_import", kwargs={"org_slug": plan.organisation.slug})


@login_required
def period_publish_view(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """What publishing would freeze (the period's own dashboard), what still holds it up, and
    the confirmation: Publish (POST), with the meeting it goes to if known."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    if not period.is_open:
        return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
    form = PresentedForm(
        request.POST or None,
        initial={"presented_to": period.presented_to, "presented_on": period.presented_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            period_publish(
                period=period,
                user=request.user,
                presented_to=form.cleaned_data["presented_to"],
                presented_on=form.cleaned_data["presented_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"{period.name} is published. Its dashboard no longer changes."
            )
            return redirect("dashboards:dashboard", plan_slug=plan.slug, period_slug=period.slug)
    dashboard = dashboard_for_period(plan=plan, period=period)
    return render(
        request,
        "workflow/period_publish.html",
        {
            "plan": plan,
            "period": period,
            "preview": publish_preview(dashboard),
            "pending": pending_rows(publication_pending(period=period), period=period),
            "form": form,
        },
    )


@login_required
def period_presented_view(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """Record or correct the meeting the quarter was presented to (published or not)."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    form = PresentedForm(
        request.POST or None,
        initial={"presented_to": period.presented_to, "presented_on": period.presented_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            period_presented_record(
                period=period,
                user=request.user,
                presented_to=form.cleaned_data["presented_to"],
                presented_on=form.cleaned_data["presented_on"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{period.name}: the meeting is recorded.")
            return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
    return render(
        request, "workflow/period_presented.html", {"plan": plan, "period": period, "form": form}
    )


@login_required
def period_reopen_view(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period_reopen(period=period, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{period.name} is open again. The reason is recorded.")
            return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
    return render(
        request, "workflow/period_reopen.html", {"plan": plan, "period": period, "form": form}
    )


@require_POST
@login_required
def period_remind_view(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    try:
        sent = reminders_send(period=period, user=request.user, site_url=_site_url(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        emailed = [r for r in sent if r.email]
        no_email = [r.username for r in sent if not r.email]
        text = f"Reminders emailed to {len(emailed)} people."
        if no_email:
            text += f" No email address for: {', '.join(no_email)}."
        messages.success(request, text)
    return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)


@login_required
def period_new(request: HttpRequest, plan_slug: str) -> HttpResponse:
    plan = plan_get(slug=plan_slug)
    _require(request, Permission.MANAGE_PERIODS, plan)
    latest = period_latest(plan=plan)
    # The quarter after the latest; for a first quarter, the one we are in.
    suggested = (latest.as_quarter.next() if latest else quarter_containing(localdate())).name
    form = PeriodOpenForm(request.POST or None, initial={"name": suggested})
    if request.method == "POST" and form.is_valid():
        try:
            period = period_open(plan=plan, name=form.cleaned_data["name"], user=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{period.name} is open for updates.")
            return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
    return render(
        request, "workflow/period_new.html", {"plan": plan, "form": form, "latest": latest}
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@login_required
def return_download(
    request: HttpRequest, plan_slug: str, period_slug: str, person: int
) -> HttpResponse:
    """A person's return for the open period as a workbook: their own, or (for the programme
    manager) any lead's."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.VIEW_DRAFTS, plan)
    lead = return_person_get(period=period, pk=person)
    content = return_workbook(period=period, person=lead, user=request.user)
    response = HttpResponse(content, content_type=XLSX)
    name = return_file_name(period=period, person=lead)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def return_upload(request: HttpRequest, plan_slug: str, period_slug: str) -> HttpResponse:
    """Upload a filled return, see what each row will do, then save the rows as drafts or
    submit them (all or nothing)."""
    plan = plan_get(slug=plan_slug)
    period = period_get(plan=plan, name=period_slug)
    _require(request, Permission.VIEW_DRAFTS, plan)
    if not return_may_upload(period=period, user=request.user):
        raise PermissionDenied
    form = ReturnUploadForm()
    preview = None
    token = ""
    problems: list[str] = []
    if request.method == "POST":
        refusal = upload_refusal(request)
        if request.POST.get("token"):
            token = request.POST["token"]
            submit = request.POST.get("intent") == "submit"
            try:
                content = return_file_take(token=token, period=period, user=request.user)
                applied = return_apply(
                    period=period,
                    user=request.user,
                    content=content,
                    submit=submit,
                    site_url=_site_url(request),
                )
            except ReturnRefused as exc:
                problems = exc.problems
                try:
                    preview = return_preview(period=period, user=request.user, content=content)
                except ValidationError:
                    token = ""
            except ValidationError as exc:
                problems, token = exc.messages, ""
            else:
                return_file_discard(token=token, period=period, user=request.user)
                messages.success(request, _applied_text(applied, submit=submit))
                if request.user.has_perm(Permission.MANAGE_PERIODS, plan):
                    return redirect("workflow:period", plan_slug=plan.slug, period_slug=period.slug)
                return redirect("workflow:my_updates", plan_slug=plan.slug, period_slug=period.slug)
        else:
            form = ReturnUploadForm(request.POST, request.FILES)
            if refusal:
                form.is_valid()
                form.add_error("file", refusal)
            elif form.is_valid():
                content = form.cleaned_data["file"].read()
                try:
                    preview = return_preview(period=period, user=request.user, content=content)
                except ValidationError as exc:
                    for message in exc.messages:
                        form.add_error("file", message)
                else:
                    token = return_file_keep(content=content, period=period, user=request.user)
    return render(
        request,
        "workflow/return_upload.html",
        {
            "plan": plan,
            "period": period,
            "form": form,
            "preview": preview,
            "rows": return_preview_rows(preview) if preview else [],
            "can_save_drafts": bool(preview and preview.can_save_drafts and token),
            "can_submit": bool(preview and preview.can_submit and token),
            "blocking_drafts": preview.problems(submit=False) if preview else [],
            "blocking_submit": preview.problems(submit=True) if preview else [],
            "token": token,
            "problems": problems,
            "own_return_url": _own_return_url(request, period),
        },
    )


def _own_return_url(request: HttpRequest, period) -> str:
    if not period.is_open or not return_lines(period=period, person=request.user):
        return ""
    return reverse(
        "workflow:return_download", args=[period.plan.slug, period.slug, request.user.pk]
    )


def _applied_text(applied, *, submit: bool) -> str:
    count = len(applied.saved)
    updates = f"{count} update{'' if count == 1 else 's'}"
    text = f"{updates} submitted for approval." if submit else f"{updates} saved as drafts."
    if applied.unchanged:
        text += f" {applied.unchanged} unchanged."
    for action in applied.followed:
        text += f" {in_step_follows(action)}"
    return text + (_told(applied.notified) if submit else "")
