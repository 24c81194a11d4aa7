"""The dashboard's data as JSON, CSV and Excel: every file says what the JSON says."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from netzero.dashboards.formats import dashboard_as_dict
from netzero.dashboards.selectors import dashboard_for_period
from netzero.reporting.services import action_retire
from netzero.reports.exports import (
    ACTION_COLUMNS,
    action_keys,
    csv_value,
    dashboard_csv,
    dashboard_filename,
    dashboard_json,
    dashboard_xlsx,
    xlsx_value,
)
from netzero.testing.factories import ActionFactory, ActionUpdateFactory, zero_action_plan

STATUSES = ["Good", "Review", "Action", "Not reported"]
DDE = "=cmd|' /C calc'!A0"
HYPERLINK = '=HYPERLINK("https://evil.example/","Click for the figures")'


def _sheet(wb, title: str) -> list[list]:
    return [list(row) for row in wb[title].iter_rows(values_only=True)]


def _by_header(rows: list[list]) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def _csv_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel looks for
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _csv_cell(value) -> str:
    """What the CSV should hold for a JSON value (text here never needs neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def test_demo_q3_workbook_csv_and_json_say_what_the_json_says(demo_plan, q3):
    dashboard = dashboard_for_period(plan=demo_plan, period=q3)
    data = dashboard_as_dict(dashboard)
    content = dashboard_xlsx(dashboard, licence="Open Government Licence v3.0")
    wb = load_workbook(io.BytesIO(content))

    assert wb.sheetnames == [
        "By strategy theme",
        "By delivery theme",
        "Priority actions",
        "Long-list actions",
        "Notes",
    ]
    assert wb.properties.creator == "Derbyshire County Council"
    assert wb.properties.title == (
        "Climate Change Strategy: Achieving Net Zero (2021-2025): Climate Change Programme "
        "Dashboard 2022-23 Q3"
    )

    strategy = _sheet(wb, "By strategy theme")
    assert strategy[0] == ["Strategy theme", *STATUSES, "Total"]
    assert strategy[1:-1] == [
        [t["theme"], *(t[s] for s in STATUSES), t["Total"]] for t in data["by_strategy_theme"]
    ]
    assert strategy[1] == ["Council Estate and Operations", 6, 3, 0, 0, 9]
    assert strategy[-1] == ["Total", 17, 15, 0, 0, 32]
    assert all(type(n) is int for row in strategy[1:] for n in row[1:])  # numbers, not text
    delivery = _sheet(wb, "By delivery theme")
    assert delivery[0] == ["Delivery theme", "Theme lead", *STATUSES, "Total"]
    assert delivery[1:-1] == [
        [t["theme"], t.get("lead"), *(t[s] for s in STATUSES), t["Total"]]
        for t in data["by_delivery_theme"]
    ]
    assert len(delivery) == 13 + 2 and delivery[-1] == ["Total", None, 17, 15, 0, 0, 32]
    for ws in (wb["By strategy theme"], wb["Priority actions"]):
        assert ws.freeze_panes == "B2"
        assert ws["A1"].font.bold and not ws["A2"].font.bold
    assert wb["By strategy theme"].cell(len(strategy), 1).font.bold  # the Total row
    assert wb["Priority actions"].column_dimensions["A"].width == 6  # refs: the least width
    assert 20 <= wb["Priority actions"].column_dimensions["D"].width < 60  # strategy theme
    assert wb["Priority actions"].column_dimensions["M"].width == 60  # progress, wrapped
    assert wb["Priority actions"]["M2"].alignment.wrap_text
    assert wb["Priority actions"]["A2"].alignment.vertical == "top"  # beside a tall narrative
    assert not wb["Priority actions"]["A2"].alignment.wrap_text

    # Every key of the JSON's actions is a column (a key added to the JSON fails here first).
    assert [key for key, _ in ACTION_COLUMNS] == [k for k in data["actions"][0] if k != "kind"]
    for title, kind in (("Priority actions", "priority"), ("Long-list actions", "long_list")):
        expected = [a for a in data["actions"] if a["kind"] == kind]
        rows = _by_header(_sheet(wb, title))
        assert len(rows) == len(expected) > 0
        for row, action in zip(rows, expected, strict=True):
            assert (row["Ref"], row["Status"], row["Change since last period"]) == (
                action["ref"],
                action["status"],
                action["change"],
            )
            assert (row["Progress"] or "") == action["progress"]
            assert (row["Strategy theme"], row["Overdue"]) == (
                action["strategy_theme"],
                action["overdue"],
            )
    assert len(_sheet(wb, "Priority actions")) - 1 == 32

    notes = dict(_sheet(wb, "Notes")[1:])
    assert notes["Licence"] == (
        "Published by Derbyshire County Council under the Open Government Licence v3.0."
    )
    assert "Draft" not in notes
    assert notes["Figures"].startswith("As published on ")
    assert notes["About this period's data"] == data["notes"] != ""
    long_list_notes = [text for about, text in _sheet(wb, "Notes") if about == "Long-list actions"]
    assert len(long_list_notes) == len(data["long_list"]["notes"]) > 0
    assert data["long_list"]["notes"][0]["text"] in long_list_notes[0]

    rows = _csv_rows(dashboard_csv(dashboard))
    assert len(rows) == len(data["actions"]) == 32 + data["long_list"]["total"]
    assert list(rows[0]) == list(data["actions"][0]) == action_keys()  # the JSON's, in order
    assert rows == [{k: _csv_cell(v) for k, v in a.items()} for a in data["actions"]]

    out = StringIO()
    args = ["--plan", demo_plan.slug, "--period", "2022-23-Q3", "--format", "json"]
    call_command("dashboard", *args, stdout=out)
    assert dashboard_json(dashboard) == out.getvalue().encode("utf-8")
    assert json.loads(dashboard_json(dashboard)) == data
    assert not out.getvalue().isascii()  # curly quotes as themselves: ensure_ascii off in both

    assert dashboard_filename(dashboard, "xlsx") == (
        "derbyshire-county-council-climate-change-strategy-2022-23-q3.xlsx"
    )
    assert dashboard_filename(dashboard, ".csv").endswith("-2022-23-q3.csv")


def test_formula_text_is_neutralised_in_csv_and_stored_as_text_in_the_workbook(council):
    """An action's title, progress, mitigation and a retirement's reason that a spreadsheet
    would run as formulas: the CSV quotes them, the workbook stores them as text."""
    plan, q4 = council.plan, council.q4
    trap = ActionFactory(
        plan=plan,
        ref="30",
        title=HYPERLINK,
        theme=council.actions["1"].theme,
        delivery_theme=council.actions["1"].delivery_theme,
        success_measure="@SUM(A1:A9)",
    )
    ActionUpdateFactory(
        action=trap,
        period=q4,
        progress="<p>-2+3</p>",
        reason="+SUM(1,2)",
        mitigation=DDE,
        note="Plain words",
    )
    action_retire(
        action=council.actions["10"],
        period=q4,
        reason="=1+2",
        user=council.people["manager"],
    )
    dashboard = dashboard_for_period(plan=plan, period=q4)

    row = next(r for r in _csv_rows(dashboard_csv(dashboard)) if r["ref"] == "30")
    assert row["title"] == "'" + HYPERLINK
    assert (row["reason"], row["success_measure"]) == ("'+SUM(1,2)", "'@SUM(A1:A9)")
    assert (row["progress"], row["mitigation"]) == ("'-2+3", "'" + DDE)
    assert row["note"] == "Plain words" and row["status"] == "Good"

    content = dashboard_xlsx(dashboard, licence="Open Government Licence v3.0")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 6
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames[4:] == ["Not counted", "Notes"]
    ws = wb["Priority actions"]
    header = [c.value for c in ws[1]]
    trap_row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "30")
    cells = {h: c for h, c in zip(header, trap_row, strict=True)}
    for name, text in (
        ("Title", HYPERLINK),
        ("Reason", "+SUM(1,2)"),
        ("Success measure", "@SUM(A1:A9)"),
        ("Progress", "-2+3"),
        ("Mitigation", DDE),
    ):
        assert (cells[name].value, cells[name].data_type) == (text, "s"), name
        assert cells[name].quotePrefix, name  # Excel keeps it text when the cell is edited
    assert not cells["About this record"].quotePrefix
    not_counted = _by_header(_sheet(wb, "Not counted"))
    assert [(r["Ref"], r["Change"], r["Reason"]) for r in not_counted] == [
        ("10", "retired", "=1+2")
    ]
    assert wb["Not counted"]["E2"].data_type == "s"

    notes = dict(_sheet(wb, "Notes")[1:])
    assert notes["Draft"] == (
        "Draft: 2022-23 Q4 is not published. Its figures include updates not yet approved and "
        "may change."
    )
    assert "Licence" not in notes
    assert notes["Figures"].startswith("Worked out from the records")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44 1629 580000", "'+44 1629 580000"),
        ("-5% on 2019", "'-5% on 2019"),
        ("@risk", "'@risk"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Cut emissions = good", "Cut emissions = good"),
        (" =1+2", " =1+2"),
        ("", ""),
    ],
)
def test_csv_cells_that_begin_like_a_formula_begin_with_an_apostrophe(text, cell):
    assert csv_value(text) == cell
    assert csv_value([text, "x"]) == (cell + "; x" if text else "; x")


def test_csv_and_workbook_values_keep_numbers_and_booleans():
    assert [csv_value(v) for v in (None, True, False, 3, -2)] == ["", "TRUE", "FALSE", "3", "-2"]
    assert [xlsx_value(v) for v in (None, True, 3, ["a", "b"])] == [None, True, 3, "a; b"]
    assert xlsx_value("Pasted\x0bfrom Word\x00") == "Pastedfrom Word"  # XML cannot hold these


def test_a_plan_without_actions_exports_headers_and_no_rows(db):
    built = zero_action_plan()
    dashboard = dashboard_for_period(plan=built.plan, period=built.periods["2023-24 Q1"])
    content = dashboard_csv(dashboard).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(content)))
    assert header[:3] == ["ref", "kind", "title"] and "progress" in header
    assert content.count("\n") == 1
    wb = load_workbook(io.BytesIO(dashboard_xlsx(dashboard, licence="")))
    assert _sheet(wb, "Priority actions")[1:] == []
    assert _sheet(wb, "By strategy theme")[-1][0] == "Total"
