"""A published quarter's downloads (report.docx and .pdf, with any appendices named, and the
dashboard's .xlsx, .csv and .json) are stored for the public and served from the cache until
something they show changes (netzero.core.public_pages): the same file, headers and 304s as the
first download; republishing, a published report's details and a refrozen appendix change what
is served; an open quarter's files and signed-in readers' downloads are never stored."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as read_docx

from netzero.core import public_pages
from netzero.core.public_pages import CACHE_HEADER, public_pages_generation
from netzero.footprints.services import entry_report, entry_reported_update
from netzero.indicators.services import indicator_create, indicator_value_add
from netzero.reporting.models import ActionUpdate
from netzero.reports.appendices import FOOTPRINT_TITLE, INDICATORS_TITLE, appendices_for
from netzero.reports.models import ReportDetails
from netzero.reports.render import report_file
from netzero.reports.services import report_details_update
from netzero.workflow.services import (
    period_presented_record,
    period_publish,
    period_reopen,
    update_approve,
    update_return,
    update_save,
)

NAMES = {
    "docx": "reports:report_docx",
    "pdf": "reports:report_pdf",
    "xlsx": "reports:dashboard_xlsx",
    "csv": "reports:dashboard_csv",
    "json": "reports:dashboard_json",
}


def _url(council, period, fmt: str, query: str = "") -> str:
    kwargs = {"plan_slug": council.plan.slug, "period_slug": period.slug}
    return reverse(NAMES[fmt], kwargs=kwargs) + query


def _docx_words(content: bytes) -> str:
    """Every paragraph's and table cell's text of a Word file, one per line."""
    document = read_docx(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def _not_rendered(*args, **kwargs):
    raise AssertionError("The file was rendered again, not served from the cache.")


def _republish(council, *, ref: str | None = None, words: str = "") -> None:
    """Reopen 2022-23 Q3 and publish it again, with ``ref``'s words corrected on the way."""
    manager = council.people["manager"]
    period_reopen(period=council.q3, user=manager, reason="A figure was wrong.")
    if ref is not None:
        approved = ActionUpdate.objects.get(action__ref=ref, period=council.q3)
        returned = update_return(update=approved, user=manager, comment="Correct the words.")
        corrected = update_save(
            action=council.plan.actions.get(ref=ref),
            period=council.q3,
            user=council.people["planning"],
            status="good",
            progress=f"<p>{words}</p>",
            reason="",
            mitigation="",
            expected_version=returned.version,
            submit=True,
        )
        update_approve(update=corrected, user=manager)
    period_publish(period=council.q3, user=manager)
    council.q3.refresh_from_db()


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "json"])
def test_the_second_download_is_the_stored_file_without_a_query(
    council, fmt, monkeypatch, django_assert_num_queries
):
    first = Client().get(_url(council, council.q3, fmt))
    assert first.status_code == 200 and first[CACHE_HEADER] == "miss"
    monkeypatch.setattr("netzero.reports.views.report_file", _not_rendered)
    with django_assert_num_queries(0):
        second = Client().get(_url(council, council.q3, fmt))
    assert second.status_code == 200 and second[CACHE_HEADER] == "hit"
    assert second.content == first.content
    for header in ("Content-Type", "Content-Disposition", "ETag", "Last-Modified"):
        assert second[header] == first[header], header
    assert second["Content-Disposition"].startswith("attachment; filename=")
    assert second["Cache-Control"] == first["Cache-Control"] == "public, no-cache"


