"""A file downloaded before someone changed the plan does not put the earlier words back: a row
that would change an update saved, or an action, theme or delivery theme changed, after the
download is a problem naming who and when; a file that does not say when it was downloaded is
not checked, and the preview says so."""

from __future__ import annotations

import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from simple_history.models import HistoricalRecords

from netzero.core.users import full_name
from netzero.plans.services import actions_save
from netzero.spreadsheets import layout
from netzero.spreadsheets.export import plan_template, plan_workbook
from netzero.spreadsheets.services import CHANGE, plan_import_preview
from netzero.spreadsheets.tests.test_import_problems import edited
from netzero.workflow.services import update_save

pytestmark = pytest.mark.django_db


def preview(council, content: bytes):
    return plan_import_preview(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        content=content,
        user=council.people["manager"],
    )


def draft(council, words: str, version: int):
    planning = council.people["planning"]
    planning.first_name, planning.last_name = "Priya", "Patel"
    planning.save()
    return update_save(
        action=council.actions["16"],
        period=council.q4,
        user=planning,
        status="Good",
        progress=words,
        reason="",
        mitigation="",
        expected_version=version,
    )


def about(content: bytes) -> dict[str, str]:
    ws = load_workbook(io.BytesIO(content))[layout.ABOUT]
    return {row[0].value: row[1].value for row in ws.iter_rows(max_row=10) if row[0].value}


def test_the_download_says_when_and_each_update_its_version(council):
    update = draft(council, "First words.", 0)
    content = plan_workbook(plan=council.plan)
    assert about(content)[layout.ABOUT_DOWNLOADED].startswith(str(update.updated_at.year))
    ws = load_workbook(io.BytesIO(content))[layout.UPDATES]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "Version (do not change)"
    versions = {(r[0], r[1]): r[-1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert versions[("2022-23 Q4", "16")] == update.version
    assert about(plan_template())[layout.ABOUT_DOWNLOADED] is None


def test_an_update_saved_after_the_download_is_not_overwritten(council):
    update = draft(council, "First words.", 0)
    content = plan_workbook(plan=council.plan)
    newer = draft(council, "Newer words, saved after the download.", update.version)

    result = preview(council, content)

    who = full_name(council.people["planning"])
    assert who == "Priya Patel"
    [problem] = result.problems
    assert problem.startswith("Updates, row ") and f": Ref 16: {who} saved this update at " in (
        problem
    ), problem
    assert problem.endswith("after this file was downloaded: download the plan again.")
    local = newer.updated_at.astimezone(ZoneInfo("Europe/London"))
    assert f"{local:%H:%M} on {local.day} {local:%B %Y}" in problem
    assert result.of(CHANGE) == []


def test_an_update_unchanged_since_the_download_still_changes(council):
    update = draft(council, "First words.", 0)
    content = plan_workbook(plan=council.plan)
    ws = load_workbook(io.BytesIO(content))[layout.UPDATES]
    row = next(
        i
        for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)
        if r[:2] == ("2022-23 Q4", "16")
    )
    content = edited(content, layout.UPDATES, row, "Summary of progress", "Words from the file.")
    result = preview(council, content)
    assert result.problems == []
    assert [(i.label, i.differences) for i in result.of(CHANGE)] == [
        ("2022-23 Q4: Ref 16", ["Summary of progress"])
    ]
    assert update.version == 1


def test_an_action_changed_after_the_download_is_not_overwritten(council):
    content = plan_workbook(plan=council.plan)
    manager = council.people["manager"]
    manager.first_name, manager.last_name = "Morgan", "Manning"
    manager.save()
    HistoricalRecords.context.request = SimpleNamespace(user=manager)  # as on the pages
    try:
        actions_save(user=manager, plan=council.plan, rows=[{"ref": "5", "target": "March 2030"}])
    finally:
        del HistoricalRecords.context.request

    result = preview(council, content)

    [problem] = result.problems
    assert problem.startswith("Actions, row ") and ": Ref 5: Morgan Manning changed this " in (
        problem
    ), problem
    assert "after this file was downloaded: download the plan again." in problem


def test_a_theme_changed_after_the_download_is_not_overwritten(council):
    content = plan_workbook(plan=council.plan)
    theme = council.plan.themes.get(name="Transport")
    theme.description = "Changed on the page."
    theme.save()
    result = preview(council, content)
    assert any(
        p.startswith("Themes, row ") and "The theme Transport: someone changed this theme" in p
        for p in result.problems
    ), result.problems


def test_a_file_without_its_download_time_is_not_checked_and_says_so(council):
    content = plan_workbook(plan=council.plan)
    book = load_workbook(io.BytesIO(content))
    for row in book[layout.ABOUT].iter_rows(max_row=10):
        if row[0].value == layout.ABOUT_DOWNLOADED:
            row[1].value = None
        if row[0].value == layout.ABOUT_ADDRESS:
            row[0].value = "Web address (slug)"  # as files downloaded before said it
    out = io.BytesIO()
    book.save(out)
    actions_save(
        user=council.people["manager"], plan=council.plan, rows=[{"ref": "5", "target": "2030"}]
    )

    result = preview(council, out.getvalue())

    assert result.problems == []
    assert [i.label for i in result.of(CHANGE)] == ["Ref 5"]
    [warning] = result.warnings
    assert "does not say when it was downloaded" in warning


def test_an_unchanged_download_still_changes_nothing(council):
    draft(council, "First words.", 0)
    result = preview(council, plan_workbook(plan=council.plan))
    assert result.problems == [] and result.of(CHANGE) == [] and result.warnings == []
