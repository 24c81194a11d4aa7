"""The API's writes answer as the services decide: a stale version is 409 with the message and
the update as it now stands; a refusal is 400 with the service's messages (by field where it
names one); activity rows are saved all or nothing as one import, each bad row named. Every
error is JSON, an unknown address and an unsupported method included."""

from __future__ import annotations

import json

from django.test import Client

from netzero.api.endpoints import _field_named
from netzero.api.services import token_create
from netzero.api.tests.conftest import bearer
from netzero.footprints.models import FootprintEntry, ImportBatch

UPDATE = "/api/v1/plans/borough-climate-strategy/periods/2022-23-Q4/updates/16"
ACTIVITY = "/api/v1/organisations/borough-council/footprints/2022-23/activity"
GAS = {"activity": "natural_gas", "quantity": "1,000", "unit": "kWh", "reference": "Depot"}


def _put(client, secret, **fields):
    body = {"status": "Review", "progress": "Under way.", "reason": "Late.", "mitigation": ""}
    return client.put(UPDATE, json.dumps({**body, **fields}), "application/json", **bearer(secret))


def test_a_stale_version_is_409_with_the_update_as_it_stands(council):
    lead = token_create(user=council.people["planning"], name="Lead")[1]
    manager = token_create(user=council.people["manager"], name="Manager")[1]
    client = Client()
    assert _put(client, lead, version=0).status_code == 200
    assert _put(client, manager, version=1, progress="The manager's words.").status_code == 200
    stale = _put(client, lead, version=1, progress="The lead's second try.")
    assert stale.status_code == 409
    body = stale.json()
    assert "after you opened it" in body["detail"]
    assert body["current"]["progress"] == "The manager's words."
    assert body["current"]["version"] == 2
    read = client.get(UPDATE, **bearer(lead)).json()
    assert read["progress"] == "The manager's words." and read["version"] == 2


def test_progress_goes_in_and_comes_out_as_typed_and_is_sanitised_as_on_the_pages(council):
    lead = token_create(user=council.people["planning"], name="Lead")[1]
    client = Client()
    typed = "Two things:\n\n- the survey\n- the <script>alert(1)</script> grid offer"
    saved = _put(client, lead, version=0, progress=typed)
    assert saved.status_code == 200
    read = client.get(UPDATE, **bearer(lead)).json()
    assert read["progress_html"].startswith("<p>Two things:</p><ul><li>the survey</li>")
    assert "<script>" not in read["progress_html"]
    # what was read can be sent back unchanged: the same words are saved again
    again = _put(client, lead, version=read["version"], progress=read["progress"])
    assert again.json()["progress_html"] == read["progress_html"]


