"""Quarterly returns by spreadsheet: a lead's actions for the open period as a workbook, and the
filled workbook read back as drafts or submissions.

**Download** (``return_workbook``): one row per action on the person's return
(``selectors.return_lines``: the actions their work list shows, except those reporting through
another, whose status is that one's). Read-only context (ref, title, last quarter's status and
progress) and the editable columns: status (a drop-down of Good, Review, Action), summary of
progress (the Markdown subset of ``core.narrative``, as the form takes it), reason and mitigation.
They start from this period's update when there is one, otherwise from last quarter's (as the
form does, ``selectors.update_prefill``). A hidden, locked column carries the update's version
(0: none yet), so a row someone saved after the download is refused as the form refuses it. An
"About" sheet says whose return it is, for which period, how to fill it in and what each status
means. Text that a spreadsheet could read as a formula is stored as quoted text.

**Upload** (``return_preview``, then ``return_apply``): the file passes ``core.uploads``'s size
limit and XLSX pre-check before python-calamine reads it; a workbook with formulas is refused.
Each row is then checked: a known ref, an action the person may update, a status of the
vocabulary, the version it was downloaded at. The preview tries each remaining row through
``services.update_save`` (as a draft and as a submission) in a transaction it rolls back, so it
says what the form would: saved as a draft, submitted, unchanged, or refused and why.
``return_apply`` saves every row through ``update_save`` in ONE transaction: if any row is
refused, nothing is saved and every refused row is named.

**Between the preview and the choice** the uploaded file is kept in the database
(``return_file_keep``: a ``PendingReturn`` row with a random name), so the choice may reach any
app server using the database, and the page carries only a signed token naming it, the person
and the period (``return_file_take`` refuses a token not theirs, for another period or older than
a day). Applying reads the same file again, checks every row again and deletes it once saved;
files left behind are deleted after a day, when the next return is uploaded. Nothing the browser
sends back is trusted as the file's content.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from netzero.core.exceptions import ImportRefused, Refused
from netzero.core.narrative import (
    markdown_to_narrative,
    narrative_plain_text,
    narrative_to_markdown,
)
from netzero.core.permissions import Permission
from netzero.core.uploads import (
    SheetLimits,
    SpreadsheetRefused,
    megabytes,
    upload_limit,
    xlsx_check,
)
from netzero.core.users import full_name
from netzero.plans.models import Action
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.selectors import period_previous, periods_for_plan
from netzero.reporting.status import REPORTED_STATUSES, STATUS_INFO, Status, status_from_text
from netzero.workflow.in_step import in_step_follows
from netzero.workflow.models import PendingReturn
from netzero.workflow.notifications import emails_suppressed
from netzero.workflow.selectors import return_lines
from netzero.workflow.services import update_save

RETURN_SHEET = "Return"
ABOUT_SHEET = "About"
REF = "Ref"
ACTION = "Action"
STATUS = "Status"
PROGRESS = "Summary of progress"
REASON = "Reason for the status"
MITIGATION = "Mitigation"
VERSION = "Version (do not change)"
REQUIRED = (REF, STATUS, PROGRESS, REASON, MITIGATION, VERSION)
MAX_ROWS = 1_000  # actions on one return; a plan has a few hundred at most
LIMITS = SheetLimits(
    rows=20_001, columns=50, cells=500_000, csv_accepted=False
)  # beyond: refused unread
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_FORMULA_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\br="([A-Z]{1,3}[0-9]{1,7})"[^>]*>')
_BOLD = Font(bold=True)
_CONTEXT_FILL = PatternFill("solid", fgColor="F3F2F1")  # GOV.UK light grey: not for typing in
_WRAP = Alignment(wrap_text=True, vertical="top")


class ReturnRefused(ImportRefused):
    """The return is refused as a whole; ``problems`` names each (by row where it has one)."""

    def __init__(self, problems, *, rows: int = 0):
        super().__init__(problems, rows=rows, code="return")


# --- Download ----------------------------------------------------------------------------------


def _text(ws: Worksheet, row: int, column: int, value: object) -> None:
    """Write a cell; text a spreadsheet could read as a formula is stored as quoted text."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl took a leading "=" for a formula
        cell.quotePrefix = True


