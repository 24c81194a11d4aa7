"""The NHS estates return (ERIC) import, from the shipped copies of the published files, checked
against figures worked out by hand from the same cells and the chosen factor rows."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

import netzero.footprints
from netzero.core.exceptions import ImportRefused
from netzero.factors import selectors as factor_selectors
from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.footprints.calculation import tonnes_co2e
from netzero.footprints.eric import (
    COLUMNS,
    estates_return_import,
    estates_return_plan,
    estates_return_read,
    trust_name,
)
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.organisations.models import Organisation
from netzero.plans.services import organisation_create

ERIC = Path(netzero.footprints.__file__).parent / "data" / "nhs-eric"
DERBYSHIRE = {
    "crhft": ("Chesterfield Royal Hospital NHS Foundation Trust", "RFS", ""),
    "dchs": ("Derbyshire Community Health Services NHS Foundation Trust", "RY8", ""),
    "dhcft": ("Derbyshire Healthcare NHS Foundation Trust", "RXM", ""),
    "emas": ("East Midlands Ambulance Service NHS Trust", "RX9", ""),
    "uhdb": ("University Hospitals of Derby and Burton NHS Foundation Trust", "RTG", "RJF"),
}
CODES = ["RFS", "RY8", "RXM", "RX9", "RTG", "RJF"]
# The rows A's activity import names by their levels (oil, coal, heat, waste) need
# factor_by_levels (issue 11, helper A); the rest of the import works without it.


@pytest.fixture(scope="module")
def set_2019(django_db_setup, django_db_blocker):
    """The 2019 conversion factors, loaded once for the module (2016-17 uses them by choice)."""
    from netzero.factors.services import factor_set_load

    with django_db_blocker.unblock():
        factor_set = factor_set_load(year=2019).factor_set
        yield factor_set
        FactorSet.objects.filter(set_year=2019).delete()


@pytest.fixture
def trusts(db):
    made = {}
    for slug, (name, code, predecessors) in DERBYSHIRE.items():
        organisation = organisation_create(name=name, slug=slug, kind="nhs_trust")
        organisation.ods_code = code
        organisation.predecessor_ods_codes = predecessors
        organisation.full_clean()
        organisation.save()
        made[slug] = organisation
    other = organisation_create(name="Elsewhere Trust", slug="elsewhere", kind="nhs_trust")
    other.ods_code = "ZZ9"
    other.save()
    made["elsewhere"] = other
    return made


@pytest.fixture
def chosen(trusts, set_2019):
    """Each trust chose the 2019 set for 2016-17 (none is published for 2016)."""
    for organisation in trusts.values():
        SetYearChoice.objects.create(
            organisation=organisation,
            reporting_year=2016,
            set_year=2019,
            reason="The earliest set this installation ships",
        )
    return trusts


def shipped(year: str) -> bytes:
    return (ERIC / f"ERIC-{year}.csv").read_bytes()


def changed(year: str, edit) -> bytes:
    """The shipped file with ``edit(header, rows)`` applied to its parsed records."""
    text = shipped(year).decode("utf-8")
    lines = text.split("\n")
    records = [line.split("$") for line in lines]
    edit(records[1], records[2:])
    return "\n".join("$".join(r) for r in records).encode("utf-8")


def energy_and_water_only(header, rows):
    """Cells of the columns rows named by levels need (oil, coal, heat, waste) left blank."""
    keep = {COLUMNS[2016][k] for k in ("electricity", "gas", "water")}
    blank = [i for i, h in enumerate(header) if h in set(COLUMNS[2016].values()) - keep]
    for row in rows:
        for i in blank:
            if i < len(row):
                row[i] = ""


def run(content: bytes, *, name="ERIC-2016-17.csv", **options):
    return estates_return_import(
        file_name=name, content=content, year=2016, who="test (command line)", **options
    )


def nothing_saved():
    return not FootprintEntry.objects.exists() and not ImportBatch.objects.exists()


def factor(factor_set, level_1, level_3, unit, column_text=None):
    rows = Factor.objects.filter(
        factor_set=factor_set, level_1=level_1, level_3=level_3, unit=unit, gas="CO2e"
    )
    if column_text is not None:
        rows = rows.filter(column_text=column_text)
    (row,) = rows
    return row


def cell(code: str, column: str, year="2016-17") -> Decimal:
    records = [line.split("$") for line in shipped(year).decode("utf-8").split("\n")]
    header = records[1]
    (row,) = [r for r in records[2:] if r[0] == code]
    return Decimal(row[header.index(column)])


# --- Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2013-14", "2014-15", "2015-16", "2016-17"])
def test_each_shipped_year_is_read_by_its_own_column_names(year):
    start = int(year[:4])
    read = estates_return_read(file_name=f"ERIC-{year}.csv", content=shipped(year), year=start)
    assert set(CODES) <= set(read.trusts)
    assert read.cell("RFS", "electricity") == str(cell("RFS", COLUMNS[start]["electricity"], year))
    assert read.cell("RFS", "water") != ""
    assert trust_name(read.name("RJF")) == "Burton Hospitals NHS Foundation Trust"


def test_the_2016_17_cells_as_published():
    read = estates_return_read(file_name="ERIC-2016-17.csv", content=shipped("2016-17"), year=2016)
    assert len(read.trusts) == 236
    assert read.cell("RFS", "electricity") == "11286474"
    assert read.cell("RFS", "gas") == "25108807"
    assert read.cell("RJF", "recycling") == "1314.03"  # "Waste reycling volume", as published
    assert read.header[read.columns["water"]] == "Water volume (including borehole) (m³)"


def test_the_whole_2016_17_return_becomes_these_rows(chosen, set_2019):
    """Every mapped column of RFS's 2016-17 return, as the activity rows the import saves."""
    plan = estates_return_plan(file_name="ERIC-2016-17.csv", content=shipped("2016-17"), year=2016)
    rfs = next(i for i in plan.imports if i.codes == ["RFS"])
    rows = {(r["reference"], r.get("activity", "")): r for r in rfs.rows}
    assert set(rows) == {
        ("ERIC RFS electricity", "electricity"),
        ("ERIC RFS electricity", "electricity_td"),
        ("ERIC RFS gas", "natural_gas"),
        ("ERIC RFS oil", ""),
        ("ERIC RFS water", "water_supply"),
        ("ERIC RFS waste incinerated", ""),
        ("ERIC RFS waste recycled", ""),
        ("ERIC RFS waste to other recovery", ""),
    }
    oil = rows[("ERIC RFS oil", "")]
    assert (oil["level_1"], oil["level_2"], oil["level_3"], oil["factor_unit"]) == (
        "Fuels",
        "Liquid fuels",
        "Gas oil",
        "kWh (Gross CV)",
    )
    assert (oil["quantity"], oil["unit"], oil["reporting_year"]) == ("87925", "kWh", "2016-17")
    assert rows[("ERIC RFS waste recycled", "")]["column_text"] == "Closed-loop"
    assert rows[("ERIC RFS waste incinerated", "")]["column_text"] == "Combustion"
    assert rows[("ERIC RFS waste to other recovery", "")]["quantity"] == "712.68"
    zero = {s.column for s in rfs.skipped if s.why == "0"}
    assert zero == {
        "Coal consumed (kWh)",
        "Steam consumed (kWh)",
        "Hot water consumed (kWh)",
        "Landfill disposal volume (Tonnes)",
    }
    assert len(plan.unmatched) == 230
    assert [o.slug for o in plan.absent] == ["elsewhere"]
    assert nothing_saved()


