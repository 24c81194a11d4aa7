"""The plan set-up pages as a programme manager uses them, and the plan's public pages for an
organisation whose pages are not public."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from netzero.plans.models import Action, DeliveryTheme, Plan, Theme


@pytest.fixture
def plan(council):
    return council.plan


@pytest.fixture
def manager_client(council):
    client = Client()
    client.force_login(council.people["manager"])
    return client


def _url(name, plan):
    return reverse(name, kwargs={"plan_slug": plan.slug})


def _rows(rows, *, initial=0):
    """A POST of the actions table: ``rows`` a list of dicts by field."""
    data = {
        "actions-TOTAL_FORMS": str(len(rows)),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        base = {"ref": "", "text": "", "kind": "priority", "theme": "", "delivery_theme": ""}
        base |= {"target": "", "success_measure": "", "impact": ""}
        for key, value in (base | row).items():
            data[f"actions-{i}-{key}"] = value
    return data


def test_a_manager_sets_up_a_plan_and_lands_on_its_set_up(plan, manager_client):
    url = reverse("plans:new", kwargs={"org_slug": plan.organisation.slug})
    page = manager_client.get(url)
    assert page.status_code == 200
    assert "Set up a plan" in page.text
    refused = manager_client.post(url, {"name": ""})
    assert "Enter the name of the plan." in refused.text
    assert 'class="govuk-error-summary"' in refused.text
    done = manager_client.post(url, {"name": "Climate Plan 2030", "description": "Adopted."})
    new = Plan.objects.get(name="Climate Plan 2030")
    assert done["Location"] == _url("plans:setup", new)
    again = manager_client.post(url, {"name": "Climate plan 2030"})
    assert "already has a plan at /plans/climate-plan-2030/ (Climate Plan 2030)" in again.text
    setup = manager_client.get(_url("plans:setup", new))
    assert setup.status_code == 200
    for name in ("plans:setup_themes", "plans:setup_delivery_themes", "plans:setup_actions"):
        assert _url(name, new) in setup.text
    assert setup.text.count("None yet") == 3


def test_the_themes_page_adds_changes_and_refuses_removing_a_used_theme(plan, manager_client):
    url = _url("plans:setup_themes", plan)
    page = manager_client.get(url)
    assert page.status_code == 200
    assert "Transport &gt; Fleet" in page.text  # the parent choice names its place in the tree
    transport = Theme.objects.get(plan=plan, name="Transport")
    assert manager_client.post(url, {"name": "Buses", "parent": transport.pk}).status_code == 302
    buses = Theme.objects.get(plan=plan, name="Buses")
    assert buses.parent == transport
    change = manager_client.get(f"{url}?change={transport.pk}")
    assert "Change Transport" in change.text
    choices = [value for value, _ in change.context["form"].fields["parent"].choices]
    assert str(buses.pk) not in choices  # a theme beneath it cannot be its parent
    assert f'<option value="{buses.pk}"' not in change.text
    response = manager_client.post(
        url, {"theme": transport.pk, "name": "Transport", "parent": buses.pk}
    )
    assert "Select a valid choice" in response.text
    assert Theme.objects.get(pk=transport.pk).parent is None
    refused = manager_client.post(url, {"remove": transport.pk}, follow=True)
    assert "Transport cannot be removed" in refused.text
    assert "Ref 24, Ref 25, Ref LL1 use it" in refused.text
    assert manager_client.post(url, {"remove": buses.pk}).status_code == 302
    assert not Theme.objects.filter(pk=buses.pk).exists()


def test_the_delivery_themes_page_adds_changes_and_removes(plan, manager_client):
    url = _url("plans:setup_delivery_themes", plan)
    assert manager_client.get(url).status_code == 200
    assert manager_client.post(url, {"name": "Fleet", "lead_name": "TBC"}).status_code == 302
    fleet = DeliveryTheme.objects.get(plan=plan, name="Fleet")
    duplicate = manager_client.post(url, {"name": "fleet"})
    assert "already has a delivery theme called" in duplicate.text
    response = manager_client.post(
        url, {"delivery_theme": fleet.pk, "name": "Fleet", "lead_name": "Sam Jones"}
    )
    assert response.status_code == 302
    assert DeliveryTheme.objects.get(pk=fleet.pk).lead_name == "Sam Jones"
    planning = plan.actions.get(ref="10").delivery_theme
    refused = manager_client.post(url, {"remove": planning.pk}, follow=True)
    assert "are delivered under it" in refused.text
    assert manager_client.post(url, {"remove": fleet.pk}).status_code == 302


def test_the_actions_table_shows_every_action_and_blank_rows(plan, manager_client):
    page = manager_client.get(_url("plans:setup_actions", plan))
    assert page.status_code == 200
    assert page.context["formset"].total_form_count() == 8 + 3
    assert "2030, 2022-2025, 2025/26, March 2026 or 31/03/2026" in page.text
    more = manager_client.post(
        _url("plans:setup_actions", plan),
        _rows([{"ref": "70", "text": "Typed", "theme": str(plan.themes.first().pk)}, {}])
        | {"add_rows": "1"},
    )
    formset = more.context["formset"]
    assert formset.total_form_count() == 1 + 1 + 5
    assert formset.forms[0]["ref"].value() == "70"
    assert "There is a problem" not in more.text
    assert not Action.objects.filter(plan=plan, ref="70").exists()


def test_a_bad_row_in_the_actions_table_saves_nothing_and_says_which_row(plan, manager_client):
    theme = str(plan.themes.first().pk)
    rows = [
        {"ref": "70", "text": "First", "theme": theme, "target": "March 2026"},
        {"ref": "71", "text": "Second", "theme": theme, "target": "02/13/2026"},
        {"ref": "", "text": "", "theme": ""},
        {"ref": "72", "text": "Third", "theme": theme, "impact": "high"},
    ]
    response = manager_client.post(_url("plans:setup_actions", plan), _rows(rows))
    assert response.status_code == 200
    assert "nothing was saved" in response.text
    assert 'href="#id_actions-1-target">Row 2, target: Target' in response.text
    assert "no month 13" in response.text
    assert not Action.objects.filter(plan=plan, ref__in=["70", "71", "72"]).exists()
    rows[1]["target"] = "31/03/2026"
    done = manager_client.post(_url("plans:setup_actions", plan), _rows(rows))
    assert done.status_code == 302
    saved = {a.ref: a for a in Action.objects.filter(plan=plan, ref__in=["70", "71", "72"])}
    assert set(saved) == {"70", "71", "72"}
    assert saved["71"].target == "31/03/2026"
    assert saved["70"].text == "<p>First</p>"
    assert saved["72"].impact == "high"


def test_the_actions_table_shows_the_services_refusal_in_the_row(plan, manager_client):
    theme = str(plan.themes.first().pk)
    rows = [
        {"ref": "80", "text": "One", "theme": theme},
        {"ref": "80", "text": "Two", "theme": theme},
    ]
    response = manager_client.post(_url("plans:setup_actions", plan), _rows(rows))
    assert 'href="#id_actions-1-ref">Row 2, ref: Ref 80 is also in row 1' in response.text
    assert not Action.objects.filter(plan=plan, ref="80").exists()


def test_a_repeated_ref_is_named_with_the_tables_other_problems(plan, manager_client):
    theme = str(plan.themes.first().pk)
    rows = [
        {"ref": "80", "text": "One", "theme": theme, "target": "31/02/2026"},
        {"ref": "80", "text": "Two", "theme": theme},
    ]
    response = manager_client.post(_url("plans:setup_actions", plan), _rows(rows))
    assert "February 2026 has 28 days" in response.text
    assert 'href="#id_actions-1-ref">Row 2, ref: Ref 80 is also in row 1' in response.text
    assert not Action.objects.filter(plan=plan, ref="80").exists()


def test_the_plans_page_offers_set_up_to_its_managers_only(plan, manager_client, council):
    url = reverse("plans:outline", kwargs={"plan_slug": plan.slug})
    assert _url("plans:setup", plan) in manager_client.get(url).text
    viewer = Client()
    viewer.force_login(council.people["viewer"])
    assert _url("plans:setup", plan) not in viewer.get(url).text


def test_an_empty_plan_says_what_comes_next(plan, manager_client, council):
    empty = Plan.objects.create(organisation=plan.organisation, name="Empty", slug="empty")
    url = reverse("plans:outline", kwargs={"plan_slug": empty.slug})
    managed = manager_client.get(url).text
    assert "This plan has no actions yet" in managed
    assert _url("plans:setup", empty) in managed
    public = Client().get(url).text
    assert "Nothing published yet" in public
    assert _url("plans:setup", empty) not in public


@pytest.mark.parametrize("name", ["plans:outline", "plans:timeline"])
def test_a_plan_of_an_organisation_whose_pages_are_not_public_is_not_found(plan, council, name):
    organisation = plan.organisation
    organisation.is_public = False
    organisation.save()
    url = reverse(name, kwargs={"plan_slug": plan.slug})
    assert Client().get(url).status_code == 404
    outsider = Client()
    outsider.force_login(council.people["outsider"])
    assert outsider.get(url).status_code == 404
    member = Client()
    member.force_login(council.people["viewer"])
    assert member.get(url).status_code == 200


def test_the_set_up_page_points_to_the_first_quarter_once_there_are_actions(plan, manager_client):
    new = Plan.objects.create(organisation=plan.organisation, name="Fresh", slug="fresh")
    assert "open-first-period" not in manager_client.get(_url("plans:setup", new)).text
    theme = Theme.objects.create(plan=new, name="Estate")
    Action.objects.create(plan=new, ref="1", text="<p>x</p>", theme=theme)
    page = manager_client.get(_url("plans:setup", new)).text
    assert 'id="open-first-period"' in page
    assert reverse("workflow:period_new", kwargs={"plan_slug": new.slug}) in page
    assert "1 action<" in page
