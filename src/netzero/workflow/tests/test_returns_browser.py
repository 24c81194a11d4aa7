"""End to end in a real headless Chromium, at 1280 and 390 px: the Planning lead downloads their
return from their work list, fills it in (openpyxl, as a spreadsheet would), uploads it, reads
the preview and submits. Every page is checked by axe and the Content-Security-Policy, and none
is wider than a 390 px phone."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from netzero.reporting.models import ActionUpdate
from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, council, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    person = council.people["planning"]
    person.first_name, person.last_name = "Priya", "Shah"
    person.save()
    return live_server.url, council


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_the_lead_downloads_fills_uploads_and_submits_a_return(contexts, site, width, tmp_path):
    base, council = site
    page = sign_in(contexts, base, "planning", council.password, timeout=30_000)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/plans/{council.plan.slug}/periods/2022-23-Q4/updates/")
    _fits(page, width)
    with page.expect_download() as download:
        page.locator("#download-own-return").click()
    assert download.value.suggested_filename.endswith("-return-priya-shah.xlsx")
    downloaded = tmp_path / "downloaded.xlsx"
    download.value.save_as(downloaded)
    wb = load_workbook(downloaded)
    ws = wb["Return"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3)] == ["10", "16"]
    ws.cell(row=2, column=7).value = "The survey is late."  # Ref 10 stays Review: its reason
    ws.cell(row=3, column=5).value = "Good"  # Ref 16
    ws.cell(row=3, column=6).value = "Panels installed:\n\n- depot one\n- depot two"
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)

    page.locator("#upload-return").click()
    page.wait_for_url(re.compile(r"/returns/upload/$"))
    _fits(page, width)
    page.get_by_label("Return workbook").set_input_files(str(filled))
    page.get_by_role("button", name="Check the return").click()
    page.get_by_role("heading", level=1, name="Check the return for 2022-23 Q4").wait_for()
    _fits(page, width)
    rows = page.locator("#return-preview tbody tr")
    assert rows.count() == 2
    assert "Will be submitted" in rows.nth(1).inner_text()
    assert ActionUpdate.objects.filter(period=council.q4).count() == 0

    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/updates/$"))
    assert (
        "2 updates submitted for approval."
        in page.locator(".govuk-notification-banner").inner_text()
    )
    update = ActionUpdate.objects.get(period=council.q4, action=council.actions["16"])
    assert update.state == ActionUpdate.State.SUBMITTED
    assert update.progress == (
        "<p>Panels installed:</p><ul><li>depot one</li><li>depot two</li></ul>"
    )
