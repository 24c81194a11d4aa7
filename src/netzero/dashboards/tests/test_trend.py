"""The status trend by quarter (issue 9): the priority actions' counts by status in each quarter
the reader may see, each from that quarter's own dashboard, as a stacked bar chart and its table."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from netzero.dashboards.charts import TAG_COLOURS, status_trend_spec
from netzero.dashboards.presenters import trend_table
from netzero.dashboards.selectors import dashboard_for_period, status_trend
from netzero.reporting.selectors import periods_for_plan, visible_periods
from netzero.reporting.status import STATUS_INFO, STATUSES_BEST_FIRST, Status
from netzero.testing.factories import ReportingPeriodFactory, plan_built

G, R, A = Status.GOOD, Status.REVIEW, Status.ACTION
QUARTERS = [f"{year} Q{q}" for year in ("2022-23", "2023-24") for q in (1, 2, 3, 4)]


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def _trend_rows(response) -> dict[str, list[str]]:
    """period slug -> the row's cells (label, then the counts and the total)."""
    rows = re.findall(
        rb'<tr class="govuk-table__row" data-period="([^"]+)">(.*?)</tr>', response.content, re.S
    )
    return {
        slug.decode(): [
            _text(cell).strip() for cell in re.findall(rb"<t[hd][^>]*>(.*?)</t[hd]>", body, re.S)
        ]
        for slug, body in rows
    }


def test_each_quarters_counts_are_its_dashboards(council, django_user_model):
    manager = council.people["manager"]
    periods = visible_periods(user=manager, periods=periods_for_plan(plan=council.plan))
    assert [p.name for p in periods] == ["2022-23 Q2", "2022-23 Q3", "2022-23 Q4"]
    trend = status_trend(plan=council.plan, periods=periods)
    assert [p for p, _ in trend] == periods
    for period, summary in trend:
        page = dashboard_for_period(plan=council.plan, period=period)
        assert summary == page.priority, period.name
    q3 = dict((p.name, s) for p, s in trend)["2022-23 Q3"]
    # The council's Q3 (testing/council.py): 1 and 24 Good; 5, 10 and 16 Review; 25 Action;
    # 20 reports through 16 and has no status of its own.
    assert q3.counts == {G: 2, R: 3, A: 1, Status.NOT_REPORTED: 1}
    q4 = dict((p.name, s) for p, s in trend)["2022-23 Q4"]
    assert q4.counts[Status.NOT_REPORTED] == 7  # open and empty


def test_the_published_counts_are_the_frozen_ones(council):
    """A published quarter's counts are its snapshot's, whatever the records say since."""
    from netzero.reporting.models import ActionUpdate

    # Behind the guards' back: the record of Ref 1's Q3 update says Action now.
    ActionUpdate.objects.filter(action=council.actions["1"], period=council.q3).update(
        status=Status.ACTION
    )
    trend = dict(status_trend(plan=council.plan, periods=[council.q2, council.q3]))
    assert trend[council.q3].counts[G] == 2
    assert trend[council.q3] == dashboard_for_period(plan=council.plan, period=council.q3).priority


def test_the_page_shows_the_public_only_published_quarters(client, council):
    response = client.get(reverse("dashboards:trend", args=[council.plan.slug]))
    assert response.status_code == 200
    rows = _trend_rows(response)
    assert list(rows) == ["2022-23-Q2", "2022-23-Q3"]
    assert rows["2022-23-Q3"] == ["2022-23 Q3", "2", "3", "1", "1", "7"]
    head = re.search(rb"<thead.*?</thead>", response.content, re.S).group(0)
    assert _text(head).split() == [
        "Quarter",
        "Good",
        "Review",
        "Action",
        "Not",
        "reported",
        "Total",
    ]
    # The chart is drawn from a spec carried in the page, with the scripts shipped offline.
    assert b'id="trend-chart-spec"' in response.content
    assert b"vendor/vega/vega-embed.min.js" in response.content
    assert b"Q4" not in response.content


def test_the_page_shows_members_the_open_quarter_marked_open(client, council):
    client.force_login(council.people["viewer"])
    response = client.get(reverse("dashboards:trend", args=[council.plan.slug]))
    rows = _trend_rows(response)
    assert list(rows) == ["2022-23-Q2", "2022-23-Q3", "2022-23-Q4"]
    assert rows["2022-23-Q4"] == ["2022-23 Q4 (open: may change)", "0", "0", "0", "7", "7"]
    assert "may change until it is published" in _text(response.content)


