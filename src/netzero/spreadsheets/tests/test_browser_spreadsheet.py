"""A programme manager keeps the plan in a spreadsheet, in a real headless Chromium at 1280 and
390 px: from the set-up page to the spreadsheet page, download the plan, upload it with one
change, see the change (and a bad file's problems), apply it. Nothing scrolls sideways at 390 px;
the contexts fixture runs axe-core and the Content-Security-Policy check on every page."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from netzero.spreadsheets import layout
from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page, width: int) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _with_lead(content: bytes, lead: str) -> bytes:
    book = load_workbook(io.BytesIO(content))
    book[layout.DELIVERY_THEMES]["B2"] = lead
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("width", [1280, 390])
def test_download_upload_preview_apply(contexts, live_server, council, width, tmp_path):
    base = live_server.url
    manager = sign_in(contexts, base, "manager", council.password)
    manager.set_viewport_size({"width": width, "height": 900})
    manager.goto(f"{base}/plans/{council.plan.slug}/setup/")
    manager.get_by_role("link", name="Import a spreadsheet").click()
    _fits(manager, width)
    with manager.expect_download() as download:
        manager.get_by_role("button", name="Download the plan as a spreadsheet").click()
    with open(download.value.path(), "rb") as handle:
        content = handle.read()
    assert load_workbook(io.BytesIO(content))[layout.UPDATES].max_row > 1

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    manager.get_by_label("The plan's spreadsheet").set_input_files(str(bad))
    manager.get_by_role("button", name="Check the file").click()
    assert "not an Excel workbook (.xlsx)" in manager.locator(".govuk-error-summary").inner_text()
    _fits(manager, width)

    good = tmp_path / "good.xlsx"
    good.write_bytes(_with_lead(content, "Alex Doe"))
    manager.get_by_label("The plan's spreadsheet").set_input_files(str(good))
    manager.get_by_role("button", name="Check the file").click()
    assert "0 to create, 1 to change" in manager.locator("#import-summary").inner_text()
    assert "Lead" in manager.locator("#change-table").inner_text()
    _fits(manager, width)
    manager.get_by_role("button", name="Apply").click()
    assert "is imported" in manager.locator(".govuk-notification-banner").inner_text()
    assert council.plan.delivery_themes.filter(lead_name="Alex Doe").exists()
