"""The figures page's choice of conversion factor set per reporting year. It calls helper A's
``netzero.factors.services.set_year_choose(*, organisation, reporting_year, set_year, reason,
user=None, who="")`` (the agreed interface), so it passes once that branch is merged."""

from __future__ import annotations

import re

import pytest

from netzero.factors.models import SetYearChoice

LIST = "/organisations/borough-council/footprint/figures/"
CHOOSE = LIST + "factor-sets/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def manager(client, council):
    client.force_login(council.people["manager"])
    return council.people["manager"]


def test_the_page_offers_the_loaded_sets(client, manager, factor_sets):
    text = _text(client.get(LIST))
    assert "2023 (UK Government conversion factors)" in text
    assert "2022 (UK Government conversion factors)" in text


def test_a_manager_chooses_a_set_for_an_older_year(client, manager, factor_sets):
    response = client.post(
        CHOOSE,
        {"reporting_year": "2016-17", "set_year": "2022", "reason": "Earliest set we hold"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    choice = SetYearChoice.objects.get()
    assert (choice.reporting_year, choice.set_year) == (2016, 2022)
    assert choice.history.first().history_user == manager
    text = _text(client.get(LIST))
    assert "2016-17 figures now use the 2022 conversion factors." in text
    assert "2016-17 2022 Earliest set we hold" in text


def test_a_set_not_loaded_or_a_bad_year_is_refused(client, manager, factor_sets):
    response = client.post(CHOOSE, {"reporting_year": "2016", "set_year": "2015", "reason": "x"})
    assert response.status_code == 200
    text = _text(response)
    assert "Write the reporting year like 2022-23" in text and "Select a valid choice" in text
    assert not SetYearChoice.objects.exists()


def test_a_viewer_cannot_choose(client, council, factor_sets):
    client.force_login(council.people["viewer"])
    response = client.post(CHOOSE, {"reporting_year": "2016-17", "set_year": "2022", "reason": "x"})
    assert response.status_code == 403 and not SetYearChoice.objects.exists()
