from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_gives_each_indicator_with_goals_values_verdict_and_rate(sessions, plan):
    data = json.loads(run("--plan", plan.slug, "--format", "json"))
    assert data["owner"] == {"kind": "plan", "slug": plan.slug}
    [one] = data["indicators"]
    assert one["name"] == "Training sessions held"
    assert one["owner"]["kind"] == "plan" and one["owner"]["slug"] == plan.slug
    assert (one["unit"], one["direction"]) == ("sessions a year", "up")
    assert one["baseline"] == {"year": 2019, "value": "2"}
    assert [(g["value"], g["year"], g["label"]) for g in one["goals"]] == [
        ("12", 2024, "by March 2024"),
        ("20", 2028, "by 2028"),
    ]
    assert [(v["year"], v["period"], v["value"]) for v in one["values"]] == [
        (2020, "2020-21 Q4", "4"),
        (2021, "2021-22 Q4", "6"),
        (2022, "2022-23 Q4", "8"),
    ]
    assert one["values"][2]["note"] == "Counted by the team."
    assert one["actions"] == [{"plan": plan.slug, "ref": "9"}]
    assert one["verdict"] == {
        "on_track": True,
        "reason": "On track: the trend over 2020-2022 reaches 12 sessions a year by 2024, at or "
        "above the target of 12 sessions a year.",
    }
    # From 8 to 12 in two years: 2 a year; (12/8)^(1/2) = 1.2247, so 22.47% a year.
    assert one["rate_still_needed"]["per_year"] == "2"
    assert one["rate_still_needed"]["percent_per_year"] == "22.47"


def test_org_lists_the_organisations_and_its_plans_indicators(sessions, plan):
    data = json.loads(run("--org", plan.organisation.slug, "--format", "json"))
    assert data["owner"] == {"kind": "organisation", "slug": plan.organisation.slug}
    assert [i["name"] for i in data["indicators"]] == ["Training sessions held"]


def test_text_reads_as_sentences(sessions, plan):
    text = run("--plan", plan.slug)
    assert "Training sessions held [unit: sessions a year; higher is better]" in text
    assert "  Baseline: 2 sessions a year in 2019" in text
    assert "  Goals: 12 sessions a year, by March 2024; 20 sessions a year, by 2028" in text
    assert "  Actions: Ref 9" in text
    assert (
        "  Rate still needed: A rise of 2 sessions a year each year from 2022 to reach 12 "
        "sessions a year, by March 2024 (22.47% a year, compounded)."
    ) in text


def test_an_unknown_plan_or_both_owners_are_refused(plan):
    with pytest.raises(CommandError, match="No plan with slug 'nope'"):
        run("--plan", "nope")
    with pytest.raises(CommandError, match="No organisation with slug 'nope'"):
        run("--org", "nope")
    with pytest.raises(CommandError):
        run("--plan", plan.slug, "--org", plan.organisation.slug)
