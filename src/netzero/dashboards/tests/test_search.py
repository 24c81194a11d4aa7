"""Search across a plan's actions (issue 9): by ref, by words, by delivery theme or its lead; the
status shown is the action's row in the latest quarter the reader may see."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from netzero.dashboards.search import query_ref, query_words
from netzero.dashboards.selectors import actions_search, dashboard_for_period
from netzero.plans.impact import Impact
from netzero.plans.models import Action, ref_sort_key
from netzero.reporting.status import Status
from netzero.testing.factories import plan_built

G, R, A = Status.GOOD, Status.REVIEW, Status.ACTION


@pytest.fixture
def built(db):
    """Refs made out of order (10, 2, 1, LL10, LL2, LL1), a nested theme, a named lead and a
    "TBC" one; 2022-23 Q1 and Q2 published, Q3 open."""
    made = plan_built(
        slug="search-plan",
        themes=[("Transport", None), ("Fleet", "Transport"), ("Estate", None)],
        delivery_themes=[("External Transport and Travel", "Jo Okafor"), ("Planning", "")],
        actions=[
            ("10", "Fleet", "External Transport and Travel", Impact.HIGH),
            ("2", "Estate", "Planning", Impact.LOW),
            ("1", "Transport", None, Impact.MODERATE),
            ("LL10", "Transport", None, None),
            ("LL2", "Estate", None, None),
            ("LL1", "Transport", None, None),
        ],
        statuses={
            "2022-23 Q1": {"10": G, "2": R, "1": G, "LL1": G},
            "2022-23 Q2": {"10": R, "2": A, "LL1": G},
        },
        published=True,
    )
    texts = {
        "10": "<p>Replace the <strong>fleet</strong>'s diesel vans with electric vans.</p>",
        "2": "<p>Heat pumps in council buildings &amp; depots.</p>",
        "1": "<p>Promote cycling and walking to school.</p>",
        "LL10": "<p>Electric bus pilot.</p>",
        "LL2": "<p>Solar panels on the depot roof.</p>",
        "LL1": "<p>Car club bays beside the station.</p>",
    }
    for ref, text in texts.items():
        # The records' words only: no published period counts words, so no guard is passed.
        Action.objects.filter(pk=made.actions[ref].pk).update(text=text)
    from netzero.testing.factories import ReportingPeriodFactory

    made.periods["2022-23 Q3"] = ReportingPeriodFactory(plan=made.plan, name="2022-23 Q3")
    return made


def _refs(plan, words):
    return [m.ref for m in actions_search(plan=plan, words=words)]


def test_what_was_typed_is_read_into_a_ref_and_words():
    assert query_ref("Ref 16") == "16"
    assert query_ref("  ref16 ") == "16"
    assert query_ref("LL1") == "ll1"
    assert query_ref("refurbish") == "refurbish"  # a word, not "Ref" and a ref
    assert query_ref("electric vans") is None
    assert query_words("Electric  VANS electric") == ["electric", "vans"]
    assert query_words("x" * 500) == ["x" * 200]  # what is read is cut to 200 characters
    assert query_words("   ") == []


def test_natural_ref_order_puts_priority_first_and_numbers_as_numbers():
    refs = ["LL10", "10", "2", "LL1", "1", "10.10", "10.2", "ll2"]
    kinds = {r: "long_list" if r.upper().startswith("LL") else "priority" for r in refs}
    assert sorted(refs, key=lambda r: ref_sort_key(r, kinds[r])) == [
        "1",
        "2",
        "10",
        "10.2",
        "10.10",
        "LL1",
        "ll2",
        "LL10",
    ]


@pytest.mark.parametrize(
    ("typed", "refs"),
    [
        ("ll1", ["LL1"]),
        ("LL1", ["LL1"]),
        ("Ref 10", ["10"]),
        ("ref 2", ["2"]),
        ("1", ["1"]),  # the ref exactly: not 10 nor LL1
        ("LL", ["LL1", "LL2", "LL10"]),  # not a ref: a word, in their titles ("Action LL1")
    ],
)
def test_a_ref_is_found_exactly_whatever_its_case(built, typed, refs):
    assert _refs(built.plan, typed) == refs


def test_every_word_typed_must_match_in_the_title_or_words(built):
    assert _refs(built.plan, "electric") == ["10", "LL10"]
    assert _refs(built.plan, "ELECTRIC vans") == ["10"]
    assert _refs(built.plan, "electric depot") == []
    assert _refs(built.plan, "depot") == ["2", "LL2"]  # "depots" and "depot"
    assert _refs(built.plan, "Action LL2") == ["LL2"]  # its title: "Action LL2"
    assert _refs(built.plan, "buildings & depots") == ["2"]  # entities read as typed


def test_markup_is_not_searched(built):
    assert _refs(built.plan, "strong") == []
    assert _refs(built.plan, "amp") == []


def test_the_delivery_theme_and_its_lead_are_searched(built):
    assert _refs(built.plan, "okafor") == ["10"]
    assert _refs(built.plan, "Jo Okafor vans") == ["10"]
    assert _refs(built.plan, "planning") == ["2"]
    assert _refs(built.plan, "TBC") == ["2"]  # the lead as printed


def test_results_in_natural_ref_order_with_their_strategy_theme(built):
    matches = actions_search(plan=built.plan, words="action")  # every title: "Action <ref>"
    assert [m.ref for m in matches] == ["1", "2", "10", "LL1", "LL2", "LL10"]
    by_ref = {m.ref: m for m in matches}
    assert by_ref["10"].strategy_theme == "Transport"  # Fleet's root
    assert by_ref["10"].delivery_theme == "External Transport and Travel"
    assert by_ref["10"].delivery_theme_lead == "Jo Okafor"
    assert by_ref["2"].delivery_theme_lead == "TBC"
    assert by_ref["1"].delivery_theme is None


def test_nothing_typed_finds_nothing(built):
    assert actions_search(plan=built.plan, words="") == []
    assert actions_search(plan=built.plan, words="   ") == []


def test_search_runs_two_queries_whatever_it_finds(built, django_assert_num_queries):
    with django_assert_num_queries(2):
        actions_search(plan=built.plan, words="action")


# The page ------------------------------------------------------------------------------------


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def _search(client, plan, q):
    response = client.get(reverse("dashboards:search", args=[plan.slug]), {"q": q})
    assert response.status_code == 200
    return response


def _result_rows(response) -> dict[str, str]:
    """ref -> the row's text."""
    rows = re.findall(
        rb'<tr class="govuk-table__row" data-ref="([^"]+)">(.*?)</tr>', response.content, re.S
    )
    return {ref.decode(): _text(body) for ref, body in rows}


