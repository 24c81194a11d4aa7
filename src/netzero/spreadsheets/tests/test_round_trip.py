"""Round trip: a plan exported with its periods and imported into an empty database gives the
same dashboards, period by period (the issue's "what must be shown")."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from netzero.dashboards.formats import dashboard_as_json
from netzero.dashboards.selectors import dashboard_for_period
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.spreadsheets.export import plan_workbook
from netzero.spreadsheets.models import PlanImport
from netzero.spreadsheets.services import plan_import_apply
from netzero.workflow.guards import purge_allowed
from netzero.workflow.models import PeriodEvent

pytestmark = pytest.mark.django_db


def dashboards(plan: Plan) -> dict[str, str]:
    return {
        period.name: dashboard_as_json(dashboard_for_period(plan=plan, period=period))
        for period in ReportingPeriod.objects.filter(plan=plan).order_by("year", "quarter")
    }


def emptied(plan: Plan) -> Organisation:
    """The plan and everything under it deleted: the organisation is left without plans."""
    organisation = plan.organisation
    with purge_allowed():
        PeriodEvent.objects.filter(period__plan=plan).delete()
        plan.delete()
    assert not Plan.objects.filter(organisation=organisation).exists()
    assert (
        not ActionUpdate.objects.exists()
        or not ActionUpdate.objects.filter(action__plan__slug=plan.slug).exists()
    )
    return organisation


def test_council_plan_round_trip_gives_identical_dashboards(demo_plan, q4):
    before = dashboards(demo_plan)
    assert set(before) == {"2022-23 Q2", "2022-23 Q3", "2022-23 Q4"}
    content = plan_workbook(plan=demo_plan)
    slug = demo_plan.slug
    organisation = emptied(demo_plan)

    record = plan_import_apply(
        organisation=organisation, file_name="plan.xlsx", content=content, user=None
    )

    plan = Plan.objects.get(slug=slug)
    assert record.plan == plan and record.state == PlanImport.State.APPLIED
    after = dashboards(plan)
    assert list(after) == list(before)
    for name in before:
        assert after[name] == before[name], name
    assert [p.state for p in plan.periods.order_by("year", "quarter")] == [
        "published",
        "published",
        "open",
    ]


def show_json(slug: str) -> dict:
    out = StringIO()
    call_command("plan", "show", "--plan", slug, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_green_plan_round_trip_gives_identical_outline_and_dashboards(demo_plan):
    from netzero.demo.classifications import green_plan_classifications_load
    from netzero.demo.green_plan import green_plan_actions_load, green_plan_load

    green_plan_load()  # after the council (demo_plan), a partner the plan names
    plan = green_plan_actions_load()
    green_plan_classifications_load(plan)
    slug = plan.slug
    before_show = show_json(slug)
    before = dashboards(plan)
    assert before  # its first quarter
    content = plan_workbook(plan=plan)
    organisation = emptied(plan)

    plan_import_apply(organisation=organisation, file_name="green.xlsx", content=content, user=None)

    plan = Plan.objects.get(slug=slug)
    assert show_json(slug) == before_show
    assert dashboards(plan) == before


def test_everything_a_plan_holds_comes_back_through_the_command_line(council, tmp_path):
    """Classifications (with a reported count), delivering organisations with their notes,
    an action completed and one merged into another, a plan note, a published period's meeting,
    and an open quarter's draft and submitted updates: the plan's outline and every period's
    dashboard are the same after export, emptying and import."""
    from netzero.classifications.services import (
        action_classify,
        category_create,
        reported_count_record,
        scheme_create,
    )
    from netzero.plans.services import delivery_add
    from netzero.reporting.services import action_complete, action_merge
    from netzero.testing.factories import OrganisationFactory
    from netzero.workflow.services import period_presented_record, update_save

    plan, manager = council.plan, council.people["manager"]
    scheme = scheme_create(
        plan=plan, name="SDAT", top_level_name="Module", second_level_name="Action summary"
    )
    module = category_create(scheme=scheme, name="Travel and logistics")
    summary = category_create(scheme=scheme, name="Fleet = greener", parent=module)
    reported_count_record(category=summary, count=7, source="Figure 6")
    action_classify(action=council.actions["5"], category=summary)
    action_classify(action=council.actions["24"], category=module)
    trust = OrganisationFactory(name="Riverside Trust", partnership=plan.organisation)
    delivery_add(action=council.actions["5"], organisation=plan.organisation, role="lead")
    delivery_add(
        action=council.actions["5"], organisation=trust, role="partner", note="Named: “the trust”"
    )
    action_complete(action=council.actions["1"], period=council.q4, reason="Done.", user=manager)
    action_merge(
        action=council.actions["24"],
        into=council.actions["25"],
        period=council.q4,
        reason="One project now.",
        user=manager,
    )
    period_presented_record(
        period=council.q3, user=manager, presented_to="Cabinet", presented_on=None
    )
    update_save(
        action=council.actions["16"],
        period=council.q4,
        user=manager,
        status="Review",
        progress="<p>Started.</p><ul><li>- a bullet</li><li>=SUM(A1)</li></ul>",
        reason="Late.",
        mitigation="",
        expected_version=0,
    )
    update_save(
        action=council.actions["10"],
        period=council.q4,
        user=manager,
        status="Good",
        progress="<p>On track.</p>",
        reason="",
        mitigation="",
        expected_version=0,
        submit=True,
    )
    slug = plan.slug
    before_show = show_json(slug)
    before = dashboards(plan)
    path = tmp_path / "plan.xlsx"
    call_command("plan", "export", "--plan", slug, "--output", str(path), stdout=StringIO())
    organisation = emptied(plan)

    out = StringIO()
    call_command(
        "plan",
        "import",
        str(path),
        "--org",
        organisation.slug,
        "--user",
        manager.username,
        "--apply",
        stdout=out,
    )

    assert f"Imported into {plan.name}" in out.getvalue()
    plan = Plan.objects.get(slug=slug)
    assert show_json(slug) == before_show
    after = dashboards(plan)
    for name in before:
        assert after[name] == before[name], name
    q4_states = dict(
        ActionUpdate.objects.filter(period__plan=plan, period__quarter=4).values_list(
            "action__ref", "state"
        )
    )
    assert q4_states["16"] == q4_states["10"] == ActionUpdate.State.DRAFT  # drafts, as chosen
    assert plan.periods.get(quarter=3).presented_to == "Cabinet"
