"""A new council starts on its own, in a real headless Chromium, from an empty database with no
superuser: one operator command creates the organisation and invites its administrator, who
invites a programme manager and a theme lead, sets up a plan of 8 actions and links the lead to
their delivery theme; the manager opens the first quarter; the lead submits an update; the
manager approves it and publishes the quarter; the administrator makes the pages public and the
public reads the dashboard. Every step is reached by following links (only the emailed
invitations are opened by address). axe-core and the Content-Security-Policy check every page
(the ``contexts`` fixture)."""

from __future__ import annotations

import os
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from netzero.reporting.models import ActionUpdate, ReportingPeriod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"
ORGANISATION = "Example District Council"
PLAN = "Climate Emergency Action Plan"
# Theme, delivery theme, action, target: a district council's plan of 8 actions.
ACTIONS = [
    ("Council estate", "Property Services", "Heat pumps at the leisure centre", "March 2026"),
    ("Council estate", "Property Services", "LED lighting in every office", "2025/26"),
    ("Council estate", "Property Services", "Solar panels on the depot roof", "31/03/2027"),
    ("Council estate", "Fleet", "Electric refuse collection vehicles", "2024-2027"),
    ("Council estate", "Fleet", "Pool cars replaced by electric cars", "December 2025"),
    ("Our district", "Planning Policy", "Net zero standard in the Local Plan", "2026/27"),
    ("Our district", "Planning Policy", "Climate guidance for planning applicants", "2026"),
    ("Our district", "Planning Policy", "Tree planting on council land", "31/03/2030"),
]


def _shot(page, folder: Path, name: str) -> None:
    folder = Path(os.environ.get("NETZERO_SCREENSHOTS") or folder)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _invitation_link(text: str) -> str:
    return re.search(r"http\S+/accounts/invitation/\S+/", text).group(0)


def _accept(contexts, link: str):
    page = contexts().new_page()
    page.goto(link)
    page.get_by_role("heading", name="Accept your invitation").wait_for()
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Set password and sign in").click()
    page.get_by_text("Your password has been set and you are signed in.").wait_for()
    return page


def _home(page) -> None:
    page.get_by_role("link", name="Net Zero Tracker", exact=True).first.click()


def _invite(page, email: str, first: str, last: str, role: str, title: str) -> None:
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill(email)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Role").select_option(label=role)
    page.get_by_label("Job title (optional)").fill(title)
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_text(f"An invitation has been sent to {email}").wait_for()


