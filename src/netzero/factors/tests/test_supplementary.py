from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from netzero.factors.models import SupplementaryFactor
from netzero.factors.services import SUPPLEMENTARY_CSV, supplementary_factors_load
from netzero.footprints.activities import SUPPLEMENTARY_ACTIVITIES
from netzero.footprints.imports import read_rows
from netzero.footprints.models import FootprintEntry
from netzero.footprints.services import activity_import
from netzero.plans.services import organisation_create


def _parsed(text: str) -> dict:
    header, rows = read_rows("a.csv", text.encode())
    return {"header": header, "rows": rows}


@pytest.mark.django_db
def test_every_supplementary_factor_has_a_value_and_a_citation():
    out = StringIO()
    call_command("factors", "load", "--supplementary", stdout=out)
    assert "Loaded 10 supplementary factors" in out.getvalue()
    for factor in SupplementaryFactor.objects.all():
        assert factor.kg_co2e_per_unit > 0
        assert factor.url.startswith("https://") and str(factor.source_year) in factor.citation
    assert set(SupplementaryFactor.objects.values_list("key", flat=True)) == set(
        SUPPLEMENTARY_ACTIVITIES
    )
    # AR5 GWP100, per kg of agent (US EPA 40 CFR 98 Table A-1).
    gwp = dict(SupplementaryFactor.objects.values_list("key", "kg_co2e_per_unit"))
    assert (gwp["desflurane"], gwp["sevoflurane"], gwp["isoflurane"]) == (1790, 216, 491)


@pytest.mark.django_db
def test_a_row_without_a_citation_is_refused(tmp_path):
    text = SUPPLEMENTARY_CSV.read_text().splitlines()
    header, first = text[0], text[1]
    bad = tmp_path / "s.csv"
    bad.write_text(header + "\n" + first.replace("https://", "").split(",")[0] + ",x,kg,1,,,,,,,\n")
    with pytest.raises(ValidationError, match="every factor needs its citation"):
        supplementary_factors_load(path=bad)
    assert not SupplementaryFactor.objects.exists()


@pytest.mark.django_db
def test_anaesthetic_gases_and_inhalers_in_an_import():
    supplementary_factors_load()
    trust = organisation_create(name="Acute Trust", slug="acute", kind="nhs_trust")
    text = (
        "reporting_year,activity,quantity,unit,reference\n"
        "2022-23,desflurane,12.5,kg,Theatres\n"
        "2022-23,mdi_ventolin_evohaler,1000,inhalers,Pharmacy\n"
    )
    activity_import(organisation=trust, **_parsed(text), source="test")
    des = FootprintEntry.objects.get(category="anaesthetic_gases")
    assert des.tco2e == Decimal("22.375")  # 12.5 kg x 1,790 kg CO2e/kg = 22,375 kg
    assert des.supplementary_factor.key == "desflurane" and des.scope == 1
    assert FootprintEntry.objects.get(category="inhalers").tco2e == Decimal("25.260")
