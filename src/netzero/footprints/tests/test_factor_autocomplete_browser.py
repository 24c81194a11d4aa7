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


@pytest.mark.parametrize("width", [1280, 390])
def test_a_factor_set_choice_is_undone_with_use_the_default_set(contexts, site, width):
    from netzero.factors.models import SetYearChoice
    from netzero.factors.services import set_year_choose

    base, council = site
    set_year_choose(
        organisation=council.plan.organisation,
        reporting_year=2016,
        set_year=2023,
        reason="Earliest set we hold",
        who="the command line",
    )
    page = sign_in(contexts, base, "manager", council.password)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/organisations/borough-council/footprint/figures/#factor-sets")
    assert page.locator("#set-year-choices").inner_text().count("Earliest set we hold") == 1
    assert "2023 (UK Government, shipped)" in page.locator("#id_set_year").inner_text()
    page.get_by_role("button", name="Use the default set (2016) for 2016-17").click()
    page.wait_for_selector("text=2016-17 figures now use the default conversion factors")
    assert not SetYearChoice.objects.exists()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert "Back to the default 2016 factors for 2016-17" in (
        page.locator("#set-year-history").inner_text()
    )
