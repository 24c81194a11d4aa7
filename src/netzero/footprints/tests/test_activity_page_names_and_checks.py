"""The activity data page as its users expect it (issue 9): each activity with the code a file
uses, files naming activities by code or label, each form checked only when it is the one sent,
a negative quantity reported as such, figures on the organisation's own boundary by default, and
factors printed with their significant digits only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from netzero.footprints.activities import ACTIVITIES, SUPPLEMENTARY_ACTIVITIES, activity_code
from netzero.footprints.imports import ActivityImportRefused, read_rows
from netzero.footprints.models import FootprintEntry, default_boundary
from netzero.footprints.presenters import entry_how, factor_value_text, per_unit
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create

URL = "/organisations/borough-council/activity-data/"
HEADER = "reporting_year,activity,quantity,unit,reference\n"


@pytest.fixture
def manager(council) -> Client:
    client = Client()
    client.force_login(council.people["manager"])
    return client


def _import(organisation, text: str):
    header, rows = read_rows("a.csv", text.encode())
    return activity_import(organisation=organisation, header=header, rows=rows, source="test")


def _errors(organisation, text: str) -> list[str]:
    with pytest.raises(ActivityImportRefused) as refused:
        _import(organisation, text)
    return refused.value.result.errors


def test_the_page_lists_each_activity_with_its_label_and_code(manager):
    body = manager.get(URL).content.decode()
    table = body.split('id="activity-codes"')[1].split("</table>")[0]
    # A row per activity under the heading row.
    assert table.count("<tr class=") == 1 + len(ACTIVITIES) + len(SUPPLEMENTARY_ACTIVITIES)
    row = table.split(">Natural gas</th>")[1].split("</tr>")[0]
    assert ">natural_gas</code>" in row and "kWh (Gross CV)" in row
    assert ">mdi_salamol</code>" in table
    # The region scrolls on a narrow screen and a keyboard can reach it.
    region = body.split('id="activity-codes"')[0].rsplit("<div", 1)[1]
    assert 'role="region"' in region and 'tabindex="0"' in region


@pytest.mark.parametrize(
    "named", ["natural_gas", "NATURAL_GAS", "Natural gas", "natural GAS", " Natural  gas "]
)
def test_a_file_names_an_activity_by_its_code_or_label_in_any_case(named):
    assert activity_code(named) == "natural_gas"


def test_unknown_names_stay_unknown():
    assert activity_code("gas") is None and activity_code("") is None
    assert activity_code("Inhaler: salmeterol") == "mdi_salmeterol"


def test_labels_and_codes_in_one_file_are_one_activity(db, factor_sets):
    trust = organisation_create(name="Label Trust", slug="label-trust", kind="nhs_trust")
    result = _import(
        trust,
        HEADER + "2022-23,Natural gas,100000,kWh,A\n2022-23,ELECTRICITY,1000,kWh,A\n",
    )
    assert result.saved == 2
    assert sorted(FootprintEntry.objects.values_list("activity", flat=True)) == [
        "electricity",
        "natural_gas",
    ]
    # The same figure named once by label and once by code is a duplicate.
    assert _errors(
        trust, HEADER + "2022-23,natural_gas,1,kWh,B\n2022-23,Natural Gas,2,kWh,B\n"
    ) == ["Row 3: duplicates row 2 (same year, activity and reference)."]


def test_a_negative_quantity_says_so_rather_than_duplicate(db, factor_sets):
    trust = organisation_create(name="Minus Trust", slug="minus-trust", kind="nhs_trust")
    # Row 3 repeats row 2's year and activity without a reference: before, its own problem was
    # hidden behind "duplicates row 2".
    text = HEADER + "2022-23,natural_gas,5,kWh,\n2022-23,electricity,-5,kWh,\n"
    assert _errors(trust, text) == ["Row 3: quantity must be zero or more ('-5' is given)."]
    text = HEADER + "2022-23,natural_gas,5,kWh,\n2022-23,natural_gas,-5,kWh,\n"
    assert _errors(trust, text)[0] == "Row 3: quantity must be zero or more ('-5' is given)."


def test_an_empty_file_upload_checks_only_the_file_form(manager):
    response = manager.post(URL, {"form": "file"})
    body = response.content.decode()
    assert response.status_code == 400
    # Once in the summary and once beside the file field: none of the one-figure form's fields.
    assert body.count("This field is required.") == 2
    assert 'href="#id_file-file"' in body and 'href="#id_row-' not in body
    assert "govuk-form-group--error" in body.split('id="id_file-file"')[0].rsplit("<div", 2)[1]


def test_the_one_figure_form_is_checked_only_when_sent(manager):
    response = manager.post(URL, {"form": "row", "row-quantity": ""})
    body = response.content.decode()
    assert 'href="#id_row-quantity"' in body and 'href="#id_file-file"' not in body


def test_the_boundary_default_follows_the_organisations_kind(council, manager, factor_sets):
    assert default_boundary(council.plan.organisation) == "council_net_zero"
    body = manager.get(URL).content.decode()
    select = body.split('name="row-boundary"')[1].split("</select>")[0]
    assert '<option value="council_net_zero" selected>' in select
    assert "usual boundary: Council net zero scope" in body
    upload = SimpleUploadedFile(
        "a.csv", b"reporting_year,activity,quantity,unit\n2022-23,diesel,10,l\n"
    )
    assert manager.post(URL, {"form": "file", "file-file": upload}).status_code == 302
    assert FootprintEntry.objects.get().boundary == "council_net_zero"


def test_an_nhs_bodys_figures_default_to_the_nhs_carbon_footprint(db, factor_sets):
    trust = organisation_create(name="Kind Trust", slug="kind-trust", kind="nhs_trust")
    ics = organisation_create(name="Kind ICS", slug="kind-ics", kind="ics")
    other = organisation_create(name="Kind Body", slug="kind-body", kind="other")
    assert [default_boundary(o) for o in (trust, ics, other)] == ["nhs_cf", "nhs_cf", "custom"]
    _import(trust, HEADER + "2022-23,diesel,10,l,\n")
    assert FootprintEntry.objects.get().boundary == "nhs_cf"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.182540000000000"), "0.18254"),
        (Decimal("0.18254"), "0.18254"),
        (Decimal("1790.0000"), "1,790"),
        (Decimal("2.51206000"), "2.51206"),
        (Decimal("0.0000001"), "0.0000001"),
        (Decimal("10"), "10"),
        (None, "not published"),
    ],
)
def test_a_factor_is_shown_with_its_significant_digits_only(value, shown):
    assert factor_value_text(value) == shown


def test_the_footprint_page_prints_factors_through_the_presenter(db, factor_sets, client):
    trust = organisation_create(name="Factor Trust", slug="factor-trust", kind="nhs_trust")
    _import(trust, HEADER + "2022-23,natural_gas,100000,kWh,Main\n")
    entry = FootprintEntry.objects.get()
    assert entry.factor.value == Decimal("0.18254")
    column = f" / {entry.factor.column_text}" if entry.factor.column_text else ""
    assert entry_how(entry) == (
        "Calculated from activity data: 100,000 kWh \u00d7 0.18254 kg CO2e per kWh (Gross CV) "
        f"(Fuels / Gaseous fuels / Natural gas{column}; "
        f"2022 factors, row {entry.factor.source_row}). Site or meter: Main."
    )
    body = client.get("/organisations/factor-trust/footprint/2022-23/").content.decode()
    assert "\u00d7 0.18254 kg CO2e per kWh (Gross CV)" in body
    assert "0.1825400" not in body


def test_a_converted_quantity_is_shown_in_the_factors_unit_too(db, factor_sets):
    """The numbers shown multiply to the figure: 100 MWh is shown as 100,000 kWh as well, and a
    unit is written after "per" in the singular, never "per per"."""
    trust = organisation_create(name="Unit Trust", slug="unit-trust", kind="nhs_trust")
    _import(trust, HEADER + "2022-23,natural_gas,100,MWh,Boiler house\n")
    entry = FootprintEntry.objects.get()
    how = entry_how(entry)
    assert how.startswith(
        "Calculated from activity data: 100 MWh (100,000 kWh (Gross CV)) \u00d7 0.18254 kg CO2e "
        "per kWh (Gross CV) ("
    ), how
    assert how.endswith("Site or meter: Boiler house.")
    assert entry.tco2e == Decimal("18.254")  # 100,000 x 0.18254 kg, as shown


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("litres", "per litre"),
        ("tonnes", "per tonne"),
        ("cubic metres", "per cubic metre"),
        ("per FTE Working Hour", "per FTE Working Hour"),
        ("Room per night", "per room per night"),
        ("kWh (Net CV)", "per kWh (Net CV)"),
        ("passenger.km", "per passenger.km"),
    ],
)
def test_a_factors_unit_reads_after_per(unit, shown):
    assert per_unit(unit) == shown


def test_a_figure_on_a_2023_row_names_its_published_id(db, factor_sets):
    trust = organisation_create(name="ID Trust", slug="id-trust", kind="nhs_trust")
    _import(trust, HEADER + "2023-24,natural_gas,1000,kWh,Main\n")
    factor = FootprintEntry.objects.get().factor
    assert factor.source_id
    assert entry_how(FootprintEntry.objects.get()).endswith(
        f"; 2023 factors, row {factor.source_row}, ID {factor.source_id}). Site or meter: Main."
    )
