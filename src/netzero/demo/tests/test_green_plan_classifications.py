"""Figure 6 in the demo: the Green Plan's SDAT scheme reproduces the printed counts (213 relevant
actions) through ``netzero matrix``, with no intervention classified (live counts zero)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.backup.services import backup_export, backup_read
from netzero.backup.tables import copied_tables
from netzero.classifications.models import ActionCategory, Category, ClassificationScheme
from netzero.demo.classifications import SCHEME, green_plan_classifications_load
from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.services import demo_load
from netzero.plans.models import Plan

pytestmark = pytest.mark.django_db

SUMMARIES = {
    "Education, training & engagement": 35,
    "Transformation & continuous improvement": 47,
    "Anchor institution & community focus": 15,
    "Digitisation of work & practice": 19,
    "Active travel": 16,
    "Electric vehicles & infrastructure": 19,
    "Energy efficiency": 10,
    "Adaptation planning": 7,
    "Data monitoring & analysis": 7,
    "System sustainability": 20,
    "Waste management": 18,
}
MODULES = {
    "Our People": 97,
    "Sustainable Care Models": 19,
    "Travel & Logistics": 35,
    "Asset Management & Utilities": 10,
    "Adaptation": 7,
    "Carbon & GHGs": 7,
    "Corporate Approach": 20,
    "Sustainable Use of Resources": 18,
}


@pytest.fixture
def green_plan() -> Plan:
    demo_load()
    green_plan_load()
    plan = green_plan_actions_load()
    green_plan_classifications_load(plan)
    return plan


def matrix_json() -> dict:
    out = StringIO()
    call_command("matrix", "--plan", "jucd-green-plan", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_figure_6_reproduces_213_through_the_command(green_plan):
    data = matrix_json()
    assert [s["scheme"] for s in data["schemes"]] == [SCHEME]
    assert data["schemes"][0]["levels"] == ["Module", "Action summary"]
    assert data["schemes"][0]["organisations"] == []  # nothing classified: no one delivers any
    assert {r["organisation"] for r in data["rows"]} == {None}
    summaries = {r["category"]: r["reported"] for r in data["rows"] if r["parent"]}
    modules = {r["category"]: r["reported"] for r in data["rows"] if r["parent"] is None}
    assert summaries == SUMMARIES
    assert list(modules.items()) == list(MODULES.items())  # in the printed order
    assert [r["level"] for r in data["rows"]].count("Action summary") == 11
    assert data["totals"] == [{"scheme": SCHEME, "organisation": None, "reported": 213, "live": 0}]
    assert all(r["live"] == 0 for r in data["rows"])
    assert not ActionCategory.objects.filter(category__scheme__plan=green_plan).exists()
    assert data["schemes"][0]["reported_sources"] == [
        "Joined Up Care Derbyshire ICS Green Plan 2022-2025, section 5.1, Figure 6: Joined Up "
        "Care Derbyshire ICS's Current Organisation Sustainability Themes and Actions"
    ]


def test_the_page_labels_the_reported_counts_and_says_none_is_classified(client, green_plan):
    html = client.get("/plans/jucd-green-plan/classifications/").content.decode()
    assert (
        "Reported by the source: Joined Up Care Derbyshire ICS Green Plan 2022-2025, section "
        "5.1, Figure 6" in html
    )
    assert "None of this plan's actions is classified under this scheme yet" in html
    assert "combined total of 213 relevant actions" in html
    assert "Sustainable Development Action Tool (SDAT)" in html  # as the plan prints it
    assert ">213</td>" in html


def test_reloading_replaces_the_scheme_and_the_backup_copies_it(green_plan, tmp_path):
    green_plan_classifications_load(green_plan)
    plan = green_plan_actions_load()  # the plan is replaced, its scheme with it
    assert not ClassificationScheme.objects.exists()
    green_plan_classifications_load(plan)
    assert ClassificationScheme.objects.get().plan == plan
    assert Category.objects.filter(parent__isnull=True).count() == 8
    assert Category.objects.filter(parent__isnull=False).count() == 11

    labels = {t.label for t in copied_tables()}
    ours = {
        "classifications.classificationscheme",
        "classifications.category",
        "classifications.actioncategory",
        "classifications.reportedcount",
        "classifications.historicalreportedcount",
    }
    assert ours <= labels
    backup_export(path=tmp_path / "netzero.json")
    counts = backup_read(path=tmp_path / "netzero.json")["counts"]
    assert counts["classifications.category"] == 19
    assert counts["classifications.reportedcount"] == 11
