from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from netzero.factors.models import Factor, FactorSet
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.factors.services import factor_set_load
from netzero.factors.sources import SOURCES


def test_loaded_sets_keep_every_row_with_its_source(db, factor_sets):
    fs = factor_sets[2023]
    assert fs.factors.count() == 8038 and fs.gwp_basis == "AR5"
    assert factor_sets[2022].gwp_basis == "AR4"
    assert fs.sha256 == SOURCES[2023].sha256
    electricity = factor_get(
        factor_set=fs,
        level_1="UK electricity",
        level_2="Electricity generated",
        level_3="Electricity: UK",
        unit="kWh",
        scope="Scope 2",
    )
    assert electricity.source_id == "7_400_4000_5_1" and electricity.source_row > 6
    assert Factor.objects.filter(factor_set=fs, value__isnull=True).exists()


def test_reporting_year_maps_to_its_set_year(db, factor_sets):
    assert factor_set_for(reporting_year=2022).set_year == 2022
    with pytest.raises(ValidationError, match="No conversion factors are loaded for 2030-31"):
        factor_set_for(reporting_year=2030)


def test_unpublished_factor_is_an_error_not_zero(db, factor_sets):
    blank = (
        Factor.objects.filter(factor_set=factor_sets[2022], value__isnull=True)
        .exclude(level_3="")
        .first()
    )
    with pytest.raises(ValidationError, match="not published"):
        factor_get(
            factor_set=blank.factor_set,
            level_1=blank.level_1,
            level_2=blank.level_2,
            level_3=blank.level_3,
            unit=blank.unit,
            gas=blank.gas,
            scope=blank.scope,
        )


def test_reloading_an_unchanged_file_changes_nothing(db, factor_sets):
    before = FactorSet.objects.get(set_year=2022).factors.count()
    result = factor_set_load(year=2022)
    assert not result.loaded and result.rows == before


def test_unknown_year_and_changed_file_are_refused(db, tmp_path, monkeypatch):
    with pytest.raises(ValidationError, match="No conversion factor set for 2018"):
        factor_set_load(year=2018)
    from netzero.factors import sources

    changed = tmp_path / SOURCES[2021].filename
    changed.write_bytes(SOURCES[2021].path.read_bytes() + b"x")
    monkeypatch.setattr(sources, "DATA_DIR", tmp_path)
    with pytest.raises(ValidationError, match="refusing to load a changed file"):
        factor_set_load(year=2021)
    assert not FactorSet.objects.filter(set_year=2021).exists()


def test_command_loads_a_year(db):
    out = StringIO()
    call_command("factors", "load", "--year", "2021", stdout=out)
    assert "Loaded 2021 (v3, AR4): 7605 rows" in out.getvalue()
    value = Factor.objects.get(
        factor_set__set_year=2021, scope="Scope 2", level_1="UK electricity", gas="CO2e", unit="kWh"
    ).value
    assert value.quantize(Decimal("0.00001")) == Decimal("0.21233")
