from __future__ import annotations

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netzero.footprints.models import FootprintEntry

URL = "/organisations/derbyshire-county-council/activity-data/"


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
    assert response.status_code == 200 and "Nothing was saved" in body
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
    assert "Choose a .csv or .xlsx file." in response.content.decode()
