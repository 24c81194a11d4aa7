"""The activity page's "Find a conversion factor": a plain GET search over the published rows
of the set that applies to the reporting year, whose "Use this factor" fills the one-figure
form, which then imports a figure on exactly that row. It uses the factors app's
``factor_search`` and the activity files' ``factor_id`` column (helper A's interface)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client

from netzero.factors.models import Factor, SetYearChoice
from netzero.footprints.models import FootprintEntry, ImportBatch

URL = "/organisations/borough-council/activity-data/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def client(council) -> Client:
    client = Client()
    client.force_login(council.people["manager"])
    return client


def _gas_oil_kwh(set_year: int) -> Factor:
    return Factor.objects.get(
        factor_set__set_year=set_year,
        scope="Scope 1",
        level_1="Fuels",
        level_3="Gas oil",
        unit="kWh (Gross CV)",
        gas=Factor.Gas.CO2E,
    )


def test_the_search_finds_gas_oil_rows_for_2023(client, factor_sets):
    response = client.get(URL, {"find-year": "2023-24", "find-q": "gas oil"})
    assert response.status_code == 200
    text = _text(response)
    row = _gas_oil_kwh(2023)
    assert "Fuels / Liquid fuels / Gas oil" in text and "Marine gas oil" in text
    assert f"2023 set, ID {row.source_id}" in text
    assert "0.256495629530201 kg CO2e per kWh (Gross CV)" in text
    assert f"use={row.pk}#one-figure" in response.content.decode()


def test_using_a_row_fills_the_one_figure_form_and_saves_that_row(client, factor_sets):
    row = _gas_oil_kwh(2023)
    page = client.get(URL, {"find-year": "2023-24", "find-q": "gas oil", "use": row.pk})
    body = page.content.decode()
    assert "Conversion factor:" in _text(page) and f'value="{row.pk}"' in body
    assert 'value="2023-24"' in body and 'name="row-activity"' not in body
    response = client.post(
        URL,
        {
            "form": "row",
            "row-reporting_year": "2023-24",
            "row-quantity": "1000",
            "row-unit": "kWh",
            "row-boundary": "council_net_zero",
            "row-reference": "",
            "row-factor": str(row.pk),
        },
    )
    assert response.status_code == 302, _text(response)[:2000]
    entry = FootprintEntry.objects.get()
    assert entry.factor_id == row.pk and entry.quantity == 1000
    expected = (Decimal(1000) * row.value / 1000).quantize(Decimal("0.001"), ROUND_HALF_UP)
    assert entry.tco2e == expected
    assert entry.batch.channel == ImportBatch.Channel.ONE_FIGURE


def test_a_search_that_finds_nothing_or_is_badly_asked_says_so(client, factor_sets):
    text = _text(client.get(URL, {"find-year": "2023-24", "find-q": "zzzyx"}))
    assert "No conversion factor in the 2023 set matches those words: try fewer" in text
    text = _text(client.get(URL, {"find-year": "2023-24", "find-q": ""}))
    assert "Type words to find: for example gas oil." in text
    text = _text(client.get(URL, {"find-year": "2023", "find-q": "gas oil"}))
    assert "Write the reporting year like 2022-23" in text


def test_a_year_with_no_loaded_set_says_why_and_links_to_choosing_a_set(client, factor_sets):
    response = client.get(URL, {"find-year": "2010-11", "find-q": "gas oil"})
    text = _text(response)
    assert (
        "No conversion factors are loaded for 2010-11: it uses the 2010 set, which is not "
        "loaded. Choose a loaded set for 2010-11 on the Figures and targets page" in text
    )
    assert 'href="/organisations/borough-council/footprint/figures/#factor-sets"' in (
        response.content.decode()
    )
    assert "Use this factor" not in text


def test_a_year_using_another_years_set_names_that_set(client, council, factor_sets):
    SetYearChoice.objects.create(
        organisation=council.plan.organisation, reporting_year=2023, set_year=2022
    )
    text = _text(client.get(URL, {"find-year": "2023-24", "find-q": "zzzyx"}))
    assert (
        "No conversion factor in the 2022 set (the set 2023-24 uses) matches those words: "
        "try fewer or other words." in text
    )
    text = _text(client.get(URL, {"find-year": "2023-24", "find-q": "kg"}))
    assert re.search(
        r"Showing 50 of (more than )?[\d,]+ matching rows in the 2022 set \(the set 2023-24 "
        r"uses\): add words",
        text,
    )


def test_a_broad_search_is_capped_and_asks_for_more_words(client, factor_sets):
    response = client.get(URL, {"find-year": "2023-24", "find-q": "kg"})
    text = _text(response)
    assert re.search(
        r"Showing 50 of (more than )?[\d,]+ matching rows in the 2023 set: add words", text
    )
    assert response.content.decode().count("Use this factor") == 50


def test_an_unknown_row_is_not_found(client, factor_sets):
    assert client.get(URL, {"use": "999999999"}).status_code == 404


def test_without_a_factor_the_activity_is_still_required(client, factor_sets):
    response = client.post(
        URL,
        {
            "form": "row",
            "row-reporting_year": "2023-24",
            "row-quantity": "1000",
            "row-unit": "kWh",
            "row-boundary": "council_net_zero",
        },
    )
    assert "Choose an activity, or find a conversion factor above." in _text(response)
    assert not FootprintEntry.objects.exists()


# --- The search as you type (JSON for the autocomplete) -----------------------------------

JSON_URL = "/organisations/borough-council/activity-data/factors.json"


def test_the_suggestions_are_the_years_set_rows_with_the_use_this_factor_address(
    client, factor_sets
):
    response = client.get(JSON_URL, {"year": "2023-24", "q": "gas oil kwh"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["set_year"] == 2023 and answer["message"] == ""
    row = _gas_oil_kwh(2023)
    ours = [r for r in answer["results"] if r["pk"] == row.pk]
    assert ours, answer
    assert ours[0]["label"] == (
        f"Fuels / Liquid fuels / Gas oil, {row.column_text}: 0.256495629530201 kg CO2e per "
        f"kWh (Gross CV) (2023 set, ID {row.source_id})"
        if row.column_text
        else f"Fuels / Liquid fuels / Gas oil: 0.256495629530201 kg CO2e per kWh (Gross CV) "
        f"(2023 set, ID {row.source_id})"
    )
    # The same address as the page's "Use this factor" link for that row.
    page = client.get(URL, {"find-year": "2023-24", "find-q": "gas oil kwh"}).content.decode()
    href = ours[0]["url"].replace(URL, "").replace("&", "&amp;")
    assert ours[0]["url"].startswith(URL + "?") and f'href="{href}"' in page
    assert {r["pk"] for r in answer["results"]} <= set(
        Factor.objects.filter(factor_set__set_year=2023).values_list("pk", flat=True)
    )


def test_the_suggestions_are_capped_at_20_and_follow_the_chosen_set(client, council, factor_sets):
    answer = client.get(JSON_URL, {"year": "2023-24", "q": "kg"}).json()
    assert len(answer["results"]) == 20 and answer["matched"] > 20
    SetYearChoice.objects.create(
        organisation=council.plan.organisation, reporting_year=2023, set_year=2022
    )
    answer = client.get(JSON_URL, {"year": "2023-24", "q": "gas oil"}).json()
    assert answer["set_year"] == 2022 and answer["results"]
    assert all("(2022 set, " in r["label"] for r in answer["results"])


def test_the_suggestions_say_why_when_there_is_nothing_to_search(client, factor_sets):
    answer = client.get(JSON_URL, {"year": "2010-11", "q": "gas oil"}).json()
    assert (
        answer["results"] == []
        and "No conversion factors are loaded for 2010-11" in (answer["message"])
    )
    response = client.get(JSON_URL, {"year": "2023", "q": "gas oil"})
    assert response.status_code == 400
    assert "Write the reporting year like 2022-23" in " ".join(response.json()["errors"])


@pytest.mark.parametrize(
    ("who", "status"),
    [("viewer", 403), ("planning", 403), ("outsider", 403), ("admin", 200), (None, 302)],
)
def test_only_the_organisations_managers_get_suggestions(council, factor_sets, who, status):
    client = Client()
    if who:
        client.force_login(council.people[who])
    response = client.get(JSON_URL, {"year": "2023-24", "q": "gas oil"})
    assert response.status_code == status
    if status == 302:
        assert "/accounts/login/" in response["Location"] or "login" in response["Location"]
