"""A theme lead's quarter in a real headless Chromium, at 1280 and 390 px: the home page lists
what is due, a draft keeps an Action status with no mitigation, submitting is refused until the
mitigation and progress are given, the manager returns it, and the lead sees why on the home
page. No page scrolls sideways at 390 px. (The contexts fixture also runs axe-core on every page
and fails on anything the Content-Security-Policy blocked.)"""

from __future__ import annotations

import re

import pytest

from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Net zero new council buildings"


@pytest.fixture
def site(live_server, council):
    ref16 = council.actions["16"]
    ref16.title = TITLE
    ref16.save()
    return live_server.url, council


def _at(page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})


def _fits(page, width: int) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("width", [1280, 390])
def test_a_lead_drafts_submits_is_returned_and_sees_why_on_the_home_page(contexts, site, width):
    base, council = site
    lead = sign_in(contexts, base, "planning", council.password)
    _at(lead, width)
    lead.reload()
    _fits(lead, width)

    # The home page lists what is due this quarter, by ref and title.
    due = lead.locator("#due-2022-23-Q4")
    row = due.locator('li[data-ref="16"]')
    assert f"Ref 16 {TITLE}" in row.inner_text()
    assert row.locator(".govuk-tag").inner_text() == "Not started"
    assert sorted(due.locator("li").evaluate_all("els => els.map(e => e.dataset.ref)")) == [
        "10",
        "16",
        "20",
    ]
    row.get_by_role("link", name=re.compile("^Start")).click()
    _fits(lead, width)

    # A draft keeps an Action status with no mitigation.
    lead.get_by_label("Action", exact=True).check()
    lead.get_by_label("Summary of progress").fill("")
    lead.get_by_label("Reason for the status").fill("The design is late.")
    lead.get_by_label("Mitigation").fill("")
    lead.get_by_role("button", name="Save as draft").click()
    assert "update saved as a draft" in lead.locator(".govuk-notification-banner").inner_text()
    _fits(lead, width)
    assert lead.locator('#my-updates tr[data-ref="16"] .govuk-tag').inner_text() == "Draft"
    lead.locator('#my-updates tr[data-ref="16"]').get_by_role(
        "link", name=re.compile("^Edit")
    ).click()
    assert lead.get_by_label("Action", exact=True).is_checked()
    assert lead.get_by_label("Reason for the status").input_value() == "The design is late."

    # Submitting is refused until the mitigation and a summary of progress are given; what was
    # typed stays in the form.
    lead.get_by_role("button", name="Submit for approval").click()
    summary = lead.locator(".govuk-error-summary").inner_text()
    assert "Give a summary of progress." in summary
    assert "Say what is being done about an Action status." in summary
    assert lead.get_by_label("Reason for the status").input_value() == "The design is late."
    _fits(lead, width)
    lead.get_by_label("Summary of progress").fill(
        "Design agreed with the architects.\n\n- Planning application made\n- Tender in May"
    )
    lead.get_by_label("Mitigation").fill("Weekly design meetings.")
    lead.get_by_role("button", name="Submit for approval").click()
    banner = lead.locator(".govuk-notification-banner").inner_text()
    assert (
        f"Ref 16 {TITLE}: update submitted for approval. Emailed manager@example.invalid." in banner
    )
    assert (
        lead.locator('#my-updates tr[data-ref="16"]')
        .get_by_role("link", name=re.compile("^View"))
        .is_visible()
    )

    # The manager finds it awaiting approval on their home page and returns it.
    manager = sign_in(contexts, base, "manager", council.password)
    _at(manager, width)
    manager.locator('#awaiting-2022-23-Q4 li[data-ref="16"] a').click()
    _fits(manager, width)
    assert "Planning application made" in manager.locator("main").inner_text()
    manager.get_by_label("What needs to change").fill("Give the tender's date.")
    manager.get_by_role("button", name="Return with comment").click()
    assert "Emailed" in manager.locator(".govuk-notification-banner").inner_text()

    # The lead sees it returned, with the comment, on the home page.
    lead.goto(f"{base}/")
    _fits(lead, width)
    returned = lead.locator("#returned-to-you")
    assert f"Ref 16 {TITLE}" in returned.inner_text()
    assert "Give the tender's date." in returned.inner_text()
    assert lead.locator('#due-2022-23-Q4 li[data-ref="16"] .govuk-tag').inner_text() == (
        "Returned for changes"
    )
    returned.get_by_role("link", name=re.compile(f"Ref 16 {TITLE}")).click()
    _fits(lead, width)
    # Shown back as typed (Markdown), not as HTML.
    assert lead.get_by_label("Summary of progress").input_value() == (
        "Design agreed with the architects.\n\n- Planning application made\n- Tender in May"
    )


def test_leaving_a_changed_form_asks_first(contexts, site):
    base, council = site
    lead = sign_in(contexts, base, "planning", council.password)
    lead.goto(f"{base}/plans/{council.plan.slug}/periods/2022-23-Q4/actions/16/update/")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    lead.on("dialog", answer)
    lead.get_by_label("Summary of progress").click()
    lead.keyboard.type("Words not yet saved")
    lead.goto(f"{base}/")
    assert dialogs == ["beforeunload"]
