"""In a real headless Chromium: with JavaScript on, the activity page's words box suggests
published factor rows as a manager types (GOV.UK's accessible-autocomplete fed by factors.json),
and choosing one lands on the one-figure form filled with that row, as the "Use this factor"
link does without JavaScript. The page fixture checks axe and the Content-Security-Policy."""

from __future__ import annotations

import pytest

from netzero.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, council):
    from netzero.factors.services import factor_set_load

    factor_set_load(year=2023)
    return live_server.url, council


def test_typing_gas_oil_suggests_rows_and_choosing_one_fills_the_form(contexts, site):
    from netzero.factors.models import Factor

    base, council = site
    page = sign_in(contexts, base, "manager", council.password)
    page.goto(f"{base}/organisations/borough-council/activity-data/")
    page.get_by_label("Reporting year").first.fill("2023-24")
    words = page.get_by_role("combobox", name="Words to find")
    words.click()
    words.press_sequentially("gas oil", delay=30)
    # The suggestions list the combobox controls (not the page's other option elements).
    listbox = page.locator(f"#{words.get_attribute('aria-controls')}")
    listbox.get_by_role("option", name="2023 set").first.wait_for()
    options = listbox.get_by_role("option")
    labels = options.all_inner_texts()
    assert 1 <= len(labels) <= 20 and all("(2023 set, ID " in text for text in labels), labels
    wanted = next(
        i for i, text in enumerate(labels) if text.startswith("Fuels / Liquid fuels / Gas oil")
    )
    chosen_label = labels[wanted]
    options.nth(wanted).click()
    page.wait_for_url("**use=*")
    assert "#one-figure" in page.url
    chosen = page.locator("#chosen-factor")
    assert "Fuels / Liquid fuels / Gas oil" in chosen.inner_text()
    pk = int(page.url.split("use=")[1].split("#")[0].split("&")[0])
    factor = Factor.objects.get(pk=pk)
    assert factor.level_3 == "Gas oil" and factor.factor_set.set_year == 2023
    assert f"ID {factor.source_id}" in chosen_label
    assert page.locator('input[name="row-factor"]').input_value() == str(pk)
    assert page.locator('input[name="row-reporting_year"]').input_value() == "2023-24"