def test_the_pdf_is_rendered_once_and_answered_304_by_its_etag(
    council, monkeypatch, django_assert_num_queries
):
    first = Client().get(_url(council, council.q3, "pdf"))
    assert first.status_code == 200 and first[CACHE_HEADER] == "miss"
    assert first.content.startswith(b"%PDF") and first["Content-Type"] == "application/pdf"
    monkeypatch.setattr("netzero.reports.pdf.document_to_pdf", _not_rendered)
    with django_assert_num_queries(0):
        second = Client().get(_url(council, council.q3, "pdf"))
    assert second[CACHE_HEADER] == "hit" and second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    with django_assert_num_queries(0):
        again = Client().get(_url(council, council.q3, "pdf"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv", "json"])
def test_a_reader_who_has_the_file_gets_304(council, fmt):
    url = _url(council, council.q3, fmt)
    first = Client().get(url)
    by_etag = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert by_etag.status_code == 304 and by_etag.content == b""
    assert by_etag["ETag"] == first["ETag"]
    by_date = Client().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 304
    other = Client().get(url, HTTP_IF_NONE_MATCH='"not-this-one"')
    assert other.status_code == 200 and other.content == first.content


def test_republishing_with_corrected_words_changes_every_file_served(council):
    stored = {fmt: Client().get(_url(council, council.q3, fmt)) for fmt in ("docx", "csv", "json")}
    assert "CORRECTED words" not in _docx_words(stored["docx"].content)
    _republish(council, ref="10", words="CORRECTED words for Ref 10.")
    for fmt, before in stored.items():
        after = Client().get(_url(council, council.q3, fmt))
        assert after.status_code == 200 and after[CACHE_HEADER] == "miss", fmt
        assert after["ETag"] != before["ETag"], fmt
        text = _docx_words(after.content) if fmt == "docx" else after.content.decode()
        assert "CORRECTED words for Ref 10." in text, fmt


def test_a_reopened_quarters_files_are_not_served_to_the_public(council):
    assert Client().get(_url(council, council.q3, "csv"))[CACHE_HEADER] == "miss"
    period_reopen(period=council.q3, user=council.people["manager"], reason="A figure was wrong.")
    reopened = Client().get(_url(council, council.q3, "csv"))
    assert reopened.status_code == 302 and "/accounts/login/" in reopened["Location"]


def test_a_published_reports_details_changed_change_the_report_served(council):
    details = ReportDetails.objects.create(period=council.q3, title="Performance as published")
    first = Client().get(_url(council, council.q3, "docx"))
    assert "Performance as published" in _docx_words(first.content)
    # Changed where the page cannot (the admin's data entry, a script): the stored report goes.
    details.title = "Performance, corrected title"
    details.save()
    after = Client().get(_url(council, council.q3, "docx"))
    assert after[CACHE_HEADER] == "miss"
    words = _docx_words(after.content)
    assert "Performance, corrected title" in words and "Performance as published" not in words
    details.delete()
    gone = Client().get(_url(council, council.q3, "docx"))
    assert gone[CACHE_HEADER] == "miss" and "corrected title" not in _docx_words(gone.content)


def test_the_meeting_recorded_after_publication_changes_the_report_served(council):
    first = Client().get(_url(council, council.q3, "docx"))
    assert "CABINET" not in _docx_words(first.content)
    period_presented_record(
        period=council.q3,
        user=council.people["manager"],
        presented_to="Cabinet",
        presented_on=datetime.date(2023, 2, 13),
    )
    after = Client().get(_url(council, council.q3, "docx"))
    assert after[CACHE_HEADER] == "miss"
    assert "CABINET" in _docx_words(after.content)
    assert "MONDAY, 13 FEBRUARY 2023" in _docx_words(after.content)


def test_an_open_quarters_report_details_leave_the_stored_files_alone(council):
    Client().get(_url(council, council.q3, "csv"))
    generation = public_pages_generation()
    report_details_update(period=council.q4, user=council.people["manager"], title="Draft title")
    assert public_pages_generation() == generation
    assert Client().get(_url(council, council.q3, "csv"))[CACHE_HEADER] == "hit"


def test_the_footprint_appendix_served_is_the_one_frozen_at_publication(council):
    organisation = council.plan.organisation
    entry = entry_report(
        organisation=organisation,
        reporting_year=2021,
        category="gas",
        scope=1,
        boundary="council_net_zero",
        tco2e="2750",
        source="Annual report 2021-22, table 3",
    )
    _republish(council)  # publishing freezes the footprint into the quarter's report
    url = _url(council, council.q3, "docx", "?appendix=footprint")
    first = Client().get(url)
    assert first[CACHE_HEADER] == "miss" and FOOTPRINT_TITLE in _docx_words(first.content)
    assert "2,750" in _docx_words(first.content)

    # The figure is corrected: the published report keeps the frozen figure. (The correction
    # sets the stored pages aside, as the partnership and home pages show footprints, so the
    # file is rendered again: with the figure frozen at publication.)
    entry_reported_update(
        entry=entry,
        reporting_year=2021,
        category="gas",
        scope=1,
        boundary="council_net_zero",
        tco2e="3125",
        source="Annual report 2021-22, table 3 (corrected)",
    )
    kept = Client().get(url)
    assert kept[CACHE_HEADER] == "miss"
    assert _docx_words(kept.content) == _docx_words(first.content)
    assert "2,750" in _docx_words(kept.content) and "3,125" not in _docx_words(kept.content)
    fresh = report_file(
        plan=council.plan,
        period=council.q3,
        format="docx",
        appendices=appendices_for(plan=council.plan, period=council.q3, names=["footprint"]),
    )
    assert _docx_words(fresh.content) == _docx_words(kept.content)

    # Reopened and published again, the report carries the corrected figure.
    _republish(council)
    after = Client().get(url)
    assert after[CACHE_HEADER] == "miss"
    assert "3,125" in _docx_words(after.content) and "2,750" not in _docx_words(after.content)


def test_each_choice_of_appendices_is_stored_apart_in_the_order_named(council):
    organisation = council.plan.organisation
    entry_report(
        organisation=organisation,
        reporting_year=2021,
        category="electricity",
        scope=2,
        boundary="council_net_zero",
        tco2e="1500",
        source="Annual report 2021-22, table 3",
    )
    sessions = indicator_create(plan=council.plan, name="Training sessions held", unit="sessions")
    indicator_value_add(indicator=sessions, year=2021, value=Decimal(6), source="Returns.")
    _republish(council)

    def served(query: str):
        response = Client().get(_url(council, council.q3, "docx", query))
        assert response.status_code == 200 and response[CACHE_HEADER] == "miss", query
        return _docx_words(response.content)

    none = served("")
    footprint = served("?appendix=footprint")
    both = served("?appendix=footprint&appendix=indicators")
    reversed_ = served("?appendix=indicators&appendix=footprint")
    assert FOOTPRINT_TITLE not in none and "Training sessions held" not in none
    assert FOOTPRINT_TITLE in footprint and "Training sessions held" not in footprint
    assert both.index(FOOTPRINT_TITLE) < both.index(INDICATORS_TITLE)
    assert reversed_.index(INDICATORS_TITLE) < reversed_.index(FOOTPRINT_TITLE)
    again = Client().get(
        _url(council, council.q3, "docx", "?appendix=indicators&appendix=footprint")
    )
    assert again[CACHE_HEADER] == "hit" and _docx_words(again.content) == reversed_


@pytest.mark.parametrize(
    ("fmt", "query"),
    [
        ("csv", "?appendix=footprint"),  # the data files take no appendix
        ("json", "?from=newsletter"),
        ("docx", "?appendix=footprint&appendix=footprint"),
        ("docx", "?appendix=footprint&from=newsletter"),
    ],
)
def test_an_address_the_downloads_form_does_not_make_is_served_but_not_stored(council, fmt, query):
    """Only the form's own address for each choice is stored, so however many ways a query is
    written, a file is stored a few times at most."""
    plain = Client().get(_url(council, council.q3, fmt))
    for _ in range(2):
        response = Client().get(_url(council, council.q3, fmt, query))
        assert response.status_code == 200 and CACHE_HEADER not in response
    if fmt != "docx":  # the Word file's creation time differs from one rendering to the next
        assert response.content == plain.content


def test_an_unknown_appendix_is_refused_and_not_stored(council):
    for _ in range(2):
        refused = Client().get(_url(council, council.q3, "docx", "?appendix=nonsense"))
        assert refused.status_code == 400 and CACHE_HEADER not in refused


def test_an_open_quarters_files_are_never_stored(council):
    lead = Client()
    lead.force_login(council.people["planning"])
    update_save(
        action=council.plan.actions.get(ref="10"),
        period=council.q4,
        user=council.people["planning"],
        status="good",
        progress="<p>SECRETDRAFT words.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=False,
    )
    for fmt in ("docx", "csv", "json"):
        for _ in range(2):
            own = lead.get(_url(council, council.q4, fmt))
            assert own.status_code == 200 and CACHE_HEADER not in own, fmt
            assert own["Cache-Control"] == "private, no-store"
        assert "SECRETDRAFT" in (
            _docx_words(own.content) if fmt == "docx" else own.content.decode()
        )
        public = Client().get(_url(council, council.q4, fmt))
        assert public.status_code == 302 and b"SECRETDRAFT" not in public.content, fmt


def test_a_signed_in_readers_download_is_neither_stored_nor_served_the_stored_copy(council):
    viewer = Client()
    viewer.force_login(council.people["viewer"])
    theirs = viewer.get(_url(council, council.q3, "csv"))
    assert theirs.status_code == 200 and CACHE_HEADER not in theirs
    assert Client().get(_url(council, council.q3, "csv"))[CACHE_HEADER] == "miss"  # not stored
    again = viewer.get(_url(council, council.q3, "csv"))
    assert CACHE_HEADER not in again and "ETag" not in again  # rendered for them, not served
    assert again.content == theirs.content


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_download_with_a_session_or_a_message_is_served_afresh(council, cookie):
    Client().get(_url(council, council.q3, "json"))
    reader = Client()
    reader.cookies[cookie] = "something"
    response = reader.get(_url(council, council.q3, "json"))
    assert response.status_code == 200 and CACHE_HEADER not in response


def test_a_file_larger_than_the_limit_is_served_but_not_stored(council, monkeypatch):
    monkeypatch.setattr(public_pages, "LARGEST_STORED", 100)
    for _ in range(2):
        response = Client().get(_url(council, council.q3, "csv"))
        assert response.status_code == 200 and len(response.content) > 100
        assert CACHE_HEADER not in response
