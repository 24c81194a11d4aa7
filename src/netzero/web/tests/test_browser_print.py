"""Printing the Q3 dashboard and reading it on a phone (issue 9, points 12, 13 and 14), in a real
headless Chromium."""

from __future__ import annotations

import re

import pytest

from netzero.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIORITY_HEADERS = [
    "Ref",
    "Priority action",
    "Lead theme",
    "Target date for completion",
    "Success measure",
    "Status (change since last period)",
    "Impact if not achieved",
    "Summary of progress",
]
# Measured: the Q3 dashboard prints on 21 A4 landscape pages with every column and every progress
# summary in full (before print.css: 24 pages with columns cut off and summaries hidden). A layout
# that let the tables grow again (link addresses, controls, the screen's font sizes) would not
# stay within this bound.
PRINT_PAGES_AT_MOST = 25


@pytest.fixture
def q3_url(live_server):
    plan = demo_load()
    return f"{live_server.url}/plans/{plan.slug}/periods/2022-23-Q3/"


def _pdf_pages(pdf: bytes) -> int:
    """Chromium writes each page as an uncompressed "/Type /Page" object."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_the_q3_dashboard_prints_every_column_without_controls_or_addresses(page, q3_url):
    page.goto(q3_url)
    page.emulate_media(media="print")
    first = page.locator("table[data-action-table]").first
    headers = first.locator("thead th").all_inner_texts()
    assert headers == PRIORITY_HEADERS
    for header in first.locator("thead th").all():
        assert header.is_visible()
    # Every progress summary printed in full, not behind a disclosure.
    assert page.locator("table[data-action-table] details").count() == 0
    assert page.locator("[data-progress]").first.is_visible()
    # No controls, header, navigation, footer or filter form.
    for hidden in (
        "form",
        ".govuk-generic-header",
        ".govuk-service-navigation",
        ".govuk-footer",
        ".govuk-breadcrumbs",
        "#downloads-section",
        "button",
    ):
        assert all(not e.is_visible() for e in page.locator(hidden).all()), hidden
    # No address printed after a link.
    after = page.evaluate(
        """() => [...document.querySelectorAll('a')].map(a => getComputedStyle(a, '::after')
             .content).filter(c => c && c !== 'none' && c !== 'normal')"""
    )
    assert after == []
    # Nothing wider than the printed page (A4 landscape less 12 mm margins, in CSS pixels).
    page.set_viewport_size({"width": 1032, "height": 700})
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
             .filter(e => e.getBoundingClientRect().right
                          > document.documentElement.clientWidth + 1)
             .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert wide == []
    pages = _pdf_pages(page.pdf(format="A4", landscape=True))
    print(f"\nThe 2022-23 Q3 dashboard prints on {pages} A4 landscape pages.")
    assert 0 < pages <= PRINT_PAGES_AT_MOST


def test_the_q3_dashboard_reads_at_390_px(page, q3_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(q3_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The count tables scroll in a region that takes the focus, with a visible cue.
    region = page.locator(".nzt-scroll-region").first
    assert region.get_attribute("tabindex") == "0"
    assert page.locator("#overview-delivery-cue").is_visible()
    # The action tables' rows are stacked, each cell under its column's name.
    row = page.locator("table[data-action-table] tbody tr").first
    assert row.bounding_box()["width"] <= 390
    success = row.locator('[data-label="Success measure"]')
    assert success.is_visible()
    label = success.evaluate("e => getComputedStyle(e, '::before').content")
    assert label == '"Success measure"'
