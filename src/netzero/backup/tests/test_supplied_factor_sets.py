"""A factor set loaded from a file someone supplied travels in the backup with its rows: no
version of the product ships that file, so a restore could not load it otherwise."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from netzero.backup.services import backup_export, backup_import
from netzero.factors.models import Factor, FactorSet
from netzero.factors.services import factor_set_load_file
from netzero.footprints.imports import read_rows
from netzero.footprints.models import FootprintEntry
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create
from netzero.testing.factor_files import OLD_HEADER, OLD_ROWS, flat_file


def _factor_rows() -> list[tuple]:
    return list(
        Factor.objects.order_by("source_row").values_list(
            "factor_set__set_year", "source_row", "scope", "level_3", "unit", "gas", "value"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_a_supplied_set_and_the_figures_on_it_restore_exactly(tmp_path):
    path = flat_file(tmp_path / "conversion-factors-2016.xlsx", OLD_HEADER, OLD_ROWS, version=2.0)
    supplied = factor_set_load_file(path=path, year=2016).factor_set
    trust = organisation_create(name="Supplied Trust", slug="supplied", kind="nhs_trust")
    header, rows = read_rows(
        "a.csv", b"reporting_year,activity,quantity,unit\n2016-17,natural_gas,1000,kWh\n"
    )
    activity_import(organisation=trust, header=header, rows=rows, source="test")
    figure = FootprintEntry.objects.get()
    assert (figure.factor.factor_set_id, figure.tco2e) == (supplied.pk, Decimal("0.184"))
    before_rows = _factor_rows()
    before_set = FactorSet.objects.values("set_year", "edition", "source_file", "sha256", "origin")
    before_set = list(before_set)

    backup_export(path=tmp_path / "backup.json")
    header = json.loads((tmp_path / "backup.json").read_text())["reference_data"]
    (entry,) = header["factor_sets"]
    assert (entry["origin"], len(entry["rows"])) == ("supplied", len(OLD_ROWS))
    call_command("flush", interactive=False, verbosity=0)
    assert not FactorSet.objects.exists()

    result = backup_import(path=tmp_path / "backup.json")
    assert result.factor_sets == [
        (2016, f"{len(OLD_ROWS)} rows restored from the backup (a supplied file, "
         "conversion-factors-2016.xlsx)")
    ]  # fmt: skip
    assert _factor_rows() == before_rows
    assert (
        list(FactorSet.objects.values("set_year", "edition", "source_file", "sha256", "origin"))
        == before_set
    )
    restored = FootprintEntry.objects.select_related("factor__factor_set").get()
    assert (restored.factor.factor_set.set_year, restored.factor.level_3, restored.tco2e) == (
        2016, "Natural gas", figure.tco2e
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_supplied_set_without_its_rows_is_refused_and_nothing_is_restored(tmp_path):
    path = flat_file(tmp_path / "conversion-factors-2016.xlsx", OLD_HEADER, OLD_ROWS, version=2.0)
    factor_set_load_file(path=path, year=2016)
    backup_export(path=tmp_path / "backup.json")
    data = json.loads((tmp_path / "backup.json").read_text())
    data["reference_data"]["factor_sets"][0]["rows"] = []
    (tmp_path / "damaged.json").write_text(json.dumps(data))
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(ValidationError, match="its 2016 conversion factors have no rows"):
        backup_import(path=tmp_path / "damaged.json")
    assert not FactorSet.objects.exists() and not Factor.objects.exists()
