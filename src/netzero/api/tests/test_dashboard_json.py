"""The API's dashboard of a period is, byte for byte, what ``netzero dashboard --format json``
prints, for every period of the demo plan (published and open)."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from netzero.api.tests.conftest import bearer
from netzero.reporting.selectors import periods_for_plan


def test_api_dashboard_is_the_command_lines_json_for_every_demo_period(
    demo_plan, q2, q3, q4, token_for
):
    operator = get_user_model().objects.create_superuser("operator", "op@example.invalid", "x")
    secret = token_for(operator)
    periods = periods_for_plan(plan=demo_plan)
    assert {q2.pk, q3.pk, q4.pk} <= {p.pk for p in periods}
    client = Client()
    for period in periods:
        printed = StringIO()
        call_command(
            "dashboard", plan=demo_plan.slug, period=period.name, format="json", stdout=printed
        )
        url = f"/api/v1/plans/{demo_plan.slug}/periods/{period.slug}/dashboard"
        response = client.get(url, **bearer(secret))
        assert response.status_code == 200, (period.name, response.content[:200])
        assert response["Content-Type"].startswith("application/json")
        assert response.content.decode() == printed.getvalue(), period.name
        if period.is_published:  # published: the same for someone with no token at all
            assert client.get(url).content.decode() == printed.getvalue()
        else:  # open (drafts): not for someone with no token
            assert client.get(url).status_code == 404