def test_a_waste_route_the_chosen_set_does_not_publish_gives_no_figure(trusts, db):
    """The 2022 set publishes no closed-loop factor for commercial and industrial waste."""
    from netzero.factors.services import factor_set_load

    factor_set_load(year=2022)
    SetYearChoice.objects.create(
        organisation=trusts["crhft"], reporting_year=2016, set_year=2022, reason="Test"
    )
    plan = estates_return_plan(
        file_name="ERIC-2016-17.csv", content=shipped("2016-17"), year=2016, trusts=["RFS"]
    )
    (rfs,) = plan.imports
    assert "ERIC RFS waste recycled" not in {r["reference"] for r in rfs.rows}
    (why,) = [s.why for s in rfs.skipped if s.column == "Waste reycling volume (Tonnes)"]
    assert why == (
        "the 2022 factors publish no value for Waste disposal / Refuse / Commercial and "
        "industrial waste (Closed-loop) per tonnes"
    )


# --- Importing ----------------------------------------------------------------------------


def test_electricity_gas_and_water_reproduce_the_hand_calculation(chosen, set_2019):
    content = changed("2016-17", energy_and_water_only)
    result = run(content)
    assert {i.organisation.slug for i in result.imports} == set(DERBYSHIRE)
    # RFS electricity, worked by hand: 11,286,474 kWh x 0.2556 kg/kWh (2019, Scope 2)
    # = 2,884,822.7544 kg = 2,884.823 t; its T&D losses 11,286,474 x 0.0217 = 244,916.4858 kg
    # = 244.916 t; gas 25,108,807 kWh x 0.18385 = 4,616,254.167 kg = 4,616.254 t;
    # water 107,683 m³ x 0.344 = 37,042.952 kg = 37.043 t.
    rfs = FootprintEntry.objects.filter(organisation=chosen["crhft"])
    by_activity = {e.activity: e for e in rfs}
    assert by_activity["electricity"].tco2e == Decimal("2884.823")
    assert by_activity["electricity_td"].tco2e == Decimal("244.916")
    assert by_activity["natural_gas"].tco2e == Decimal("4616.254")
    assert by_activity["water_supply"].tco2e == Decimal("37.043")
    # And for every trust, from the file's cell and the Factor row, as the calculation rounds.
    rows = {
        "electricity": ("UK electricity", "Electricity: UK", "kWh", "Electricity consumed (kWh)"),
        "electricity_td": (
            "Transmission and distribution",
            "Electricity: UK",
            "kWh",
            "Electricity consumed (kWh)",
        ),
        "natural_gas": ("Fuels", "Natural gas", "kWh (Gross CV)", "Gas consumed (kWh)"),
        "water_supply": (
            "Water supply",
            "Water supply",
            "cubic metres",
            "Water volume (including borehole) (m³)",
        ),
    }
    for entry in FootprintEntry.objects.all():
        level_1, level_3, unit, column = rows[entry.activity]
        code = entry.reference.split()[1]
        row = factor(set_2019, level_1, level_3, unit)
        assert entry.factor == row
        assert entry.quantity == cell(code, column)
        assert entry.tco2e == tonnes_co2e(quantity=cell(code, column), kg_co2e_per_unit=row.value)
        assert entry.source == (
            "NHS Estates Returns Information Collection (ERIC) 2016-17, file ERIC-2016-17.csv"
        )
        assert entry.quality_note.startswith(f"ERIC 2016-17 column '{column}', trust {code} (")
    assert FootprintEntry.objects.count() == 6 * 4  # six trusts, four figures each
    batches = ImportBatch.objects.all()
    assert batches.count() == 5  # one per organisation: UHDB's holds RTG's and RJF's
    assert {b.channel for b in batches} == {ImportBatch.Channel.ESTATES_RETURN}
    assert {b.file_name for b in batches} == {"ERIC-2016-17.csv"}


