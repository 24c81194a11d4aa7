"""A programme manager sets up a plan in a real headless Chromium: names it, adds two themes
(one beneath the other), a delivery theme with its lead, then three actions in the table, the
first save refused for one bad target (shown in its row; nothing saved), then fixed. The table
page is usable at 390 px (the table scrolls inside its region; the page does not scroll
sideways). axe-core checks every page (the ``page`` fixture)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netzero.plans.models import Action, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, folder: Path, name: str) -> None:
    """A screenshot to look at: in the test's own folder, or NETZERO_SCREENSHOTS if set."""
    folder = Path(os.environ.get("NETZERO_SCREENSHOTS") or folder)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_a_manager_sets_up_a_plan_with_themes_a_delivery_theme_and_three_actions(
    page, live_server, council, tmp_path
):
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(council.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    organisation = council.plan.organisation
    page.goto(f"{base}/organisations/{organisation.slug}/plans/new/")
    page.get_by_label("Name of the plan").fill("Example Climate Plan")
    page.get_by_role("button", name="Set up the plan").click()
    page.wait_for_url(f"{base}/plans/example-climate-plan/setup/")
    assert page.locator("#themes-status").inner_text() == "None yet"
    _shot(page, tmp_path, "1-setup-empty-1280")

    page.get_by_role("link", name="Themes", exact=True).click()
    page.get_by_label("Name").fill("Buildings")
    page.get_by_role("button", name="Add theme").click()
    page.get_by_label("Name").fill("Schools")
    page.get_by_label("Sits beneath (optional)").select_option(label="Buildings")
    page.get_by_role("button", name="Add theme").click()
    assert "Schools is added." in page.locator(".govuk-notification-banner").inner_text()
    assert page.locator("#themes-table tbody tr").count() == 2
    _shot(page, tmp_path, "2-themes-1280")

    page.get_by_role("link", name="go on to delivery themes").click()
    page.get_by_label("Name").fill("Council Property")
    page.get_by_label("Lead (optional)").fill("Alex Smith")
    page.get_by_role("button", name="Add delivery theme").click()
    assert "Alex Smith" in page.locator("#delivery-themes-table").inner_text()

    page.get_by_role("link", name="go on to actions").click()
    assert page.locator("#actions-table tbody tr").count() == 5
    rows = {
        1: ("Insulate the schools' roofs", "Buildings > Schools", "", "March 2026", ""),
        2: ("Heat pumps in the depots", "Buildings", "Council Property", "31/02/2026", "High"),
        3: ("LED lighting in every office", "Buildings", "", "2025/26", "Low"),
    }
    for row, (text, theme, delivery, target, impact) in rows.items():
        page.get_by_label(f"Row {row}: Action", exact=True).fill(text)
        page.get_by_label(f"Row {row}: Theme", exact=True).select_option(label=theme)
        if delivery:
            page.get_by_label(f"Row {row}: Delivery theme", exact=True).select_option(
                label=delivery
            )
        page.get_by_label(f"Row {row}: Target", exact=True).fill(target)
        if impact:
            page.get_by_label(f"Row {row}: Impact if not achieved", exact=True).select_option(
                label=impact
            )
    page.get_by_role("button", name="Save actions").click()

    summary = page.locator(".govuk-error-summary")
    assert "nothing was saved" in summary.inner_text()
    link = summary.get_by_role("link", name="Row 2, target:")
    assert "February 2026 has 28 days" in link.inner_text()
    row_two = page.locator("#row-2")
    assert "February 2026 has 28 days" in row_two.locator(".govuk-error-message").inner_text()
    assert page.locator("#row-1 .govuk-error-message").count() == 0
    plan = Plan.objects.get(slug="example-climate-plan")
    assert not Action.objects.filter(plan=plan).exists()
    _shot(page, tmp_path, "3-actions-refused-1280")
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_actions-1-target"

    page.get_by_label("Row 2: Target", exact=True).fill("31/03/2026")
    page.get_by_role("button", name="Save actions").click()
    assert "Saved 3 actions." in page.locator(".govuk-notification-banner").inner_text()
    saved = {a.ref: a for a in Action.objects.filter(plan=plan).select_related("theme")}
    assert sorted(saved) == ["1", "2", "3"]
    assert saved["1"].theme.name == "Schools"
    assert (saved["2"].target, saved["2"].end_year, saved["2"].impact) == (
        "31/03/2026",
        2025,
        "high",
    )
    assert saved["2"].delivery_theme.name == "Council Property"
    # The table now lists the three, then blank rows for more.
    assert page.get_by_label("Row 1: Ref", exact=True).input_value() == "1"
    assert page.locator("#actions-table tbody tr").count() == 3 + 3
    _shot(page, tmp_path, "4-actions-saved-1280")

    page.get_by_role("button", name="Add another 5 rows").click()
    assert page.locator("#actions-table tbody tr").count() == 3 + 3 + 5

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base}/plans/example-climate-plan/setup/actions/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # On a phone each row stacks, every field under its column's name and within the screen.
    region = page.locator(".nzt-scroll-region")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    for label in (
        "Row 1: Action",
        "Row 1: Theme",
        "Row 1: Target",
        "Row 6: Impact if not achieved",
    ):
        field = page.get_by_label(label, exact=True)
        field.scroll_into_view_if_needed()
        box = field.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, label
    assert page.get_by_role("button", name="Save actions").is_visible()
    _shot(page, tmp_path, "5-actions-390")

    page.goto(f"{base}/plans/example-climate-plan/actions/")
    assert page.get_by_role("link", name="Set up this plan").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
