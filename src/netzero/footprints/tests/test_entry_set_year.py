"""The figures page's choice of conversion factor set per reporting year. It calls helper A's
``netzero.factors.services.set_year_choose(*, organisation, reporting_year, set_year, reason,
user=None, who="")`` (the agreed interface), so it passes once that branch is merged."""

from __future__ import annotations

import re

import pytest

from netzero.factors.models import FactorSet, SetYearChoice

LIST = "/organisations/borough-council/footprint/figures/"
CHOOSE = LIST + "factor-sets/"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def manager(client, council):
    client.force_login(council.people["manager"])
    return council.people["manager"]


def test_the_page_offers_the_loaded_sets(client, manager, factor_sets):
    FactorSet.objects.create(
        set_year=2017,
        edition="as downloaded",
        origin=FactorSet.Origin.SUPPLIED,
        source_file="ghg-conversion-factors-2017-flat-file.csv",
        sha256="0" * 64,
        gwp_basis=FactorSet.GwpBasis.AR4,
    )
    body = client.get(LIST).content.decode()
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', body)
    assert options == [
        ("2017", "2017 (file supplied: ghg-conversion-factors-2017-flat-file.csv)"),
        ("2022", "2022 (UK Government, shipped)"),
        ("2023", "2023 (UK Government, shipped)"),
    ]
    assert "Reason (required for a set other than the year&#x27;s own)" in body
    assert "Required unless the set is the reporting year&#x27;s own" in body


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


def test_choices_are_listed_by_reporting_year_and_undone_with_use_the_default_set(
    client, manager, factor_sets
):
    manager.first_name, manager.last_name = "Priya", "Shah"
    manager.save()
    for year, reason in (("2018-19", "Nearest set"), ("2016-17", "Earliest set we hold")):
        response = client.post(
            CHOOSE, {"reporting_year": year, "set_year": "2022", "reason": reason}
        )
        assert response.status_code == 302
    text = _text(client.get(LIST))
    assert text.index("2016-17 2022 Earliest set we hold") < text.index("2018-19 2022 Nearest")
    assert "Use the default set (2016) for 2016-17" in text

    response = client.post(CHOOSE, {"form": "clear", "reporting_year": "2016-17"})
    assert response.status_code == 302 and response["Location"] == LIST
    assert list(SetYearChoice.objects.values_list("reporting_year", flat=True)) == [2018]
    text = _text(client.get(LIST))
    assert "2016-17 figures now use the default conversion factors (the 2016 set)." in text
    history = text[text.index("Changes to these choices") :]
    assert "Priya Shah Back to the default 2016 factors for 2016-17 by Priya Shah" in history
    assert "Priya Shah 2022 factors for 2016-17 by Priya Shah: Earliest set we hold" in history
    assert history.index("Back to the default") < history.index("Earliest set we hold")


def test_the_own_years_set_needs_no_reason_and_another_does(client, manager, factor_sets):
    response = client.post(CHOOSE, {"reporting_year": "2022-23", "set_year": "2022"})
    assert response.status_code == 302
    response = client.post(CHOOSE, {"reporting_year": "2016-17", "set_year": "2022"})
    assert response.status_code == 200
    assert "a reason is required when the set is not the default" in _text(response)
    assert list(SetYearChoice.objects.values_list("reporting_year", flat=True)) == [2022]


def test_use_the_default_set_is_refused_for_a_viewer_and_a_bad_year(client, council, factor_sets):
    SetYearChoice.objects.create(
        organisation=council.plan.organisation, reporting_year=2016, set_year=2022
    )
    client.force_login(council.people["manager"])
    response = client.post(CHOOSE, {"form": "clear", "reporting_year": "2016"})
    assert response.status_code == 400
    assert "Write the reporting year like 2022-23" in _text(response)
    client.force_login(council.people["viewer"])
    response = client.post(CHOOSE, {"form": "clear", "reporting_year": "2016-17"})
    assert response.status_code == 403 and SetYearChoice.objects.count() == 1
