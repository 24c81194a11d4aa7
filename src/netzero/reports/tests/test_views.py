"""The report's pages: the manager writes its details; readers download its files."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.urls import reverse
from docx import Document as read_docx

from netzero.reports.models import ReportDetails


def _url(name, council, period):
    return reverse(name, kwargs={"plan_slug": council.plan.slug, "period_slug": period.slug})


def test_the_manager_writes_the_open_quarters_report_on_its_page(client, council):
    client.force_login(council.people["manager"])
    url = _url("reports:details", council, council.q4)
    page = client.get(url)
    assert page.status_code == 200
    assert b"Committee report for 2022-23 Q4" in page.content
    saved = client.post(
        url,
        {
            "marking": "For publication",
            "title": "Climate Change Performance Reporting - 2022-23 Q4",
            "purpose": "To present the dashboard.\n\n- first point",
            "legal": "None.",
        },
    )
    assert saved.status_code == 302 and saved["Location"] == url
    details = ReportDetails.objects.get(period=council.q4)
    assert details.title == "Climate Change Performance Reporting - 2022-23 Q4"
    # The Word report now carries the words, numbered as a paper numbers them.
    docx = client.get(_url("reports:report_docx", council, council.q4))
    text = [p.text for p in read_docx(io.BytesIO(docx.content)).paragraphs]
    assert "1.1\tTo present the dashboard." in text or "1.1 To present the dashboard." in text


def test_the_header_prints_the_meeting_recorded_on_the_period(client, council):
    """The committee and date are the quarter's own (recorded from its Manage page): the report
    prints them, and its details page says so and links there."""
    council.q4.presented_to = "Cabinet"
    council.q4.presented_on = datetime.date(2023, 5, 2)
    council.q4.save()
    client.force_login(council.people["manager"])
    page = client.get(_url("reports:details", council, council.q4))
    assert b"Cabinet, 2 May 2023" in page.content
    assert _url("workflow:period_presented", council, council.q4).encode() in page.content
    docx = client.get(_url("reports:report_docx", council, council.q4))
    text = [p.text for p in read_docx(io.BytesIO(docx.content)).paragraphs]
    assert "CABINET" in text and "TUESDAY, 2 MAY 2023" in text


def test_a_too_long_value_is_shown_beside_its_field_and_nothing_is_saved(client, council):
    client.force_login(council.people["manager"])
    page = client.post(_url("reports:details", council, council.q4), {"title": "T" * 301})
    assert page.status_code == 200
    assert b"There is a problem" in page.content and b"at most 300 characters" in page.content
    assert not ReportDetails.objects.exists()


def test_a_published_quarters_report_is_shown_frozen_and_a_post_changes_nothing(client, council):
    ReportDetails.objects.create(period=council.q3, title="As published")
    client.force_login(council.people["manager"])
    url = _url("reports:details", council, council.q3)
    page = client.get(url)
    assert b"is published, so its report is frozen" in page.content
    assert b"Save the report" not in page.content
    refused = client.post(url, {"title": "Changed"})
    assert refused.status_code == 200
    assert b"published: its report is frozen with it" in refused.content
    assert ReportDetails.objects.get(period=council.q3).title == "As published"


@pytest.mark.parametrize(
    ("name", "content_type", "suffix"),
    [
        ("reports:report_docx", "application/vnd.openxmlformats", ".docx"),
        ("reports:report_pdf", "application/pdf", ".pdf"),
        ("reports:dashboard_xlsx", "application/vnd.openxmlformats", ".xlsx"),
        ("reports:dashboard_csv", "text/csv", ".csv"),
        ("reports:dashboard_json", "application/json", ".json"),
    ],
)
def test_each_download_is_a_named_file_public_when_published(
    client, council, name, content_type, suffix
):
    published = client.get(_url(name, council, council.q3))
    assert published.status_code == 200
    assert published["Content-Type"].startswith(content_type)
    disposition = published["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith(f'{suffix}"')
    assert "-2022-23-q3" in disposition
    assert "no-store" not in published.get("Cache-Control", "")
    # A draft is for the organisation's people only, and never kept in a shared cache.
    assert client.get(_url(name, council, council.q4)).status_code == 302  # sign in first
    client.force_login(council.people["viewer"])
    draft = client.get(_url(name, council, council.q4))
    assert draft.status_code == 200 and draft["Cache-Control"] == "private, no-store"


def test_the_json_download_is_the_dashboards_json(client, council):
    from netzero.dashboards.formats import dashboard_as_dict
    from netzero.dashboards.selectors import dashboard_for_period

    data = json.loads(client.get(_url("reports:dashboard_json", council, council.q3)).content)
    assert data == json.loads(
        json.dumps(dashboard_as_dict(dashboard_for_period(plan=council.plan, period=council.q3)))
    )


def test_an_unknown_appendix_is_refused_with_its_name(client, council):
    response = client.get(_url("reports:report_pdf", council, council.q3) + "?appendix=budget")
    assert response.status_code == 400
    assert b"budget" in response.content


def test_the_dashboard_page_offers_the_downloads_and_says_the_licence(client, council):
    page = client.get(reverse("dashboards:dashboard", args=[council.plan.slug, "2022-23-Q3"]))
    html = page.content.decode()
    for name in ("report_docx", "report_pdf", "dashboard_xlsx", "dashboard_csv", "dashboard_json"):
        assert _url(f"reports:{name}", council, council.q3) in html
    assert (
        f"published by {council.plan.organisation.name} under the Open Government Licence v3.0"
        in html
    )
    assert "Write the report's details" not in html  # only for the manager of an open quarter
    client.force_login(council.people["manager"])
    draft = client.get(reverse("dashboards:dashboard", args=[council.plan.slug, "2022-23-Q4"]))
    assert _url("reports:details", council, council.q4) in draft.content.decode()
    assert "Open Government Licence" not in draft.content.decode()  # a draft is not open data


def test_markup_typed_into_the_report_is_printed_as_text_not_obeyed(client, council):
    from pdfminer.high_level import extract_text

    typed = '<b>Bold</b> & <script>alert("x")</script> <a href="https://example.org">link</a>'
    client.force_login(council.people["manager"])
    client.post(_url("reports:details", council, council.q4), {"purpose": typed})
    pdf = client.get(_url("reports:report_pdf", council, council.q4)).content
    assert typed in " ".join(extract_text(io.BytesIO(pdf)).split())
    docx = client.get(_url("reports:report_docx", council, council.q4)).content
    paragraphs = [p.text for p in read_docx(io.BytesIO(docx)).paragraphs]
    assert any(p.endswith(typed) and p.startswith("1.1") for p in paragraphs)
    page = client.get(_url("reports:details", council, council.q4)).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
