"""The programme manager's path (issue 9): natural ref order, people by full name, the review
page beside last quarter, what holds publication up and where each is dealt with, the publish
preview, and the meeting a period was presented to."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from netzero.core.users import full_name
from netzero.plans.models import Action, ref_sort_key
from netzero.reporting.models import ActionUpdate, ReportingPeriod
from netzero.reporting.status import Status
from netzero.testing.factories import (
    ActionFactory,
    ActionUpdateFactory,
    PlanFactory,
    ReportingPeriodFactory,
    ThemeFactory,
    UserFactory,
)
from netzero.workflow.models import PeriodEvent
from netzero.workflow.presenters import pending_rows
from netzero.workflow.selectors import (
    BY_THE_SERVICE,
    FROM_PAPER,
    action_timeline,
    publication_pending,
    update_lines,
)
from netzero.workflow.services import period_presented_record, period_publish, update_approve

pytestmark = pytest.mark.django_db


def _client(council, username: str) -> Client:
    client = Client()
    client.force_login(council.people[username])
    return client


def test_ref_sort_key_orders_numbers_as_numbers_and_the_long_list_last():
    refs = ["LL10", "10", "LL2", "2", "1", "LL1", "10.10", "10.2"]
    kinds = {r: "long_list" if r.startswith("LL") else "priority" for r in refs}
    ordered = sorted(refs, key=lambda r: ref_sort_key(r, kinds[r]))
    assert ordered == ["1", "2", "10", "10.2", "10.10", "LL1", "LL2", "LL10"]


def test_actions_come_out_of_the_database_in_natural_ref_order():
    plan = PlanFactory()
    theme = ThemeFactory(plan=plan)
    period = ReportingPeriodFactory(plan=plan, name="2022-23 Q4")
    # Created in an unhelpful order, positions reversed, so only ref_sort can get it right.
    for position, ref in enumerate(["LL10", "10", "LL2", "2", "LL1", "1"]):
        ActionFactory(
            plan=plan, ref=ref, theme=theme, long_list=ref.startswith("LL"), position=position
        )
    expected = ["1", "2", "10", "LL1", "LL2", "LL10"]
    assert [a.ref for a in Action.objects.filter(plan=plan)] == expected
    assert [line.action.ref for line in update_lines(period=period)] == expected


def test_a_person_is_shown_by_full_name_and_by_email_never_by_username_without_one():
    named = UserFactory(username="pshah", first_name="Priya", last_name="Shah")
    unnamed = UserFactory(username="jb", email="j.b@example.invalid")
    nothing = UserFactory(username="nb", email="")
    assert full_name(named) == "Priya Shah"
    assert full_name(unnamed) == "j.b@example.invalid"
    assert "nb" not in full_name(nothing) and full_name(nothing)
    assert full_name(None, nobody="Nobody") == "Nobody"


def test_the_timeline_names_people_and_says_what_came_from_the_paper(council):
    manager = council.people["manager"]
    manager.first_name, manager.last_name = "Sam", "Okafor"
    manager.save()
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, submitted=True)
    update_approve(update=update, user=manager)
    timeline = action_timeline(action=council.actions["16"], include_open=True, reader=manager)
    whos = {e.who for e in timeline}
    assert "Sam Okafor" in whos
    assert "System (loader or command)" not in whos
    assert whos <= {"Sam Okafor", FROM_PAPER, BY_THE_SERVICE}


def test_what_holds_publication_up_links_to_the_page_that_deals_with_it(council):
    planning = council.people["planning"]
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, author=planning)
    ActionUpdateFactory(
        action=council.actions["10"], period=council.q4, submitted=True, submitted_by=planning
    )
    ActionUpdateFactory(action=council.actions["1"], period=council.q4, approved=True)
    rows = pending_rows(publication_pending(period=council.q4), period=council.q4)
    assert [(r.label, r.where) for r in rows] == [
        ("Ref 10", "submitted by planning@example.invalid, waiting for approval"),
        ("Ref 16", "draft, not yet submitted by planning@example.invalid"),
    ]
    assert rows[0].href.endswith("/periods/2022-23-Q4/actions/10/review/")
    assert rows[1].href.endswith("/periods/2022-23-Q4/actions/16/update/")


def test_the_meeting_is_recorded_after_publication_with_its_history(council):
    manager = council.people["manager"]
    period = period_presented_record(
        period=council.q3,
        user=manager,
        presented_to="Improvement and  Scrutiny Committee",
        presented_on=datetime.date(2023, 2, 13),
    )
    stored = ReportingPeriod.objects.get(pk=period.pk)
    assert stored.is_published
    assert (stored.presented_to, stored.presented_on) == (
        "Improvement and Scrutiny Committee",
        datetime.date(2023, 2, 13),
    )
    event = PeriodEvent.objects.filter(period=period, kind=PeriodEvent.Kind.PRESENTED).get()
    assert event.user == manager
    assert event.reason == "Presented to Improvement and Scrutiny Committee on 13 February 2023"
    assert stored.history.first().history_user == manager


def test_only_a_programme_manager_records_the_meeting(council):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        period_presented_record(
            period=council.q3, user=council.people["planning"], presented_to="X", presented_on=None
        )
    assert ReportingPeriod.objects.get(pk=council.q3.pk).presented_to == ""


def test_publishing_records_the_meeting_it_goes_to(council):
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, approved=True)
    period_publish(
        period=council.q4,
        user=council.people["manager"],
        presented_to="Cabinet",
        presented_on=datetime.date(2023, 5, 2),
    )
    stored = ReportingPeriod.objects.get(pk=council.q4.pk)
    assert stored.is_published and stored.presented_to == "Cabinet"
    kinds = list(stored.events.values_list("kind", flat=True))
    assert kinds[-2:] == [PeriodEvent.Kind.PRESENTED, PeriodEvent.Kind.PUBLISHED]


def test_the_review_page_shows_last_quarter_and_decides_only_a_submitted_update(council):
    update = ActionUpdateFactory(action=council.actions["16"], period=council.q4, submitted=True)
    client = _client(council, "manager")
    url = "/plans/borough-climate-strategy/periods/2022-23-Q4/actions/16/review/"
    page = client.get(url).content.decode()
    assert 'id="previous-quarter"' in page and "2022-23 Q3" in page
    assert 'value="approve"' in page
    update.state = ActionUpdate.State.APPROVED
    update.save()
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page
    assert "Return this approved update to its lead" in page


def test_the_publish_preview_warns_of_not_reported_actions(council):
    client = _client(council, "manager")
    page = client.get("/plans/borough-climate-strategy/periods/2022-23-Q4/publish/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "7 of 7 priority actions will be published as Not reported" in text
    assert ReportingPeriod.objects.get(pk=council.q4.pk).is_open  # a GET publishes nothing


def test_the_manage_page_offers_the_next_quarter_once_the_latest_is_published(council):
    client = _client(council, "manager")
    base = "/plans/borough-climate-strategy/periods/"
    assert 'id="open-next"' not in client.get(base + "2022-23-Q4/manage/").content.decode()
    assert 'id="open-next"' not in client.get(base + "2022-23-Q3/manage/").content.decode()
    assert 'id="activity-data"' in client.get(base + "2022-23-Q3/manage/").content.decode()
    ActionUpdateFactory(action=council.actions["16"], period=council.q4, approved=True)
    period_publish(period=council.q4, user=council.people["manager"])
    page = client.get(base + "2022-23-Q4/manage/").content.decode()
    assert "Open the next quarter (2023-24 Q1)" in page


def test_the_dashboard_says_where_a_period_was_presented_or_that_it_is_not_recorded(council):
    period_presented_record(
        period=council.q3,
        user=council.people["manager"],
        presented_to="Cabinet",
        presented_on=datetime.date(2023, 2, 13),
    )
    client = Client()
    base = "/plans/borough-climate-strategy/periods/"
    q3 = client.get(base + "2022-23-Q3/").content.decode()
    assert "Presented to Cabinet on 13 February 2023." in q3
    assert "Published in this service on " in q3
    assert "Presented to: not recorded." in client.get(base + "2022-23-Q2/").content.decode()


def test_saving_the_meeting_page_unchanged_keeps_its_date(client, council):
    """The date box shows the recorded date in the form a date input takes (2023-02-13), so
    saving the page as it is never erases it."""
    period_presented_record(
        period=council.q3,
        user=council.people["manager"],
        presented_to="Cabinet",
        presented_on=datetime.date(2023, 2, 13),
    )
    client.force_login(council.people["manager"])
    url = f"/plans/{council.plan.slug}/periods/{council.q3.slug}/presented/"
    page = client.get(url).content.decode()
    assert 'value="2023-02-13"' in page and 'value="Cabinet"' in page
    client.post(url, {"presented_to": "Cabinet", "presented_on": "2023-02-13"})
    council.q3.refresh_from_db()
    assert council.q3.presented_on == datetime.date(2023, 2, 13)


def test_the_publish_preview_names_each_movement_once_with_its_words(council):
    """Each line reads "Ref 16 <its words>: Review to Action (worse)", named as the long list is,
    the change said once (not "(Worse (was Review))")."""
    from netzero.plans.presenters import action_name

    sixteen = council.actions["16"]
    ActionUpdateFactory(action=sixteen, period=council.q4, status=Status.ACTION, approved=True)
    ActionUpdateFactory(
        action=council.actions["LL1"], period=council.q4, status=Status.REVIEW, approved=True
    )
    page = _client(council, "manager").get(
        "/plans/borough-climate-strategy/periods/2022-23-Q4/publish/"
    )
    items = [
        " ".join(li.split())
        for li in re.findall(
            r"<li>(.*?)</li>", _section(page.content.decode(), 'id="movements"'), re.S
        )
    ]
    items = [re.sub(r"<[^>]+>", "", li) for li in items]
    assert f"{action_name(sixteen)}: Review to Action (worse)" in items
    assert f"{action_name(council.actions['LL1'])}: Good to Review (worse)" in items
    # Ref 5 was Review in Q3 and has no Q4 update: both statuses shown, no direction.
    assert f"{action_name(council.actions['5'])}: Review to Not reported" in items
    assert action_name(sixteen) != "Ref 16"  # named by its words, not its ref alone
    for item in items:
        assert "(was" not in item and "))" not in item


def _section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</ul>", start)]