def test_uhdb_gets_rtg_and_rjf_as_separate_references(chosen, set_2019):
    run(changed("2016-17", energy_and_water_only))
    uhdb = FootprintEntry.objects.filter(organisation=chosen["uhdb"])
    references = set(uhdb.values_list("reference", flat=True))
    assert references == {
        f"ERIC {code} {what}" for code in ("RTG", "RJF") for what in ("electricity", "gas", "water")
    }
    rjf_gas = uhdb.get(reference="ERIC RJF gas")
    assert rjf_gas.quantity == Decimal("26540639")
    assert rjf_gas.quality_note == (
        "ERIC 2016-17 column 'Gas consumed (kWh)', trust RJF (Burton Hospitals NHS Foundation "
        "Trust)"
    )
    # By hand: 26,540,639 kWh x 0.18385 = 4,879,496.48 kg = 4,879.496 t.
    assert rjf_gas.tco2e == Decimal("4879.496")
    assert ImportBatch.objects.get(organisation=chosen["uhdb"]).figures_created == 8


def test_blank_and_zero_cells_give_no_figure_and_are_counted_apart(chosen, set_2019):
    def edit(header, rows):
        energy_and_water_only(header, rows)
        row = next(r for r in rows if r[0] == "RFS")
        row[header.index("Gas consumed (kWh)")] = ""
        row[header.index("Electricity consumed (kWh)")] = "0"

    result = run(changed("2016-17", edit))
    rfs = next(i for i in result.imports if i.organisation.slug == "crhft")
    assert {(s.column, s.why) for s in rfs.skipped if s.why != "blank" or "Gas" in s.column} == {
        ("Gas consumed (kWh)", "blank"),
        ("Electricity consumed (kWh)", "0"),
    }
    saved = FootprintEntry.objects.filter(organisation=chosen["crhft"])
    assert list(saved.values_list("reference", flat=True)) == ["ERIC RFS water"]