def test_a_new_council_sets_up_its_plan_and_publishes_its_first_quarter(
    contexts, live_server, mailoutbox, settings, tmp_path
):
    settings.NETZERO_SITE_URL = live_server.url
    assert not get_user_model().objects.filter(is_superuser=True).exists()

    # The operator's one command.
    out = StringIO()
    call_command(
        "organisation",
        "create",
        "--name",
        ORGANISATION,
        "--kind",
        "district_council",
        "--admin-email",
        "climate.officer@example.org",
        "--admin-first-name",
        "Chris",
        "--admin-last-name",
        "Taylor",
        stdout=out,
    )
    admin = _accept(contexts, _invitation_link(out.getvalue()))
    # The guide this test follows is one click away, on the Help page.
    admin.get_by_role("link", name="Help", exact=True).click()
    admin.get_by_role("link", name="Setting up your organisation").click()
    admin.get_by_role("heading", name="1. The operator creates the organisation").wait_for()
    _home(admin)

    # The administrator: home, their organisation, the checklist.
    admin.locator("#your-organisations").get_by_role("link", name=ORGANISATION).click()
    checklist = admin.locator("#setup-checklist")
    assert checklist.locator(".govuk-task-list__item").count() == 7
    assert "0 of 7 steps done" in admin.locator("main").inner_text()
    _shot(admin, tmp_path, "1-checklist-1280")
    admin.set_viewport_size({"width": 390, "height": 900})
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(admin, tmp_path, "1-checklist-390")
    admin.set_viewport_size({"width": 1280, "height": 900})

    checklist.get_by_role("link", name="Invite your people").click()
    _invite(admin, "priya.shah@example.org", "Priya", "Shah", "Programme manager", "Climate Lead")
    _invite(admin, "sam.jones@example.org", "Sam", "Jones", "Theme lead", "Planning Manager")
    manager_link, lead_link = (_invitation_link(m.body) for m in mailoutbox[-2:])

    # The plan: its themes, delivery themes and 8 actions.
    admin.get_by_role("link", name=ORGANISATION).first.click()
    admin.locator("#setup-checklist").get_by_role("link", name="Create your plan").click()
    admin.get_by_label("Name of the plan").fill(PLAN)
    admin.get_by_role("button", name="Set up the plan").click()
    admin.get_by_role("link", name="Themes", exact=True).click()
    for theme in ("Council estate", "Our district"):
        admin.get_by_label("Name").fill(theme)
        admin.get_by_role("button", name="Add theme").click()
    admin.get_by_role("link", name="go on to delivery themes").click()
    for name, lead in (
        ("Property Services", "Head of Property"),
        ("Fleet", "Fleet Manager"),
        ("Planning Policy", "Planning Manager"),
    ):
        admin.get_by_label("Name").fill(name)
        admin.get_by_label("Lead (optional)").fill(lead)
        admin.get_by_role("button", name="Add delivery theme").click()
    admin.get_by_role("link", name="go on to actions").click()
    admin.get_by_role("button", name="Add another 5 rows").click()
    for row, (theme, delivery, text, target) in enumerate(ACTIONS, start=1):
        admin.get_by_label(f"Row {row}: Action", exact=True).fill(text)
        admin.get_by_label(f"Row {row}: Theme", exact=True).select_option(label=theme)
        admin.get_by_label(f"Row {row}: Delivery theme", exact=True).select_option(label=delivery)
        admin.get_by_label(f"Row {row}: Target", exact=True).fill(target)
        admin.get_by_label(f"Row {row}: Impact if not achieved", exact=True).select_option(
            label="High" if row <= 3 else "Moderate"
        )
    admin.get_by_role("button", name="Save actions").click()
    assert "Saved 8 actions." in admin.locator(".govuk-notification-banner").inner_text()
    _shot(admin, tmp_path, "2-actions-1280")

    # The lead leads Planning Policy: refs 6, 7 and 8.
    admin.get_by_role("link", name=ORGANISATION).first.click()
    admin.get_by_role("link", name="People and roles").click()
    admin.get_by_role("link", name="Change Sam Jones").click()
    admin.get_by_label("Planning Policy").check()
    admin.get_by_role("button", name="Save changes").click()
    assert "Planning Policy" in admin.locator("#people").inner_text()

    # The programme manager opens the first quarter.
    manager = _accept(contexts, manager_link)
    manager.locator("#your-organisations").get_by_role("link", name=ORGANISATION).click()
    manager.locator("#setup-checklist").get_by_role("link", name="Open your first quarter").click()
    assert "every update starts empty" in manager.locator("main").inner_text()
    manager.get_by_role("button", name="Open period").click()
    period = ReportingPeriod.objects.get(plan__name=PLAN)
    assert period.state == ReportingPeriod.State.OPEN

    # The theme lead writes and submits the update for Ref 6.
    lead = _accept(contexts, lead_link)
    due = lead.locator(f"#due-{period.slug}")
    assert sorted(due.locator("li").evaluate_all("els => els.map(e => e.dataset.ref)")) == [
        "6",
        "7",
        "8",
    ]
    due.locator('li[data-ref="6"]').get_by_role("link").click()
    lead.get_by_label("Good", exact=True).check()
    lead.get_by_label("Summary of progress").fill(
        "The draft policy sets a net zero standard for new homes; consultation ends in March."
    )
    lead.get_by_role("button", name="Submit for approval").click()
    update = ActionUpdate.objects.get(period=period, action__ref="6")
    assert update.state == ActionUpdate.State.SUBMITTED

    # The manager approves it and publishes the quarter.
    _home(manager)
    manager.locator(f"#awaiting-{period.slug}").get_by_role("link").first.click()
    manager.get_by_role("button", name="Approve").click()
    manager.get_by_role("link", name=f"Check and publish {period.name}").click()
    assert "there is no earlier one to compare with" in manager.locator("#movements").inner_text()
    manager.get_by_role("button", name=f"Publish {period.name}").click()
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.PUBLISHED

    # Not public yet: the public does not find it. The administrator makes the pages public.
    public = contexts().new_page()
    public.goto(live_server.url)
    assert PLAN not in public.locator("main").inner_text()
    admin.get_by_role("link", name=ORGANISATION).first.click()
    admin.get_by_role("link", name="Organisation details").click()
    admin.get_by_label("Pages are public").check()
    admin.get_by_role("button", name=re.compile("^Save")).click()
    public.reload()
    card = public.locator(".govuk-summary-card", has_text=PLAN)
    card.get_by_role("link", name=f"Dashboard for {period.name}").click()
    dashboard = public.locator("main").inner_text()
    assert "Net zero standard in the Local Plan" in dashboard
    assert "Good" in dashboard
    assert "Not reported" in dashboard  # the other seven
    assert "climate.officer@example.org" not in public.content()
    _shot(public, tmp_path, "3-published-dashboard-1280")
