"""A spreadsheet with one bad row in the middle names that sheet and row, and saves nothing;
files that are not the layout at all are refused clearly (and quickly)."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from netzero.core.exceptions import ImportRefused
from netzero.plans.models import Action, Delivery, Theme
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.spreadsheets import layout
from netzero.spreadsheets.export import plan_template, plan_workbook
from netzero.spreadsheets.models import PlanImport
from netzero.spreadsheets.services import (
    CHANGE,
    CREATE,
    SAME,
    PlanImportRefused,
    plan_import_apply,
    plan_import_preview,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return (
        Theme.objects.count(),
        Action.objects.count(),
        Delivery.objects.count(),
        ActionUpdate.objects.count(),
        ReportingPeriod.objects.count(),
        PlanImport.objects.count(),
    )


def edited(content: bytes, sheet: str, row: int, column: str, value) -> bytes:
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(row=row, column=headers.index(column) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview(council, content: bytes, user=None):
    return plan_import_preview(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        content=content,
        user=user if user is not None else council.people["manager"],
    )


def test_the_plans_own_file_changes_nothing(council):
    content = plan_workbook(plan=council.plan)
    result = preview(council, content)
    assert result.problems == []
    assert result.of(CREATE) == [] and result.of(CHANGE) == []
    assert {i.label for i in result.of(SAME) if i.sheet == layout.ACTIONS} == {
        f"Ref {a.ref}" for a in council.plan.actions.all()
    }


def test_a_changed_field_is_previewed_then_applied(council):
    content = edited(plan_workbook(plan=council.plan), layout.ACTIONS, 3, "Success measure", "New")
    result = preview(council, content)
    assert result.problems == []
    [changed] = result.of(CHANGE)
    assert changed.differences == ["Success measure"]
    action_ref = changed.label.removeprefix("Ref ")
    plan_import_apply(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        content=content,
        user=council.people["manager"],
    )
    assert council.plan.actions.get(ref=action_ref).success_measure == "New"
    record = PlanImport.objects.get()
    assert record.user == council.people["manager"] and record.counts[layout.ACTIONS][CHANGE] == 1


@pytest.mark.parametrize(
    ("sheet", "column", "value", "expected"),
    [
        (layout.ACTIONS, "Theme", "Nowhere", "the theme 'Nowhere' is neither"),
        (
            layout.UPDATES,
            "Status",
            "amber",
            "“amber” is not a status: use Good, Review, Action or Not reported.",
        ),
        (layout.PERIODS, "Period", " ", "Period is blank: write the quarter as 2022-23 Q3."),
        (layout.UPDATES, "Period", "Q3 2022", "“Q3 2022” is not a quarter: write Period as"),
        (layout.ACTIONS, "Ref", "1", "Ref 1 is also in row 2"),
        (layout.THEMES, "Position", "second", "Position must be a whole number, not 'second'"),
        (layout.ACTIONS, "Action", "Something else entirely", "in the plan with other words"),
        (layout.ACTIONS, "Title", "Another action", "in the plan with another title"),
        (layout.ACTIONS, "Lead organisation", "Acme Ltd", "the organisation 'Acme Ltd' is not"),
        (layout.ACTIONS, "Kind", "Urgent", "Kind 'Urgent' is not one of"),
        (layout.ACTIONS, "Target date or timescale", "soonish", "Ref"),
        (layout.UPDATES, "Period", "2030-31 Q1", "2030-31 Q1 is neither on the Periods sheet"),
    ],
)
def test_one_bad_row_in_the_middle_is_named_and_nothing_is_saved(
    council, sheet, column, value, expected
):
    content = plan_workbook(plan=council.plan)
    rows = load_workbook(io.BytesIO(content))[sheet].max_row
    middle = max(3, (rows + 1) // 2) if sheet != layout.THEMES else 2
    if column == "Ref":  # a second "1" further down
        middle = 4
    content = edited(content, sheet, middle, column, value)
    before = counts()

    result = preview(council, content)

    assert result.problems, result.items
    assert any(
        p.startswith(f"{sheet}, row {middle}: ") and expected in p for p in result.problems
    ), result.problems
    with pytest.raises(PlanImportRefused) as refused:
        plan_import_apply(
            organisation=council.plan.organisation,
            plan=council.plan,
            file_name="plan.xlsx",
            content=content,
            user=council.people["manager"],
        )
    assert refused.value.problems == result.problems
    assert counts() == before


def test_a_bad_row_in_a_new_plan_saves_nothing_either(council):
    book = load_workbook(io.BytesIO(plan_workbook(plan=council.plan)))
    book[layout.ABOUT]["B1"] = "A second plan"
    book[layout.ABOUT]["B2"] = "a-second-plan"
    book[layout.UPDATES].cell(row=6, column=3, value="Purple")
    out = io.BytesIO()
    book.save(out)
    before = counts()
    with pytest.raises(PlanImportRefused) as refused:
        plan_import_apply(
            organisation=council.plan.organisation,
            file_name="plan.xlsx",
            content=out.getvalue(),
            user=council.people["manager"],
        )
    assert any(p.startswith("Updates, row 6: ") for p in refused.value.problems)
    assert counts() == before


def _problems_in_three_places(content: bytes, *, classifications_first: bool) -> bytes:
    """Actions row 4 with two problems, row 2 with one found only after every row is read (a
    ref changed in the file); Classifications row 2 with one, found before the Actions sheet."""
    book = load_workbook(io.BytesIO(content))
    actions = book[layout.ACTIONS]
    actions["A2"] = "1a"  # Ref 1's words under a new ref
    actions["B4"] = "Urgent"  # Kind
    actions["E4"] = "Nowhere"  # Theme
    book[layout.CLASSIFICATIONS].append(["Sector"])
    if classifications_first:
        book.move_sheet(layout.CLASSIFICATIONS, offset=-1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("classifications_first", [False, True])
def test_problems_are_listed_in_the_workbooks_sheet_order_then_by_row(
    council, classifications_first
):
    content = _problems_in_three_places(
        plan_workbook(plan=council.plan), classifications_first=classifications_first
    )

    places = [p.split(": ", 1)[0] for p in preview(council, content).problems]

    actions = ["Actions, row 2", "Actions, row 4", "Actions, row 4"]
    classifications = ["Classifications, row 2"]
    if classifications_first:
        assert places == classifications + actions
    else:
        assert places == actions + classifications
    row_4 = [p for p in preview(council, content).problems if p.startswith("Actions, row 4")]
    assert "Kind 'Urgent'" in row_4[0] and "the theme 'Nowhere'" in row_4[1]


def workbook_bytes(fill) -> bytes:
    book = Workbook()
    fill(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(council, content: bytes) -> str:
    with pytest.raises(ImportRefused) as caught:
        preview(council, content)
    return " ".join(caught.value.problems)


def test_not_an_xlsx(council):
    assert "not an Excel workbook (.xlsx)" in refused(council, b"ref,title\n1,Solar\n")


def test_an_empty_file_and_an_empty_workbook(council):
    assert "is empty" in refused(council, b"")
    assert "none of the plan spreadsheet's sheets" in refused(
        council, workbook_bytes(lambda b: None)
    )


def test_a_missing_sheet(council):
    def fill(book):
        book.active.title = layout.THEMES
        book.active.append(["Theme"])

    assert "has no Actions sheet" in refused(council, workbook_bytes(fill))


def test_a_missing_column(council):
    content = edited(plan_workbook(plan=council.plan), layout.ACTIONS, 1, "Ref", "Reference")
    assert "Actions, row 1: the column Ref is missing" in refused(council, content)


def test_ten_thousand_rows_of_junk_fail_quickly_and_clearly(council):
    def fill(book):
        ws = book.active
        ws.title = layout.ACTIONS
        ws.append(layout.SHEETS_BY_NAME[layout.ACTIONS].headers)
        for n in range(10_000):
            ws.append([f"J{n}", "junk", "", "x", "no such theme"])
        book.create_sheet(layout.THEMES).append(["Theme"])

    content = workbook_bytes(fill)
    started = time.monotonic()
    result = preview(council, content)
    assert time.monotonic() - started < 20
    assert len(result.problems) == 101
    assert result.problems[0].startswith("Actions, row 2: Ref J0: Kind 'junk'")
    assert "the file has more" in result.problems[-1]


def test_formula_cells_are_refused(council):
    content = edited(plan_workbook(plan=council.plan), layout.ACTIONS, 3, "Success measure", "=1+1")
    assert "has formulas (Actions, cell I3)" in refused(council, content)


def test_text_that_looks_like_a_formula_is_kept_as_text_both_ways(council):
    action = council.plan.actions.get(ref="1")
    action.success_measure = "=SUM(A1) and -5% +2 @home"
    action.save()
    content = plan_workbook(plan=council.plan)
    cell = load_workbook(io.BytesIO(content))[layout.ACTIONS]["I2"]
    assert cell.data_type == "s" and cell.quotePrefix
    result = preview(council, content)
    assert result.problems == [] and result.of(CHANGE) == []


def test_the_template_has_every_sheet_and_no_rows(council):
    book = load_workbook(io.BytesIO(plan_template()))
    assert book.sheetnames == [layout.ABOUT, *(s.name for s in layout.SHEETS)]
    for sheet in layout.SHEETS:
        assert [c.value for c in book[sheet.name][1]] == sheet.headers
        assert book[sheet.name].max_row == 1


def test_the_command_previews_then_applies(council, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("plan", "export", "--plan", council.plan.slug, "--output", str(path))
    content = edited(path.read_bytes(), layout.DELIVERY_THEMES, 2, "Lead", "Alex Doe")
    path.write_bytes(content)
    out = io.StringIO()
    call_command("plan", "import", str(path), "--org", council.plan.organisation.slug, stdout=out)
    assert "Delivery themes: 0 to create, 1 to change" in out.getvalue()
    assert "Nothing saved" in out.getvalue()
    assert not council.plan.delivery_themes.filter(lead_name="Alex Doe").exists()
    call_command(
        "plan", "import", str(path), "--org", council.plan.organisation.slug, "--apply", stdout=out
    )
    assert council.plan.delivery_themes.filter(lead_name="Alex Doe").exists()
    assert PlanImport.objects.get().channel == PlanImport.Channel.COMMAND_LINE


def test_the_command_lists_the_problems(council, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(edited(plan_workbook(plan=council.plan), layout.UPDATES, 3, "Status", "Meh"))
    with pytest.raises(CommandError, match="Updates, row 3: Ref"):
        call_command(
            "plan", "import", str(path), "--org", council.plan.organisation.slug, "--apply"
        )
    assert not PlanImport.objects.exists()


def test_someone_who_does_not_manage_the_plan_is_refused(council):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        preview(council, plan_workbook(plan=council.plan), user=council.people["planning"])


def test_a_deliverer_is_named_by_address_or_ods_code(council):
    from netzero.testing.factories import OrganisationFactory

    trust = OrganisationFactory(
        name="Riverside Trust", ods_code="RX1", partnership=council.plan.organisation
    )
    content = edited(
        plan_workbook(plan=council.plan),
        layout.ACTIONS,
        2,
        "Lead organisation",
        council.plan.organisation.slug,
    )
    content = edited(content, layout.ACTIONS, 2, "Partner organisations", "rx1 | As printed")
    result = preview(council, content)
    assert result.problems == []
    [changed] = result.of(CHANGE)
    assert (changed.label, changed.differences) == ("Ref 1", ["Delivering organisations"])
    plan_import_apply(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        content=content,
        user=council.people["manager"],
    )
    found = {
        (d.organisation, d.role, d.note) for d in council.plan.actions.get(ref="1").deliveries.all()
    }
    assert found == {(council.plan.organisation, "lead", ""), (trust, "partner", "As printed")}


def test_a_blank_template_is_refused_not_offered_to_apply(council):
    message = refused(council, plan_template())
    assert message == (
        "The file has no themes, actions or updates: fill in the template's sheets first."
    )
    assert not PlanImport.objects.exists()


def test_a_published_update_differing_says_what_the_file_changes(council):
    content = plan_workbook(plan=council.plan)
    content = edited(content, layout.UPDATES, 2, "Summary of progress", "Rewritten.")
    content = edited(content, layout.UPDATES, 2, "Note", "Rewritten too.")
    result = preview(council, content)
    [problem] = result.problems
    assert problem.endswith(
        "update no longer changes (the file changes its Summary of progress and Note)."
    ), problem


def test_the_drafts_note_counts_in_words(council):
    book = load_workbook(io.BytesIO(plan_workbook(plan=council.plan)))
    book[layout.UPDATES].append(["2022-23 Q4", "5", "Good", "Going well.", "", "", "", "Draft"])
    out = io.BytesIO()
    book.save(out)
    result = preview(council, out.getvalue())
    assert result.problems == []
    assert result.notes[0].startswith("1 update of open periods comes in as drafts,")
    assert not any("(s)" in text for text in result.notes + result.warnings)