def test_a_person_who_does_not_manage_the_trust_saves_nothing(chosen, set_2019):
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    stranger = get_user_model().objects.create_user("stranger", "s@example.invalid", "x")
    with pytest.raises(PermissionDenied):
        run(changed("2016-17", energy_and_water_only), user=stranger)
    assert nothing_saved()


def test_the_whole_2016_17_return_for_the_derbyshire_trusts(chosen, set_2019):
    result = run(shipped("2016-17"))
    assert result.figures == FootprintEntry.objects.count()
    rfs = {e.reference: e for e in FootprintEntry.objects.filter(organisation=chosen["crhft"])}
    oil = factor(set_2019, "Fuels", "Gas oil", "kWh (Gross CV)")
    # By hand: 87,925 kWh of gas oil x 0.25676 = 22,575.613 kg = 22.576 t.
    assert rfs["ERIC RFS oil"].tco2e == Decimal("22.576")
    assert rfs["ERIC RFS oil"].factor == oil
    combustion = factor(
        set_2019, "Waste disposal", "Commercial and industrial waste", "tonnes", "Combustion"
    )
    # 230.52 t incinerated x 21.3538 kg/t = 4,922.478 kg = 4.922 t.
    assert rfs["ERIC RFS waste incinerated"].tco2e == Decimal("4.922")
    assert rfs["ERIC RFS waste to other recovery"].factor == combustion
    landfill = factor(
        set_2019, "Waste disposal", "Commercial and industrial waste", "tonnes", "Landfill"
    )
    rjf = FootprintEntry.objects.get(reference="ERIC RJF waste to landfill")
    assert rjf.tco2e == tonnes_co2e(quantity=Decimal("269.71"), kg_co2e_per_unit=landfill.value)
    assert "ERIC RFS waste to landfill" not in rfs  # RFS filed 0 t to landfill
    zero = {s.column for i in result.imports for s in i.skipped if s.why == "0" and s.code == "RFS"}
    assert "Landfill disposal volume (Tonnes)" in zero


def test_a_dry_run_checks_everything_and_saves_nothing(chosen, set_2019):
    result = run(changed("2016-17", energy_and_water_only), dry_run=True)
    assert result.figures == 24
    assert all(i.batch is None for i in result.imports)
    assert nothing_saved()


def test_the_same_file_again_is_refused_unless_it_replaces(chosen, set_2019):
    content = changed("2016-17", energy_and_water_only)
    run(content)
    with pytest.raises(ImportRefused, match="already imported") as refused:
        run(content)
    assert "--replace" in str(refused.value)
    assert FootprintEntry.objects.count() == 24
    run(content, replace=True)
    assert FootprintEntry.objects.count() == 24
    assert ImportBatch.objects.filter(state=ImportBatch.State.REPLACED).count() == 5


def test_only_the_trusts_asked_for(chosen, set_2019):
    result = run(changed("2016-17", energy_and_water_only), trusts=["RJF", "rjf"])
    assert [i.organisation.slug for i in result.imports] == ["uhdb"]
    assert {e.reference.split()[1] for e in FootprintEntry.objects.all()} == {"RJF"}


def test_without_a_factor_set_the_message_says_so_and_nothing_is_saved(trusts, set_2019):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as expected:  # factor_set_for's own words
        factor_selectors.factor_set_for(reporting_year=2016, organisation=trusts["crhft"])
    assert "2016-17" in expected.value.messages[0]
    with pytest.raises(ImportRefused) as caught:
        run(changed("2016-17", energy_and_water_only))
    assert (
        f"Chesterfield Royal Hospital NHS Foundation Trust: {expected.value.messages[0]}"
        in caught.value.messages
    )
    assert nothing_saved()


