from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_dashboard_json_has_the_seed_figures(demo_plan):
    data = json.loads(
        _run("dashboard", "--plan", demo_plan.slug, "--period", "2022-23-Q3", "--format", "json")
    )
    assert {k: data["totals"][k] for k in ("Good", "Review", "Action")} == {
        "Good": 17,
        "Review": 15,
        "Action": 0,
    }
    assert data["percentages"]["Good"] == 53 and data["percentages"]["Review"] == 47
    assert [
        (t["theme"], t["Good"], t["Review"], t["Action"]) for t in data["by_strategy_theme"]
    ] == [
        ("Council Estate and Operations", 6, 3, 0),
        ("Low Carbon Economy", 2, 5, 0),
        ("Decarbonising the Domestic Sector", 3, 3, 0),
        ("Transport, Travel and Infrastructure", 4, 2, 0),
        ("Waste", 2, 2, 0),
    ]
    assert len(data["by_delivery_theme"]) == 13
    assert data["movements"] == [
        {"ref": "3", "from": "Action", "to": "Review", "change": "improved"}
    ]
    assert data["at_risk_high_impact"] == ["5", "15", "16", "17", "21", "24"]
    assert data["long_list"]["totals"]["Action"] == 2
    assert [i["ref"] for i in data["long_list"]["action_items"]] == ["LL15", "LL21"]


def test_dashboard_text_and_web_page_agree(client, demo_plan):
    text = _run("dashboard", "--plan", demo_plan.slug, "--period", "2022-23-Q3")
    assert "Total                                   17      15       0" in text
    page = client.get(f"/plans/{demo_plan.slug}/periods/2022-23-Q3/").content.decode()
    for sentence in text.splitlines():
        if sentence.startswith(("For this quarter", "15 priority actions")):
            assert (
                sentence.split(" meaning")[0]
                .replace("Good", "<strong>Good</strong>")
                .replace("Review", "<strong>Review</strong>")
                in page
            )


def test_default_period_is_the_latest_published(demo_plan):
    assert json.loads(_run("dashboard", "--plan", demo_plan.slug, "--format", "json"))[
        "period"
    ] == ("2022-23 Q3")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nope"], "No plan with slug 'nope'"),
        (
            ["--plan", "dcc-climate-change-strategy", "--period", "2031-32-Q1"],
            "has no reporting period",
        ),
        (
            ["--plan", "dcc-climate-change-strategy", "--period", "Q3 2022"],
            "is not a reporting period",
        ),
    ],
)
def test_dashboard_command_errors_are_clear(demo_plan, args, message):
    with pytest.raises(CommandError, match=message):
        _run("dashboard", *args)


def test_console_script_wraps_management_commands():
    result = subprocess.run(
        [sys.executable, "-m", "netzero.cli", "dashboard", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--plan" in result.stdout and "--format" in result.stdout
