"""End to end in a real headless Chromium, at 1280 and 390 px: the programme manager opens the
quarter's Manage page (refs in natural order, people by full name), reviews Ref 16 beside last
quarter, approves it, checks the publish preview (the Not reported warning), publishes with the
meeting it goes to, and the dashboard says where and when it was presented. Every page is checked
by axe and the Content-Security-Policy, and none is wider than a 390 px phone."""

from __future__ import annotations

import re

import pytest

from netzero.reporting.models import ReportingPeriod

# The browser fixtures live beside the web app's browser tests; this one reuses them.
from netzero.testing.browser import sign_in
from netzero.workflow.services import update_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, council):
    """Q4 with Ref 16 submitted by the Planning lead (Priya Shah) and a long-list draft."""
    for username, first, last in (("planning", "Priya", "Shah"), ("manager", "Sam", "Okafor")):
        person = council.people[username]
        person.first_name, person.last_name = first, last
        person.save()
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=council.people["planning"],
        status="Good",
        progress="<p>Panels installed on two depots.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    return live_server.url, council


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_the_manager_reviews_approves_and_publishes_with_the_meeting(contexts, site, width):
    base, council = site
    page = sign_in(contexts, base, "manager", council.password, timeout=30_000)
    page.set_viewport_size({"width": width, "height": 900})
    plan = council.plan.slug

    page.goto(f"{base}/plans/{plan}/periods/2022-23-Q4/manage/")
    _fits(page, width)
    refs = page.locator("#outstanding tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.ref)"
    )
    # natural ref order; Ref 20 is not outstanding: it was submitted with Ref 16, which it
    # reports through
    assert refs == ["1", "5", "10", "24", "25", "LL1"]
    waiting = page.locator("#submitted-list").inner_text()
    assert "Review Ref 16" in waiting and "submitted by Priya Shah" in waiting
    assert "planning" not in waiting

    page.locator("#submitted-list").get_by_role("link", name=re.compile("^Review Ref 16")).click()
    page.wait_for_url(re.compile(r"/actions/16/review/$"))
    _fits(page, width)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Ref 16")
    assert page.locator("#previous-quarter h2").inner_text() == "2022-23 Q3"
    assert "Review" in page.locator("#previous-summary").inner_text()
    assert "Panels installed on two depots." in page.locator("#update-summary").inner_text()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url(re.compile(r"/manage/$"))
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Ref 16 What Ref 16 will do: update approved. Emailed Priya Shah." in banner

    page.locator("#approved-list").get_by_role("link", name=re.compile("^Ref 16")).click()
    page.wait_for_url(re.compile(r"/actions/16/review/$"))
    assert page.get_by_role("button", name="Approve").count() == 0
    page.go_back()

    page.get_by_role("link", name="Check and publish 2022-23 Q4").click()
    page.wait_for_url(re.compile(r"/publish/$"))
    _fits(page, width)
    warning = page.locator("#not-reported-warning").inner_text()
    # Ref 16 and Ref 20 (which reports through it) are reported: 5 of the 7 are not
    assert "5 of 7 priority actions will be published as Not reported" in warning
    assert "Ref 16" in page.locator("#movements").inner_text()
    page.get_by_label("Presented to").fill("Cabinet Member for Climate")
    page.get_by_label("Date of the meeting").fill("2023-05-02")
    page.get_by_role("button", name="Publish 2022-23 Q4").click()
    page.wait_for_url(re.compile(r"/periods/2022-23-Q4/$"))
    _fits(page, width)
    assert page.locator("#presented-note").inner_text() == (
        "Presented to Cabinet Member for Climate on 2 May 2023."
    )
    assert page.locator("#published-note").inner_text().startswith("Published in this service on ")
    assert "Open for updates" not in page.locator("main").inner_text()
    q4 = ReportingPeriod.objects.get(pk=council.q4.pk)
    assert q4.is_published and q4.presented_to == "Cabinet Member for Climate"
