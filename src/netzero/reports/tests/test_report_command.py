"""``netzero report``: the file it writes, where, and what it refuses (writing nothing)."""

from __future__ import annotations

import csv
import io
import json
import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from netzero.core.exceptions import Refused
from netzero.reports.management.commands.report import write_atomically
from netzero.reports.render import FORMATS, report_file

SLUG = "borough-climate-strategy"  # the council fixture's plan


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _dashboard_json(period: str) -> dict:
    out = StringIO()
    call_command("dashboard", "--plan", SLUG, "--period", period, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_report_writes_xlsx_csv_and_json_with_the_dashboards_figures(council, tmp_path):
    expected = _dashboard_json("2022-23-Q3")

    q3 = ["--plan", SLUG, "--period", "2022-23 Q3"]  # as written on pages
    _, err = _run(*q3, "--format", "json", "--output", str(tmp_path / "q3.json"))
    assert json.loads((tmp_path / "q3.json").read_text("utf-8")) == expected
    assert err.splitlines() == [
        "Building the dashboard\N{HORIZONTAL ELLIPSIS}",
        "Writing the report\N{HORIZONTAL ELLIPSIS}",
        f"Wrote {tmp_path / 'q3.json'} ({(tmp_path / 'q3.json').stat().st_size / 1024:,.1f} KB)",
    ]

    q3 = ["--plan", SLUG, "--period", "2022-23-q3"]  # as in the file names
    _run(*q3, "--format", "csv", "--output", str(tmp_path / "q3.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "q3.csv").read_text("utf-8-sig"))))
    assert [(r["ref"], r["status"], r["change"]) for r in rows] == [
        (a["ref"], a["status"], a["change"]) for a in expected["actions"]
    ]
    assert [r["ref"] for r in rows] == ["1", "5", "10", "16", "20", "24", "25", "LL1"]

    _run("--plan", SLUG, "--period", "2022-23-Q3", "--format", "xlsx", "--output", str(tmp_path))
    written = tmp_path / "borough-council-borough-climate-strategy-2022-23-q3.xlsx"
    wb = load_workbook(written)
    totals = [row for row in wb["By strategy theme"].iter_rows(values_only=True)][-1]
    # Q3: Good 1, 24; Review 5, 10, 16; Action 25; Ref 20 reports through 16 (Not reported).
    assert totals == ("Total", 2, 3, 1, 1, 7)
    assert [expected["totals"][s] for s in ("Good", "Review", "Action", "Not reported")] == [
        2,
        3,
        1,
        1,
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.name, "q3.csv", "q3.json"]


def test_report_to_standard_output_is_the_dashboard_commands_json(council):
    out, _ = _run("--plan", SLUG, "--period", "2022-23-Q3", "--format", "json", "--output", "-")
    printed = StringIO()
    call_command(
        "dashboard", "--plan", SLUG, "--period", "2022-23-Q3", "--format", "json", stdout=printed
    )
    assert out == printed.getvalue()
    csv_out, _ = _run("--plan", SLUG, "--format", "csv", "--output", "-", "--verbosity", "0")
    assert csv_out.startswith("\ufeffref,kind,title,") and len(csv_out.splitlines()) == 9


def test_report_without_a_period_is_the_latest_published_and_replaces_the_file(council, tmp_path):
    target = tmp_path / "latest.json"
    target.write_text("an older download, to be replaced whole")
    _, err = _run("--plan", SLUG, "--format", "json", "--output", str(target), "-v", "0")
    assert err == ""
    assert json.loads(target.read_text("utf-8"))["period"] == "2022-23 Q3"  # Q4 is open
    assert [p.name for p in tmp_path.iterdir()] == ["latest.json"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", SLUG, "--format", "odt"], "'odt' is not a report format. Formats: docx, pdf"),
        (["--plan", "nope", "--format", "csv"], "No plan with slug 'nope'"),
        (
            ["--plan", SLUG, "--period", "2031-32-Q1", "--format", "csv"],
            "Borough Climate Strategy has no reporting period 2031-32 Q1",
        ),
        (["--plan", SLUG, "--period", "Q3 2022", "--format", "csv"], "is not a reporting period"),
        (["--plan", SLUG, "--format", "xlsx", "--output", "-"], "xlsx file is not text"),
    ],
)
def test_report_refuses_clearly_and_writes_nothing(council, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args) if "--output" in args else _run(*args, "--output", str(tmp_path / "f"))
    assert list(tmp_path.iterdir()) == []


def test_report_refuses_a_missing_directory(council, tmp_path):
    missing = tmp_path / "not-made" / "q3.json"
    with pytest.raises(CommandError, match="there is no directory"):
        _run("--plan", SLUG, "--format", "json", "--output", str(missing))
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rename_leaves_no_temporary_file(tmp_path):
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "inside").write_text("x")
    with pytest.raises(OSError):
        write_atomically(occupied, b"content")  # a file cannot replace a directory
    assert sorted(p.name for p in tmp_path.iterdir()) == ["occupied"]
    write_atomically(tmp_path / "new.csv", b"a,b\n")
    assert (tmp_path / "new.csv").read_bytes() == b"a,b\n"
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o666 & ~umask  # an ordinary file's


def test_report_file_names_its_content_type_and_refuses_unknown_formats(council):
    result = report_file(plan=council.plan, period=council.q4, format="csv")
    assert result.content_type == FORMATS["csv"] == "text/csv; charset=utf-8"
    assert result.filename == "borough-council-borough-climate-strategy-2022-23-q4.csv"
    lines = result.content.decode("utf-8-sig").splitlines()
    # natural ref order (the header, then Ref 1); the narrative as plain text
    assert lines[1].startswith("1,priority,,What Ref 1 will do.,")
    xlsx = report_file(plan=council.plan, period=council.q4, format="xlsx")
    assert xlsx.content.startswith(b"PK") and xlsx.filename.endswith("-2022-23-q4.xlsx")
    with pytest.raises(Refused, match="Formats: docx, pdf, xlsx, csv, json"):
        report_file(plan=council.plan, period=council.q4, format="XLSX")
