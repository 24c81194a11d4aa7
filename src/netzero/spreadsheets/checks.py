"""A plan's spreadsheet checked, sheet by sheet, with the steps that write it.

``examine`` reads every sheet of the layout in order (the plan, Themes, Delivery themes,
Classifications, Actions, Periods, Plan notes, Action changes, Updates); each sheet's function
adds its problems, its preview items and the steps that apply it to the ``Work``. The sheets
share one ``_Context``: what the plan already holds, looked up once, what the file's rows say,
and the records the steps fill in as the apply runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from netzero.classifications.models import ActionCategory, Category, ClassificationScheme
from netzero.classifications.services import (
    action_classify,
    category_create,
    reported_count_record,
    scheme_create,
)
from netzero.core.exceptions import ImportRefused, Refused, RowsRefused
from netzero.core.narrative import markdown_to_narrative, narrative_to_markdown
from netzero.core.quarters import parse_quarter
from netzero.core.users import full_name
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme
from netzero.plans.services import (
    actions_save,
    delivery_add,
    delivery_theme_create,
    delivery_theme_save,
    plan_create,
    theme_create,
    theme_save,
)
from netzero.plans.targets import target_end_year
from netzero.reporting.models import ActionStateChange, ActionUpdate, PlanNote, ReportingPeriod
from netzero.reporting.services import action_state_record, period_create, plan_note_create
from netzero.reporting.status import Status, status_from_text
from netzero.spreadsheets import layout
from netzero.spreadsheets.imports import MAX_PROBLEMS, Row, Workbook
from netzero.spreadsheets.selectors import deliverers_for
from netzero.workflow.services import (
    period_freeze,
    period_presented_record,
    update_record,
    update_record_as_published,
)

CREATE, CHANGE, SAME = "create", "change", "same"
ABSENT = "absent"  # in the plan, not in the file: left as it is (never deleted)
VERDICT_WORDS = {
    CREATE: "Will be created",
    CHANGE: "Will be changed",
    SAME: "Left alone",
    ABSENT: "Not in the file: left as they are",
}

KINDS = {
    "priority action": Action.Kind.PRIORITY,
    "priority": Action.Kind.PRIORITY,
    "long-list action": Action.Kind.LONG_LIST,
    "long list action": Action.Kind.LONG_LIST,
    "long-list": Action.Kind.LONG_LIST,
    "long list": Action.Kind.LONG_LIST,
    "long_list": Action.Kind.LONG_LIST,
}
IMPACTS = {"high": "high", "moderate": "moderate", "low": "low"}
PERIOD_STATES = {"open": False, "published": True}
UPDATE_STATES = {s.label.casefold(): s.value for s in ActionUpdate.State} | {
    s.value: s.value for s in ActionUpdate.State
}
SECTIONS = {s.label.casefold(): s.value for s in PlanNote.Section} | {
    s.value: s.value for s in PlanNote.Section
}
CHANGES = {k.label.casefold(): k.value for k in ActionStateChange.Kind} | {
    k.value: k.value for k in ActionStateChange.Kind
}
THEME_FIELDS = ("description", "vision", "benefits", "risks")  # the Themes sheet's columns 2-5
WORKFLOW_STATES = (ActionUpdate.State.SUBMITTED, ActionUpdate.State.APPROVED)

Quarter = tuple[int, int]  # (year, quarter), as a period is looked up


@dataclass
class Item:
    sheet: str
    label: str  # "Ref 5", "Planning", "2022-23 Q3: Ref 5"
    verdict: str
    differences: list[str] = field(default_factory=list)


@dataclass
class Preview:
    plan_name: str
    plan_slug: str
    new_plan: bool
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the person should know (drafts)
    warnings: list[str] = field(default_factory=list)  # what was not checked, and why
    # the plan's themes, delivery themes and actions the file does not mention (left as they are)
    not_in_file: list[Item] = field(default_factory=list)

    def of(self, verdict: str) -> list[Item]:
        return [i for i in self.items if i.verdict == verdict]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for item in self.items:
            sheet = counts.setdefault(item.sheet, {CREATE: 0, CHANGE: 0, SAME: 0})
            sheet[item.verdict] += 1
        return counts

    @property
    def ok(self) -> bool:
        return not self.problems


class _TooMany(Exception):
    pass


LAYOUT_ORDER = (layout.ABOUT, *(sheet.name for sheet in layout.SHEETS))  # as downloaded


@dataclass
class Work:
    """What the file says, checked, with the steps that write it."""

    preview: Preview
    steps: list[tuple[str, int | None, Callable[[], Any]]] = field(default_factory=list)
    sheet_order: list[str] = field(default_factory=list)  # the file's; else the layout's
    # each problem's place: (sheet's position, row number), as preview.problems holds them
    places: list[tuple[int, int]] = field(default_factory=list)

    def problem(self, sheet: str, row: Row | int | None, message: str) -> None:
        number = row.number if isinstance(row, Row) else row
        where = f"{sheet}, row {number}" if number else sheet
        self.preview.problems.append(f"{where}: {message}")
        self.places.append((self._sheet_position(sheet), number or 0))
        if len(self.preview.problems) >= MAX_PROBLEMS:
            raise _TooMany

    def _sheet_position(self, sheet: str) -> int:
        order = [*self.sheet_order, *(s for s in LAYOUT_ORDER if s not in self.sheet_order)]
        return order.index(sheet) if sheet in order else len(order)

    def problems_in_order(self) -> None:
        """The problems as the person reads the file: sheet by sheet in the workbook's order,
        then row by row (a row's own problems in the order they were found)."""
        paired = sorted(zip(self.places, self.preview.problems, strict=True), key=lambda p: p[0])
        self.preview.problems[:] = [problem for _, problem in paired]

    def item(self, sheet: str, label: str, verdict: str, differences=()) -> None:
        self.preview.items.append(Item(sheet, label, verdict, list(differences)))

    def compared(self, sheet: str, label: str, differences: list[str]) -> None:
        """What is in the plan already: changed where it differs, else left alone."""
        self.item(sheet, label, CHANGE if differences else SAME, differences)

    def step(self, sheet: str, row: Row | None, do: Callable[[], Any]) -> None:
        self.steps.append((sheet, row.number if row else None, do))


class _Operator:
    """The command line's operator, for the plans services that check a person's permission:
    they already have the server, as ``netzero update``'s operator does."""

    is_active = True

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True


@dataclass
class _Context:
    """What every sheet's check shares: the plan as it is, looked up once; what the file's rows
    say, as each sheet is read; and the records the steps fill in as the apply runs."""

    work: Work
    organisation: Organisation
    plan: Plan | None  # the plan as found; None: the file makes a new one
    book: Workbook
    user: Any
    existing_themes: dict[str, Theme]
    existing_dts: dict[str, DeliveryTheme]
    existing_actions: dict[str, Action]  # by ref, casefolded
    existing_periods: dict[Quarter, ReportingPeriod]
    existing_categories: dict[tuple[str, str], Category] = field(default_factory=dict)
    downloaded: datetime | None = None  # when the file was downloaded (None: not known)
    # records the file would change, checked against the plan's history after every sheet:
    # (model, record's id, sheet, row, what the message calls it, what it is)
    changing: list[tuple[type, int, str, Row, str, str]] = field(default_factory=list)
    deliverers: list[Organisation] = field(default_factory=list)
    # the file's rows, checked
    theme_rows: dict[str, Row] = field(default_factory=dict)
    dt_rows: dict[str, Row] = field(default_factory=dict)
    category_rows: list[Row] = field(default_factory=list)
    file_categories: dict[tuple[str, str], str] = field(default_factory=dict)  # -> parent name
    action_rows: dict[str, Row] = field(default_factory=dict)
    period_rows: dict[Quarter, Row] = field(default_factory=dict)
    publish: dict[Quarter, bool] = field(default_factory=dict)
    # filled as the apply runs
    current: Plan | None = None  # the plan the steps write to (made by the first, if new)
    themes: dict[str, Theme] = field(default_factory=dict)
    delivery_themes: dict[str, DeliveryTheme] = field(default_factory=dict)
    categories: dict[tuple[str, str], Category] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    periods: dict[Quarter, ReportingPeriod] = field(default_factory=dict)

    @property
    def sheets(self) -> dict[str, list[Row]]:
        return self.book.sheets

    @property
    def operator(self) -> Any:
        return self.user or _Operator()

    @property
    def theme_names(self) -> set[str]:
        return set(self.theme_rows) | set(self.existing_themes)

    @property
    def all_refs(self) -> set[str]:
        return set(self.action_rows) | set(self.existing_actions)

    @property
    def all_periods(self) -> set[Quarter]:
        return set(self.period_rows) | set(self.existing_periods)

    def current_plan(self) -> Plan:
        assert self.current is not None
        return self.current

    def organisation_named(self, text: str) -> Organisation | None:
        wanted = text.casefold()
        for o in self.deliverers:
            codes = {o.name.casefold(), o.slug.casefold()}
            if o.ods_code:
                codes.add(o.ods_code.casefold())
            if wanted in codes:
                return o
        return None


def _markdown(text: str) -> str:
    """A narrative as typed, read as the pages read it, back as its Markdown: two spellings
    of the same words compare equal."""
    return narrative_to_markdown(markdown_to_narrative(text))


def _whole(work: Work, sheet: str, row: Row, key: str, header: str) -> int | None:
    value = row.values.get(key)
    text = row.text(key)
    if not text:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        number = int(value)
    elif text.isdigit():
        number = int(text)
    else:
        work.problem(sheet, row, f"{header} must be a whole number, not {text!r}.")
        return None
    if number < 0:
        work.problem(sheet, row, f"{header} must be a whole number, not {text!r}.")
        return None
    return number


def _date(work: Work, sheet: str, row: Row, key: str, header: str) -> date | None:
    value = row.values.get(key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = row.text(key)
    if not text:
        return None
    for form in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    work.problem(sheet, row, f"{header} must be a date such as 31/01/2023, not {text!r}.")
    return None


def _too_long(work: Work, sheet: str, row: Row, values: dict[str, tuple[str, str, int]]) -> None:
    for text, header, most in values.values():
        if len(text) > most:
            work.problem(sheet, row, f"{header} is {len(text):,} characters; at most {most}.")


def _repeated(work: Work, sheet: str, seen: dict[str, int], key: str, row: Row, what: str) -> bool:
    if key in seen:
        work.problem(sheet, row, f"{what} is also in row {seen[key]}: give each row its own.")
        return True
    seen[key] = row.number
    return False


def _rows_named(
    ctx: _Context, sheet: str, column: str, blank: str, what: str, fold: bool = False
) -> dict[str, Row]:
    """A sheet's rows by the name in ``column`` (casefolded if ``fold``): a blank name or a
    repeated one is a problem, and its row is left out. ``what`` names one, as "Ref {}"."""
    rows: dict[str, Row] = {}
    seen: dict[str, int] = {}
    for row in ctx.sheets.get(sheet, []):
        name = row.text(column)
        if not name:
            ctx.work.problem(sheet, row, blank)
            continue
        key = name.casefold() if fold else name
        if _repeated(ctx.work, sheet, seen, key, row, what.format(name)):
            continue
        rows[key] = row
    return rows


def cell_ok(value: Any) -> bool:
    try:
        return value is not None and value != "" and float(value).is_integer()
    except (TypeError, ValueError):
        return False


def _position(row: Row) -> int | None:
    """The row's Position, as the apply reads it (the check has already said if it is not)."""
    value = row.values.get("position")
    return int(float(value)) if cell_ok(value) else None


def _position_differs(position: int | None, record: Theme | DeliveryTheme) -> bool:
    return position is not None and position != record.position


def _position_keep(record: Theme | DeliveryTheme, position: int | None) -> None:
    if _position_differs(position, record):
        record.position = position
        record.full_clean()
        record.save()


def _lead(row: Row) -> str:
    return "" if row.text("lead").upper() == "TBC" else row.text("lead")


def _lines(text: str) -> list[str]:
    """A cell's lines, trimmed, without the blank ones."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _deliverer_lines(text: str) -> list[tuple[str, str]]:
    lines = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        name, _, note = line.partition(" | ")
        lines.append((name.strip(), note.strip()))
    return lines


def _category_path(scheme: str, parent: str, name: str) -> str:
    """A category as the Classifications and Actions sheets name it: "Scheme: Parent / Name"."""
    return f"{scheme}: {parent + ' / ' if parent else ''}{name}"


def _path_of(category: Category) -> str:
    parent = category.parent.name if category.parent_id else ""
    return _category_path(category.scheme.name, parent, category.name)


def _deliveries_wanted(
    lead_lines: list[tuple[str, str]],
    partner_lines: list[tuple[str, str]],
    organisation_named: Callable[[str], Organisation | None],
) -> set[tuple[int, str, str]]:
    wanted: set[tuple[int, str, str]] = set()
    for lines, role in ((lead_lines, Delivery.Role.LEAD), (partner_lines, Delivery.Role.PARTNER)):
        for name, note in lines:
            found = organisation_named(name)
            if found is not None:
                wanted.add((found.pk, str(role), note))
    return wanted


def _clean_save(record: Any, sheet: str, row: Row) -> None:
    try:
        record.full_clean()
    except ValidationError as exc:
        raise ImportRefused([f"{sheet}, row {row.number}: {m}" for m in exc.messages]) from exc
    record.save()


def examine(*, organisation: Organisation, plan: Plan | None, book: Workbook, user: Any) -> Work:
    """Check every row; collect the preview and the steps that apply the file."""
    slug = (
        book.about.get(layout.ABOUT_ADDRESS) or book.about.get(layout.ABOUT_ADDRESS_OLD, "")
    ).strip()
    name = book.about.get(layout.ABOUT_PLAN, "").strip()
    if plan is None and slug:
        plan = Plan.objects.filter(organisation=organisation, slug=slug).first()
    preview = Preview(
        plan_name=plan.name if plan else name,
        plan_slug=plan.slug if plan else slug,
        new_plan=plan is None,
    )
    work = Work(preview, sheet_order=book.order)
    try:
        _examine_rows(work, organisation=organisation, plan=plan, book=book, user=user)
    except _TooMany:
        work.problems_in_order()
        preview.problems.append(
            f"The first {MAX_PROBLEMS} problems are listed; the file has more. Correct these "
            "and try again."
        )
    else:
        work.problems_in_order()
    return work


def _examine_rows(
    work: Work, *, organisation: Organisation, plan: Plan | None, book: Workbook, user: Any
) -> None:
    """One pass over the layout, sheet by sheet: the order of the steps is the apply's."""
    ctx = _Context(
        work=work,
        organisation=organisation,
        plan=plan,
        book=book,
        user=user,
        current=plan,
        existing_themes={t.name: t for t in (plan.themes.all() if plan else [])},
        existing_dts={d.name: d for d in (plan.delivery_themes.all() if plan else [])},
        existing_actions={
            a.ref.casefold(): a
            for a in (
                plan.actions.select_related("theme", "delivery_theme", "reports_through")
                if plan
                else []
            )
        },
        existing_periods={(p.year, p.quarter): p for p in (plan.periods.all() if plan else [])},
    )
    if plan is None:
        _new_plan_examine(ctx)
    else:
        _downloaded_examine(ctx)
    _themes_examine(ctx)
    _delivery_themes_examine(ctx)
    _classifications_examine(ctx)
    _actions_examine(ctx)
    _periods_examine(ctx)
    # plan notes and action changes: recorded before any period is frozen
    _plan_notes_examine(ctx)
    _action_changes_examine(ctx)
    _updates_examine(ctx)
    _changed_since_examine(ctx)
    ctx.work.step(layout.PERIODS, None, partial(_periods_freeze, ctx))


# --- Changed since the download ------------------------------------------------------------


def _when(moment: datetime) -> str:
    """A moment as the pages say it: "14:05 on 3 March 2026" (local time)."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {local.day} {local:%B %Y}"


def _downloaded_examine(ctx: _Context) -> None:
    """When the file was downloaded, from its About sheet: what was changed in the plan after
    it is not overwritten by the file. A file that does not say (a blank template filled in,
    an older download) is not checked, and the preview says so."""
    text = ctx.book.about.get(layout.ABOUT_DOWNLOADED, "").strip()
    if not text:
        ctx.work.preview.warnings.append(
            "The file does not say when it was downloaded (a blank template filled in, or a "
            "file downloaded before downloads said so): it is not checked for changes made in "
            "the plan since. Check the rows that will be changed below."
        )
        return
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        ctx.work.problem(
            layout.ABOUT,
            None,
            f"Downloaded is {text!r}, not a time such as 2026-03-31T14:05:00: leave it as "
            "downloaded, or download the plan again.",
        )
        return
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    ctx.downloaded = moment


def _changing(ctx: _Context, record: Any, sheet: str, row: Row, what: str, kind: str) -> None:
    if ctx.downloaded is not None:
        ctx.changing.append((type(record), record.pk, sheet, row, what, kind))


def _changed_since_examine(ctx: _Context) -> None:
    """A row that would change a theme, delivery theme or action someone changed after the
    file was downloaded is a problem: the file would put the earlier words back. One query a
    model, on its history."""
    if ctx.downloaded is None or not ctx.changing:
        return
    by_model: dict[type, list[tuple[int, str, Row, str, str]]] = {}
    for model, pk, sheet, row, what, kind in ctx.changing:
        by_model.setdefault(model, []).append((pk, sheet, row, what, kind))
    for model, records in by_model.items():
        latest: dict[int, Any] = {}
        history = (
            model.history.model.objects.filter(  # type: ignore[attr-defined]
                id__in=[r[0] for r in records], history_date__gt=ctx.downloaded
            )
            .select_related("history_user")
            .order_by("id", "-history_date")
        )
        for entry in history:
            latest.setdefault(entry.id, entry)
        for pk, sheet, row, what, kind in records:
            entry = latest.get(pk)
            if entry is None:
                continue
            who = full_name(entry.history_user, nobody="someone")
            ctx.work.problem(
                sheet,
                row,
                f"{what}: {who} changed this {kind} at {_when(entry.history_date)}, after this "
                "file was downloaded: download the plan again.",
            )


# --- The plan ----------------------------------------------------------------------------


def _new_plan_examine(ctx: _Context) -> None:
    """A new plan is named, at an address of its own."""
    work, preview = ctx.work, ctx.work.preview
    if not preview.plan_name:
        work.problem(layout.ABOUT, 1, "name the plan (Plan) for the new plan to be created.")
    slug = preview.plan_slug or slugify(preview.plan_name)[:100]
    if slug and Plan.objects.filter(slug=slug).exists():
        work.problem(
            layout.ABOUT,
            2,
            f"the address {slug} is another organisation's plan's: give the new plan its own.",
        )
    preview.plan_slug = slug
    work.step(layout.ABOUT, None, partial(_new_plan_apply, ctx))
    work.item(layout.ABOUT, preview.plan_name, CREATE)


def _new_plan_apply(ctx: _Context) -> None:
    ctx.current = plan_create(
        organisation=ctx.organisation,
        name=ctx.work.preview.plan_name,
        slug=ctx.work.preview.plan_slug,
        description=ctx.book.about.get(layout.ABOUT_DESCRIPTION, ""),
    )


# --- Themes ------------------------------------------------------------------------------


def _themes_examine(ctx: _Context) -> None:
    work, sheet = ctx.work, layout.THEMES
    ctx.theme_rows = _rows_named(
        ctx, sheet, "name", "name the theme (Theme is blank).", "The theme {}"
    )
    theme_names = ctx.theme_names
    headers = layout.SHEETS_BY_NAME[sheet].columns
    for name, row in ctx.theme_rows.items():
        parent = row.text("parent")
        position = _whole(work, sheet, row, "position", "Position")
        if parent and parent not in theme_names:
            work.problem(
                sheet,
                row,
                f"the theme {name} is within {parent!r}, which is neither on the Themes sheet "
                "nor in the plan.",
            )
        if parent == name:
            work.problem(sheet, row, f"the theme {name} cannot sit within itself.")
        _too_long(work, sheet, row, {"name": (name, "Theme", 500)})
        fields = {k: row.text(k) for k in THEME_FIELDS}
        old = ctx.existing_themes.get(name)
        if old is None:
            work.item(sheet, name, CREATE)
            continue
        differences = [
            headers[i].header
            for i, k in enumerate(THEME_FIELDS, start=2)
            if fields[k] != getattr(old, k).strip()
        ]
        if parent != (old.parent.name if old.parent_id else ""):
            differences.insert(0, "Within theme")
        if _position_differs(position, old):
            differences.append("Position")
        work.compared(sheet, name, differences)
        if differences:
            _changing(ctx, old, sheet, row, f"The theme {name}", "theme")
    absent = [t for n, t in ctx.existing_themes.items() if n not in ctx.theme_rows]
    _not_in_file(ctx, sheet, [t.name for t in absent])
    for name, row in ctx.theme_rows.items():
        described = row.text("description")
        if name in ctx.existing_themes or not described:
            continue
        for other in absent:
            if " ".join(other.description.split()) == " ".join(described.split()):
                work.problem(
                    sheet,
                    row,
                    f"the theme {name} has the same description as the theme {other.name}, "
                    "which is not in the file: a theme cannot be renamed by a file; rename it "
                    f"on the plan's set-up page, or put the theme {other.name} back.",
                )
                break
    work.step(sheet, None, partial(_themes_apply, ctx))


def _themes_apply(ctx: _Context) -> None:
    """Each theme after the theme it sits within; a circle is refused."""
    current, themes = ctx.current_plan(), ctx.themes
    themes.update({t.name: t for t in current.themes.all()})
    pending = list(ctx.theme_rows.items())
    while pending:
        progressed = False
        for name, row in list(pending):
            parent_name = row.text("parent")
            if parent_name and parent_name not in themes:
                continue
            parent = themes.get(parent_name) if parent_name else None
            fields = {k: row.text(k) for k in THEME_FIELDS}
            position = _position(row)
            old = themes.get(name)
            if old is None:
                themes[name] = theme_create(
                    plan=current, name=name, parent=parent, position=position, **fields
                )
            elif (
                parent != old.parent
                or any(fields[k] != getattr(old, k).strip() for k in fields)
                or _position_differs(position, old)
            ):
                old = theme_save(
                    user=ctx.operator, plan=current, theme=old, name=name, parent=parent, **fields
                )
                _position_keep(old, position)
                themes[name] = old
            pending.remove((name, row))
            progressed = True
        if not progressed:
            names = ", ".join(n for n, _ in pending)
            raise Refused(f"The themes {names} sit within one another in a circle.")


# --- Delivery themes ---------------------------------------------------------------------


def _delivery_themes_examine(ctx: _Context) -> None:
    work, sheet = ctx.work, layout.DELIVERY_THEMES
    seen: dict[str, int] = {}
    for row in ctx.sheets.get(sheet, []):
        name = row.text("name")
        if not name:
            work.problem(sheet, row, "name the delivery theme.")
            continue
        if _repeated(work, sheet, seen, name, row, f"The delivery theme {name}"):
            continue
        _too_long(work, sheet, row, {"n": (name, "Delivery theme", 200)})
        _too_long(work, sheet, row, {"l": (row.text("lead"), "Lead", 200)})
        position = _whole(work, sheet, row, "position", "Position")
        ctx.dt_rows[name] = row
        old = ctx.existing_dts.get(name)
        if old is None:
            work.item(sheet, name, CREATE)
            continue
        differences = ["Lead"] if _lead(row) != old.lead_name else []
        if _position_differs(position, old):
            differences.append("Position")
        work.compared(sheet, name, differences)
        if differences:
            _changing(ctx, old, sheet, row, f"The delivery theme {name}", "delivery theme")
    _not_in_file(ctx, sheet, [n for n in ctx.existing_dts if n not in ctx.dt_rows])
    work.step(sheet, None, partial(_delivery_themes_apply, ctx))


def _delivery_themes_apply(ctx: _Context) -> None:
    current, delivery_themes = ctx.current_plan(), ctx.delivery_themes
    delivery_themes.update({d.name: d for d in current.delivery_themes.all()})
    for name, row in ctx.dt_rows.items():
        lead = _lead(row)
        position = _position(row)
        old = delivery_themes.get(name)
        if old is None:
            delivery_themes[name] = delivery_theme_create(
                plan=current, name=name, lead_name=lead, position=position
            )
            continue
        if lead != old.lead_name:
            old = delivery_theme_save(
                user=ctx.operator, plan=current, delivery_theme=old, name=name, lead_name=lead
            )
        _position_keep(old, position)
        delivery_themes[name] = old


# --- Classifications ---------------------------------------------------------------------


def _classifications_examine(ctx: _Context) -> None:
    work, sheet = ctx.work, layout.CLASSIFICATIONS
    if ctx.plan:
        ctx.existing_categories = {
            (category.scheme.name, category.name): category
            for category in Category.objects.filter(scheme__plan=ctx.plan).select_related("scheme")
        }
    seen: dict[str, int] = {}
    for row in ctx.sheets.get(sheet, []):
        scheme, name, parent = row.text("scheme"), row.text("category"), row.text("parent")
        if not scheme or not name:
            work.problem(sheet, row, "give the scheme and the category.")
            continue
        if _repeated(work, sheet, seen, f"{scheme}\n{name}", row, name):
            continue
        _whole(work, sheet, row, "count", "Reported count")
        ctx.file_categories[(scheme, name)] = parent
        ctx.category_rows.append(row)
    for row in ctx.category_rows:
        scheme, name, parent = row.text("scheme"), row.text("category"), row.text("parent")
        if parent and (scheme, parent) not in ctx.file_categories | ctx.existing_categories:
            work.problem(
                sheet, row, f"{name} is within {parent!r}, which is not a category of {scheme}."
            )
        old = ctx.existing_categories.get((scheme, name))
        work.item(sheet, _category_path(scheme, parent, name), CREATE if old is None else SAME)
    if ctx.category_rows:
        work.step(sheet, None, partial(_classifications_apply, ctx))


def _classifications_apply(ctx: _Context) -> None:
    current, categories = ctx.current_plan(), ctx.categories
    schemes = {s.name: s for s in ClassificationScheme.objects.filter(plan=current)}
    categories.update(
        {
            (c.scheme.name, c.name): c
            for c in Category.objects.filter(scheme__plan=current).select_related("scheme")
        }
    )
    for row in sorted(ctx.category_rows, key=lambda r: bool(r.text("parent"))):
        scheme_name, name = row.text("scheme"), row.text("category")
        scheme = schemes.get(scheme_name)
        if scheme is None:
            schemes[scheme_name] = scheme = scheme_create(
                plan=current,
                name=scheme_name,
                top_level_name=row.text("top_level_name") or "Category",
                second_level_name=row.text("second_level_name") or "Subcategory",
                description=row.text("description"),
                source=row.text("source"),
            )
        if (scheme_name, name) in categories:
            continue
        parent = categories.get((scheme_name, row.text("parent")))
        category = category_create(scheme=scheme, name=name, parent=parent)
        categories[(scheme_name, name)] = category
        if row.text("count"):
            reported_count_record(
                category=category,
                count=int(float(row.values["count"])),
                source=row.text("count_source"),
            )


# --- Actions -----------------------------------------------------------------------------


def _actions_examine(ctx: _Context) -> None:
    ctx.deliverers = deliverers_for(owner=ctx.organisation)
    ctx.action_rows = _rows_named(
        ctx,
        layout.ACTIONS,
        "ref",
        "give the action's ref (Ref is blank).",
        "Ref {}",
        fold=True,
    )
    dt_names = set(ctx.dt_rows) | set(ctx.existing_dts)
    category_paths = {
        _category_path(scheme, parent, name)
        for (scheme, name), parent in ctx.file_categories.items()
    } | {_path_of(c) for c in ctx.existing_categories.values()}
    for key, row in ctx.action_rows.items():
        _action_check(ctx, key, row, dt_names, category_paths)
        ref = row.text("ref")
        old = ctx.existing_actions.get(key)
        if old is None:
            ctx.work.item(layout.ACTIONS, f"Ref {ref}", CREATE)
        elif not _action_is_another(ctx, row, old):
            differences = _action_differences(ctx, row, old)
            ctx.work.compared(layout.ACTIONS, f"Ref {ref}", differences)
            if differences:
                _changing(ctx, old, layout.ACTIONS, row, f"Ref {ref}", "action")
    absent = [a for key, a in ctx.existing_actions.items() if key not in ctx.action_rows]
    _not_in_file(ctx, layout.ACTIONS, [f"Ref {a.ref}" for a in absent])
    _renamed_refs_examine(ctx, absent)
    ctx.work.step(layout.ACTIONS, None, partial(_actions_apply, ctx))


def _not_in_file(ctx: _Context, sheet: str, labels: list[str]) -> None:
    """The plan's records of ``sheet`` the file does not mention: listed, left as they are."""
    ctx.work.preview.not_in_file.extend(Item(sheet, label, ABSENT) for label in labels)


def _words(text: str) -> str:
    return " ".join(narrative_to_markdown(text).split())


def _renamed_refs_examine(ctx: _Context, absent: list[Action]) -> None:
    """A new action whose words are those of a plan's action the file does not mention is a
    ref changed in the file: a file cannot change a ref (rows are matched by it), so the
    action would be made twice."""
    by_words = {_words(a.text): a for a in reversed(absent) if a.text.strip()}
    if not by_words:
        return
    for key, row in ctx.action_rows.items():
        if key in ctx.existing_actions:
            continue
        words = " ".join(_markdown(row.text("text")).split())
        other = by_words.get(words) if words else None
        if other is not None:
            ctx.work.problem(
                layout.ACTIONS,
                row,
                f"Ref {row.text('ref')} has the same words as Ref {other.ref}, which is not in "
                "the file: a ref cannot be changed by a file; change it on the plan's set-up "
                f"page, or put Ref {other.ref} back.",
            )


def _action_check(
    ctx: _Context, key: str, row: Row, dt_names: set[str], category_paths: set[str]
) -> None:
    """Every problem of one Actions row, in the order the columns come."""
    work, sheet, ref = ctx.work, layout.ACTIONS, row.text("ref")
    kind_text = row.text("kind")
    if kind_text and KINDS.get(kind_text.casefold()) is None:
        work.problem(
            sheet,
            row,
            f"Ref {ref}: Kind {kind_text!r} is not one of Priority action, Long-list action.",
        )
    theme = row.text("theme")
    if not theme:
        work.problem(sheet, row, f"Ref {ref}: give its theme.")
    elif theme not in ctx.theme_names:
        work.problem(
            sheet,
            row,
            f"Ref {ref}: the theme {theme!r} is neither on the Themes sheet nor in the plan.",
        )
    dt = row.text("delivery_theme")
    if dt and dt not in dt_names:
        work.problem(
            sheet,
            row,
            f"Ref {ref}: the delivery theme {dt!r} is neither on the Delivery themes sheet "
            "nor in the plan.",
        )
    impact_text = row.text("impact")
    if impact_text and impact_text.casefold() not in IMPACTS:
        work.problem(
            sheet, row, f"Ref {ref}: Impact {impact_text!r} is not one of High, Moderate, Low."
        )
    try:
        target_end_year(row.text("target"))
    except ValidationError as exc:
        work.problem(sheet, row, f"Ref {ref}: {exc.messages[0]}")
    through = row.text("reports_through")
    if through:
        if through.casefold() not in ctx.all_refs:
            work.problem(
                sheet,
                row,
                f"Ref {ref} reports through Ref {through}, which is not in the file nor the plan.",
            )
        elif through.casefold() == key:
            work.problem(sheet, row, f"Ref {ref} cannot report through itself.")
    _too_long(
        work,
        sheet,
        row,
        {
            "ref": (ref, "Ref", 20),
            "title": (row.text("title"), "Title", 300),
            "role": (row.text("role"), "Role", 300),
            "target": (row.text("target"), "Target date or timescale", 40),
        },
    )
    _action_links_check(ctx, row, category_paths)


def _action_links_check(ctx: _Context, row: Row, category_paths: set[str]) -> None:
    """The row's organisations and classifications are known ones."""
    work, sheet, ref = ctx.work, layout.ACTIONS, row.text("ref")
    lead_lines = _deliverer_lines(row.text("lead_organisation"))
    if len(lead_lines) > 1:
        work.problem(sheet, row, f"Ref {ref}: an action has one lead organisation.")
    for name, _ in lead_lines + _deliverer_lines(row.text("partners")):
        if ctx.organisation_named(name) is None:
            work.problem(
                sheet,
                row,
                f"Ref {ref}: the organisation {name!r} is not {ctx.organisation.name} nor one "
                "of its partners (give its name, ODS code or address).",
            )
    for line in _lines(row.text("classifications")):
        if line not in category_paths:
            work.problem(
                sheet,
                row,
                f"Ref {ref}: the classification {line!r} is not on the "
                "Classifications sheet nor in the plan.",
            )


def _action_is_another(ctx: _Context, row: Row, old: Action) -> bool:
    """A ref names one action: the plan's action under the row's ref with another title (or,
    untitled, other words) is a problem, not a change."""
    ref, title = row.text("ref"), row.text("title")
    if (old.title or title) and old.title != title:
        ctx.work.problem(
            layout.ACTIONS,
            row,
            f"Ref {ref} is in the plan with another title ({old.title or 'none'!r}): a ref "
            "names one action. Check the ref, or change the title on the plan's pages.",
        )
        return True
    if not (old.title or title) and (
        " ".join(_markdown(row.text("text")).split())
        != " ".join(narrative_to_markdown(old.text).split())
    ):
        ctx.work.problem(
            layout.ACTIONS,
            row,
            f"Ref {ref} is in the plan with other words: a ref names one action. Check the "
            "ref, or change the action's words on the plan's pages.",
        )
        return True
    return False


def _action_differences(ctx: _Context, row: Row, old: Action) -> list[str]:
    """The headers of the columns in which the row differs from the plan's action."""
    kind_text, impact_text = row.text("kind"), row.text("impact")
    compare = {
        "Kind": (KINDS.get(kind_text.casefold()) if kind_text else Action.Kind.PRIORITY, old.kind),
        "Theme": (row.text("theme"), old.theme.name),
        "Delivery theme": (
            row.text("delivery_theme"),
            old.delivery_theme.name if old.delivery_theme_id else "",
        ),
        "Target date or timescale": (row.text("target"), old.target),
        "Role": (row.text("role"), old.role),
        "Success measure": (row.text("success_measure"), old.success_measure.strip()),
        "Impact if not achieved": (IMPACTS.get(impact_text.casefold(), ""), old.impact),
        "Reports through": (
            row.text("reports_through").casefold(),
            old.reports_through.ref.casefold() if old.reports_through_id else "",
        ),
    }
    differences = [header for header, (new, was) in compare.items() if new != was]
    wanted = _deliveries_wanted(
        _deliverer_lines(row.text("lead_organisation")),
        _deliverer_lines(row.text("partners")),
        ctx.organisation_named,
    )
    had = {(d.organisation_id, d.role, d.note) for d in old.deliveries.all()}
    if wanted is not None and wanted != had:
        differences.append("Delivering organisations")
    classified = {
        _path_of(ac.category)
        for ac in ActionCategory.objects.filter(action=old).select_related(
            "category__scheme", "category__parent"
        )
    }
    if classified != set(_lines(row.text("classifications"))):
        differences.append("Classifications")
    return differences


def _actions_apply(ctx: _Context) -> None:
    current, actions = ctx.current_plan(), ctx.actions
    row_order = list(ctx.action_rows.values())
    rows = []
    for row in row_order:
        kind_text = row.text("kind")
        rows.append(
            {
                "ref": row.text("ref"),
                "title": row.text("title"),
                "text": markdown_to_narrative(row.text("text")),
                "kind": KINDS.get(kind_text.casefold()) if kind_text else "",
                "theme": ctx.themes.get(row.text("theme")),
                "delivery_theme": ctx.delivery_themes.get(row.text("delivery_theme")),
                "target": row.text("target"),
                "success_measure": row.text("success_measure"),
                "impact": row.text("impact"),
            }
        )
    try:
        saved = actions_save(user=ctx.operator, plan=current, rows=rows) if rows else []
    except RowsRefused as exc:
        raise ImportRefused(
            [
                f"{layout.ACTIONS}, row {row_order[index].number}: {message}"
                for index, fields in sorted(exc.rows.items())
                for messages in fields.values()
                for message in messages
            ]
        ) from exc
    actions.update({a.ref.casefold(): a for a in current.actions.all()})
    for action in saved:
        actions[action.ref.casefold()] = action
    for row in row_order:
        action = actions[row.text("ref").casefold()]
        through = row.text("reports_through")
        new_through = actions.get(through.casefold()) if through else None
        role = row.text("role")
        if action.role != role or action.reports_through_id != (
            new_through.pk if new_through else None
        ):
            action.role = role
            action.reports_through = new_through
            _clean_save(action, layout.ACTIONS, row)
        _action_deliveries_apply(ctx, row, action)
        _action_classifications_apply(ctx, row, action)


def _action_deliveries_apply(ctx: _Context, row: Row, action: Action) -> None:
    wanted = _deliveries_wanted(
        _deliverer_lines(row.text("lead_organisation")),
        _deliverer_lines(row.text("partners")),
        ctx.organisation_named,
    )
    had = {(d.organisation_id, d.role, d.note): d for d in action.deliveries.all()}
    for key, delivery in had.items():
        if key not in wanted:
            delivery.delete()
    for organisation_id, role, note in sorted(wanted, key=lambda w: w[1] != "lead"):
        if (organisation_id, role, note) not in had:
            delivery_add(
                action=action,
                organisation=next(o for o in ctx.deliverers if o.pk == organisation_id),
                role=role,
                note=note,
            )


def _action_classifications_apply(ctx: _Context, row: Row, action: Action) -> None:
    wanted_categories = []
    for line in _lines(row.text("classifications")):
        scheme_name, _, path = line.partition(": ")
        category_name = path.rsplit(" / ", 1)[-1]
        wanted_categories.append(_category_lookup(ctx, scheme_name, category_name))
    for ac in ActionCategory.objects.filter(action=action):
        if ac.category_id not in {c.pk for c in wanted_categories}:
            ac.delete()
    have = set(ActionCategory.objects.filter(action=action).values_list("category_id", flat=True))
    for category in wanted_categories:
        if category.pk not in have:
            action_classify(action=action, category=category)


def _category_lookup(ctx: _Context, scheme_name: str, name: str) -> Category:
    found = ctx.categories.get((scheme_name, name))
    if found is None:
        found = Category.objects.get(
            scheme__plan=ctx.current_plan(), scheme__name=scheme_name, name=name
        )
    return found


# --- Periods -----------------------------------------------------------------------------


def _periods_examine(ctx: _Context) -> None:
    work, sheet = ctx.work, layout.PERIODS
    seen: dict[str, int] = {}
    for row in ctx.sheets.get(sheet, []):
        quarter = _quarter(work, sheet, row, "period")
        if quarter is None:
            continue
        if _repeated(work, sheet, seen, quarter.name, row, quarter.name):
            continue
        state_text = row.text("state") or "Open"
        published = PERIOD_STATES.get(state_text.casefold())
        if published is None:
            work.problem(sheet, row, f"State {state_text!r} is not one of Open, Published.")
            continue
        presented_on = _date(work, sheet, row, "presented_on", "Presented on")
        key = (quarter.year, quarter.quarter)
        ctx.period_rows[key] = row
        ctx.publish[key] = published
        old = ctx.existing_periods.get(key)
        if old is None:
            work.item(sheet, quarter.name, CREATE, ["Published"] if published else [])
            continue
        if old.is_published != published:
            work.problem(
                sheet,
                row,
                f"{quarter.name} is {'published' if old.is_published else 'open'} in the plan: "
                "a file does not "
                f"{'reopen' if old.is_published else 'publish'} it (its Manage page does).",
            )
            continue
        differences = []
        if row.text("notes") != old.notes.strip():
            if old.is_published:
                work.problem(
                    sheet, row, f"{quarter.name} is published: its notes no longer change."
                )
                continue
            differences.append("Notes")
        if (row.text("presented_to"), presented_on) != (old.presented_to, old.presented_on):
            differences.append("Presented to and on")
        work.compared(sheet, quarter.name, differences)
    work.step(sheet, None, partial(_periods_apply, ctx))


def _periods_apply(ctx: _Context) -> None:
    current, periods = ctx.current_plan(), ctx.periods
    periods.update({(p.year, p.quarter): p for p in current.periods.all()})
    for key in sorted(ctx.period_rows):
        row = ctx.period_rows[key]
        presented = (
            row.text("presented_to"),
            _date(ctx.work, layout.PERIODS, row, "presented_on", ""),
        )
        period = periods.get(key)
        if period is None:
            period = period_create(
                plan=current,
                name=parse_quarter(row.text("period")).name,
                notes=row.text("notes"),
            )
            if any(presented):
                period.presented_to, period.presented_on = presented
                _clean_save(period, layout.PERIODS, row)
            periods[key] = period
            continue
        if period.is_open and row.text("notes") != period.notes.strip():
            period.notes = row.text("notes")
            _clean_save(period, layout.PERIODS, row)
        if presented != (period.presented_to, period.presented_on):
            if ctx.user is None:
                raise ImportRefused(
                    [
                        f"{layout.PERIODS}, row {row.number}: the meeting a period was "
                        "presented to changes on its Manage page."
                    ]
                )
            period_presented_record(
                period=period, user=ctx.user, presented_to=presented[0], presented_on=presented[1]
            )


def _periods_freeze(ctx: _Context) -> None:
    for key in sorted(ctx.period_rows):
        if ctx.publish[key] and key not in ctx.existing_periods:
            period_freeze(period=ctx.periods[key], user=ctx.user)


def _quarter(work: Work, sheet: str, row: Row, key: str) -> Any:
    """The quarter a row's ``key`` column names, or None and a problem in the users' words."""
    text = row.text(key)
    header = next(c.header for c in layout.SHEETS_BY_NAME[sheet].columns if c.key == key)
    if not text:
        work.problem(sheet, row, f"{header} is blank: write the quarter as 2022-23 Q3.")
        return None
    try:
        return parse_quarter(text)
    except ValidationError:
        work.problem(
            sheet,
            row,
            f"“{text}” is not a quarter: write {header} as 2022-23 Q3 (for "
            "October to December 2022).",
        )
        return None


def _period_of(ctx: _Context, sheet: str, row: Row, key: str) -> Quarter | None:
    """The period a row names, if it is on the Periods sheet or in the plan."""
    quarter = _quarter(ctx.work, sheet, row, key)
    if quarter is None:
        return None
    found = (quarter.year, quarter.quarter)
    if found not in ctx.all_periods:
        ctx.work.problem(
            sheet, row, f"{quarter.name} is neither on the Periods sheet nor in the plan."
        )
        return None
    return found


def _frozen(ctx: _Context, key: Quarter) -> bool:
    old = ctx.existing_periods.get(key)
    return old is not None and old.is_published


def _unknown_ref(ctx: _Context, sheet: str, row: Row, ref: str) -> bool:
    if ref.casefold() not in ctx.all_refs:
        ctx.work.problem(sheet, row, f"Ref {ref} is not in the file nor the plan.")
        return True
    return False


# --- Plan notes --------------------------------------------------------------------------


def _plan_notes_examine(ctx: _Context) -> None:
    work, sheet, plan = ctx.work, layout.PLAN_NOTES, ctx.plan
    existing = {
        (n.section, (n.from_period.year, n.from_period.quarter), n.text.strip())
        for n in (plan.notes.select_related("from_period") if plan else [])
    }
    for row in ctx.sheets.get(sheet, []):
        section_text = row.text("section")
        section = SECTIONS.get(section_text.casefold())
        if section is None:
            work.problem(
                sheet,
                row,
                f"Section {section_text!r} is not one of "
                f"{', '.join(s.label for s in PlanNote.Section)}.",
            )
        key = _period_of(ctx, sheet, row, "from_period")
        if section is None or key is None:
            continue
        text = row.text("text")
        if not text:
            work.problem(sheet, row, "write the note (Text is blank).")
            continue
        label = f"{row.text('from_period')}: {text[:60]}"
        if (section, key, text) in existing:
            work.item(sheet, label, SAME)
            continue
        if _frozen(ctx, key):
            work.problem(
                sheet,
                row,
                "the note's period is published: a note from it no longer changes its dashboard.",
            )
            continue
        work.item(sheet, label, CREATE)
        work.step(sheet, row, partial(_plan_note_apply, ctx, row, section, key, text))


def _plan_note_apply(ctx: _Context, row: Row, section: str, key: Quarter, text: str) -> None:
    plan_note_create(
        plan=ctx.current_plan(),
        from_period=ctx.periods[key],
        section=section,
        text=text,
        source=row.text("source"),
    )


# --- Action changes ----------------------------------------------------------------------


def _action_changes_examine(ctx: _Context) -> None:
    plan = ctx.plan
    existing = {
        (c.action.ref.casefold(), (c.period.year, c.period.quarter)): c
        for c in (
            ActionStateChange.objects.filter(action__plan=plan).select_related(
                "action", "period", "other"
            )
            if plan
            else []
        )
    }
    for row in ctx.sheets.get(layout.ACTION_CHANGES, []):
        _action_change_examine(ctx, row, existing)


def _action_change_examine(
    ctx: _Context, row: Row, existing: dict[tuple[str, Quarter], ActionStateChange]
) -> None:
    work, sheet = ctx.work, layout.ACTION_CHANGES
    ref, change_text, other = row.text("ref"), row.text("change"), row.text("other")
    kind = CHANGES.get(change_text.casefold())
    if kind is None:
        work.problem(
            sheet,
            row,
            f"Change {change_text!r} is not one of "
            f"{', '.join(k.label for k in ActionStateChange.Kind)}.",
        )
    if _unknown_ref(ctx, sheet, row, ref) or (other and _unknown_ref(ctx, sheet, row, other)):
        return
    key = _period_of(ctx, sheet, row, "from_period")
    if kind is None or key is None:
        return
    old = existing.get((ref.casefold(), key))
    label = f"Ref {ref} {ActionStateChange.Kind(kind).label.lower()} from {row.text('from_period')}"
    if old is not None:
        same = old.kind == kind and (old.other.ref.casefold() if old.other_id else "") == (
            other.casefold()
        )
        if not same:
            work.problem(sheet, row, f"Ref {ref} already has another change from that period.")
        else:
            work.item(sheet, label, SAME)
        return
    if _frozen(ctx, key):
        work.problem(sheet, row, "the change's period is published: its figures are frozen.")
        return
    if ctx.user is None:
        work.problem(
            sheet,
            row,
            "an action's change is recorded by a programme manager: give --user, or record "
            "it on the action's page.",
        )
        return
    work.item(sheet, label, CREATE)
    work.step(sheet, row, partial(_action_change_apply, ctx, row, kind, key, ref, other))


def _action_change_apply(
    ctx: _Context, row: Row, kind: str, key: Quarter, ref: str, other: str
) -> None:
    action_state_record(
        action=ctx.actions[ref.casefold()],
        period=ctx.periods[key],
        kind=kind,
        reason=row.text("reason"),
        user=ctx.user,
        other=ctx.actions[other.casefold()] if other else None,
    )


# --- Updates -----------------------------------------------------------------------------


def _updates_examine(ctx: _Context) -> None:
    plan = ctx.plan
    existing = {
        (u.action.ref.casefold(), (u.period.year, u.period.quarter)): u
        for u in (
            ActionUpdate.objects.filter(action__plan=plan).select_related("action", "period")
            if plan
            else []
        )
    }
    seen: dict[str, int] = {}
    drafts = sum(
        _update_examine(ctx, row, existing, seen) for row in ctx.sheets.get(layout.UPDATES, [])
    )
    if drafts:
        ctx.work.preview.notes.append(
            f"{_count(drafts, 'update')} of open periods {'comes' if drafts == 1 else 'come'} "
            "in as drafts, whatever state the file gives: their leads submit them and the "
            "programme manager approves them as usual."
        )


def _update_examine(
    ctx: _Context,
    row: Row,
    existing: dict[tuple[str, Quarter], ActionUpdate],
    seen: dict[str, int],
) -> bool:
    """Check one Updates row and add its step; True if it comes in as a draft."""
    work, sheet, ref = ctx.work, layout.UPDATES, row.text("ref")
    if not ref:
        work.problem(sheet, row, "give the action's ref (Ref is blank).")
        return False
    key = _period_of(ctx, sheet, row, "period")
    if key is None or _unknown_ref(ctx, sheet, row, ref):
        return False
    name = parse_quarter(row.text("period")).name
    if _repeated(work, sheet, seen, f"{name}\n{ref.casefold()}", row, f"Ref {ref}'s {name} update"):
        return False
    try:
        status = status_from_text(row.text("status") or "Not reported")
    except ValidationError:
        work.problem(
            sheet,
            row,
            f"Ref {ref}: “{row.text('status')}” is not a status: use Good, Review, Action or "
            "Not reported.",
        )
        return False
    state_text = row.text("state")
    if state_text and state_text.casefold() not in UPDATE_STATES:
        work.problem(
            sheet,
            row,
            f"Ref {ref}: State {state_text!r} is not one of "
            f"{', '.join(s.label for s in ActionUpdate.State)}.",
        )
        return False
    fields = {
        "progress": _markdown(row.text("progress")),
        "reason": row.text("reason"),
        "mitigation": row.text("mitigation"),
        "note": row.text("note"),
    }
    label = f"{name}: Ref {ref}"
    old = existing.get((ref.casefold(), key))
    if old is not None:
        differences = _update_differences(old, status, fields)
        if not differences:
            work.item(sheet, label, SAME)
            return False
        if old.period.is_published:
            work.problem(
                sheet,
                row,
                f"{name} is published: Ref {ref}'s update no longer changes (the file "
                f"changes its {_and_list(differences)}).",
            )
            return False
        if old.state in WORKFLOW_STATES:
            work.problem(
                sheet,
                row,
                f"Ref {ref}'s {name} update is {old.get_state_display().lower()}: it changes "
                "through the workflow, not by a file.",
            )
            return False
        if _update_saved_since(ctx, row, old):
            return False
        work.item(sheet, label, CHANGE, differences)
    elif _frozen(ctx, key):
        work.problem(sheet, row, f"{name} is published: no update is added to it.")
        return False
    else:
        work.item(sheet, label, CREATE)
    published = (
        ctx.publish.get(key, False) if key not in ctx.existing_periods else _frozen(ctx, key)
    )
    work.step(sheet, row, partial(_update_apply, ctx, row, key, ref, status, fields, published))
    return not published


def _update_saved_since(ctx: _Context, row: Row, old: ActionUpdate) -> bool:
    """The plan's update was saved after the file was downloaded (its version differs from
    the row's; a row without one: saved after the download time): a problem, True."""
    version = row.text("version")
    if version:
        if not version.isdigit():
            ctx.work.problem(
                layout.UPDATES,
                row,
                f"Ref {row.text('ref')}: Version is {version!r}: leave it as downloaded.",
            )
            return True
        saved_since = int(version) != old.version
    else:
        saved_since = ctx.downloaded is not None and old.updated_at > ctx.downloaded
    if saved_since:
        who = full_name(old.author, nobody="someone")
        ctx.work.problem(
            layout.UPDATES,
            row,
            f"Ref {row.text('ref')}: {who} saved this update at {_when(old.updated_at)}, after "
            "this file was downloaded: download the plan again.",
        )
    return saved_since


def _and_list(words: list[str]) -> str:
    """ "Status", "Status and Reason", "Status, Reason and Note"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'' if number == 1 else 's'}"


def _update_differences(old: ActionUpdate, status: Status, fields: dict[str, str]) -> list[str]:
    """The headers of the columns in which the row differs from the update in the plan."""
    return [
        header
        for header, changed in (
            ("Status", Status(old.status) != status),
            ("Summary of progress", fields["progress"] != narrative_to_markdown(old.progress)),
            ("Reason", fields["reason"] != old.reason.strip()),
            ("Mitigation", fields["mitigation"] != old.mitigation.strip()),
            ("Note", fields["note"] != old.note.strip()),
        )
        if changed
    ]


def _update_apply(
    ctx: _Context,
    row: Row,
    key: Quarter,
    ref: str,
    status: Status,
    fields: dict[str, str],
    published: bool,
) -> None:
    period = ctx.periods[key]
    action = ctx.actions[ref.casefold()]
    progress = markdown_to_narrative(fields["progress"])
    if published:
        update_record_as_published(
            action=action,
            period=period,
            status=status,
            progress=progress,
            reason=fields["reason"],
            mitigation=fields["mitigation"],
            note=fields["note"],
        )
        return
    current = ActionUpdate.objects.filter(action=action, period=period).first()
    if current is not None and current.state in WORKFLOW_STATES:
        return  # kept in step with the action it reports through, just now
    update = update_record(
        plan=ctx.current_plan(),
        ref=action.ref,
        period_name=period.name,
        status=status.label,
        progress=progress,
        reason=fields["reason"],
        mitigation=fields["mitigation"],
        user=ctx.user,
    )
    if update.note != fields["note"]:
        update.note = fields["note"]
        _clean_save(update, layout.UPDATES, row)
