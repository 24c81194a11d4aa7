from __future__ import annotations

import re

import pytest
from django.urls import reverse

from netzero.reporting.models import ActionUpdate

DASHBOARD = "/plans/dcc-climate-change-strategy/periods/2022-23-Q3/"


def _text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_home_links_to_this_quarters_off_track_actions_in_one_click(client, demo_plan):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    link = f"{DASHBOARD}?status=review&amp;status=action#actions"
    assert link in body
    assert "15 of 32 priority actions rated Review or Action in 2022-23 Q3" in _text(
        response.content
    )


def test_plan_url_redirects_to_latest_period(client, demo_plan):
    response = client.get(reverse("dashboards:plan", args=[demo_plan.slug]))
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD


def test_dashboard_page_shows_the_overview_summary_and_every_action(client, demo_plan):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    text = _text(response.content)
    assert "Council Estate and Operations 6 3 0" in text
    assert "Total 17 15 0" in text
    assert "Schools TBC 0 0 0" in text
    assert "17 priority actions (53%) have been allocated a Good rating" in text
    assert response.content.count(b'data-ref="') == 62
    assert "Showing 62 of 62 actions." in text
    assert "shown only as colours" in text  # the data gap is said on the page


def test_filter_to_review_shows_only_review_actions(client, demo_plan):
    response = client.get(DASHBOARD, {"status": "review"})
    refs = re.findall(rb'data-ref="([^"]+)"', response.content)
    assert len(refs) == 15
    assert b"3" in refs and b"1" not in refs
    assert "Showing 15 of 62 actions that match the filters." in _text(response.content)


def test_an_unknown_filter_value_drops_only_itself(client, demo_plan):
    response = client.get(DASHBOARD, {"status": "review", "theme": "Nope"})
    assert response.status_code == 200
    assert "Not recognised, so not applied: Strategy theme." in _text(response.content)
    assert response.content.count(b'data-ref="') == 15  # the valid status filter still applies


def test_action_text_is_escaped_once_and_keeps_its_words(admin_client, demo_plan):
    action = demo_plan.actions.get(ref="1")
    action.text = "<p>Heat &amp; power</p><p>Second para</p>"
    action.save()
    q4 = "/plans/dcc-climate-change-strategy/periods/2022-23-Q4/"  # open: shows today's records
    body = re.sub(r"\s+", " ", admin_client.get(q4).content.decode())
    assert "Heat &amp; power Second para" in body
    assert "&amp;amp;" not in body


@pytest.mark.parametrize("period", ["2030-31-Q1", "2022-24-Q3", "Q3-2022", "2022-23-Q5"])
def test_missing_or_malformed_period_is_404(client, demo_plan, period):
    response = client.get(f"/plans/{demo_plan.slug}/periods/{period}/")
    assert response.status_code == 404


def test_period_switcher_redirects_without_javascript(client, demo_plan):
    response = client.get(f"/plans/{demo_plan.slug}/periods/", {"period": "2022-23-Q2"})
    assert response.status_code == 302
    assert response["Location"].endswith("/periods/2022-23-Q2/")


def test_action_page_shows_every_field_and_history(client, demo_plan):
    response = client.get(f"/plans/{demo_plan.slug}/actions/3/")
    assert response.status_code == 200
    text = _text(response.content)
    assert "Deliver Public Sector Decarbonisation Schemes" in text
    assert "Council Property and Estate (lead: David Beard)" in text
    assert "Moderate" in text
    history = text[text.index("Status history") :]
    assert history.index("2022-23 Q3") < history.index("2022-23 Q2")
    assert "Improved (was Action)" in history
    assert "The narrative for this quarter was not recorded" in history


def test_action_that_reports_through_another_links_to_it(client, demo_plan):
    text = _text(client.get(f"/plans/{demo_plan.slug}/actions/20/").content)
    assert "Reports through Ref 16" in text
    text16 = _text(client.get(f"/plans/{demo_plan.slug}/actions/16/").content)
    assert "Also reports for Ref 20" in text16


def test_narrative_html_is_sanitised_on_the_page(admin_client, demo_plan):
    q4 = demo_plan.periods.get(year=2022, quarter=4)
    ActionUpdate.objects.create(
        action=demo_plan.actions.get(ref="1"),
        period=q4,
        status="good",
        progress='<p onclick="x()">Safe</p><script>alert(1)</script><img src=x onerror=alert(2)>',
    )
    body = admin_client.get(f"/plans/{demo_plan.slug}/actions/1/").content.decode()
    assert "<p>Safe</p>" in body
    assert "alert(" not in body and "onerror" not in body and "onclick" not in body


def test_static_assets_are_served_locally(client, demo_plan):
    body = client.get(DASHBOARD).content.decode()
    assert "/static/netzero/app.css" in body
    assert "http://" not in body.split("<body")[0] and "https://" not in body.split("<body")[0]
