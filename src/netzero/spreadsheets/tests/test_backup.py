"""A spreadsheet kept between its preview and its apply travels in a backup like any row."""

from __future__ import annotations

import base64

import pytest

from netzero.backup.services import backup_export, backup_read
from netzero.spreadsheets.export import plan_workbook
from netzero.spreadsheets.models import PlanImport

pytestmark = pytest.mark.django_db


def test_a_pending_imports_file_is_written_to_the_backup(council, tmp_path):
    content = plan_workbook(plan=council.plan)
    PlanImport.objects.create(
        organisation=council.plan.organisation,
        plan=council.plan,
        file_name="plan.xlsx",
        sha256="0" * 64,
        content=content,
    )
    path = tmp_path / "backup.json"
    backup_export(path=path)
    data = backup_read(path=path)
    [table] = [t for t in data["tables"] if t["model"] == "spreadsheets.planimport"]
    column = table["fields"].index("content")
    [row] = table["rows"]
    assert base64.b64decode(row[column]) == content
