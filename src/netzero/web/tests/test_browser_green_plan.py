"""End to end in a real headless Chromium: an ICS's Green Plan as its readers use it. From the
ICS's page to a member trust and the intervention it delivers, the plan, an indicator and the
classification matrix; every page also checked by axe and the Content-Security-Policy."""

from __future__ import annotations

import re

import pytest

from netzero.demo.classifications import green_plan_classifications_load
from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.indicators import demo_indicators_load
from netzero.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def green_plan(live_server):
    demo_load()
    green_plan_load()
    plan = green_plan_actions_load()
    green_plan_classifications_load(plan)
    demo_indicators_load()
    return live_server.url


def test_from_the_ics_to_a_trust_its_intervention_an_indicator_and_the_matrix(
    page, green_plan, axe_checked
):
    base = green_plan
    page.goto(f"{base}/organisations/jucd-ics/partnership/")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Joined Up Care Derbyshire ICS: members and partners"
    )
    trust = page.locator("#delivery-crhft + .nzt-table-wrapper")
    assert trust.locator("tbody tr").count() == 1
    trust.get_by_role("link", name="7.1").click()

    page.wait_for_url(re.compile(r"/plans/jucd-green-plan/actions/7\.1/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ref 7.1"
    delivered = page.locator("#delivered-by").inner_text()
    assert "Joined Up Care Derbyshire ICS (lead)" in delivered
    assert "Chesterfield Royal Hospital NHS Foundation Trust (partner)" in delivered
    assert "(financial years: 2022/23 to 2025/26)" in page.locator("#action-fields").inner_text()

    page.go_back()
    trust.get_by_role("link", name="Joined Up Care Derbyshire ICS Green Plan 2022-2025").click()
    page.wait_for_url(re.compile(r"/plans/jucd-green-plan/actions/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Objectives and actions"
    assert page.locator("h2[id^='theme-']").count() == 11
    assert page.locator("#gaps-table tbody tr").count() == 32
    row = page.locator("#action-7\\.1")
    assert "CRHFT" in row.inner_text() and "[Procurement Managers]" in row.inner_text()

    page.get_by_role("link", name=re.compile(r"^This plan's indicators")).click()
    page.wait_for_url(re.compile(r"/plans/jucd-green-plan/indicators/$"))
    page.get_by_role("link", name=re.compile(r"^Fleet converted")).click()
    page.wait_for_url(re.compile(r"/indicators/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fleet converted")
    assert "90" in page.locator("#goals").inner_text()
    assert page.locator("#baseline").inner_text() == "No baseline stated"

    page.goto(f"{base}/plans/jucd-green-plan/actions/")
    page.get_by_role("link", name=re.compile(r"^Classifications")).click()
    page.wait_for_url(re.compile(r"/plans/jucd-green-plan/classifications/$"))
    total = page.locator("tr[data-level='total'] td")
    assert [total.nth(0).inner_text(), total.nth(1).inner_text()] == ["213", "0"]
    summaries = page.locator("tr[data-level='second'] td:first-of-type").all_inner_texts()
    assert summaries == ["35", "47", "15", "19", "16", "19", "10", "7", "7", "20", "18"]

    page.goto(f"{base}/plans/jucd-green-plan/timeline/")
    page.wait_for_selector("#timeline-chart[data-rendered='true'] svg")
    assert page.locator("#timeline-table tbody tr").count() == 34

    checked = {u.removeprefix(base) for u in axe_checked}
    assert {
        "/organisations/jucd-ics/partnership/",
        "/plans/jucd-green-plan/actions/7.1/",
        "/plans/jucd-green-plan/actions/",
        "/plans/jucd-green-plan/indicators/",
        "/plans/jucd-green-plan/classifications/",
        "/plans/jucd-green-plan/timeline/",
    } <= checked


@pytest.mark.parametrize(
    "path",
    [
        "/plans/jucd-green-plan/actions/",
        "/plans/jucd-green-plan/timeline/",
        "/plans/jucd-green-plan/classifications/",
        "/organisations/jucd-ics/partnership/",
    ],
)
def test_the_green_plans_pages_fit_a_phone(browser, green_plan, path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(green_plan + path)
        # Wide tables scroll inside their own box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
