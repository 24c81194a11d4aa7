"""The plan's outline: one structure read by the plan's page and ``netzero plan show``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.organisations.models import Organisation
from netzero.plans.models import Delivery
from netzero.plans.roles import NEW_POST, NO_ROLE, PLACEHOLDER, TO_BE_CONFIRMED
from netzero.plans.selectors import plan_outline
from netzero.plans.services import delivery_add
from netzero.testing.factories import (
    ActionFactory,
    DeliveryThemeFactory,
    OrganisationFactory,
    PlanFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    ics = OrganisationFactory(
        name="An ICS", slug="an-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    trust = OrganisationFactory(name="A Trust", slug="a-trust", partnership=ics)
    plan = PlanFactory(organisation=ics, name="A Green Plan", slug="a-green-plan")
    people = ThemeFactory(
        plan=plan,
        name="Promote awareness",
        vision="An informed workforce.",
        benefits="A culture shift.",
        risks="Voluntary take-up.",
        position=1,
    )
    travel = ThemeFactory(plan=plan, name="Active travel", position=2)
    cycling = ThemeFactory(parent=travel, name="Cycling", position=3)
    led = DeliveryThemeFactory(plan=plan, name="Fleet", lead_name="Richard Bright")
    tbc = DeliveryThemeFactory(plan=plan, name="Schools", lead_name="")
    a11 = ActionFactory(
        plan=plan, ref="1.1", theme=people, target="2022/23", role="[ICS HR Lead]", position=1
    )
    ActionFactory(
        plan=plan, ref="1.2", theme=people, target="2022-2024", role="Jim Austin", position=2
    )
    ActionFactory(plan=plan, ref="1.3", theme=people, target="", role="", position=3)
    ActionFactory(
        plan=plan, ref="2.1", theme=travel, target="2030", role="[Travel Lead - NEW]", position=4
    )
    ActionFactory(
        plan=plan, ref="2.2", theme=cycling, target="2023", delivery_theme=led, position=5
    )
    ActionFactory(
        plan=plan, ref="2.3", theme=cycling, target="2023", delivery_theme=tbc, position=6
    )
    delivery_add(action=a11, organisation=trust)
    delivery_add(action=a11, organisation=ics, role=Delivery.Role.LEAD)
    return plan


def test_the_tree_keeps_the_plans_order_with_each_theme_and_its_actions(plan):
    outline = plan_outline(plan=plan)
    assert [n.theme.name for n in outline.themes] == ["Promote awareness", "Active travel"]
    people, travel = outline.themes
    assert [a.action.ref for a in people.actions] == ["1.1", "1.2", "1.3"]
    assert [a.action.ref for a in travel.actions] == ["2.1"]
    assert [c.theme.name for c in travel.children] == ["Cycling"]
    assert [a.action.ref for a in travel.children[0].actions] == ["2.2", "2.3"]
    assert [a.action.ref for a in outline.actions()] == ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3"]


def test_an_actions_lead_comes_first_then_its_partners(plan):
    first = plan_outline(plan=plan).actions()[0]
    assert [(d.organisation.slug, d.role) for d in first.deliveries] == [
        ("an-ics", "lead"),
        ("a-trust", "partner"),
    ]


def test_timescales_read_as_financial_years(plan):
    labels = {a.action.ref: a.timescale for a in plan_outline(plan=plan).actions()}
    assert labels == {
        "1.1": "2022/23",
        "1.2": "2022/23 to 2024/25",
        "1.3": "Not set",
        "2.1": "2030/31",
        "2.2": "2023/24",
        "2.3": "2023/24",
    }


def test_gaps_are_roles_in_brackets_new_posts_tbc_and_none(plan):
    gaps = {a.action.ref: (a.role, a.gap.reasons) for a in plan_outline(plan=plan).gaps()}
    assert gaps == {
        "1.1": ("[ICS HR Lead]", (PLACEHOLDER,)),
        "1.3": ("", (NO_ROLE,)),
        "2.1": ("[Travel Lead - NEW]", (NEW_POST, PLACEHOLDER)),
        # A theme lead still counts: a named lead closes the gap, "TBC" is one.
        "2.3": ("TBC, Schools lead", (TO_BE_CONFIRMED,)),
    }
    named = {a.action.ref: a.role for a in plan_outline(plan=plan).actions() if a.gap is None}
    assert named == {"1.2": "Jim Austin", "2.2": "Richard Bright, Fleet lead"}


def test_the_outline_takes_the_same_queries_whatever_the_plans_size(plan):
    with CaptureQueriesContext(connection) as small:
        plan_outline(plan=plan).actions()
    theme = plan.themes.first()
    for i in range(20):
        action = ActionFactory(plan=plan, ref=f"9.{i}", theme=theme)
        delivery_add(action=action, organisation=plan.organisation, role=Delivery.Role.LEAD)
    with CaptureQueriesContext(connection) as large:
        assert len(plan_outline(plan=plan).actions()) == 26
    assert len(large) == len(small) == 4


def show(*args: str) -> str:
    out = StringIO()
    call_command("plan", "show", *args, stdout=out)
    return out.getvalue()


def test_plan_show_json(plan):
    data = json.loads(show("--plan", "a-green-plan", "--format", "json"))
    assert data["plan"] == {
        "slug": "a-green-plan",
        "name": "A Green Plan",
        "organisation": "An ICS",
    }
    people, travel = data["themes"]
    assert people == {
        "name": "Promote awareness",
        "vision": "An informed workforce.",
        "benefits": "A culture shift.",
        "risks": "Voluntary take-up.",
        "actions": ["1.1", "1.2", "1.3"],
        "children": [],
    }
    assert travel["children"][0]["actions"] == ["2.2", "2.3"]
    first = data["actions"][0]
    assert first == {
        "ref": "1.1",
        "kind": "Priority action",
        "title": "",
        "text": "What Ref 1.1 will do.",
        "theme": "Promote awareness",
        "timescale": "2022/23",
        "start_year": "2022/23",
        "end_year": "2022/23",
        "role": "[ICS HR Lead]",
        "role_gap": [PLACEHOLDER],
        "organisations": [
            {"organisation": "An ICS", "slug": "an-ics", "role": "lead"},
            {"organisation": "A Trust", "slug": "a-trust", "role": "partner"},
        ],
        # No period yet: nothing has changed state and nothing can be overdue.
        "classifications": [],
        "state": "current",
        "overdue": None,
    }
    assert data["as_of"] is None
    assert data["actions"][2]["start_year"] is None
    assert [g["ref"] for g in data["gaps"]] == ["1.1", "1.3", "2.1", "2.3"]


def test_plan_show_text(plan):
    text = show("--plan", "a-green-plan")
    assert text.startswith("A Green Plan\nOwned by An ICS\n")
    assert "  Vision: An informed workforce.\n" in text
    assert "  - Ref 1.1: What Ref 1.1 will do.\n    Timescale: 2022/23 (2022/23)\n" in text
    assert "    Delivered by: An ICS (lead); A Trust (partner)\n" in text
    assert "  Cycling\n" in text  # a child theme, indented beneath its parent
    assert "Roles to fill: 4\n" in text
    assert "  2.3: TBC, Schools lead: To be confirmed\n" in text


def test_plan_show_names_an_unknown_plan():
    with pytest.raises(CommandError, match="No plan with slug 'nope'"):
        show("--plan", "nope")


def test_the_plans_page_shows_the_tree_timescales_roles_and_gaps(client, plan):
    response = client.get("/plans/a-green-plan/actions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Objectives and actions</h1>' in html
    assert "An informed workforce." in html and "Voluntary take-up." in html
    assert "2022/23 to 2024/25" in html
    assert "<p>What Ref 1.1 will do.</p>" in html  # the action's paragraphs, not their markup
    assert "An ICS (lead)<br>A Trust (partner)" in html
    assert "4 actions name no one who delivers them yet" in html
    gaps = html.split('id="gaps-table"')[1].split("</table>")[0]
    assert gaps.count('<tr class="govuk-table__row">') == 5  # the header and four gaps
    assert "A new post, not yet filled; A role or group, not a named person" in gaps


def test_the_plans_page_for_an_unknown_plan_is_not_found(client):
    assert client.get("/plans/nope/actions/").status_code == 404


def test_the_timeline_has_a_bar_and_a_row_per_dated_action(client, plan):
    from netzero.plans.charts import timeline_chart_spec, timeline_rows

    rows, undated = timeline_rows(plan_outline(plan=plan))
    assert undated == ["1.3"]
    assert [(r.ref, r.start_year, r.end_year, r.span) for r in rows] == [
        ("1.1", 2022, 2022, "2022/23"),
        ("1.2", 2022, 2024, "2022/23 to 2024/25"),
        ("2.1", 2030, 2030, "2030/31"),
        ("2.2", 2023, 2023, "2023/24"),
        ("2.3", 2023, 2023, "2023/24"),
    ]
    spec = timeline_chart_spec(title="A Green Plan: timeline", rows=rows)
    bars = {v["ref"]: (v["from"], v["to"]) for v in spec["data"]["values"]}
    assert bars["1.2"] == (2022.25, 2025.25)  # April 2022 to March 2025
    assert spec["encoding"]["x"]["scale"]["domain"] == [2022, 2032]
    html = client.get("/plans/a-green-plan/timeline/").content.decode()
    assert "No timescale given, so not shown: 1.3." in html
    table = html.split('id="timeline-table"')[1]
    assert table.count('<tr class="govuk-table__row">') == 6  # the header and five actions
    assert "2022/23 to 2024/25" in table
    assert 'id="timeline-chart-spec"' in html
    from netzero.core.charts import spec_to_svg

    svg = spec_to_svg(spec)  # the spec is valid Vega-Lite: the same renderer reports use draws it
    assert svg.startswith("<svg") and "2030" in svg


def test_the_action_page_shows_role_timescale_and_who_delivers(client, plan):
    from netzero.plans.selectors import action_deliveries

    action = plan.actions.get(ref="1.1")
    assert [(d.organisation.slug, d.role) for d in action_deliveries(action=action)] == [
        ("an-ics", "lead"),
        ("a-trust", "partner"),
    ]
    html = client.get("/plans/a-green-plan/actions/1.1/").content.decode()
    assert '2022/23 <span class="govuk-body-s">(financial years: 2022/23)</span>' in html
    assert "[ICS HR Lead]" in html
    delivered = html.split('id="delivered-by">')[1].split("</dd>")[0]
    assert delivered == "An ICS (lead)<br>A Trust (partner)"


def test_a_plan_with_no_quarter_the_reader_may_see_points_to_its_objectives(client, plan):
    from netzero.testing.factories import ReportingPeriodFactory

    ReportingPeriodFactory(plan=plan, name="2022-23 Q4")  # open: drafts, members only
    response = client.get("/plans/a-green-plan/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "has been published yet" in html
    assert 'href="/plans/a-green-plan/actions/"' in html
