"""``netzero matrix`` (JSON and text) and the plan's classifications page."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from netzero.classifications.services import action_classify, reported_count_record
from netzero.plans.services import delivery_add


@pytest.fixture
def classified(small):
    reported_count_record(category=small.training, count=35, source="The plan, Figure 6")
    reported_count_record(category=small.engagement, count=47, source="The plan, Figure 6")
    delivery_add(action=small.actions["1.1"], organisation=small.trust)
    action_classify(action=small.actions["1.1"], category=small.training)
    action_classify(action=small.actions["1.2"], category=small.active)
    return small


def matrix(*args: str) -> str:
    out = StringIO()
    call_command("matrix", *args, stdout=out)
    return out.getvalue()


def test_json_rows_and_totals(classified):
    data = json.loads(matrix("--plan", "a-green-plan", "--format", "json"))
    assert data["plan"] == {
        "slug": "a-green-plan",
        "name": "A Green Plan",
        "organisation": "An ICS",
    }
    assert data["schemes"][0]["levels"] == ["Module", "Action summary"]
    assert [o["slug"] for o in data["schemes"][0]["organisations"]] == ["an-ics", "a-trust"]
    as_reported = [r for r in data["rows"] if r["organisation"] is None]
    assert [
        (r["level"], r["category"], r["parent"], r["reported"], r["live"]) for r in as_reported
    ] == [
        ("Module", "Our People", None, 82, 1),
        ("Action summary", "Training", "Our People", 35, 1),
        ("Action summary", "Engagement", "Our People", 47, 0),
        ("Module", "Travel & Logistics", None, None, 1),
        ("Action summary", "Active travel", "Travel & Logistics", None, 1),
    ]
    trust = {r["category"]: r["live"] for r in data["rows"] if r["organisation"] == "a-trust"}
    assert trust == {
        "Our People": 1,
        "Training": 1,
        "Engagement": 0,
        "Travel & Logistics": 0,
        "Active travel": 0,
    }
    assert set(data["rows"][0]) == {
        "scheme",
        "level",
        "category",
        "parent",
        "organisation",
        "reported",
        "live",
    }
    assert data["totals"] == [
        {"scheme": "SDAT", "organisation": None, "reported": 82, "live": 2},
        {"scheme": "SDAT", "organisation": "an-ics", "reported": None, "live": 2},
        {"scheme": "SDAT", "organisation": "a-trust", "reported": None, "live": 1},
    ]


def test_text_is_a_table_a_person_can_read(classified):
    text = matrix("--plan", "a-green-plan")
    lines = text.splitlines()
    assert lines[0] == "A Green Plan"
    assert "SDAT (Module and Action summary)" in lines
    assert "Reported by the source: The plan, Figure 6" in lines
    header = next(line for line in lines if line.startswith("Module / action summary "))
    assert header.split()[4:] == ["Reported", "Live", "an-ics", "a-trust"]
    assert next(line for line in lines if line.startswith("  Training")).split() == [
        "Training",
        "35",
        "1",
        "1",
        "1",
    ]
    assert next(line for line in lines if line.startswith("Total")).split() == [
        "Total",
        "82",
        "2",
        "2",
        "1",
    ]
    # Counts sit in right-aligned columns: each row is as wide as the header.
    table = lines[lines.index(header) : lines.index(header) + 7]
    assert len({len(line) for line in table}) == 1


def test_text_says_when_nothing_is_classified(small):
    text = matrix("--plan", "a-green-plan")
    assert (
        "None of this plan's actions is classified under this scheme yet: the live counts are "
        "zero." in text
    )


def test_an_unknown_plan_is_named(small):
    with pytest.raises(CommandError, match="No plan with slug 'nope'"):
        matrix("--plan", "nope")


def test_the_page_shows_reported_beside_live_per_organisation(client, classified):
    url = reverse("classifications:matrix", kwargs={"plan_slug": "a-green-plan"})
    assert url == "/plans/a-green-plan/classifications/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 class="govuk-heading-l"' in html and ">SDAT</h2>" in html
    for heading in ("Reported by the source", "Classified actions (live)", "An ICS", "A Trust"):
        assert f">{heading}</th>" in html, heading
    assert "Reported by the source: The plan, Figure 6" in html
    assert 'class="nzt-table-wrapper"' in html
    assert "None of this plan's actions is classified" not in html
    s = response.context["matrix"].schemes[0]
    assert [r.category.name for r in s.rows][:2] == ["Our People", "Training"]
    # The modules' rows come before their summaries, marked as such.
    assert html.index('data-level="top"') < html.index('data-level="second"')
    assert html.count('data-level="top"') == 2 and html.count('data-level="second"') == 3


def test_the_page_says_plainly_when_nothing_is_classified(client, small):
    html = client.get("/plans/a-green-plan/classifications/").content.decode()
    assert (
        "None of this plan's actions is classified under this scheme yet: the live counts "
        "are zero." in html
    )
    assert "Not reported" in html


def test_text_typed_into_a_category_is_shown_as_text(client, small):
    small.training.name = "<script>alert(1)</script>"
    small.training.save()
    html = client.get("/plans/a-green-plan/classifications/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_plan_is_404(client, small):
    assert client.get("/plans/no-such-plan/classifications/").status_code == 404


def test_the_plans_page_links_to_its_classifications(client, small):
    html = client.get("/plans/a-green-plan/actions/").content.decode()
    assert 'href="/plans/a-green-plan/classifications/"' in html


def test_a_plan_without_schemes_says_so(client, council):
    slug = council.plan.slug
    html = client.get(f"/plans/{slug}/classifications/").content.decode()
    assert "This plan has no classification schemes yet." in html
    assert "This plan has no classification schemes." in matrix("--plan", slug)
    data = json.loads(matrix("--plan", slug, "--format", "json"))
    assert (data["schemes"], data["rows"], data["totals"]) == ([], [], [])