def test_the_public_sees_each_status_from_the_latest_published_quarter(client, built):
    response = _search(client, built.plan, "action")
    text = _text(response.content)
    assert "6 actions match “action”" in text
    assert "Status in 2022-23 Q2" in text
    rows = _result_rows(response)
    assert list(rows) == ["1", "2", "10", "LL1", "LL2", "LL10"]
    assert "Review" in rows["10"] and "Action" in rows["2"]
    assert "Not reported" in rows["1"] and "Not reported" in rows["LL2"]
    assert (
        "Transport" in rows["10"]
        and "External Transport and Travel (lead: Jo Okafor)" in rows["10"]
    )
    # Each result links to its action's page.
    for ref in rows:
        assert (
            reverse("dashboards:action", args=[built.plan.slug, ref]).encode() in response.content
        )


def test_statuses_are_the_dashboards_rows(client, council):
    """Every status shown is the action's row on the latest published dashboard (Q3)."""
    response = _search(client, council.plan, "will do")  # every council action's words
    rows = _result_rows(response)
    q3 = dashboard_for_period(plan=council.plan, period=council.q3)
    assert len(rows) == len(q3.rows) == 8
    for row in q3.rows:
        assert row.status.label in rows[row.ref], row.ref


def test_people_of_the_organisation_see_the_open_quarter(client, built, council):
    client.force_login(council.people["manager"])
    response = _search(client, council.plan, "16")
    text = _text(response.content)
    assert "Status in 2022-23 Q4" in text
    assert "not yet published: they may change" in text
    # The public sees Q3 (published), never the open Q4.
    client.logout()
    text = _text(_search(client, council.plan, "16").content)
    assert "Status in 2022-23 Q3" in text
    assert "Q4" not in text


def test_no_match_says_so_with_advice_and_keeps_the_words(client, built):
    response = _search(client, built.plan, "hydrogen  ferries")
    text = _text(response.content)
    assert "No actions match “hydrogen ferries”" in text
    assert "search for a ref on its own" in text
    assert 'value="hydrogen ferries"' in response.content.decode()
    assert b'id="search-results"' not in response.content


def test_one_match_is_counted_in_the_heading_and_the_words_kept(client, built):
    response = _search(client, built.plan, "Ref 10")
    assert "1 action matches “Ref 10”" in _text(response.content)
    assert 'value="Ref 10"' in response.content.decode()


def test_what_is_typed_is_escaped(client, built):
    response = _search(client, built.plan, '<script>alert("x")</script>')
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;" in response.content


def test_the_empty_form_asks_for_words(client, built):
    response = client.get(reverse("dashboards:search", args=[built.plan.slug]))
    assert response.status_code == 200
    text = _text(response.content)
    assert "Search actions" in text
    assert b'id="search-results"' not in response.content
    assert b'id="no-results"' not in response.content


def test_a_plan_with_no_published_quarter_finds_actions_without_a_status(client, db):
    made = plan_built(
        slug="unpublished",
        themes=[("Estate", None)],
        actions=[("1", "Estate", None, None)],
        statuses={"2023-24 Q1": {"1": G}},
    )
    response = _search(client, made.plan, "1")
    text = _text(response.content)
    assert "1 action matches" in text
    assert "No quarter has been published yet" in text
    assert "Good" not in _result_rows(response)["1"]


def test_the_dashboard_has_the_search_form_above_the_filters_and_the_trend_link(client, council):
    response = client.get(
        reverse("dashboards:dashboard", args=[council.plan.slug, council.q3.slug])
    )
    body = response.content.decode()
    search = body.index(f'action="{reverse("dashboards:search", args=[council.plan.slug])}"')
    assert search < body.index('id="actions"')
    assert reverse("dashboards:trend", args=[council.plan.slug]) in body


def test_the_search_page_queries_are_bounded(client, built, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        _search(client, built.plan, "action")
