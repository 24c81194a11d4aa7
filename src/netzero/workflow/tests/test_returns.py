"""Quarterly returns by spreadsheet: the download has exactly the lead's actions with last
quarter's words; the upload goes through update_save's rules, all or nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from netzero.core.users import full_name
from netzero.reporting.models import ActionUpdate
from netzero.reporting.status import Status
from netzero.workflow.presenters import return_preview_rows
from netzero.workflow.returns import (
    ReturnRefused,
    return_apply,
    return_preview,
    return_workbook,
)
from netzero.workflow.selectors import return_lines, return_people
from netzero.workflow.services import update_save

COLUMNS = {"ref": 1, "status": 5, "progress": 6, "reason": 7, "mitigation": 8, "version": 9}


@pytest.fixture
def people(council):
    return council.people


def _download(council, lead="planning", user=None) -> bytes:
    people = council.people
    return return_workbook(period=council.q4, person=people[lead], user=people[user or lead])


def _rows(content: bytes) -> dict[str, dict]:
    ws = load_workbook(io.BytesIO(content))["Return"]
    header = [c.value for c in ws[1]]
    return {
        str(row[0]): dict(zip(header, row, strict=True))
        for row in ws.iter_rows(min_row=2, values_only=True)
    }


def _fill(content: bytes, changes: dict[str, dict[str, object]]) -> bytes:
    """The downloaded workbook with some cells typed over (by ref and column name)."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Return"]
    for row in ws.iter_rows(min_row=2):
        ref = str(row[0].value)
        for name, value in changes.get(ref, {}).items():
            row[COLUMNS[name] - 1].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _delete_rows(content: bytes, keep: set[str]) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Return"]
    for index in range(ws.max_row, 1, -1):
        if str(ws.cell(row=index, column=1).value) not in keep:
            ws.delete_rows(index)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _q4(council, ref):
    return ActionUpdate.objects.filter(action=council.actions[ref], period=council.q4).first()


# --- Download ---------------------------------------------------------------------------------


def test_download_has_exactly_the_leads_actions_with_last_quarters_status(council):
    rows = _rows(_download(council))
    # Planning leads 10, 16 and 20; Ref 20 reports through 16, so it is not on the return.
    assert list(rows) == ["10", "16"]
    assert rows["10"]["2022-23 Q3 status"] == "Review"
    assert rows["10"]["Action"] == "What Ref 10 will do."  # no title: its text
    assert rows["10"]["Status"] == "Review"  # pre-filled from last quarter
    assert rows["16"]["Version (do not change)"] == 0
    q3 = ActionUpdate.objects.get(action=council.actions["16"], period=council.q3)
    assert (rows["16"]["Reason for the status"] or "") == q3.reason
    transport = _rows(_download(council, "transport"))
    assert list(transport) == ["5", "24", "25"]
    assert transport["25"]["Status"] == "Action"


def test_download_starts_from_this_quarters_draft_and_carries_its_version(council, people):
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=people["planning"],
        status="Good",
        progress="<p>Back on track.</p>",
        reason="",
        mitigation="",
        expected_version=0,
    )
    rows = _rows(_download(council))
    assert rows["16"]["Status"] == "Good"
    assert rows["16"]["Summary of progress"] == "Back on track."
    assert rows["16"]["2022-23 Q3 status"] == "Review"
    assert rows["16"]["Version (do not change)"] == 1


def test_download_about_sheet_says_whose_return_and_what_statuses_mean(council, people):
    content = _download(council, "planning", "manager")
    wb = load_workbook(io.BytesIO(content))
    about = {row[0]: row[1] for row in wb["About"].iter_rows(values_only=True) if row[0]}
    assert about["Organisation"] == "Borough Council"
    assert about["Period"] == "2022-23 Q4"
    assert about["For"] == full_name(people["planning"])
    assert about["Good"] == "On track or complete with outcomes in line with expectations"
    guidance = [row[1] for row in wb["About"].iter_rows(values_only=True) if not row[0]]
    assert (
        "Ref 20 reports through Ref 16 and takes its status. It has no row here: it follows "
        "Ref 16's row when that is saved or submitted." in guidance
    )
    transport = load_workbook(io.BytesIO(_download(council, "transport", "manager")))
    assert not any(
        "reports through" in (row[1] or "")
        for row in transport["About"].iter_rows(values_only=True)
    )
    ws = wb["Return"]
    assert ws.column_dimensions["I"].hidden
    assert ws.protection.sheet and not ws.protection.deleteRows
    assert ws["E2"].protection.locked is False and ws["I2"].protection.locked is True
    validation = ws.data_validations.dataValidation[0]
    assert validation.formula1 == '"Good,Review,Action"'


