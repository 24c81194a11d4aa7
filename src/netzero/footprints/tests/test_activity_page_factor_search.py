"""The activity page's "Find a conversion factor": a plain GET search over the published rows
of the set that applies to the reporting year, whose "Use this factor" fills the one-figure
form, which then imports a figure on exactly that row. It uses the factors app's
``factor_search`` and the activity files' ``factor_id`` column (helper A's interface)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client

from netzero.factors.models import Factor
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
    assert "No published 2023-24 conversion factor matches those words" in text
    text = _text(client.get(URL, {"find-year": "2023-24", "find-q": ""}))
    assert "Type words to find: for example gas oil." in text
    text = _text(client.get(URL, {"find-year": "2023", "find-q": "gas oil"}))
    assert "Write the reporting year like 2022-23" in text
    text = _text(client.get(URL, {"find-year": "2010-11", "find-q": "gas oil"}))
    assert "There is a problem with the search" in text and "2010-11" in text


def test_a_broad_search_is_capped_and_asks_for_more_words(client, factor_sets):
    response = client.get(URL, {"find-year": "2023-24", "find-q": "kg"})
    text = _text(response)
    assert re.search(r"Showing 50 of (more than )?[\d,]+ matching rows: add words", text)
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
