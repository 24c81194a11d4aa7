"""Rows are matched by ref and theme name, so a file cannot rename: the preview lists what the
file does not mention (left as it is, never deleted), and a new action with the words of one
the file left out is a problem (a ref changed in the file would make the action twice)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from netzero.spreadsheets import layout
from netzero.spreadsheets.export import plan_workbook
from netzero.spreadsheets.presenters import preview_tables
from netzero.spreadsheets.services import ABSENT, CREATE, plan_import_apply
from netzero.spreadsheets.tests.test_import_problems import edited, preview

pytestmark = pytest.mark.django_db


def row_of(content: bytes, sheet: str, first: str) -> int:
    ws = load_workbook(io.BytesIO(content))[sheet]
    return next(
        i for i, r in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2) if r[0] == first
    )


def without_row(content: bytes, sheet: str, number: int) -> bytes:
    book = load_workbook(io.BytesIO(content))
    book[sheet].delete_rows(number)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_changed_ref_is_a_problem_not_a_second_action(council):
    content = plan_workbook(plan=council.plan)
    number = row_of(content, layout.ACTIONS, "10")
    content = edited(content, layout.ACTIONS, number, "Ref", "10a")

    result = preview(council, content)

    assert result.problems == [
        f"Actions, row {number}: Ref 10a has the same words as Ref 10, which is not in the "
        "file: a ref cannot be changed by a file; change it on the plan's set-up page, or put "
        "Ref 10 back."
    ]
    assert [(i.sheet, i.label) for i in result.not_in_file] == [(layout.ACTIONS, "Ref 10")]


def test_what_the_file_leaves_out_is_listed_and_left_as_it_is(council):
    content = plan_workbook(plan=council.plan)
    content = without_row(content, layout.ACTIONS, row_of(content, layout.ACTIONS, "24"))
    content = without_row(
        content, layout.DELIVERY_THEMES, row_of(content, layout.DELIVERY_THEMES, "Planning")
    )

    result = preview(council, content)

    assert result.problems == []
    assert [(i.sheet, i.label) for i in result.not_in_file] == [
        (layout.DELIVERY_THEMES, "Planning"),
        (layout.ACTIONS, "Ref 24"),
    ]
    [table] = [t for t in preview_tables(result) if t.id == f"{ABSENT}-table"]
    assert table.title == "Not in the file: left as they are"
    assert len(table.rows) == 2
    plan_import_apply(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        content=content,
        user=council.people["manager"],
    )
    assert council.plan.actions.filter(ref="24").exists()
    assert council.plan.delivery_themes.filter(name="Planning").exists()


def test_a_renamed_theme_with_the_same_description_is_a_problem(council):
    theme = council.plan.themes.get(name="Transport")
    theme.description = "Getting about without carbon."
    theme.save()
    content = plan_workbook(plan=council.plan)
    number = row_of(content, layout.THEMES, "Transport")
    content = edited(content, layout.THEMES, number, "Theme", "Travel")

    result = preview(council, content)

    assert any(
        p.startswith(
            f"Themes, row {number}: the theme Travel has the same description as the "
            "theme Transport, which is not in the file"
        )
        for p in result.problems
    ), result.problems
    assert (layout.THEMES, "Transport") in [(i.sheet, i.label) for i in result.not_in_file]


def test_a_new_action_with_new_words_is_simply_created(council):
    content = plan_workbook(plan=council.plan)
    number = row_of(content, layout.ACTIONS, "10")
    content = edited(content, layout.ACTIONS, number, "Ref", "10a")
    content = edited(content, layout.ACTIONS, number, "Action", "Something new entirely.")
    result = preview(council, content)
    assert result.problems == []
    assert ("Ref 10a") in [i.label for i in result.of(CREATE)]
