"""The demo's indicators: only what the two documents print, each quoted phrase found in its
document, observed values only where a document reports one."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.indicators import demo_indicators_data, demo_indicators_load
from netzero.demo.services import demo_load
from netzero.indicators.models import Indicator, IndicatorValue
from netzero.indicators.selectors import indicators_for_plan
from netzero.plans.models import Plan

DOCUMENTS = Path(__file__).resolve().parents[2] / "demo" / "data" / "seeds"
APPENDIX_B = [
    "Promoting equal access to low carbon travel, for staff and patients, to the NHS estate",
    "Reducing avoidable differences in the optimal management of respiratory disease",
    "Increasing access to a greener NHS estate",
]


def _quotes() -> list[tuple[str, str]]:
    data = demo_indicators_data()
    found = []
    for item in data["indicators"]:
        document = data["documents"][item["document"]]["file"]
        for part in [item, *item["goals"], *item["values"]]:
            found.append((document, part["quote"]))
    return found


@pytest.mark.parametrize(("document", "quote"), _quotes())
def test_each_quoted_phrase_is_printed_in_its_document(document, quote):
    assert quote in (DOCUMENTS / document).read_text(encoding="utf-8")


def test_every_figure_is_in_its_quote_and_cites_where_it_is_printed():
    for item in demo_indicators_data()["indicators"]:
        assert item["source"]
        for part in [*item["goals"], *item["values"]]:
            assert part["source"]
        values = {v["value"] for v in item["values"]}
        assert values <= {"8"}  # the one value either document reports
        for value in item["values"]:
            assert "Eight" in value["quote"]
        for goal in item["goals"]:
            number = {"6": "Six", "1": "one"}.get(goal["value"], goal["value"])
            assert number in goal["quote"], (goal["value"], goal["quote"])


@pytest.fixture
def plans(db) -> dict[str, Plan]:
    council = demo_load()
    green_plan_load()
    ics = green_plan_actions_load()
    demo_indicators_load()
    return {"council": council, "ics": ics}


def test_the_demo_loads_each_plans_indicators(plans):
    assert plans["council"].slug == "dcc-climate-change-strategy"
    assert plans["ics"].slug == "jucd-green-plan"
    assert plans["council"].indicators.count() == 3
    assert plans["ics"].indicators.count() == 6
    assert not Indicator.objects.filter(organisation__isnull=False).exists()
    # One observed value in all: Ref 9's eight sessions.
    assert IndicatorValue.objects.count() == 1


def test_the_training_sessions_eight_delivered_against_six_a_year(plans):
    indicator = plans["council"].indicators.get(name="Climate change training sessions held")
    [value] = indicator.values.all()
    [goal] = indicator.goals.all()
    assert (value.value, value.period_label, value.year) == (8, "2022-23 Q3", 2022)
    assert (goal.value, goal.label) == (6, "over each 12-month period")
    assert [a.ref for a in indicator.actions.all()] == ["9"]
    assert indicator.direction == Indicator.Direction.UP
    assert indicator.baseline_year is None and indicator.baseline_value is None
    [summary] = [
        s for s in indicators_for_plan(plan=plans["council"]) if s.indicator.pk == indicator.pk
    ]
    assert summary.track.verdict.on_track is None
    assert summary.track.verdict.reason == "Not enough data: at least two values are needed."


def test_the_solar_estimate_is_not_an_observed_value(plans):
    solar = plans["council"].indicators.get(name__contains="Williamthorpe")
    assert not solar.values.exists() and not solar.goals.exists()
    assert "3.25 million kWh" in solar.description and "estimate" in solar.description
    assert [a.ref for a in solar.actions.all()] == ["1"]


def test_the_green_plans_goals_as_printed(plans):
    goals = {
        i.name: [(g.value, g.year, g.label) for g in i.goals.all()]
        for i in plans["ics"].indicators.all()
    }
    assert goals["Fleet converted to low, ultra-low and zero-emission vehicles"] == [
        (90, 2028, "by 2028")
    ]
    assert goals["Cut in air pollution emissions from business mileage and fleet"] == [
        (20, 2024, "by March 2024")
    ]
    assert goals["BP pulse charging points added by the D2N2 network scheme"] == [
        (782, 2025, "by 2025")
    ]


def test_appendix_b_three_outcome_indicators_have_no_figures(plans):
    outcome = plans["ics"].indicators.filter(name__in=APPENDIX_B)
    assert sorted(i.name for i in outcome) == sorted(APPENDIX_B)
    for indicator in outcome:
        assert indicator.unit == ""
        assert indicator.baseline_year is None and indicator.baseline_value is None
        assert not indicator.goals.exists() and not indicator.values.exists()


def test_the_command_lists_the_green_plans_indicators(plans):
    out = StringIO()
    call_command("indicators", "--plan", "jucd-green-plan", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["indicators"]) == 6
    assert all(i["values"] == [] for i in data["indicators"])
    assert all(i["verdict"]["on_track"] is None for i in data["indicators"])
    assert all(i["rate_still_needed"]["per_year"] is None for i in data["indicators"])
    out = StringIO()
    council = "dcc-climate-change-strategy"
    call_command("indicators", "--plan", council, "--format", "json", stdout=out)
    [sessions] = [
        i
        for i in json.loads(out.getvalue())["indicators"]
        if i["actions"] == [{"plan": council, "ref": "9"}]
    ]
    assert sessions["rate_still_needed"] == {
        "per_year": None,
        "percent_per_year": None,
        "text": "None to work out: the latest value, 8 sessions a year (2022-23 Q3), is at or "
        "above the goal of 6 sessions a year, over each 12-month period.",
    }


def test_reloading_replaces_rather_than_adds(plans):
    demo_indicators_load()
    assert Indicator.objects.count() == 9


def _dashboard() -> str:
    out = StringIO()
    call_command(
        "dashboard", "--plan", "dcc-climate-change-strategy", "--period", "2022-23-Q3", stdout=out
    )
    return out.getvalue()


def test_the_council_dashboards_figures_are_unchanged(db):
    demo_load()
    before = _dashboard()
    green_plan_load()
    green_plan_actions_load()
    demo_indicators_load()
    after = _dashboard()
    assert after == before
    # The paper's own figures: 17 Good (53%), 15 Review (47%), none Action.
    totals = [line.split() for line in after.splitlines() if line.startswith("Total")]
    assert totals[0] == ["Total", "17", "15", "0", "0"]
    assert "Council Estate and Operations            6       3       0" in after
