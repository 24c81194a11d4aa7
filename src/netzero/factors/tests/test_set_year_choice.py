"""Choosing the factor set an organisation uses for a reporting year: the service and the
command, with its refusals (set not loaded, no reason, figures of the year on another set)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from netzero.core.exceptions import Refused
from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.factors.selectors import factor_set_for
from netzero.factors.services import set_year_choose, set_year_clear
from netzero.footprints.imports import read_rows
from netzero.footprints.models import FootprintEntry, ImportBatch
from netzero.footprints.services import activity_import, import_batch_undo

ELECTRICITY = "reporting_year,activity,quantity,unit,reference\n2016-17,electricity,1000,kWh,HQ\n"


def _made_set(year: int, value: str) -> FactorSet:
    """A set made for the test: one row, UK electricity per kWh."""
    made = FactorSet.objects.create(
        set_year=year, edition="made for the test", source_file="test", sha256="0" * 64,
        gwp_basis=FactorSet.GwpBasis.AR4,
    )  # fmt: skip
    Factor.objects.create(
        factor_set=made, source_row=10, scope="Scope 2", level_1="UK electricity",
        level_2="Electricity generated", level_3="Electricity: UK", unit="kWh",
        ghg_text="kg CO2e", gas=Factor.Gas.CO2E, value=Decimal(value),
    )  # fmt: skip
    return made


@pytest.fixture
def sets(db):
    return {2016: _made_set(2016, "0.41205"), 2019: _made_set(2019, "0.2556")}


@pytest.fixture
def organisation(council):
    return council.plan.organisation


def _import(organisation):
    header, rows = read_rows("a.csv", ELECTRICITY.encode())
    return activity_import(organisation=organisation, header=header, rows=rows, source="test")


def test_a_manager_chooses_another_loaded_set_with_a_reason(council, organisation, sets):
    manager = council.people["manager"]
    choice = set_year_choose(
        organisation=organisation,
        reporting_year=2016,
        set_year=2019,
        reason="  Our 2016-17 baseline was restated on   the 2019 factors ",
        user=manager,
    )
    assert (choice.set_year, choice.reason) == (
        2019,
        "Our 2016-17 baseline was restated on the 2019 factors",
    )
    assert factor_set_for(reporting_year=2016, organisation=organisation) == sets[2019]
    assert factor_set_for(reporting_year=2016) == sets[2016]  # others keep the default
    [history] = choice.history.all()
    assert history.history_user == manager
    name = manager.get_full_name() or manager.get_username()
    assert history.history_change_reason.startswith(f"2019 factors for 2016-17 by {name}: Our")
    # The import now uses the chosen set's row.
    _import(organisation)
    assert FootprintEntry.objects.get().factor.factor_set == sets[2019]


@pytest.mark.parametrize("person", ["viewer", "contributor", "outsider", "partner"])
def test_only_the_organisations_managers_may_choose(council, organisation, sets, person):
    with pytest.raises(PermissionDenied):
        set_year_choose(
            organisation=organisation,
            reporting_year=2016,
            set_year=2019,
            reason="x",
            user=council.people[person],
        )
    assert not SetYearChoice.objects.exists()


def test_the_set_must_be_loaded_and_a_reason_given(organisation, sets):
    with pytest.raises(Refused) as not_loaded:
        set_year_choose(organisation=organisation, reporting_year=2016, set_year=2021, reason="x")
    assert not_loaded.value.code == "set_not_loaded"
    assert str(not_loaded.value) == (
        "The 2021 conversion factors are not loaded (loaded: 2016, 2019). Load them first: "
        "netzero factors load --year 2021."
    )
    with pytest.raises(Refused) as no_file:
        set_year_choose(organisation=organisation, reporting_year=2016, set_year=2015, reason="x")
    assert "netzero factors load --file PATH --year 2015." in str(no_file.value)
    for reason in ("", "   ", None):
        with pytest.raises(Refused) as unexplained:
            set_year_choose(
                organisation=organisation, reporting_year=2016, set_year=2019, reason=reason
            )
        assert unexplained.value.code == "reason_required"
    assert not SetYearChoice.objects.exists()
    # The default set needs no reason.
    assert (
        set_year_choose(
            organisation=organisation, reporting_year=2016, set_year=2016, reason="", who="test"
        ).set_year
        == 2016
    )


def test_a_year_never_mixes_two_sets(council, organisation, sets):
    result = _import(organisation)  # calculated on the default, 2016, set
    with pytest.raises(Refused) as refused:
        set_year_choose(
            organisation=organisation, reporting_year=2016, set_year=2019, reason="restated"
        )
    assert refused.value.code == "figures_use_another_set"
    assert str(refused.value) == (
        f"Borough Council has 1 figure(s) for 2016-17 calculated with the 2016 factors (import "
        f"{result.batch.pk}). Undo those imports first, then choose the 2019 factors and import "
        "the activity data again, so that no year mixes two sets' factors."
    )
    assert not SetYearChoice.objects.exists()
    # Another year is not affected; after the import is undone the choice is made.
    set_year_choose(organisation=organisation, reporting_year=2017, set_year=2019, reason="x")
    import_batch_undo(batch=result.batch, reason="restating on 2019 factors", who="test")
    set_year_choose(organisation=organisation, reporting_year=2016, set_year=2019, reason="x")
    _import(organisation)
    # Going back to the default is now refused in turn, until that import is undone.
    with pytest.raises(Refused, match="calculated with the 2019 factors"):
        set_year_clear(organisation=organisation, reporting_year=2016, who="test")
    batch = ImportBatch.objects.filter(state=ImportBatch.State.APPLIED).get()
    import_batch_undo(batch=batch, reason="back", who="test")
    assert set_year_clear(organisation=organisation, reporting_year=2016, who="test")
    assert factor_set_for(reporting_year=2016, organisation=organisation) == sets[2016]


def test_the_command_chooses_and_clears(organisation, sets):
    out = StringIO()
    call_command(
        "factors", "choose", "--org", organisation.slug, "--year", "2016-17", "--set-year",
        "2019", "--reason", "Baseline restated", stdout=out,
    )  # fmt: skip
    assert (
        out.getvalue() == "Borough Council uses the 2019 factors for 2016-17: Baseline restated.\n"
    )
    choice = SetYearChoice.objects.get()
    assert choice.history.get().history_change_reason.startswith(
        "2019 factors for 2016-17 by command line, run by "
    )
    with pytest.raises(CommandError, match="a reason is required when the set is not the default"):
        call_command(
            "factors", "choose", "--org", organisation.slug, "--year", "2017-18", "--set-year",
            "2019",
        )  # fmt: skip
    with pytest.raises(CommandError, match="No organisation has the slug 'nobody'"):
        call_command("factors", "choose", "--org", "nobody", "--year", "2016-17", "--clear")
    with pytest.raises(CommandError, match="'16-17' is not a reporting year like 2016-17"):
        call_command("factors", "choose", "--org", organisation.slug, "--year", "16-17", "--clear")
    out = StringIO()
    call_command(
        "factors", "choose", "--org", organisation.slug, "--year", "2016-17", "--clear", stdout=out
    )
    assert out.getvalue() == "Borough Council uses the default factors for 2016-17.\n"
    assert not SetYearChoice.objects.exists()


def test_a_year_whose_set_is_not_shipped_names_the_two_ways_out(organisation, sets):
    with pytest.raises(ValidationError) as refused:
        factor_set_for(reporting_year=2014, organisation=organisation)
    assert refused.value.messages == [
        "No conversion factors are loaded for 2014-15 (set year 2014). The product ships the "
        "2019, 2020, 2021, 2022, 2023, 2024 sets; loaded: 2016, 2019. Either choose a loaded set "
        "for 2014-15 under 'Conversion factors for each reporting year' on the organisation's "
        f"figures page (or: netzero factors choose --org {organisation.slug} --year 2014-15 "
        "--set-year YEAR --reason TEXT), or have whoever runs the service load the government's "
        "2014 flat file (netzero factors load --file PATH --year 2014)."
    ]