def test_the_table_matches_each_dashboard_page(client, council):
    """The counts printed on the trend page are the ones printed on each dashboard page."""
    rows = _trend_rows(client.get(reverse("dashboards:trend", args=[council.plan.slug])))
    for period in (council.q2, council.q3):
        page = client.get(reverse("dashboards:dashboard", args=[council.plan.slug, period.slug]))
        total = re.search(
            rb'<table class="govuk-table nzt-count-table" id="overview-strategy">.*?'
            rb"<th[^>]*>Total</th>(.*?)</tr>",
            page.content,
            re.S,
        ).group(1)
        printed = re.findall(rb"<strong>(\d+)</strong>", total)
        counts = rows[period.slug][1:-1]
        # The dashboard shows Not reported only when some action has it.
        assert [int(n) for n in printed] == [int(n) for n in counts][: len(printed)]
        assert sum(int(n) for n in counts) == int(rows[period.slug][-1])


def test_the_chart_stacks_the_statuses_in_order_in_the_tags_colours(council):
    table = trend_table(status_trend(plan=council.plan, periods=[council.q2, council.q3]))
    spec = status_trend_spec(table)
    colour = spec["encoding"]["color"]["scale"]
    assert colour["domain"] == [s.label for s in STATUSES_BEST_FIRST]
    assert colour["range"] == [
        TAG_COLOURS[STATUS_INFO[s].tag_class][0] for s in STATUSES_BEST_FIRST
    ]
    assert spec["encoding"]["stroke"]["scale"]["range"] == [
        TAG_COLOURS[STATUS_INFO[s].tag_class][1] for s in STATUSES_BEST_FIRST
    ]
    assert spec["encoding"]["order"]["field"] == "order"
    q3 = {v["status"]: v["actions"] for v in spec["data"]["values"] if v["quarter"] == "2022-23 Q3"}
    assert q3 == {"Good": 2, "Review": 3, "Action": 1, "Not reported": 1}
    assert "2022-23 Q3: Good 2, Review 3, Action 1, Not reported 1" in spec["description"]
    assert spec["width"] == "container"  # fits a phone's screen


def test_a_plan_with_no_published_quarter_says_so(client, db):
    made = plan_built(
        slug="unpublished",
        themes=[("Estate", None)],
        actions=[("1", "Estate", None, None)],
        statuses={"2023-24 Q1": {"1": G}},
    )
    response = client.get(reverse("dashboards:trend", args=[made.plan.slug]))
    assert response.status_code == 200
    assert f"No quarter of {made.plan.name} has been published yet." in _text(response.content)
    assert b'id="trend-chart' not in response.content


def _plan_with(quarters: int, slug: str):
    statuses = {
        name: {"1": G, "2": (R, A, G)[i % 3], "3": A} if i % 2 else {"1": R, "2": G}
        for i, name in enumerate(QUARTERS[:quarters])
    }
    made = plan_built(
        slug=slug,
        themes=[("Estate", None)],
        delivery_themes=[("Planning", "Jo Okafor")],
        actions=[
            ("1", "Estate", "Planning", None),
            ("2", "Estate", None, None),
            ("3", "Estate", None, None),
        ],
        statuses=statuses,
        published=True,
    )
    # And the next quarter open, as a plan has while its people write their updates.
    ReportingPeriodFactory(plan=made.plan, name=QUARTERS[quarters])
    return made


@pytest.mark.parametrize("who", ["public", "member"])
def test_queries_do_not_grow_with_the_quarters(client, db, who, django_assert_max_num_queries):
    """Published quarters come from their snapshots, read with the periods (no query each); the
    open quarter, seen by members, is recomputed like its dashboard (six queries)."""
    counts = {}
    for quarters in (2, 6):  # published; and one open
        made = _plan_with(quarters, slug=f"plan-{quarters}")
        if who == "member":
            from netzero.testing.factories import MembershipFactory

            client.force_login(MembershipFactory(organisation=made.plan.organisation).user)
        url = reverse("dashboards:trend", args=[made.plan.slug])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        shown = len(_trend_rows(response))
        assert shown == quarters + (1 if who == "member" else 0)
        counts[quarters] = len(ctx.captured_queries)
    assert counts[2] == counts[6], counts
    print(f"\nThe trend page as the {who}: {counts[6]} queries for 2 or 6 published quarters.")
    with django_assert_max_num_queries(counts[6]):
        client.get(url)
