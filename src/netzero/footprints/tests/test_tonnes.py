from decimal import Decimal

from netzero.footprints.calculation import tonnes_co2e


def test_tonnes_co2e_is_quantity_times_factor_in_tonnes_to_the_kilogram():
    # 1,000 kWh x 0.18316 kg CO2e/kWh = 183.16 kg = 0.18316 t -> 0.183 t
    assert tonnes_co2e(quantity=Decimal(1000), kg_co2e_per_unit=Decimal("0.18316")) == Decimal(
        "0.183"
    )


def test_tonnes_co2e_rounds_half_up():
    assert tonnes_co2e(quantity=Decimal(1), kg_co2e_per_unit=Decimal("0.5")) == Decimal("0.001")
    assert tonnes_co2e(quantity=Decimal(1), kg_co2e_per_unit=Decimal("0.4999")) == Decimal("0.000")
