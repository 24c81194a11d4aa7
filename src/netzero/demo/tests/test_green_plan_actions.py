"""The Green Plan as a plan in the demo: objectives, interventions, roles and who delivers them,
as printed in Table 1 and Appendix A (the extraction itself is tested in test_green_plan_seed)."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.demo.green_plan import (
    green_plan_actions_data,
    green_plan_actions_load,
    green_plan_load,
)
from netzero.demo.services import demo_load
from netzero.plans.models import Action, Delivery, Plan
from netzero.plans.selectors import plan_outline
from netzero.reporting.models import ActionUpdate

pytestmark = pytest.mark.django_db

PER_OBJECTIVE = [4, 3, 5, 2, 4, 1, 4, 1, 1, 5, 4]


@pytest.fixture
def green_plan() -> Plan:
    demo_load()  # the council is a partner of the ICS, named in intervention 3.5
    green_plan_load()
    return green_plan_actions_load()


def test_eleven_objectives_with_their_vision_benefits_and_risks(green_plan):
    data = green_plan_actions_data()
    themes = list(green_plan.themes.order_by("position"))
    assert [t.position for t in themes] == list(range(1, 12))
    for theme, objective in zip(themes, data["objectives"], strict=True):
        assert theme.name == objective["objective"]
        assert (theme.vision, theme.benefits, theme.risks) == (
            objective["vision"],
            objective["benefits"],
            objective["risks"],
        )
        assert theme.vision and theme.benefits and theme.risks
    assert themes[0].vision.startswith("An agile and informed workforce")
    assert themes[10].name.startswith("Develop guidelines for dealing with materials and waste")


def test_interventions_under_each_objective(green_plan):
    counts = Counter(green_plan.actions.values_list("theme__position", flat=True))
    assert [counts[n] for n in range(1, 12)] == PER_OBJECTIVE
    assert green_plan.actions.count() == 34
    # The interventions are the plan's own actions: the dashboard's main table.
    assert set(green_plan.actions.values_list("kind", flat=True)) == {Action.Kind.PRIORITY}


# Each form of timescale the plan prints, with the financial years it is read as. One test
# over all of them: each would otherwise load the whole demo again.
PRINTED_TIMESCALES = [
    ("1.1", "2022/23", 2022, 2022),
    ("1.4", "2022-2024", 2022, 2024),
    ("3.1", "2023", 2023, 2023),
    ("3.2", "2022", 2022, 2022),
    ("4.2", "2022-2025", 2022, 2025),
    ("5.2", "2023-2025", 2023, 2025),
    ("6.1", "2030", 2030, 2030),
    ("10.1", "2024/25", 2024, 2024),
]


def test_every_printed_timescale_form_parses(green_plan):
    read = {
        a.ref: (a.target, a.start_year, a.end_year)
        for a in green_plan.actions.filter(ref__in=[ref for ref, *_ in PRINTED_TIMESCALES])
    }
    assert read == {
        ref: (timescale, start, end) for ref, timescale, start, end in PRINTED_TIMESCALES
    }


def test_every_intervention_with_a_timescale_has_its_years(green_plan):
    for action in green_plan.actions.exclude(target=""):
        assert action.start_year is not None and action.end_year >= action.start_year
    assert list(green_plan.actions.filter(target="").values_list("ref", flat=True)) == []


def test_roles_are_as_printed_and_gaps_stay_visible(green_plan):
    roles = dict(green_plan.actions.values_list("ref", "role"))
    assert roles["1.1"] == "[ICS HR Lead]"
    assert roles["1.3"] == "[Sustainability Coordinator - NEW]"
    assert roles["8.1"] == (
        "[Lead of county-wide emergency planning groups] [Sustainability Coordinator \u2013 NEW]"
    )
    assert roles["4.1"] == "Ged Connelly-Thompson"
    assert roles["4.2"] == "Jim Austin"
    assert roles["1.4"] == ""  # printed blank: not copied from the row above
    gaps = {item.action.ref for item in plan_outline(plan=green_plan).gaps()}
    assert "4.1" not in gaps and "4.2" not in gaps  # named people
    assert {"1.1", "1.3", "1.4", "8.1"} <= gaps
    assert len(gaps) == 32


def test_the_ics_leads_every_intervention_and_named_members_are_partners(green_plan):
    leads = Delivery.objects.filter(action__plan=green_plan, role=Delivery.Role.LEAD)
    assert leads.count() == 34
    assert set(leads.values_list("organisation__slug", flat=True)) == {"jucd-ics"}
    partners = sorted(
        Delivery.objects.filter(action__plan=green_plan, role=Delivery.Role.PARTNER).values_list(
            "action__ref", "organisation__slug"
        )
    )
    assert partners == [
        ("3.3", "emas"),
        ("3.5", "dchs"),
        ("3.5", "derbyshire-county-council"),
        ("7.1", "crhft"),
    ]
    note = Delivery.objects.get(action__ref="7.1", organisation__slug="crhft").note
    assert note == "Named in the intervention: \u201cCRHFT\u201d."


def test_the_first_period_is_open_with_no_updates(green_plan):
    assert [(p.name, p.is_open) for p in green_plan.periods.all()] == [("2022-23 Q4", True)]
    assert not ActionUpdate.objects.filter(period__plan=green_plan).exists()
    out = StringIO()
    call_command(
        "dashboard",
        "--plan",
        "jucd-green-plan",
        "--period",
        "2022-23-Q4",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["priority_actions"] == 34
    assert data["totals"] == {"Good": 0, "Review": 0, "Action": 0, "Not reported": 34}


def test_reloading_replaces_the_plan_and_the_councils_reload_keeps_working(green_plan):
    again = green_plan_actions_load()
    assert Plan.objects.filter(slug="jucd-green-plan").count() == 1
    assert again.actions.count() == 34
    # The council is a partner in 3.5: reloading the council's own plan still works.
    council_plan = demo_load()
    green_plan_load()
    assert council_plan.actions.count() == 62
    assert not Delivery.objects.filter(organisation__slug="derbyshire-county-council").exists()
    green_plan_actions_load()
    assert Delivery.objects.filter(organisation__slug="derbyshire-county-council").count() == 1


def test_the_plan_page_lists_objectives_interventions_and_roles_to_fill(client, green_plan):
    html = client.get("/plans/jucd-green-plan/actions/").content.decode()
    assert html.count('<h2 class="govuk-heading-l" id="theme-') == 11
    assert "32 actions name no one who delivers them yet" in html
    assert "Chesterfield Royal Hospital NHS Foundation Trust (partner)" in html
    assert "2022/23 to 2025/26" in html


def test_the_plan_says_how_the_printed_plan_was_read(green_plan, client):
    paragraphs = green_plan.description.split("\n\n")
    assert paragraphs[0] == (
        "From Joined Up Care Derbyshire ICS Green Plan 2022-2025, Table 1 (section 6.0) and "
        "Appendix A."
    )
    assert paragraphs[1:] == green_plan_actions_data()["layout_notes"]
    html = client.get("/plans/jucd-green-plan/actions/").content.decode()
    details = html.split('id="plan-description"')[1].split("</details>")[0]
    assert details.count("<p>") == len(paragraphs)
