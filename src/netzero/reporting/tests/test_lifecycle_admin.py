"""Recording a retirement in the admin goes through the service and shows its refusals."""

from __future__ import annotations

from django.urls import reverse

from netzero.reporting.models import ActionStateChange

ADD = "admin:reporting_actionstatechange_add"


def _post(client, council, period, **extra):
    data = {
        "action": council.actions["24"].pk,
        "period": period.pk,
        "kind": "retired",
        "other": "",
        "reason": "Absorbed into the travel plan",
        **extra,
    }
    return client.post(reverse(ADD), data)


def test_a_manager_records_a_retirement_in_the_admin(client, council):
    client.force_login(council.people["manager"])
    response = _post(client, council, council.q4)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ActionStateChange.objects.get()
    assert (change.action, change.period, change.recorded_by) == (
        council.actions["24"],
        council.q4,
        council.people["manager"],
    )


def test_the_admin_shows_the_services_refusal_for_a_published_period(client, council):
    client.force_login(council.people["manager"])
    response = _post(client, council, council.q3)
    assert response.status_code == 200
    assert "published and its figures are frozen" in response.content.decode()
    assert not ActionStateChange.objects.exists()


def test_the_admin_shows_a_missing_reason(client, council):
    client.force_login(council.people["manager"])
    response = _post(client, council, council.q4, reason="")
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    assert not ActionStateChange.objects.exists()
