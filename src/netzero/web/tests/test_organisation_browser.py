"""A programme manager of a new council sees its first-run checklist on the organisation's
page, in a real headless Chromium at 1280 and 390 px, and follows a step to where it is done.
(The page fixture also runs axe-core on every page and fails on anything the
Content-Security-Policy blocked.) Screenshots go to $NETZERO_SHOTS (else the test's own
temporary directory), to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netzero.access.models import Membership
from netzero.organisations.models import Organisation
from netzero.testing.factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_council():
    organisation = OrganisationFactory(
        name="Example District Council", slug="example", kind=Organisation.Kind.OTHER
    )
    for username, role in (
        ("edc-admin", Membership.Role.ADMINISTRATOR),
        ("edc-manager", Membership.Role.PROGRAMME_MANAGER),
    ):
        user = UserFactory(username=username, first_name="Sam", last_name=username.title())
        MembershipFactory(user=user, organisation=organisation, role=role)
    return organisation


@pytest.mark.parametrize("width", [1280, 390])
def test_a_manager_sees_the_checklist_and_follows_a_step(
    page, live_server, new_council, width, tmp_path
):
    shots = Path(os.environ.get("NETZERO_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("edc-manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")

    # The home page leads to the organisation's own page.
    page.locator("#your-organisations").get_by_role("link", name=new_council.name).click()
    page.wait_for_url(f"{live_server.url}/organisations/example/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    checklist = page.locator("#setup-checklist")
    items = checklist.locator(".govuk-task-list__item")
    names = [
        n.strip()
        for n in items.locator(".govuk-task-list__name-and-hint > :first-child").all_inner_texts()
    ]
    assert names[:2] == ["Invite your people", "Create your plan"]
    statuses = [s.strip() for s in items.locator(".govuk-task-list__status").all_inner_texts()]
    assert statuses[0] == "Done"  # two people: the administrator invited the manager
    assert statuses[-1] == "For your administrator"  # the details are the administrator's
    assert "Not started" in statuses
    page.screenshot(path=str(shots / f"organisation-checklist-{width}.png"), full_page=True)

    checklist.get_by_role("link", name="Start your carbon footprint").click()
    page.wait_for_url(f"{live_server.url}/organisations/example/footprint/figures/")
    assert page.get_by_role("heading", level=1).inner_text() == "Figures and targets"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(shots / f"figures-from-checklist-{width}.png"), full_page=True)
