"""End to end in a real headless Chromium: the programme manager writes the quarter's committee
report and downloads it as Word and PDF; a member of the public downloads a published quarter's
data. Every page is checked by axe and the Content-Security-Policy; the pages fit a phone."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as read_docx
from pdfminer.high_level import extract_text

from netzero.reports.models import ReportDetails
from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, council):
    return live_server.url, council


def _download(page, click) -> tuple[str, bytes]:
    with page.expect_download() as info:
        click()
    download = info.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def test_the_manager_writes_the_report_and_downloads_it_as_word_and_pdf(contexts, site):
    base, council = site
    page = sign_in(contexts, base, "manager", council.password, timeout=30_000)
    page.goto(f"{base}/plans/{council.plan.slug}/periods/2022-23-Q4/")
    page.get_by_role("link", name=re.compile(r"^Write the report's details")).click()
    page.wait_for_url(re.compile(r"/periods/2022-23-Q4/report/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Committee report for 2022-23 Q4"
    page.get_by_label("Title").fill("Climate Change Performance Reporting - 2022-23 Q4")
    page.get_by_label("Purpose").fill("To present the dashboard.\n\nAnd to ask for a decision.")
    page.get_by_role("button", name="Save the report").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "The report for 2022-23 Q4 is saved." in banner
    assert ReportDetails.objects.get(period=council.q4).title == (
        "Climate Change Performance Reporting - 2022-23 Q4"
    )

    # The meeting is the quarter's own, recorded once (the dashboard and the report print it).
    page.get_by_role("link", name="Record or change the meeting").click()
    page.get_by_label("Presented to").fill("Cabinet Member for Climate")
    page.get_by_label("Date of the meeting").fill("2023-05-02")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/periods/2022-23-Q4/manage/$"))
    page.goto(f"{base}/plans/{council.plan.slug}/periods/2022-23-Q4/report/")
    page.get_by_role("link", name=re.compile(r"^Back to the dashboard")).click()
    downloads = page.locator("#downloads-section")
    name, pdf = _download(page, downloads.get_by_role("button", name="Download PDF").click)
    assert name.endswith("-2022-23-q4-report.pdf") and pdf.startswith(b"%PDF")
    text = " ".join(extract_text(io.BytesIO(pdf)).split())
    assert "CABINET MEMBER FOR CLIMATE" in text and "TUESDAY, 2 MAY 2023" in text
    assert "1.2 And to ask for a decision." in text
    assert "Draft: 2022-23 Q4 is not published." in text
    name, docx = _download(
        page, downloads.get_by_role("button", name="Download Word (.docx)").click
    )
    assert name.endswith("-2022-23-q4-report.docx")
    paragraphs = [p.text for p in read_docx(io.BytesIO(docx)).paragraphs]
    assert "CABINET MEMBER FOR CLIMATE" in paragraphs


def test_the_public_downloads_a_published_quarters_data_under_its_licence(page, site):
    base, council = site
    page.set_default_timeout(30_000)
    page.goto(f"{base}/plans/{council.plan.slug}/periods/2022-23-Q3/")
    organisation = council.plan.organisation.name
    assert page.locator("#licence").inner_text() == (
        f"Open data: published by {organisation} under the Open Government Licence v3.0."
    )
    assert page.get_by_role("link", name=re.compile(r"^Write the report")).count() == 0
    data = page.locator("#data-downloads")
    name, csv = _download(page, data.get_by_role("link", name=re.compile(r"^CSV")).click)
    assert name.endswith("-2022-23-q3.csv")
    header = csv.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("ref,") or header.startswith('"ref"')
    rows = csv.decode("utf-8-sig").splitlines()[1:]
    assert len(rows) == len(council.actions)


@pytest.mark.parametrize("path", ["periods/2022-23-Q3/", "periods/2022-23-Q4/report/"])
def test_the_report_pages_fit_a_phone(browser, site, path):
    base, council = site
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill("manager")
        page.get_by_label("Password").fill(council.password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/plans/{council.plan.slug}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
