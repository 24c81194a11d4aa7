from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netzero.footprints.models import FootprintEntry

URL = "/organisations/borough-council/activity-data/"


@pytest.fixture
def people(council):
    """The people of a council built by the factories (netzero.testing.council)."""
    return council.people


def _manager(people) -> Client:
    client = Client()
    client.force_login(people["manager"])
    return client


def test_a_manager_uploads_a_file_and_a_bad_one_saves_nothing(people, factor_sets):
    client = _manager(people)
    good = SimpleUploadedFile(
        "a.csv", b"reporting_year,activity,quantity,unit\n2022-23,electricity,1000,MWh\n"
    )
    response = client.post(URL, {"file-file": good})
    assert response.status_code == 302
    entry = FootprintEntry.objects.get()
    assert entry.tco2e == Decimal("193.380") and entry.source == "Activity data import: a.csv"

    bad = SimpleUploadedFile(
        "b.csv",
        b"reporting_year,activity,quantity,unit\n2022-23,electricity,5,kWh\n2022-23,gas,1,kWh\n",
    )
    response = client.post(URL, {"file-file": bad})
    body = response.content.decode()
    assert response.status_code == 400 and "Nothing was saved" in body
    assert "Row 3: unknown activity &#x27;gas&#x27;" in body
    assert FootprintEntry.objects.count() == 1


def test_one_figure_through_the_form(people, factor_sets):
    client = _manager(people)
    response = client.post(
        URL,
        {
            "row-reporting_year": "2023-24",
            "row-activity": "natural_gas",
            "row-quantity": "100000",
            "row-unit": "kWh",
            "row-boundary": "council_net_zero",
            "row-reference": "County Hall",
        },
    )
    assert response.status_code == 302
    entry = FootprintEntry.objects.get()
    assert (entry.tco2e, entry.boundary) == (Decimal("18.293"), "council_net_zero")


def test_wrong_file_type_is_refused(people, factor_sets):
    response = _manager(people).post(URL, {"file-file": SimpleUploadedFile("a.pdf", b"%PDF")})
    assert response.status_code == 400
    assert "Choose a .csv or .xlsx file." in response.content.decode()


@pytest.fixture
def light(db, django_user_model) -> tuple[Client, str]:
    """A manager of an organisation of their own, without the demo (for quick page checks)."""
    from netzero.access.models import Membership
    from netzero.plans.services import organisation_create

    trust = organisation_create(name="Light Trust", slug="light", kind="nhs_trust")
    user = django_user_model.objects.create_user("light", "light@example.invalid", "x")
    Membership.objects.create(user=user, organisation=trust, role=Membership.Role.PROGRAMME_MANAGER)
    client = Client()
    client.force_login(user)
    return client, "/organisations/light/activity-data/"


def test_a_file_over_the_limit_is_stopped_as_it_arrives(light, settings):
    """The upload handler drops the file before it is stored; the page says why (413)."""
    client, url = light
    settings.NETZERO_UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.csv", b"reporting_year,activity,quantity,unit\n" + b"x" * 5000)
    response = client.post(url, {"file-file": big, "form": "file"})
    body = response.content.decode()
    assert response.status_code == 413
    assert "big.csv is larger than 1,000 bytes, the most a file may be." in body
    assert "govuk-error-summary" in body and 'href="#id_file-file"' in body
    assert not FootprintEntry.objects.exists()


def test_the_real_limit_is_twenty_megabytes(light):
    client, url = light
    big = SimpleUploadedFile("big.csv", b"x" * (20 * 1024 * 1024 + 1))
    response = client.post(url, {"file-file": big, "form": "file"})
    assert response.status_code == 413
    assert "big.csv is larger than 20 MB, the most a file may be." in response.content.decode()


def test_choosing_no_file_says_so(light):
    client, url = light
    response = client.post(url, {"form": "file"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_refused_figure_answers_400_and_a_form_error_200(people, factor_sets):
    client = _manager(people)
    figure = {
        "row-reporting_year": "2023-24",
        "row-activity": "natural_gas",
        "row-quantity": "1e5",
        "row-unit": "kWh",
        "row-boundary": "council_net_zero",
    }
    response = client.post(URL, figure)
    assert response.status_code == 400
    assert "is in exponent notation" in response.content.decode()
    response = client.post(URL, {**figure, "row-quantity": ""})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not FootprintEntry.objects.exists()


def test_the_imports_table_names_people_by_full_name(people, factor_sets):
    manager = people["manager"]
    manager.first_name, manager.last_name = "Priya", "Sharma"
    manager.save()
    client = _manager(people)
    response = client.post(
        URL,
        {
            "row-reporting_year": "2023-24",
            "row-activity": "natural_gas",
            "row-quantity": "100",
            "row-unit": "kWh",
            "row-boundary": "council_net_zero",
        },
        follow=True,
    )
    assert "Saved 1 figure for " in response.content.decode()
    batch = FootprintEntry.objects.get().batch
    client.post(URL, {"form": "undo", "undo-batch": batch.pk, "undo-reason": "Typed twice"})
    body = client.get(URL).content.decode()
    table = body[body.index('id="import-batches"') :]
    assert '<td class="govuk-table__cell">Priya Sharma</td>' in table
    assert "by Priya Sharma: Typed twice" in table
    assert manager.get_username() not in table
