"""The quarterly update workflow in a real headless Chromium, and accessibility checks with
axe-core (shipped in netzero/testing/vendor, no network)."""

from __future__ import annotations

import re

import pytest

from netzero.demo.services import demo_load, demo_users_create
from netzero.testing.browser import (
    AXE_IMPACTS,
    check_accessibility,
    run_axe_source,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    plan = demo_load()
    passwords = {u.username: u.password for u in demo_users_create(plan=plan)}
    return live_server.url, plan, passwords


def test_lead_submits_manager_returns_lead_resubmits_manager_approves_and_publishes(contexts, site):
    base, plan, passwords = site
    q4 = f"{base}/plans/{plan.slug}/periods/2022-23-Q4"

    # Before publication the public cannot see the open quarter.
    public = contexts().new_page()
    public.goto(f"{q4}/")
    assert "/accounts/login/" in public.url

    lead = sign_in(contexts, base, "planning", passwords["planning"])
    lead.goto(f"{q4}/")
    lead.get_by_role("link", name="Your updates for 2022-23 Q4").click()
    row = lead.locator('#my-updates tr[data-ref="16"]')
    assert row.locator(".govuk-tag").inner_text() == "Not started"
    row.get_by_role("link", name=re.compile("Start")).click()
    # The form starts from last quarter's update: Review, with its reason.
    assert lead.get_by_label("Review").is_checked()
    assert "other areas of focus" in lead.get_by_label("Reason for the status").input_value()
    lead.get_by_label("Summary of progress").fill("Framework still paused.")
    lead.get_by_role("button", name="Submit for approval").click()
    banner = lead.locator(".govuk-notification-banner").inner_text()
    assert re.search(r"Ref 16\b.*: update submitted for approval\. Emailed ", banner)

    manager = sign_in(contexts, base, "manager", passwords["manager"])
    manager.goto(f"{q4}/manage/")
    manager.get_by_role("link", name="Review Ref 16").click()
    manager.get_by_role("button", name="Return with comment").click()
    assert "Say what needs to change" in manager.locator(".govuk-error-summary").inner_text()
    manager.get_by_label("What needs to change").fill("Please give the date guidance is expected.")
    manager.get_by_role("button", name="Return with comment").click()
    assert "returned to its lead" in manager.locator(".govuk-notification-banner").inner_text()

    lead.goto(f"{q4}/actions/16/update/")
    assert (
        "Please give the date guidance is expected." in lead.locator("#review-comment").inner_text()
    )
    lead.get_by_label("Summary of progress").fill(
        "Framework still paused; guidance expected in spring 2023."
    )
    lead.get_by_role("button", name="Submit for approval").click()
    assert "submitted for approval" in lead.locator(".govuk-notification-banner").inner_text()

    manager.goto(f"{q4}/manage/")
    manager.get_by_role("link", name="Review Ref 16").click()
    manager.get_by_role("button", name="Approve").click()
    assert "update approved." in manager.locator(".govuk-notification-banner").inner_text()
    manager.get_by_role("link", name="Check and publish 2022-23 Q4").click()
    manager.get_by_role("button", name="Publish 2022-23 Q4").click()
    manager.wait_for_url(re.compile(r"/periods/2022-23-Q4/$"))
    assert "is published" in manager.locator(".govuk-notification-banner").inner_text()

    # Now the public sees the published quarter, with the approved words.
    public.goto(f"{base}/plans/{plan.slug}/")
    public.wait_for_url(re.compile(r"/periods/2022-23-Q4/$"))
    assert public.locator("#published-note").is_visible()
    public.goto(f"{base}/plans/{plan.slug}/actions/16/")
    latest = public.locator("#history-table tbody tr").nth(0)
    assert latest.locator("th").inner_text() == "2022-23 Q4"
    assert "guidance expected in spring 2023" in latest.inner_text()


AXE_PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/plans/{plan}/periods/2022-23-Q3/"),
    ("anonymous", "/plans/{plan}/actions/3/"),
    ("planning", "/plans/{plan}/periods/2022-23-Q4/updates/"),
    ("planning", "/plans/{plan}/periods/2022-23-Q4/actions/16/update/"),
    ("manager", "/plans/{plan}/periods/2022-23-Q4/manage/"),
    ("manager", "/plans/{plan}/periods/2022-23-Q3/reopen/"),
]


def test_main_pages_have_no_serious_accessibility_violations(contexts, site):
    base, plan, passwords = site
    pages = {"anonymous": contexts().new_page()}
    for role in ("planning", "manager"):
        pages[role] = sign_in(contexts, base, role, passwords[role])
    problems = []
    for role, path in AXE_PAGES:
        page = pages[role]
        page.goto(base + path.format(plan=plan.slug))
        run_axe_source(page)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for violation in result["violations"]:
            if violation["impact"] in AXE_IMPACTS:
                targets = [n["target"] for n in violation["nodes"][:3]]
                problems.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []


def test_the_accessibility_check_finds_a_known_violation(page):
    """The harness itself works: a page with an unlabelled image and input fails axe."""
    page.set_content('<html lang="en"><body><main><img src="x.png"><input></main></body></html>')
    run_axe_source(page)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = {v["id"] for v in result["violations"] if v["impact"] in AXE_IMPACTS}
    assert {"image-alt", "label"} <= found


def test_the_admin_works_under_the_content_security_policy(contexts, site):
    """Data entry (Django's admin and the change history) draws and runs with no inline script
    or style allowed; the contexts fixture fails the test on anything the policy blocked.

    axe checks the admin's pages too: its breadcrumbs' links are underlined (netzero/admin.css)
    and "reports through" is a plain, labelled select."""
    base, _plan, passwords = site
    page = sign_in(contexts, base, "manager", passwords["manager"])
    page.goto(f"{base}/admin/")
    assert page.get_by_role("heading", name="Site administration").is_visible()
    page.goto(f"{base}/admin/plans/action/?q=Enhanced+Bus+Partnership")
    page.locator("#result_list tbody tr th a").first.click()
    assert page.get_by_label("Ref").input_value() == "24"
    page.get_by_role("link", name="History").click()
    page.wait_for_load_state("networkidle")
    assert "history" in page.url


def test_every_page_shown_is_checked_and_a_violation_is_reported(browser, live_server):
    """The automatic check (the page and contexts fixtures) runs axe on each page of the service
    the browser shows, whether reached by an address, a posted form or a link, and reports its
    violations with the page's address."""
    base = live_server.url
    bad = '<html lang="en"><head><title>Bad</title></head><body><main><img src="x.png"></main>'
    context = browser.new_context()
    try:
        context.route(
            f"{base}/bad/", lambda route: route.fulfill(body=bad, content_type="text/html")
        )
        checked, problems = [], []
        check = check_accessibility(context, checked, problems)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.get_by_label("Username").fill("nobody")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()  # a form posted: the page is left
        page.wait_for_load_state()
        page.goto(f"{base}/bad/")
        page.goto(f"{base}/")
        page.goto("about:blank")  # not the service's: not checked
        check.finish()
    finally:
        context.close()
    login = f"{base}/accounts/login/"
    assert checked == [login, login, f"{base}/bad/", f"{base}/"]
    assert len(problems) == 1 and problems[0].startswith("/bad/: image-alt (critical)"), problems
