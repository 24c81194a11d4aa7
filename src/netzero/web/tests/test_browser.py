"""End to end in a real headless Chromium: what a committee member does with the dashboard."""

from __future__ import annotations

import re

import pytest

from netzero.demo.services import demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    plan = demo_load()
    return live_server.url, plan


def test_read_overview_filter_to_review_and_follow_an_at_risk_action(page, demo):
    base, _plan = demo
    page.goto(f"{base}/")
    page.get_by_role("link", name=re.compile(r"Dashboard for 2022-23 Q3")).click()
    page.wait_for_url(re.compile(r"/periods/2022-23-Q3/"))
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Climate Change Programme Dashboard 2022-23 Q3"
    )

    overview = page.locator("#overview-strategy")
    rows = overview.locator("tbody tr")
    assert rows.count() == 6
    assert rows.nth(0).inner_text().split("\t") == ["Council Estate and Operations", "6", "3", "0"]
    assert rows.nth(5).inner_text().split("\t") == ["Total", "17", "15", "0"]

    page.get_by_label("Review", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"status=review"))
    assert page.locator("#shown-count").inner_text() == (
        "Showing 15 of 62 actions that match the filters."
    )
    refs = page.locator("tr[data-ref]").evaluate_all("rows => rows.map(r => r.dataset.ref)")
    assert len(refs) == 15 and "3" in refs and "1" not in refs

    page.locator("[data-at-risk]").get_by_role("link", name="(Ref 16)").click()
    page.wait_for_url(re.compile(r"/actions/16/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ref 16"
    history = page.locator("#history-table tbody tr")
    assert history.count() == 2
    assert history.nth(0).locator("th").inner_text() == "2022-23 Q3"
    assert history.nth(0).locator(".govuk-tag").inner_text() == "Review"
    assert history.nth(1).locator("th").inner_text() == "2022-23 Q2"
    assert page.get_by_text("Also reports for").is_visible()


def test_status_history_shows_ref_3_moving_from_action_to_review(page, demo):
    base, plan = demo
    page.goto(f"{base}/plans/{plan.slug}/actions/3/")
    cells = page.locator("#history-table tbody tr").nth(0).locator("td")
    assert cells.nth(0).inner_text() == "Review"
    assert cells.nth(1).inner_text() == "Improved (was Action)"


def test_pages_work_without_javascript(browser, demo):
    base, plan = demo
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/plans/{plan.slug}/periods/2022-23-Q3/")
        page.get_by_label("Reporting period").select_option("2022-23-Q2")
        page.get_by_role("button", name="Show period").click()
        page.wait_for_url(re.compile(r"/periods/2022-23-Q2/$"))
        assert "2022-23 Q2" in page.get_by_role("heading", level=1).inner_text()
        assert page.locator("#overview-strategy tbody tr").last.inner_text().split("\t") == [
            "Total",
            "17",
            "14",
            "1",
        ]
    finally:
        context.close()


def test_no_request_leaves_the_machine(page, demo):
    base, plan = demo
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(f"{base}/plans/{plan.slug}/periods/2022-23-Q3/")
    page.wait_for_load_state("networkidle")
    assert outside == []
    # GOV.UK Frontend's JavaScript loaded and initialised from the shipped bundle.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")


def test_charts_draw_from_shipped_scripts_only(page, live_server):
    from netzero.demo.green_plan import green_plan_load

    green_plan_load()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(f"{live_server.url}/organisations/dchs/footprint/2020-21/")
    page.wait_for_selector("#footprint-chart[data-rendered='true'] svg")
    labels = page.locator("#footprint-chart svg").first.text_content()
    assert "Procurement" in labels and "Staff commuting" in labels
    assert outside == []


def test_a_reader_goes_from_the_partnership_to_a_members_footprint(page, live_server, axe_checked):
    """The partnership's page and a member's footprint, each also checked by axe."""
    from netzero.demo.green_plan import green_plan_load

    demo_load()
    green_plan_load()
    page.goto(f"{live_server.url}/organisations/jucd-ics/partnership/")
    assert page.get_by_role("heading", level=1).inner_text().endswith(": members and partners")
    page.locator('a[href^="/organisations/dchs/"]').first.click()
    page.wait_for_url(re.compile(r"/organisations/dchs/footprint/"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Carbon footprint ")
    assert [u.removeprefix(live_server.url).split("footprint/")[0] for u in axe_checked] == [
        "/organisations/jucd-ics/partnership/",
        "/organisations/dchs/",
    ]


def test_a_reader_reads_the_countys_area_wide_emissions(page, live_server, tmp_path):
    """The area page, checked by axe (its table scrolls sideways: a named region a keyboard
    user can reach)."""
    import csv

    from netzero.territorial.management.commands.emissions import DEFAULT as EMISSIONS_CSV
    from netzero.territorial.services import area_emissions_import

    with EMISSIONS_CSV.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["local-authority-code"] == "DBY"]
        derbyshire = tmp_path / "dby.csv"
        with derbyshire.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            writer.writerows(rows)
    area_emissions_import(path=derbyshire)
    page.goto(f"{live_server.url}/areas/DBY/")
    assert page.get_by_role("heading", level=1).inner_text() == "Derbyshire County Council"
    assert page.get_by_text("Pathway to net zero 2050").first.is_visible()


def test_a_manager_opens_the_activity_data_page(page, live_server, axe_checked):
    from netzero.access.models import Membership
    from netzero.testing.factories import PASSWORD, MembershipFactory, OrganisationFactory

    trust = OrganisationFactory(name="Example NHS Trust", slug="example-trust", kind="nhs_trust")
    manager = MembershipFactory(organisation=trust, role=Membership.Role.PROGRAMME_MANAGER).user
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(manager.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/organisations/example-trust/activity-data/")
    assert page.get_by_role("heading", level=1).inner_text() == "Add activity data"
    assert page.get_by_label("Reporting year").first.is_visible()
    assert axe_checked[-1] == f"{base}/organisations/example-trust/activity-data/"
