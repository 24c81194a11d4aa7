"""The reader's path (issue 9), anonymous, in a real headless Chromium at 1280 and 390 px: the
home page, the council plan's published Q3 dashboard, a search for "transport", an action found,
and the status by quarter. Every page is checked by axe and the Content-Security-Policy (the
``contexts`` fixture) and must not scroll sideways at 390 px."""

from __future__ import annotations

import re

import pytest

from netzero.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE_PAGE = "document.documentElement.scrollWidth"


def _fits(page, width: int) -> None:
    if width <= 390:
        assert page.evaluate(WIDE_PAGE) <= 390, page.url


def _counts(page, table: str, row) -> dict[str, int]:
    """A count table's row as {column: count}."""
    headers = page.locator(f"{table} thead th").all_inner_texts()
    cells = row.locator("th, td").all_inner_texts()
    return {h.strip(): int(c) for h, c in zip(headers, cells, strict=True) if c.strip().isdigit()}


@pytest.mark.parametrize("width", [1280, 390])
def test_the_public_reads_the_dashboard_searches_and_sees_the_trend(
    contexts,
    live_server,
    width,
):
    plan = demo_load()
    page = contexts().new_page()
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{live_server.url}/")
    _fits(page, width)
    card = page.locator(".govuk-summary-card", has_text=plan.name)
    card.get_by_role("link", name="Dashboard for 2022-23 Q3").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.slug}/periods/2022-23-Q3/")
    _fits(page, width)
    # The priority actions' counts as the Q3 dashboard prints them (its overview's total row).
    dashboard = _counts(
        page, "#overview-strategy", page.locator("#overview-strategy tbody tr").last
    )
    dashboard.pop("Total", None)
    assert sum(dashboard.values()) == 32

    page.get_by_label("Search actions").fill("transport")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url(re.compile(r"/search/\?q=transport$"))
    _fits(page, width)
    heading = page.locator("h1").inner_text()
    found = int(re.match(r"(\d+) actions? match", heading).group(1))
    assert found == page.locator("#search-results tbody tr").count() > 0
    assert page.get_by_label("Search actions").input_value() == "transport"
    first = page.locator("#search-results tbody tr").first
    ref = first.get_attribute("data-ref")
    first.get_by_role("link").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.slug}/actions/{ref}/")
    _fits(page, width)

    page.go_back()
    page.get_by_role("link", name="Status of the priority actions quarter by quarter").click()
    page.wait_for_url(f"{live_server.url}/plans/{plan.slug}/trend/")
    page.locator("#trend-chart[data-rendered='true']").wait_for()
    assert page.locator("#trend-chart svg").count() == 1
    _fits(page, width)
    q3 = _counts(page, "#trend-table", page.locator('#trend-table tr[data-period="2022-23-Q3"]'))
    total = q3.pop("Total")
    assert total == 32
    # Every status the dashboard prints has the same count here; those it leaves out are zero.
    assert {s: n for s, n in q3.items() if s in dashboard} == dashboard
    assert all(n == 0 for s, n in q3.items() if s not in dashboard)
    assert page.locator("#trend-table tbody tr").count() == 2  # Q2 and Q3: the public's