def test_a_refused_submit_is_400_with_the_services_messages_by_field(council):
    lead = token_create(user=council.people["planning"], name="Lead")[1]
    client = Client()
    response = client.post(
        f"{UPDATE}/submit",
        json.dumps(
            {
                "status": "Action",
                "progress": "Stalled.",
                "reason": "No budget.",
                "mitigation": "",
                "version": 0,
            }
        ),
        "application/json",
        **bearer(lead),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["mitigation"] == [
        "Say what is being done about an Action status."
    ]
    assert client.get(UPDATE, **bearer(lead)).json()["state"] == "not_started"
    unknown = _put(client, lead, version=0, status="Amber")
    assert unknown.status_code == 400 and "Unknown status 'Amber'" in unknown.json()["detail"]
    submitted = client.post(
        f"{UPDATE}/submit",
        json.dumps(
            {
                "status": "Action",
                "progress": "Stalled.",
                "reason": "No budget.",
                "mitigation": "Bid for funds.",
                "version": 0,
            }
        ),
        "application/json",
        **bearer(lead),
    )
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    # Submitted: the lead cannot change it until the programme manager returns it.
    locked = _put(client, lead, version=1)
    assert locked.status_code == 400 and "must return it" in locked.json()["detail"]


def test_activity_rows_are_saved_all_or_nothing_as_one_import(council, factor_sets):
    manager = token_create(user=council.people["manager"], name="Meters")[1]
    client = Client()
    bad = {
        "rows": [
            GAS,
            {"activity": "moonbeams", "quantity": "3", "unit": "kWh"},
            {**GAS, "reporting_year": "2021-22", "reference": "Hall"},
        ]
    }
    refused = client.post(ACTIVITY, json.dumps(bad), "application/json", **bearer(manager))
    assert refused.status_code == 400
    assert refused.json()["messages"] == [
        "Row 3: reporting_year 2021-22 is not 2022-23, the address's."
    ]
    bad["rows"].pop()
    refused = client.post(ACTIVITY, json.dumps(bad), "application/json", **bearer(manager))
    assert refused.status_code == 400
    assert [m[:6] for m in refused.json()["messages"]] == ["Row 2:"]
    assert "moonbeams" in refused.json()["messages"][0]
    assert not ImportBatch.objects.exists() and not FootprintEntry.objects.exists()

    good = {"rows": [GAS, {**GAS, "reference": "Library", "quantity": 250}], "source": "Meters"}
    saved = client.post(ACTIVITY, json.dumps(good), "application/json", **bearer(manager))
    assert saved.status_code == 201, saved.content
    batch = ImportBatch.objects.get()
    assert saved.json() == {
        "id": batch.pk,
        "rows_read": 2,
        "figures_created": 2,
        "state": "applied",
    }
    assert batch.channel == ImportBatch.Channel.API and batch.user == council.people["manager"]
    assert FootprintEntry.objects.filter(batch=batch, reporting_year=2022).count() == 2
    # The same references again are duplicates, refused with nothing saved.
    again = client.post(ACTIVITY, json.dumps(good), "application/json", **bearer(manager))
    assert again.status_code == 400
    assert ImportBatch.objects.count() == 1
    totals = client.get("/api/v1/organisations/borough-council/footprints/2022-23").json()
    assert totals["figures"] == 2 and totals["by_category"][0]["tco2e"] != "0"


def test_errors_are_json_for_unknown_addresses_and_methods(council):
    client = Client()
    for response in (
        client.get("/api/v1/no-such-thing"),
        client.post("/api/v1/no/such/thing", "{}", "application/json"),
        client.get("/api/v1/plans/no-such-plan"),
        client.get("/api/v1/plans/borough-climate-strategy/periods/2022-23-Q9"),
        client.get("/api/v1/plans/borough-climate-strategy/actions/999"),
        client.get("/api/v1/organisations/borough-council/footprints/2022"),
    ):
        assert response.status_code == 404, response.content
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
    assert "Plans:" not in client.get("/api/v1/plans/no-such-plan").json()["detail"]
    response = client.delete("/api/v1/plans")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["detail"] == "This address does not take DELETE; it takes GET."
    invalid = client.put(UPDATE, "not json", "application/json")
    assert invalid.status_code in (401, 422)  # no token: 401 before the body is read
    assert invalid["Content-Type"].startswith("application/json")


def test_an_invalid_request_names_each_field_as_the_request_does(council):
    lead = token_create(user=council.people["planning"], name="Lead")[1]
    client = Client()
    body = {"status": "Good", "progress": "Done."}
    missing = client.put(UPDATE, json.dumps(body), "application/json", **bearer(lead))
    assert missing.status_code == 422
    assert missing.json() == {
        "detail": "The request is not valid.",
        "messages": ["version: this field is needed"],
        "errors": {"version": ["this field is needed"]},
    }
    wrong = client.put(
        UPDATE, json.dumps({**body, "version": "x"}), "application/json", **bearer(lead)
    ).json()
    assert wrong["messages"][0].startswith("version: Input should be a valid integer")
    paged = client.get("/api/v1/plans?limit=abc").json()
    assert paged["messages"][0].startswith("limit: Input should be a valid integer")
    assert _field_named(("body", "body", "rows", 2, "quantity")) == "rows[2].quantity"