def test_download_neutralises_formula_like_text(council, people):
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=people["planning"],
        status="Good",
        progress="",
        reason='=HYPERLINK("http://example.com","x")',
        mitigation="",
        expected_version=0,
    )
    content = _download(council)
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet
    cell = load_workbook(io.BytesIO(content))["Return"]["G3"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_an_action_without_a_title_is_known_by_its_text(council):
    action = council.actions["16"]
    action.title, action.text = "", "<p>Work with the district councils on planning policy.</p>"
    action.save()
    rows = _rows(_download(council))
    assert rows["16"]["Action"] == "Work with the district councils on planning policy."


def test_download_of_another_leads_return_is_for_the_manager_only(council, people):
    with pytest.raises(PermissionDenied):
        return_workbook(period=council.q4, person=people["planning"], user=people["transport"])
    assert list(_rows(_download(council, "planning", "manager"))) == ["10", "16"]


def test_download_refused_for_a_published_period(council, people):
    with pytest.raises(ValidationError, match="published"):
        return_workbook(period=council.q3, person=people["planning"], user=people["planning"])


# --- Upload -------------------------------------------------------------------------------------


def test_preview_sends_no_email_and_saves_nothing(
    council, people, mailoutbox, django_capture_on_commit_callbacks
):
    filled = _fill(
        _download(council), {"10": {"reason": "Survey late."}, "16": {"reason": "Grid delay."}}
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        preview = return_preview(period=council.q4, user=people["planning"], content=filled)
    assert preview.can_submit
    assert callbacks == [] and mailoutbox == []
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0
    assert ActionUpdate.history.filter(period=council.q4).count() == 0


def test_preview_then_save_as_drafts(council, people):
    filled = _fill(
        _download(council),
        {
            "10": {"reason": "Waiting for the survey."},
            "16": {"status": "Good", "progress": "Done:\n\n- one"},
        },
    )
    preview = return_preview(period=council.q4, user=people["planning"], content=filled)
    outcome = {p.row.ref: (p.problem, p.draft, p.submit) for p in preview.rows}
    assert outcome == {"10": ("", "save", "submit"), "16": ("", "save", "submit")}
    assert preview.can_save_drafts and preview.can_submit
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0  # the preview saved nothing
    applied = return_apply(period=council.q4, user=people["planning"], content=filled, submit=False)
    assert len(applied.saved) == 2
    update = _q4(council, "16")
    assert update.state == ActionUpdate.State.DRAFT
    assert update.status == Status.GOOD
    assert update.progress == "<p>Done:</p><ul><li>one</li></ul>"
    assert update.author == people["planning"]
    assert _q4(council, "10").status == Status.REVIEW  # carried from last quarter


def test_submit_goes_through_the_same_rules(
    council, people, mailoutbox, django_capture_on_commit_callbacks
):
    filled = _fill(
        _download(council),
        {
            "10": {"reason": "Waiting for the survey."},
            "16": {"status": "Good", "progress": "All done."},
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        applied = return_apply(
            period=council.q4, user=people["planning"], content=filled, submit=True
        )
    assert {u.action.ref for u in applied.saved} == {"10", "16"}
    assert _q4(council, "16").state == ActionUpdate.State.SUBMITTED
    assert _q4(council, "16").submitted_by == people["planning"]
    # Ref 20 reports through 16: it follows, as it does after the form.
    assert _q4(council, "20").status == Status.GOOD
    assert len(mailoutbox) >= 1  # the manager is told, as after the form
    # Uploading the same file again: nothing left to do.
    again = _download(council)
    preview = return_preview(period=council.q4, user=people["planning"], content=again)
    assert {p.submit for p in preview.rows} == {"unchanged"}
    assert not preview.can_submit


def test_missing_reason_for_review_is_refused_with_the_row_named(council, people):
    filled = _fill(
        _download(council),
        {"10": {"reason": "Waiting for the survey."}, "16": {"status": "Review"}},
    )
    preview = return_preview(period=council.q4, user=people["planning"], content=filled)
    row = next(p for p in preview.rows if p.row.ref == "16")
    assert row.draft == "save" and row.draft_problem == ""  # a draft may wait for its reason
    assert "reason" in row.submit_problem
    assert preview.can_save_drafts and not preview.can_submit
    assert preview.problems(submit=True) == [f"Row 3 (Ref 16): {row.submit_problem}"]
    with pytest.raises(ReturnRefused) as refused:
        return_apply(period=council.q4, user=people["planning"], content=filled, submit=True)
    assert refused.value.problems == [
        "Row 3 (Ref 16): Give the reason for a Review or Action status."
    ]
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0


def test_a_bad_row_in_the_middle_saves_nothing(council, people):
    content = _fill(
        _download(council, "transport"),
        {"5": {"status": "Good"}, "24": {"status": "Amber"}, "25": {"status": "Good"}},
    )
    preview = return_preview(period=council.q4, user=people["transport"], content=content)
    assert [p.problem != "" for p in preview.rows] == [False, True, False]
    assert "“Amber” is not a status" in preview.rows[1].problem
    assert not preview.can_save_drafts
    with pytest.raises(ReturnRefused) as refused:
        return_apply(period=council.q4, user=people["transport"], content=content, submit=False)
    assert refused.value.problems[0].startswith("Row 3 (Ref 24): “Amber” is not a status")
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0


def test_stale_version_is_refused_and_nothing_saved(council, people):
    downloaded = _download(council)
    # The manager saves Ref 10 after the lead downloaded the return.
    update_save(
        action=council.actions["10"],
        period=council.q4,
        user=people["manager"],
        status="Good",
        progress="<p>Manager's words.</p>",
        reason="",
        mitigation="",
        expected_version=0,
    )
    filled = _fill(downloaded, {"16": {"status": "Good"}})
    preview = return_preview(period=council.q4, user=people["planning"], content=filled)
    stale = next(p for p in preview.rows if p.row.ref == "10")
    assert "after this return was downloaded" in stale.problem
    assert stale.problem.endswith("Download the return again and copy your words into it.")
    assert "upload" not in stale.problem  # the page around it says to upload it again, once
    assert full_name(people["manager"]) in stale.problem
    with pytest.raises(ReturnRefused):
        return_apply(period=council.q4, user=people["planning"], content=filled, submit=False)
    assert _q4(council, "16") is None
    assert _q4(council, "10").progress == "<p>Manager's words.</p>"


def test_a_save_between_preview_and_apply_is_refused_at_apply(council, people):
    filled = _fill(_download(council), {"16": {"status": "Good"}})
    assert return_preview(
        period=council.q4, user=people["planning"], content=filled
    ).can_save_drafts
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=people["manager"],
        status="Action",
        progress="<p>Stalled.</p>",
        reason="No budget.",
        mitigation="Bid again.",
        expected_version=0,
    )
    with pytest.raises(ReturnRefused) as refused:
        return_apply(period=council.q4, user=people["planning"], content=filled, submit=False)
    assert any(p.startswith("Row 3 (Ref 16):") for p in refused.value.problems)
    assert _q4(council, "10") is None  # the good row was not saved either
    assert _q4(council, "16").status == Status.ACTION


def test_a_lead_cannot_upload_rows_for_another_leads_actions(council, people):
    transport = _fill(_download(council, "transport"), {"5": {"status": "Good"}})
    preview = return_preview(period=council.q4, user=people["planning"], content=transport)
    assert all("not one you report on" in p.problem for p in preview.rows)
    with pytest.raises(ReturnRefused):
        return_apply(period=council.q4, user=people["planning"], content=transport, submit=False)
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0


def test_the_manager_may_upload_any_leads_return(council, people):
    transport = _fill(_download(council, "transport", "manager"), {"5": {"status": "Good"}})
    applied = return_apply(
        period=council.q4, user=people["manager"], content=transport, submit=False
    )
    assert {u.action.ref for u in applied.saved} == {"5", "24", "25"}
    assert _q4(council, "5").author == people["manager"]


def test_unknown_and_repeated_refs_are_named(council, people):
    wb = load_workbook(io.BytesIO(_download(council)))
    ws = wb["Return"]
    ws.append(["99", "Made up", None, None, "Good", "x", None, None, 0])
    ws.append(["16", "Again", None, None, "Good", "x", None, None, 0])
    out = io.BytesIO()
    wb.save(out)
    preview = return_preview(period=council.q4, user=people["planning"], content=out.getvalue())
    problems = preview.problems(submit=False)
    assert "Row 4 (Ref 99): Borough Climate Strategy has no action with this ref." in problems
    assert "Row 5 (Ref 16): Ref 16 is also on row 3: give each action one row." in problems


def test_published_period_refused(council, people):
    content = _download(council)
    with pytest.raises(ValidationError, match="published"):
        return_preview(period=council.q3, user=people["planning"], content=content)
    with pytest.raises(ValidationError, match="published"):
        return_apply(period=council.q3, user=people["planning"], content=content, submit=False)


def test_a_viewer_cannot_upload(council, people):
    with pytest.raises(ReturnRefused):
        # The viewer may see drafts, so the file is read; every row is refused as not theirs.
        return_apply(
            period=council.q4, user=people["viewer"], content=_download(council), submit=False
        )
    with pytest.raises(PermissionDenied):
        return_preview(period=council.q4, user=people["outsider"], content=_download(council))


def test_deleted_rows_are_left_alone(council, people):
    content = _delete_rows(_download(council), keep={"16"})
    applied = return_apply(
        period=council.q4, user=people["planning"], content=content, submit=False
    )
    assert [u.action.ref for u in applied.saved] == ["16"]
    assert _q4(council, "10") is None


# --- Worst files ----------------------------------------------------------------------------------


def _refused(council, people, content) -> str:
    with pytest.raises(ReturnRefused) as refused:
        return_preview(period=council.q4, user=people["planning"], content=content)
    return " ".join(refused.value.problems)


def test_not_an_xlsx(council, people):
    assert "not an Excel workbook (.xlsx)" in _refused(council, people, b"Ref,Status\n16,Good\n")


def test_empty_file(council, people):
    assert "empty" in _refused(council, people, b"")


def test_junk(council, people):
    assert "not an Excel workbook (.xlsx)" in _refused(council, people, bytes(range(256)) * 40)


def _workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Return"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_missing_columns(council, people):
    message = _refused(council, people, _workbook([["Ref", "Status"], ["16", "Good"]]))
    assert "lacks the column(s) Summary of progress, Reason for the status, Mitigation" in message


def test_an_empty_sheet(council, people):
    assert "empty" in _refused(council, people, _workbook([]))


def test_formulas_are_refused(council, people):
    content = _fill(_download(council), {"16": {"reason": "=1+1"}})
    message = _refused(council, people, content)
    assert "formula (cell G3)" in message
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0


def test_ten_thousand_rows(council, people):
    header = ["Ref", "Status", "Summary of progress", "Reason for the status", "Mitigation"]
    rows = [[*header, "Version (do not change)"]] + [
        [str(i), "Good", "x", "", "", 0] for i in range(10_000)
    ]
    message = _refused(council, people, _workbook(rows))
    assert "more than 1,000 rows; a return has one row per action" in message


def test_a_return_for_another_period(council, people):
    wb = load_workbook(io.BytesIO(_download(council)))
    for row in wb["About"].iter_rows():
        if row[0].value == "Period":
            row[1].value = "2022-23 Q3"
    out = io.BytesIO()
    wb.save(out)
    assert "This return is for 2022-23 Q3, not 2022-23 Q4" in _refused(
        council, people, out.getvalue()
    )


def test_a_changed_version_and_an_action_reporting_through_another_are_refused(council, people):
    wb = load_workbook(io.BytesIO(_download(council)))
    ws = wb["Return"]
    ws["I2"].value = "three"
    ws.append(["20", "Reports through 16", None, None, "Good", "x", None, None, 0])
    out = io.BytesIO()
    wb.save(out)
    problems = return_preview(
        period=council.q4, user=people["planning"], content=out.getvalue()
    ).problems(submit=False)
    assert problems == [
        "Row 2 (Ref 10): The hidden Version column was changed: download the return again.",
        "Row 4 (Ref 20): Ref 20 reports through another action, whose status it takes: update "
        "it on its own page.",
    ]


def test_a_contributor_returns_their_own_action(council, people):
    content = _fill(
        _download(council, "contributor"), {"25": {"reason": "Late.", "mitigation": "Chase."}}
    )
    assert list(_rows(content)) == ["25"]
    applied = return_apply(
        period=council.q4, user=people["contributor"], content=content, submit=True
    )
    assert [u.action.ref for u in applied.saved] == ["25"]
    assert _q4(council, "25").state == ActionUpdate.State.SUBMITTED


def test_the_manage_pages_list_of_returns_agrees_with_each_return(
    council, django_assert_num_queries
):
    with django_assert_num_queries(4):  # actions; memberships, their themes, their actions
        people = return_people(period=council.q4)
    assert {p.username: n for p, n in people} == {"planning": 2, "transport": 3, "contributor": 1}
    for person, count in people:
        assert len(return_lines(period=council.q4, person=person)) == count


def test_the_preview_shows_the_words_and_marks_last_quarters_carried_unchanged(council):
    # Ref 16 has nothing saved this quarter: its row starts as last quarter's.
    preview = return_preview(
        period=council.q4, user=council.people["planning"], content=_download(council)
    )
    rows = {p.row.ref: p for p in preview.rows}
    assert rows["16"].carried  # nothing typed: last quarter's words would be saved as they were
    shown = {r.ref: r for r in return_preview_rows(preview)}
    q3 = ActionUpdate.objects.get(action=council.actions["16"], period=council.q3)
    assert shown["16"].carried and shown["16"].progress == q3.progress
    changed = _fill(
        _download(council),
        {
            "16": {
                "progress": "Two things:\n\n- responded\n- Final guide sent",
                "reason": "The survey is late.",
                "mitigation": "A second surveyor.",
            }
        },
    )
    preview = return_preview(period=council.q4, user=council.people["planning"], content=changed)
    (row,) = [r for r in return_preview_rows(preview) if r.ref == "16"]
    assert row.followers == ["Ref 20 reports through Ref 16 and takes its status."]
    assert shown["10"].followers == []
    assert not row.carried
    assert row.progress == "<p>Two things:</p><ul><li>responded</li><li>Final guide sent</li></ul>"
    assert (row.reason, row.mitigation) == ("The survey is late.", "A second surveyor.")


def test_a_leads_submitted_row_is_locked_and_text_cells_are_text(council, people):
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=people["planning"],
        status="Good",
        progress="<p>Done.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    sheet = load_workbook(io.BytesIO(_download(council)))["Return"]
    by_ref = {str(sheet.cell(row=r, column=1).value): r for r in range(2, sheet.max_row + 1)}
    for column in range(5, 9):
        assert sheet.cell(row=by_ref["16"], column=column).protection.locked  # with the manager
        free = sheet.cell(row=by_ref["10"], column=column)
        assert not free.protection.locked and free.number_format == "@"  # "- a point" stays text
    manager = load_workbook(
        io.BytesIO(
            return_workbook(period=council.q4, person=people["planning"], user=people["manager"])
        )
    )["Return"]
    assert not manager.cell(row=by_ref["16"], column=5).protection.locked  # the manager may