def _status_text(update: ActionUpdate | None) -> str:
    if update is None or update.status == Status.NOT_REPORTED:
        return ""
    return Status(update.status).label


def _require_return(*, period: ReportingPeriod, person: AbstractBaseUser, user) -> None:
    """The person themselves, or whoever manages the plan's periods (the programme manager)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to download a return.")
    if user.pk != person.pk and not user.has_perm(Permission.MANAGE_PERIODS, period.plan):
        raise PermissionDenied("Only the programme manager may download another person's return.")


def return_file_name(*, period: ReportingPeriod, person: AbstractBaseUser) -> str:
    name = slugify(full_name(person)) or "return"
    return f"{period.plan.slug}-{period.slug}-return-{name}.xlsx"


def return_workbook(
    *, period: ReportingPeriod, person: AbstractBaseUser, user: AbstractBaseUser
) -> bytes:
    """``person``'s return for ``period`` as an XLSX workbook, downloaded by ``user`` (the
    person, or the programme manager). Refused for a published period."""
    _require_return(period=period, person=person, user=user)
    if not period.is_open:
        raise Refused(
            f"{period.name} is published: its updates no longer change, so it has no return.",
            code="period_published",
        )
    plan = period.plan
    lines = return_lines(period=period, person=person)
    previous = period_previous(period=period, periods=periods_for_plan(plan=plan, snapshots=False))
    last = (
        {
            u.action_id: u
            for u in ActionUpdate.objects.filter(
                period=previous, action_id__in=[line.action.pk for line in lines]
            )
        }
        if previous
        else {}
    )
    last_name = previous.name if previous else "Last quarter"
    headers = [
        REF,
        ACTION,
        f"{last_name} status",
        f"{last_name} progress",
        STATUS,
        PROGRESS,
        REASON,
        MITIGATION,
        VERSION,
    ]
    widths = [8, 40, 14, 50, 12, 60, 40, 40, 10]
    wb = Workbook()
    ws = wb.active
    ws.title = RETURN_SHEET
    for column, (heading, width) in enumerate(zip(headers, widths, strict=True), start=1):
        _text(ws, 1, column, heading)
        ws.cell(row=1, column=column).font = _BOLD
        ws.column_dimensions[chr(64 + column)].width = width
    # A lead cannot change an update already with the programme manager (submitted) or
    # approved: its row is shown, greyed and locked; the programme manager may change it.
    may_change_held = user.has_perm(Permission.MANAGE_PERIODS, plan)
    for row, line in enumerate(lines, start=2):
        start = line.update or last.get(line.action.pk)
        before = last.get(line.action.pk)
        locked = line.update is not None and line.update.state in _HELD and not may_change_held
        values = [
            line.action.ref,
            # an action the paper printed without a title is known by its text
            line.action.title or narrative_plain_text(line.action.text),
            _status_text(before) or ("Not reported" if previous else ""),
            narrative_to_markdown(before.progress) if before else "",
            _status_text(start),
            narrative_to_markdown(start.progress) if start else "",
            start.reason if start else "",
            start.mitigation if start else "",
            line.update.version if line.update else 0,
        ]
        for column, value in enumerate(values, start=1):
            _text(ws, row, column, value)
            cell = ws.cell(row=row, column=column)
            cell.alignment = _WRAP
            if 5 <= column <= 8 and not locked:
                cell.protection = Protection(locked=False)
                cell.number_format = "@"  # text: a line typed as "- point" is not a formula
            else:
                cell.fill = _CONTEXT_FILL
    if lines:
        choices = ",".join(s.label for s in REPORTED_STATUSES)
        validation = DataValidation(
            type="list",
            formula1=f'"{choices}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a status",
            error=f"Choose {_or(REPORTED_STATUSES)}, or leave it blank in a draft.",
        )
        validation.add(f"E2:E{len(lines) + 1}")
        ws.add_data_validation(validation)
    ws.column_dimensions["I"].hidden = True
    ws.freeze_panes = "C2"
    ws.protection.sheet = True  # only the four editable columns can be typed in;
    ws.protection.formatRows = False  # rows and columns may still be resized (long text wraps)
    ws.protection.formatColumns = False
    ws.protection.deleteRows = False  # and a row deleted (that action is left as it is)
    followers = list(
        Action.objects.filter(reports_through__in=[line.action for line in lines])
        .select_related("reports_through")
        .order_by("reports_through__ref_sort", "ref_sort", "id")
    )
    _about(
        wb.create_sheet(ABOUT_SHEET),
        period=period,
        person=person,
        user=user,
        lines=lines,
        followers=followers,
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _or(statuses) -> str:
    labels = [s.label for s in statuses]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def _about(ws: Worksheet, *, period, person, user, lines, followers) -> None:
    plan = period.plan
    when = timezone.localtime()
    rows: list[tuple[str, str]] = [
        ("Quarterly return", ""),
        ("", ""),
        ("Organisation", plan.organisation.name),
        ("Plan", plan.name),
        ("Period", period.name),
        ("For", full_name(person)),
        ("Actions", str(len(lines))),
        ("Downloaded", f"{when:%-d %B %Y at %H:%M} by {full_name(user)}"),
        ("", ""),
        ("How to fill it in", ""),
        (
            "",
            "One row per action you report on. Type only in the Status, Summary of progress, "
            "Reason for the status and Mitigation columns; the grey columns are last quarter's, "
            "for reference.",
        ),
        (
            "",
            "Each row starts from this quarter's update if one is saved, otherwise from last "
            "quarter's: change what has moved. An action with nothing saved yet this quarter is "
            "left alone when its Status, Summary of progress, Reason and Mitigation are cleared.",
        ),
        (
            "",
            f"Status: choose {_or(REPORTED_STATUSES)}. A Review or Action status needs a "
            "reason; an Action status also needs a mitigation. A draft may leave any of them "
            "blank; a submission needs a status and a summary of progress.",
        ),
        (
            "",
            "Summary of progress: leave a blank line between paragraphs; start a line with "
            '"- " or "* " for a bulleted list, or "1. " for a numbered list.',
        ),
        *[
            (
                "",
                f"{in_step_follows(action)} It has no row here: it follows Ref "
                f"{action.reports_through.ref}'s row when that is saved or submitted.",
            )
            for action in followers
        ],
        ("", "Type words, not formulas: a workbook with formulas is refused."),
        (
            "",
            "A grey row is already submitted or approved: only the programme manager changes it. "
            "Do not change the hidden Version column: it tells whether someone saved the update "
            "after you downloaded this return (that row is then refused; download the return "
            "again).",
        ),
        (
            "",
            f'Upload the file on the "Upload a return" page of {period.name}: you see what '
            "each row will do, then choose Save as drafts or Submit. Every row is saved, or none.",
        ),
        ("", ""),
        ("What each status means", ""),
        *[(s.label, STATUS_INFO[s].definition) for s in REPORTED_STATUSES],
    ]
    for number, (label, text) in enumerate(rows, start=1):
        _text(ws, number, 1, label)
        _text(ws, number, 2, text)
        ws.cell(row=number, column=1).font = _BOLD
        ws.cell(row=number, column=2).alignment = _WRAP
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100


# --- Upload ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnRow:
    """One row of an uploaded return, as typed."""

    number: int  # the spreadsheet's row number
    ref: str
    status: str
    progress: str  # as typed (Markdown)
    reason: str
    mitigation: str
    version: str


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _key(heading: str) -> str:
    return " ".join(heading.split()).casefold()


def _formula_cell(content: bytes) -> str | None:
    """The first cell of any worksheet holding a formula ("" when it cannot be named), else
    None. Read after ``xlsx_check``, so every part is of a bounded size."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    for info in archive.infolist():
        name = info.filename.lower()
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        data = archive.read(info)
        found = _FORMULA.search(data)
        if found is None:
            continue
        cells = list(_FORMULA_CELL.finditer(data, 0, found.start()))
        return cells[-1].group(1).decode("ascii") if cells else ""
    return None


