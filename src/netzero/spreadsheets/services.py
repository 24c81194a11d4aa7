"""A plan's spreadsheet brought in: previewed, then applied all or nothing.

``plan_import_preview`` reads the file, checks every row against the plan (and against the rest
of the file) and returns what would be created, changed (with the fields that differ) and left
alone, and every problem as "Sheet, row N: message". If the rows pass, the whole apply is run
inside a transaction that is then rolled back, so a rule only a service checks (a timescale's
form, a lead organisation twice...) is found at preview too. ``plan_import_apply`` re-runs
everything and writes in one transaction through the existing services, or writes nothing.
The checks, sheet by sheet, and the steps that write each sheet are in ``checks``.

Updates of a published period reproduce it as published: they are recorded as the paper printed
them (``update_record_as_published``) and the period is then frozen (``period_freeze``), so its
dashboard is the one exported. Updates of an open period come in as drafts whatever state the
file gives (the workflow's submit and approve stay with people); an open period's submitted or
approved update is never changed by a file. A published period already in the plan never
changes: a file differing from it is refused, row by row.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from netzero.core.exceptions import ImportRefused, Refused, error_messages
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan
from netzero.spreadsheets.checks import (
    ABSENT,
    CHANGE,
    CREATE,
    SAME,
    VERDICT_WORDS,
    Item,
    Preview,
    Work,
    examine,
)
from netzero.spreadsheets.imports import workbook_read
from netzero.spreadsheets.models import PlanImport

__all__ = [  # the preview's words and records, for the pages and the command line
    "ABSENT",
    "CHANGE",
    "CREATE",
    "SAME",
    "VERDICT_WORDS",
    "Item",
    "PlanImportRefused",
    "Preview",
    "plan_import_apply",
    "plan_import_apply_pending",
    "plan_import_preview",
    "plan_import_upload",
]


class PlanImportRefused(ImportRefused):
    """The file's problems; nothing saved. ``preview`` holds what was read."""

    def __init__(self, problems: list[str], preview: Preview | None = None):
        super().__init__(problems)
        self.preview = preview


def _require(user: Any, organisation: Organisation) -> None:
    """A programme manager or administrator of the organisation (``user`` None: an operator at
    the command line, who already has the server)."""
    if user is not None and not user.has_perm(Permission.MANAGE_PLAN, organisation):
        raise PermissionDenied(f"You do not have permission to do this ({Permission.MANAGE_PLAN}).")


class _DryRun(Exception):
    pass


def _run(work: Work) -> None:
    """Every step, in order; a refusal becomes the sheet's (and row's) problem."""
    for sheet, number, do in work.steps:
        try:
            do()
        except ImportRefused as exc:
            raise PlanImportRefused(list(exc.problems), work.preview) from exc
        except (ValidationError, Refused) as exc:
            where = f"{sheet}, row {number}" if number else sheet
            raise PlanImportRefused(
                [f"{where}: {m}" for m in error_messages(exc)], work.preview
            ) from exc


def _read(file_name: str, content: bytes, organisation, plan, user) -> Work:
    _require(user, organisation)
    if plan is not None and plan.organisation_id != organisation.pk:
        raise Refused(f"{plan.name} is not {organisation.name}'s plan.", code="another_plan")
    book = workbook_read(name=file_name, content=content)
    return examine(organisation=organisation, plan=plan, book=book, user=user)


def plan_import_preview(
    *,
    organisation: Organisation,
    plan: Plan | None = None,
    file_name: str,
    content: bytes,
    user: Any,
) -> Preview:
    """What importing the file would create, change and leave alone, and every problem. Writes
    nothing. Refused as a whole (``ImportRefused``) when the file cannot be read as the layout."""
    work = _read(file_name, content, organisation, plan, user)
    if work.preview.ok:
        try:
            with transaction.atomic():
                _run(work)
                raise _DryRun
        except _DryRun:
            pass
        except PlanImportRefused as exc:
            work.preview.problems.extend(exc.problems)
    return work.preview


def plan_import_apply(
    *,
    organisation: Organisation,
    plan: Plan | None = None,
    file_name: str,
    content: bytes,
    user: Any,
    pending: PlanImport | None = None,
) -> PlanImport:
    """Import the file: every check again, then everything in one transaction, or nothing
    (``PlanImportRefused`` with every problem). Recorded as a ``PlanImport`` with who and when
    (``pending``, the row kept since the preview, becomes it)."""
    work = _read(file_name, content, organisation, plan, user)
    if not work.preview.ok:
        raise PlanImportRefused(work.preview.problems, work.preview)
    with transaction.atomic():
        _run(work)
        target = Plan.objects.get(organisation=organisation, slug=work.preview.plan_slug)
        record = pending or PlanImport(
            organisation=organisation,
            channel=PlanImport.Channel.PAGE
            if user is not None
            else PlanImport.Channel.COMMAND_LINE,
        )
        record.plan = target
        record.file_name = file_name[:255]
        record.sha256 = hashlib.sha256(content).hexdigest()
        record.content = b""
        record.state = PlanImport.State.APPLIED
        record.counts = work.preview.counts
        record.user = user
        record.applied_at = timezone.now()
        record.save()
        return record


def plan_import_upload(
    *, organisation: Organisation, plan: Plan | None, file_name: str, content: bytes, user: Any
) -> tuple[PlanImport, Preview]:
    """Keep an uploaded file as a pending import and preview it. The person's earlier files for
    the plan that were previewed and never applied are let go: the newest upload is the one."""
    preview = plan_import_preview(
        organisation=organisation, plan=plan, file_name=file_name, content=content, user=user
    )
    PlanImport.objects.filter(
        organisation=organisation, plan=plan, user=user, state=PlanImport.State.PENDING
    ).delete()
    record = PlanImport.objects.create(
        organisation=organisation,
        plan=plan,
        file_name=file_name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        user=user,
        channel=PlanImport.Channel.PAGE,
    )
    return record, preview


def plan_import_apply_pending(*, record: PlanImport, user: Any) -> PlanImport:
    """Apply the file kept since its preview (a page's "Apply")."""
    if record.state != PlanImport.State.PENDING or not record.content:
        raise Refused("This import is already applied: upload the file again to import it.")
    return plan_import_apply(
        organisation=record.organisation,
        plan=record.plan,
        file_name=record.file_name,
        content=bytes(record.content),
        user=user,
        pending=record,
    )
