"""In a real headless Chromium: a new organisation's administrator, invited by the operator,
accepts the invitation, then invites a theme lead from the People page, who accepts theirs.
Checked by axe and the Content-Security-Policy (the ``contexts`` fixture)."""

from __future__ import annotations

import re

import pytest

from netzero.access.models import Membership
from netzero.access.services import organisation_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long enough passphrase 42"


def _accept(open_context, link: str, *, name: tuple[str, str] | None = None):
    page = open_context().new_page()
    page.goto(link)
    page.get_by_role("heading", name="Accept your invitation").wait_for()
    if name:
        page.get_by_label("First name").fill(name[0])
        page.get_by_label("Last name").fill(name[1])
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    page.get_by_text("Your password has been set and you are signed in.").wait_for()
    return page


def test_an_administrator_invites_a_theme_lead(contexts, live_server, mailoutbox, settings):
    settings.NETZERO_SITE_URL = live_server.url
    membership = organisation_start(
        name="Example District Council",
        slug="edc",
        kind="district_council",
        is_public=False,
        admin_email="climate.officer@example.org",
    )
    admin = _accept(contexts, membership.invitation_link, name=("Chris", "Taylor"))
    assert admin.url == f"{live_server.url}/"

    admin.goto(f"{live_server.url}/organisations/edc/people/")
    row = admin.locator("#people tbody tr")
    assert row.count() == 1
    assert "Chris Taylor" in row.first.inner_text()
    assert "Administrator" in row.first.inner_text()

    admin.get_by_role("link", name="Invite someone").click()
    admin.get_by_role("button", name="Send invitation").click()  # nothing filled in
    summary = admin.locator(".govuk-error-summary")
    assert "Enter their email address." in summary.inner_text()
    admin.get_by_label("Email address").fill("sam.jones@example.org")
    admin.get_by_label("First name").fill("Sam")
    admin.get_by_label("Last name").fill("Jones")
    admin.get_by_label("Role").select_option(label="Theme lead")
    admin.get_by_label("Job title (optional)").fill("Planning Policy Manager")
    admin.get_by_role("button", name="Send invitation").click()
    admin.get_by_text("An invitation has been sent to sam.jones@example.org").wait_for()
    sam = admin.locator("#people tbody tr", has_text="Sam Jones")
    assert "Invited, not signed in yet" in sam.inner_text()
    assert "Planning Policy Manager" in sam.inner_text()

    email = mailoutbox[-1]
    assert email.to == ["sam.jones@example.org"]
    assert "Chris Taylor has invited you to Example District Council" in email.body
    link = re.search(r"http\S+/accounts/invitation/\S+/", email.body).group(0)
    lead = _accept(contexts, link)
    assert lead.url == f"{live_server.url}/"

    admin.reload()
    sam = admin.locator("#people tbody tr", has_text="Sam Jones")
    assert "Invited, not signed in yet" not in sam.inner_text()
    assert Membership.objects.get(user__username="sam.jones@example.org").role == "theme_lead"
    # The same link a second time: it has been used.
    again = contexts().new_page()
    again.goto(link)
    again.get_by_role("heading", name="This invitation link no longer works").wait_for()

    # The administrator changes Sam's role (the change page is checked by axe too).
    admin.locator("#people tbody tr", has_text="Sam Jones").get_by_role(
        "link", name="Change"
    ).click()
    assert "The organisation's plans have no actions yet." in admin.locator("main").inner_text()
    admin.get_by_label("Contributor").check()
    admin.get_by_label("Publish their name").check()
    admin.get_by_role("button", name="Save changes").click()
    admin.get_by_text("Sam Jones's role has been saved.").wait_for()
    assert "Contributor" in admin.locator("#people tbody tr", has_text="Sam Jones").inner_text()