def return_rows(*, content: bytes, period: ReportingPeriod) -> list[ReturnRow]:
    """The rows of an uploaded return; ReturnRefused (every problem with the file as a whole)
    when it cannot be read as one."""
    if not content:
        raise ReturnRefused("The file is empty. Upload the return workbook you downloaded.")
    if len(content) > upload_limit():
        raise ReturnRefused(
            f"The file is larger than {megabytes(upload_limit())}, the most a file may be."
        )
    try:
        xlsx_check(content, limits=LIMITS)
    except SpreadsheetRefused as exc:
        raise ReturnRefused(f"The file is refused: {exc}") from exc
    cell = _formula_cell(content)
    if cell is not None:
        where = f" (cell {cell})" if cell else ""
        raise ReturnRefused(
            f"The workbook has a formula{where}. A return holds typed words only: replace each "
            "formula with its text and upload the file again."
        )
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = (
            book.get_sheet_by_name(RETURN_SHEET)
            if RETURN_SHEET in book.sheet_names
            else book.get_sheet_by_index(0)
        )
        grid = sheet.to_python(skip_empty_area=False)
        about = (
            book.get_sheet_by_name(ABOUT_SHEET).to_python()
            if ABOUT_SHEET in book.sheet_names
            else []
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # calamine's errors, and a Rust panic (not an Exception)
        raise ReturnRefused(
            "The file could not be read as a spreadsheet. Upload the return workbook (.xlsx) you "
            "downloaded."
        ) from exc
    for values in about:  # the About sheet names the period the return was downloaded for
        cells = [_cell(v).strip() for v in values[:2]]
        if len(cells) == 2 and cells[0] == "Period" and cells[1] and cells[1] != period.name:
            raise ReturnRefused(
                f"This return is for {cells[1]}, not {period.name}. Download {period.name}'s "
                "return and fill that in."
            )
    header_at = next(
        (i for i, values in enumerate(grid) if any(_cell(v).strip() for v in values)), None
    )
    if header_at is None:
        raise ReturnRefused("The return has no rows: it is empty.")
    header = [_key(_cell(v)) for v in grid[header_at]]
    columns = {}
    for wanted in REQUIRED:
        if _key(wanted) in header:
            columns[wanted] = header.index(_key(wanted))
    missing = [wanted for wanted in REQUIRED if wanted not in columns]
    if missing:
        raise ReturnRefused(
            f"The return's first row lacks the column(s) {', '.join(missing)}. Download the "
            "return again and type into its own columns."
        )
    rows = []
    for index in range(header_at + 1, len(grid)):
        values = grid[index]
        if not any(_cell(v).strip() for v in values):
            continue

        def at(name: str, values=values) -> str:
            position = columns[name]
            return _cell(values[position]) if position < len(values) else ""

        rows.append(
            ReturnRow(
                number=index + 1,
                ref=at(REF).strip(),
                status=at(STATUS).strip(),
                progress=at(PROGRESS),
                reason=at(REASON).strip(),
                mitigation=at(MITIGATION).strip(),
                version=at(VERSION).strip(),
            )
        )
        if len(rows) > MAX_ROWS:
            raise ReturnRefused(
                f"The return has more than {MAX_ROWS:,} rows; a return has one row per action. "
                "Download the return again and fill that in."
            )
    if not rows:
        raise ReturnRefused("The return has no actions in it: every row under the header is empty.")
    return rows


SAVE, SUBMIT, UNCHANGED = "save", "submit", "unchanged"
# A submitted or approved update changed without submitting keeps its state (``update_save``:
# only the programme manager may change it so; a lead is refused).
_HELD = (ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED)


@dataclass
class RowPlan:
    """What one row will do. ``problem``: refused whatever is chosen, and why. Otherwise
    ``draft`` and ``submit`` say what "Save as drafts" and "Submit" would do (SAVE, SUBMIT or
    UNCHANGED), and ``draft_problem`` and ``submit_problem`` why ``update_save`` refuses it
    (found by the preview; empty when it does not)."""

    row: ReturnRow
    action: Action | None = None
    status: Status | None = None
    progress: str = ""  # as stored (narrative HTML)
    version: int = 0
    problem: str = ""
    draft: str = ""
    submit: str = ""
    draft_problem: str = ""
    submit_problem: str = ""
    held: str = ""  # "submitted" or "approved": a draft save leaves the update in that state
    carried: bool = False  # nothing saved this quarter, and the row is last quarter's as it was
    # the actions reporting through the row's: saving the row puts them in step (``in_step``)
    followers: list[Action] = field(default_factory=list)

    @property
    def label(self) -> str:
        ref = f" (Ref {self.row.ref})" if self.row.ref else ""
        return f"Row {self.row.number}{ref}"


@dataclass
class ReturnPreview:
    period: ReportingPeriod
    rows: list[RowPlan] = field(default_factory=list)

    def problems(self, *, submit: bool) -> list[str]:
        """Every row that stops the choice, in the person's words."""
        found = []
        for r in self.rows:
            problem = r.problem or (r.submit_problem if submit else r.draft_problem)
            if problem:
                found.append(f"{r.label}: {problem}")
        return found

    def changes(self, *, submit: bool) -> int:
        what = SUBMIT if submit else SAVE
        return sum(
            1 for r in self.rows if not r.problem and (r.submit if submit else r.draft) == what
        )

    @property
    def can_save_drafts(self) -> bool:
        return not self.problems(submit=False) and self.changes(submit=False) > 0

    @property
    def can_submit(self) -> bool:
        return not self.problems(submit=True) and self.changes(submit=True) > 0


def _messages(exc: Exception) -> str:
    if isinstance(exc, PermissionDenied):
        return "You may not update this action."
    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return " ".join(messages)


def _plan(
    *, period: ReportingPeriod, user: AbstractBaseUser, rows: list[ReturnRow]
) -> list[RowPlan]:
    """Each row checked without writing: ref, permission, status, version, and whether it
    changes anything."""
    plan = period.plan
    actions = {
        a.ref.casefold(): a for a in Action.objects.filter(plan=plan).order_by("ref_sort", "id")
    }
    by_pk = {a.pk: a for a in actions.values()}
    followers: dict[int, list[Action]] = {}
    for action in actions.values():
        action.plan = plan
        if action.reports_through_id in by_pk:
            action.reports_through = by_pk[action.reports_through_id]
            followers.setdefault(action.reports_through_id, []).append(action)
    current = {
        u.action_id: u for u in ActionUpdate.objects.filter(period=period).select_related("author")
    }
    previous = period_previous(period=period, periods=periods_for_plan(plan=plan, snapshots=False))
    last = (
        {u.action_id: u for u in ActionUpdate.objects.filter(period=previous)} if previous else {}
    )
    seen: dict[str, int] = {}
    plans = []
    for row in rows:
        p = RowPlan(row=row)
        plans.append(p)
        if not row.ref:
            p.problem = "The Ref is empty: every row names its action."
            continue
        if row.ref.casefold() in seen:
            p.problem = (
                f"Ref {row.ref} is also on row {seen[row.ref.casefold()]}: give each action one "
                "row."
            )
            continue
        seen[row.ref.casefold()] = row.number
        action = actions.get(row.ref.casefold())
        if action is None:
            p.problem = f"{plan.name} has no action with this ref."
            continue
        p.action = action
        p.followers = followers.get(action.pk, [])
        if not user.has_perm(Permission.EDIT_UPDATE, action):
            p.problem = (
                "This action is not one you report on: its lead or the programme manager "
                "updates it."
            )
            continue
        if action.reports_through_id is not None:
            p.problem = (
                f"Ref {action.ref} reports through another action, whose status it takes: "
                "update it on its own page."
            )
            continue
        try:
            p.status = status_from_text(row.status) if row.status else Status.NOT_REPORTED
        except ValidationError:
            p.problem = (
                f"“{row.status[:40]}” is not a status: choose {_or(REPORTED_STATUSES)}, or leave "
                "it blank in a draft."
            )
            continue
        if not row.version.isdigit():
            p.problem = "The hidden Version column was changed: download the return again."
            continue
        p.version = int(row.version)
        update = current.get(action.pk)
        now = update.version if update else 0
        if p.version != now:
            if update is None:
                p.problem = "Its update was removed after this return was downloaded."
            else:
                who = full_name(update.author, nobody="someone")
                when = f"{timezone.localtime(update.updated_at):%H:%M on %-d %B %Y}"
                p.problem = (
                    f"{who} saved this update at {when}, after this return was downloaded. "
                    "Download the return again and copy your words into it."
                )
            continue
        p.progress = markdown_to_narrative(row.progress)
        same = update is not None and (
            update.status == p.status
            and update.progress == p.progress
            and update.reason == row.reason
            and update.mitigation == row.mitigation
        )
        empty = update is None and not (
            row.status or row.progress.strip() or row.reason or row.mitigation
        )
        before = last.get(action.pk)
        p.carried = (
            update is None
            and before is not None
            and (before.status, before.progress, before.reason, before.mitigation)
            == (p.status, p.progress, row.reason, row.mitigation)
        )
        p.draft = UNCHANGED if same or empty else SAVE
        if update is not None and update.state in _HELD:
            p.held = update.get_state_display().lower()
        done = same and update.state in _HELD
        p.submit = UNCHANGED if done or empty else SUBMIT
    return plans


def _save(p: RowPlan, *, period, user, submit: bool, site_url: str | None) -> ActionUpdate:
    return update_save(
        action=p.action,
        period=period,
        user=user,
        status=p.status.value if p.status != Status.NOT_REPORTED else "",
        progress=p.progress,
        reason=p.row.reason,
        mitigation=p.row.mitigation,
        expected_version=p.version,
        submit=submit,
        site_url=site_url,
    )


def _require_open_for(period: ReportingPeriod, user: AbstractBaseUser) -> None:
    if user is None or not user.has_perm(Permission.VIEW_DRAFTS, period.plan):
        raise PermissionDenied("You do not report on this plan's actions.")
    if not period.is_open:
        raise Refused(
            f"{period.name} is published: its updates no longer change. A programme manager can "
            "reopen it, giving a reason.",
            code="period_published",
        )


def return_preview(
    *, period: ReportingPeriod, user: AbstractBaseUser, content: bytes
) -> ReturnPreview:
    """What uploading ``content`` would do, row by row, for "Save as drafts" and for "Submit".
    Each row is tried through ``update_save`` in a savepoint that is rolled back: nothing is
    written (and no email is sent)."""
    _require_open_for(period, user)
    preview = ReturnPreview(
        period=period,
        rows=_plan(period=period, user=user, rows=return_rows(content=content, period=period)),
    )
    for p in preview.rows:
        if p.problem:
            continue
        for submit in (False, True):
            if (p.submit if submit else p.draft) == UNCHANGED:
                continue
            try:
                with emails_suppressed(), transaction.atomic():
                    _save(p, period=period, user=user, submit=submit, site_url=None)
                    transaction.set_rollback(True)
            except (ValidationError, PermissionDenied) as exc:
                if submit:
                    p.submit_problem = _messages(exc)
                else:
                    p.draft_problem = _messages(exc)
    return preview


@dataclass(frozen=True)
class ReturnApplied:
    saved: list[ActionUpdate]
    unchanged: int
    notified: list[str]
    followed: list[Action] = field(default_factory=list)  # kept in step with a saved row


def return_apply(
    *,
    period: ReportingPeriod,
    user: AbstractBaseUser,
    content: bytes,
    submit: bool,
    site_url: str | None = None,
) -> ReturnApplied:
    """Save every row of the return as a draft (``submit`` False) or submit it, through
    ``update_save``, in one transaction: if any row is refused, nothing is saved and
    ReturnRefused names every refused row."""
    with transaction.atomic():
        _require_open_for(period, user)
        plans = _plan(period=period, user=user, rows=return_rows(content=content, period=period))
        problems = [f"{p.label}: {p.problem}" for p in plans if p.problem]
        saved: list[ActionUpdate] = []
        followed: list[Action] = []
        unchanged = 0
        for p in plans:
            if p.problem:
                continue
            if (p.submit if submit else p.draft) == UNCHANGED:
                unchanged += 1
                continue
            try:
                saved.append(_save(p, period=period, user=user, submit=submit, site_url=site_url))
                followed.extend(p.followers)
            except (ValidationError, PermissionDenied) as exc:
                problems.append(f"{p.label}: {_messages(exc)}")
        if problems:
            raise ReturnRefused(problems, rows=len(plans))
        notified: list[str] = []
        for update in saved:
            for name in getattr(update, "notified", []):
                if name not in notified:
                    notified.append(name)
        return ReturnApplied(saved=saved, unchanged=unchanged, notified=notified, followed=followed)


# --- The file between the preview and the choice -----------------------------------------------

PENDING_FOR = 24 * 60 * 60  # seconds a previewed return may wait for its choice
_PENDING_SALT = "netzero.workflow.returns.pending"
_PENDING_NAME = re.compile(r"^[0-9a-f]{32}$")


def return_file_keep(*, content: bytes, period: ReportingPeriod, user: AbstractBaseUser) -> str:
    """Keep an uploaded return until the person chooses; the signed token that names it."""
    PendingReturn.objects.filter(
        kept_at__lt=timezone.now() - timedelta(seconds=PENDING_FOR)
    ).delete()
    name = secrets.token_hex(16)
    PendingReturn.objects.create(name=name, user=user, period=period, content=content)
    return signing.dumps({"f": name, "u": user.pk, "p": period.pk}, salt=_PENDING_SALT)


def _pending_name(*, token: str, period: ReportingPeriod, user: AbstractBaseUser) -> str:
    gone = Refused(
        "The uploaded return is no longer kept (it is kept for a day, for the person who "
        "uploaded it): upload the file again.",
        code="return_expired",
    )
    try:
        data = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_FOR)
    except signing.BadSignature as exc:
        raise gone from exc
    name = str(data.get("f", ""))
    if data.get("u") != user.pk or data.get("p") != period.pk or not _PENDING_NAME.match(name):
        raise gone
    return name


def _pending(*, token: str, period: ReportingPeriod, user: AbstractBaseUser):
    name = _pending_name(token=token, period=period, user=user)
    return PendingReturn.objects.filter(name=name, user=user, period=period)


def return_file_take(*, token: str, period: ReportingPeriod, user: AbstractBaseUser) -> bytes:
    """The kept return the token names; Refused when it is not this person's, for this period,
    or no longer kept."""
    content = _pending(token=token, period=period, user=user).values_list("content", flat=True)
    kept = content.first()
    if kept is None:
        raise Refused(
            "The uploaded return is no longer kept: upload the file again.", code="return_expired"
        )
    return bytes(kept)


def return_file_discard(*, token: str, period: ReportingPeriod, user: AbstractBaseUser) -> None:
    """Delete the kept return once it is saved."""
    _pending(token=token, period=period, user=user).delete()