def test_a_problem_for_one_organisation_saves_nothing_for_any(chosen, set_2019):
    """RX9's electricity is already recorded under the same reference: every trust is refused."""
    content = changed("2016-17", energy_and_water_only)
    run(content, trusts=["RX9"])
    assert FootprintEntry.objects.count() == 4
    other = content + b"\n"  # another file (another sha256), the same figures
    with pytest.raises(ImportRefused) as caught:
        run(other)
    assert (
        "East Midlands Ambulance Service NHS Trust: ERIC RX9 electricity (ERIC 2016-17 column "
        "'Electricity consumed (kWh)', trust RX9 (East Midlands Ambulance Service NHS Trust)): "
        "electricity for ERIC RX9 electricity in 2016-17 is already recorded."
    ) in caught.value.messages
    assert FootprintEntry.objects.count() == 4
    assert ImportBatch.objects.count() == 1


# --- Listing and the command --------------------------------------------------------------


def test_the_command_lists_unmatched_trusts_and_organisations_not_in_the_file(
    chosen, set_2019, tmp_path
):
    path = tmp_path / "ERIC-2016-17.csv"
    path.write_bytes(changed("2016-17", energy_and_water_only))
    out = io.StringIO()
    call_command("eric", "import", str(path), "--year", "2016-17", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "230 trusts in the file have no organisation here (--verbose lists them)." in text
    assert "Not in the file: Elsewhere Trust (ZZ9)." in text
    assert "Would save 8 figures for University Hospitals of Derby and Burton" in text
    assert "'Electricity consumed - green energy tariff (kWh)': part of the electricity" in text
    assert "Dry run: nothing saved" in text
    # Each column used names the factor row it is multiplied by.
    assert (
        "  'Electricity consumed (kWh)': UK electricity / Electricity generated / Electricity: UK "
        "per kWh (Scope 2) and Transmission and distribution / T&D- UK electricity / Electricity: "
        "UK per kWh (Scope 3)." in text
    )
    assert "  'Oil consumed (kWh)': Fuels / Liquid fuels / Gas oil per kWh (Gross CV)." in text
    assert nothing_saved()
    out = io.StringIO()
    call_command("eric", "import", str(path), "--year", "2016-17", "--verbose", stdout=out)
    text = out.getvalue()
    assert "  RTH Oxford University Hospitals NHS Foundation Trust" in text
    assert "Saved 4 figures for Chesterfield Royal Hospital NHS Foundation Trust from RFS" in text
    assert FootprintEntry.objects.count() == 24


# --- Refusals: each a clear message, nothing saved ----------------------------------------


def refused(content: bytes, message: str, **options) -> None:
    with pytest.raises(ImportRefused) as caught:
        run(content, **options)
    assert message in " ".join(caught.value.messages)
    assert nothing_saved()


def test_a_changed_header_is_refused_naming_the_column(chosen, set_2019):
    def rename(header, rows):
        header[header.index("Gas consumed (kWh)")] = "Gas used (kWh)"

    refused(
        changed("2016-17", rename),
        "The column 'Gas consumed (kWh)' of the 2016-17 estates return is missing.",
    )
    refused(changed("2016-17", rename), "'Waste reycling volume (Tonnes)'")  # the expected header


def test_another_years_file_is_refused(chosen, set_2019):
    refused(shipped("2015-16"), "has the columns of the 2015-16 estates return", name="eric.csv")
    refused(
        shipped("2016-17"), "is named as the 2015-16 return, not 2016-17", name="ERIC-2015-16.csv"
    )
    # A date in the name is not a year's return: this file is read as the 2016-17 one.
    run(changed("2016-17", energy_and_water_only), name="eric-export-2023-01-05.csv", dry_run=True)


def test_a_file_that_is_not_dollar_delimited_text_is_refused(chosen, set_2019):
    comma = shipped("2016-17").decode("utf-8").replace("$", ",").encode("utf-8")
    refused(comma, "is not '$'-delimited text")
    refused(b"PK\x03\x04\x00\x00binary", "is not text")
    refused(shipped("2016-17").decode("utf-8").encode("utf-16"), "is not text")
    refused(shipped("2016-17").decode("utf-8").encode("cp1252"), "is not UTF-8 text")


def test_an_empty_file_is_refused(chosen, set_2019):
    refused(b"", "is empty")
    refused(b"\n\n", "is empty")


def test_a_quantity_that_is_not_a_number_is_refused_naming_trust_and_column(chosen, set_2019):
    def spoil(header, rows):
        row = next(r for r in rows if r[0] == "RFS")
        row[header.index("Electricity consumed (kWh)")] = "11,286,474 kWh"

    refused(
        changed("2016-17", spoil),
        "Trust RFS, column 'Electricity consumed (kWh)': '11,286,474 kWh' is not a quantity",
    )


def test_a_negative_quantity_is_refused(chosen, set_2019):
    def spoil(header, rows):
        row = next(r for r in rows if r[0] == "RXM")
        row[header.index("Water volume (including borehole) (m³)")] = "-30413"

    refused(changed("2016-17", spoil), "Trust RXM, column 'Water volume")


def test_a_file_over_the_upload_limit_is_refused(chosen, set_2019, settings):
    settings.NETZERO_UPLOAD_MAX_BYTES = 1000
    refused(shipped("2016-17"), "is larger than")


def test_trusts_asked_for_must_be_in_the_file_and_an_organisations(chosen, set_2019):
    content = changed("2016-17", energy_and_water_only)
    refused(content, "The trust ZZ9 is not in ERIC-2016-17.csv.", trusts=["RFS", "ZZ9"])
    refused(
        content,
        "The trust RTH (Oxford University Hospitals NHS Foundation Trust) is no",
        trusts=["RTH"],
    )


def test_the_command_refuses_a_year_it_cannot_read(tmp_path):
    path = tmp_path / "ERIC-2017-18.csv"
    path.write_bytes(b"x")
    with pytest.raises(CommandError, match="2017-18 cannot be read yet"):
        call_command("eric", "import", str(path), "--year", "2017-18")
    with pytest.raises(CommandError, match="not a reporting year like 2016-17"):
        call_command("eric", "import", str(path), "--year", "2016-18")


def test_trusts_are_never_matched_by_name(db, set_2019):
    """An organisation named exactly as a trust, without its ODS code, gets nothing."""
    named = organisation_create(
        name="Chesterfield Royal Hospital NHS Foundation Trust", slug="c", kind="nhs_trust"
    )
    assert not Organisation.objects.exclude(ods_code="").exists()
    refused(changed("2016-17", energy_and_water_only), "The trust RFS", trusts=["RFS"])
    result = run(changed("2016-17", energy_and_water_only))
    assert result.imports == []
    assert not FootprintEntry.objects.filter(organisation=named).exists()


def test_a_manager_imports_their_own_trust_from_the_command_line(chosen, set_2019, tmp_path):
    from django.contrib.auth import get_user_model

    from netzero.access.models import Membership

    manager = get_user_model().objects.create_user("estates", "e@example.invalid", "x")
    Membership.objects.create(
        user=manager, organisation=chosen["crhft"], role=Membership.Role.PROGRAMME_MANAGER
    )
    path = tmp_path / "ERIC-2016-17.csv"
    path.write_bytes(changed("2016-17", energy_and_water_only))
    with pytest.raises(CommandError, match="You do not have permission"):
        call_command("eric", "import", str(path), "--year", "2016-17", "--user", "estates")
    assert nothing_saved()
    out = io.StringIO()
    call_command(
        "eric",
        "import",
        str(path),
        "--year",
        "2016-17",
        "--user",
        "estates",
        "--trust",
        "rfs",
        stdout=out,
    )
    batch = ImportBatch.objects.get()
    assert (batch.organisation, batch.user, batch.figures_created) == (chosen["crhft"], manager, 4)
    assert batch.who.startswith("estates (command line, run by ")


def test_the_command_says_nothing_was_saved_and_why(chosen, set_2019, tmp_path):
    def rename(header, rows):
        header[header.index("Oil consumed (kWh)")] = "Oil consumed (litres)"

    path = tmp_path / "return.csv"
    path.write_bytes(changed("2016-17", rename))
    with pytest.raises(CommandError) as caught:
        call_command("eric", "import", str(path), "--year", "2016-17")
    assert "Nothing saved: 2 problem(s)." in str(caught.value)
    assert "The column 'Oil consumed (kWh)' of the 2016-17 estates return is missing." in str(
        caught.value
    )
    assert nothing_saved()
