"""The council's dashboards with overdue actions, retired ones and the long list's revision, from
the published paper (the ``demo_plan`` fixture)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from netzero.dashboards.formats import dashboard_as_dict, dashboard_as_text
from netzero.dashboards.selectors import dashboard_for_period
from netzero.dashboards.summary import LONG_LIST_CAVEAT
from netzero.demo.services import DATA_DIR, demo_data
from netzero.plans.selectors import action_get
from netzero.reporting.services import action_complete, action_retire
from netzero.reporting.status import Status

SEED = DATA_DIR / "seeds" / demo_data()["source"]["file"]


def _row(dashboard, ref):
    return next(r for r in dashboard.rows if r.ref == ref)


def test_refs_13_and_14_due_2021_are_overdue_in_q3_and_the_figures_are_unchanged(demo_plan, q3):
    dashboard = dashboard_for_period(plan=demo_plan, period=q3)
    assert dashboard.frozen  # as published
    assert {r.ref for r in dashboard.rows if r.overdue} == {"13", "14"}
    assert (_row(dashboard, "13").target, _row(dashboard, "14").target) == ("2021", "2021")
    ref6 = _row(dashboard, "6")
    assert ref6.target == "2022" and not ref6.overdue  # 2022/23 runs to 31 March 2023
    assert dashboard.priority.counts[Status.GOOD] == 17
    assert dashboard.priority.counts[Status.REVIEW] == 15
    assert dashboard.priority.percentages[Status.GOOD] == 53


def test_q4_ends_on_31_march_2023_so_2022_targets_are_not_yet_overdue(demo_plan, q4):
    dashboard = dashboard_for_period(plan=demo_plan, period=q4)
    assert {r.ref for r in dashboard.rows if r.overdue} == {"13", "14"}


def test_json_rows_add_overdue_and_state_and_keep_every_other_key(demo_plan, q3):
    data = dashboard_as_dict(dashboard_for_period(plan=demo_plan, period=q3))
    rows = {row["ref"]: row for row in data["actions"]}
    assert rows["13"]["overdue"] is True and rows["14"]["overdue"] is True
    assert rows["6"]["overdue"] is False
    assert {row["state"] for row in data["actions"]} == {"current"}
    assert set(rows["13"]) == {
        "ref", "kind", "title", "text", "strategy_theme", "theme", "delivery_theme", "target",
        "success_measure", "impact", "status", "previous_status", "change", "progress", "reason",
        "mitigation", "note", "reports_through", "overdue", "state",
    }  # fmt: skip
    assert data["totals"] == {"Good": 17, "Review": 15, "Action": 0, "Not reported": 0}
    assert data["not_counted"] == []


def test_a_completed_action_is_not_overdue_from_its_period(demo_plan, q4, people):
    ref13 = action_get(plan=demo_plan, ref="13")
    action_complete(action=ref13, period=q4, reason="Scheme delivered", user=people["manager"])
    q4_rows = dashboard_as_dict(dashboard_for_period(plan=demo_plan, period=q4))["actions"]
    row = next(r for r in q4_rows if r["ref"] == "13")
    assert (row["overdue"], row["state"]) == (False, "completed")


def test_the_dashboard_page_tags_refs_13_and_14_overdue(client, demo_plan, q3):
    html = client.get(reverse("dashboards:dashboard", args=[demo_plan.slug, q3.slug])).content
    html = html.decode()

    def cell(ref):
        match = re.search(
            rf'<tr class="govuk-table__row" data-ref="{ref}">\s*<th.*?</th>', html, re.S
        )
        return match.group(0)

    assert "Overdue" in cell("13") and "Overdue" in cell("14")
    assert "Overdue" not in cell("6")


def test_the_action_page_tags_an_overdue_action_against_the_latest_period_it_shows(
    client, demo_plan
):
    html = client.get(reverse("dashboards:action", args=[demo_plan.slug, "13"])).content.decode()
    assert 'id="overdue"' in html and "(2022-23 Q3)" in html  # the public sees up to Q3
    html = client.get(reverse("dashboards:action", args=[demo_plan.slug, "6"])).content.decode()
    assert 'id="overdue"' not in html


def test_the_long_list_revision_is_quoted_as_printed_from_q3_on(demo_plan, q2, q3, q4):
    seed = SEED.read_text(encoding="utf-8")
    for period in (q3, q4):
        notes = dashboard_for_period(plan=demo_plan, period=period).long_list_notes
        assert len(notes) == 2  # the revision, then the paper's own counts
        assert notes[1].text.startswith("13 long list actions (43%) are scored as being Good")
        assert notes[1].text.replace("Good", "**Good**").replace("Review", "**Review**") in seed
        assert "series of 120" in notes[0].text and "new Long List of 30" in notes[0].text
        assert "Autumn 2022" in notes[0].text
        assert notes[0].text in seed  # the paper's own words
        assert "13 February 2023" in notes[0].source
    assert dashboard_for_period(plan=demo_plan, period=q2).long_list_notes == []


def test_the_long_list_summary_on_the_page_and_in_text_quotes_it(client, demo_plan, q3):
    html = client.get(reverse("dashboards:dashboard", args=[demo_plan.slug, q3.slug])).content
    section = html.decode().split('id="long-list"', 1)[1]
    assert "data-long-list-note" in section
    assert "with a new Long List of 30 actions established." in section
    # The paper's printed counts, quoted, with the caveat: not "No long list actions are scored
    # as Good or Review", which the paper contradicts.
    assert "13 long list actions (43%) are scored as being Good" in section
    assert "No long list action has a Good or Review status recorded for this quarter." in section
    assert LONG_LIST_CAVEAT in section
    assert "No long list actions are scored as Good or Review" not in section
    text = dashboard_as_text(dashboard_for_period(plan=demo_plan, period=q3))
    assert "series of 120" in text
    assert "13 long list actions (43%)" in text and LONG_LIST_CAVEAT in text


@pytest.fixture
def retired_ll(demo_plan, q4, people):
    ll3 = action_get(plan=demo_plan, ref="LL3")
    action_retire(action=ll3, period=q4, reason="Covered by LL4 now", user=people["manager"])
    return ll3


def test_a_retired_long_list_action_leaves_q4_and_is_said_under_the_tables(
    client, demo_plan, q3, q4, people, retired_ll
):
    q4_dashboard = dashboard_for_period(plan=demo_plan, period=q4)
    assert q4_dashboard.long_list.total == 29
    assert "LL3" not in [r.ref for r in q4_dashboard.rows]
    assert dashboard_for_period(plan=demo_plan, period=q3).long_list.total == 30
    client.force_login(people["manager"])  # Q4 is open: the organisation's members read it
    html = client.get(reverse("dashboards:dashboard", args=[demo_plan.slug, q4.slug])).content
    section = html.decode().split('id="long-list-not-counted"', 1)[1]
    assert "Not counted from this period" in section
    assert "LL3 retired from 2022-23 Q4 (Covered by LL4 now)" in section
    data = dashboard_as_dict(q4_dashboard)
    assert data["not_counted"][0]["text"] == "LL3 retired from 2022-23 Q4 (Covered by LL4 now)"
    assert data["long_list"]["total"] == 29


def test_the_home_page_figures_leave_out_actions_retired_as_of_the_latest_period(council):
    from netzero.dashboards.selectors import plan_overviews
    from netzero.testing.factories import ActionUpdateFactory

    manager = council.people["manager"]
    ActionUpdateFactory(
        action=council.actions["24"], period=council.q4, status=Status.REVIEW, reason="Slipping"
    )

    def figures():
        overview = next(o for o in plan_overviews(user=manager) if o.plan == council.plan)
        assert overview.period == council.q4  # the manager reads the open quarter
        return overview.priority_total, overview.off_track

    assert figures() == (7, 1)
    action_retire(action=council.actions["24"], period=council.q4, reason="Done", user=manager)
    assert figures() == (6, 0)
    dashboard = dashboard_for_period(plan=council.plan, period=council.q4)
    assert (dashboard.priority.total, dashboard.priority.counts[Status.REVIEW]) == (6, 0)


def test_a_retired_actions_page_keeps_its_history_and_says_so_to_those_who_see_the_period(
    client, demo_plan, people, retired_ll
):
    url = reverse("dashboards:action", args=[demo_plan.slug, "LL3"])
    public = client.get(url).content.decode()  # the public sees published periods only
    assert "retired from" not in public
    assert "2022-23 Q3" in public.split('id="history"', 1)[1]
    client.force_login(people["manager"])
    html = client.get(url).content.decode()
    assert "LL3 retired from 2022-23 Q4 (Covered by LL4 now)" in html
    assert "2022-23 Q3" in html.split('id="history"', 1)[1]


def test_an_overdue_action_loses_its_tag_once_retired(client, demo_plan, q4, people):
    """Ref 13 (due 2021) is overdue in Q4; retired from Q4 it has left the plan's counts, so its
    page no longer calls it overdue."""
    client.force_login(people["manager"])
    url = reverse("dashboards:action", args=[demo_plan.slug, "13"])
    assert 'id="overdue"' in client.get(url).content.decode()
    ref13 = action_get(plan=demo_plan, ref="13")
    action_retire(
        action=ref13, period=q4, reason="Replaced by the new strategy", user=people["manager"]
    )
    assert 'id="overdue"' not in client.get(url).content.decode()
