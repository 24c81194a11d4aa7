"""Writes for footprints: stated totals, reported figures, figures calculated from activity."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from netzero.factors.models import Factor
from netzero.factors.selectors import factor_get, factor_set_for
from netzero.footprints.models import FootprintEntry, StatedTotal
from netzero.footprints.units import parse_quantity, to_factor_unit
from netzero.organisations.models import Organisation

TONNES = Decimal("0.001")


@transaction.atomic
def stated_total_record(
    *,
    organisation: Organisation,
    reporting_year: int,
    label: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    quality_note: str = "",
    parent: StatedTotal | None = None,
    parts_complete: bool = False,
) -> StatedTotal:
    total = StatedTotal(
        organisation=organisation,
        reporting_year=reporting_year,
        label=label,
        boundary=boundary,
        tco2e=parse_quantity(tco2e),
        source=source,
        quality_note=quality_note,
        parent=parent,
        parts_complete=parts_complete,
    )
    total.full_clean()
    total.save()
    return total


@transaction.atomic
def entry_report(
    *,
    organisation: Organisation,
    reporting_year: int,
    category: str,
    boundary: str,
    tco2e: Decimal | int | str,
    source: str,
    scope: int | None = None,
    itemises: StatedTotal | None = None,
    quality_note: str = "",
) -> FootprintEntry:
    """A figure as an organisation reported it."""
    entry = FootprintEntry(
        organisation=organisation,
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        tco2e=parse_quantity(tco2e),
        source=source,
        scope=scope,
        itemises=itemises,
        quality_note=quality_note,
        method=FootprintEntry.Method.REPORTED,
    )
    entry.full_clean()
    entry.save()
    return entry


def emissions_tco2e(*, quantity: Decimal, unit: str, factor: Factor) -> Decimal:
    """Quantity x the published factor (kg CO2e per factor unit), in tonnes, to 3 places."""
    if factor.value is None:
        raise ValidationError(f"{factor} is not published.", code="factor_not_published")
    in_factor_unit = to_factor_unit(quantity, unit, factor.unit)
    return (in_factor_unit * factor.value / 1000).quantize(TONNES, ROUND_HALF_UP)


@transaction.atomic
def entry_calculate(
    *,
    organisation: Organisation,
    reporting_year: int,
    category: str,
    boundary: str,
    scope: int,
    quantity: Decimal | int | str,
    unit: str,
    level_1: str,
    level_2: str,
    level_3: str,
    factor_unit: str,
    source: str,
    itemises: StatedTotal | None = None,
) -> FootprintEntry:
    """A figure computed from activity data x the factor row for the reporting year's set."""
    amount = parse_quantity(quantity)
    factor = factor_get(
        factor_set=factor_set_for(reporting_year=reporting_year, organisation=organisation),
        level_1=level_1,
        level_2=level_2,
        level_3=level_3,
        unit=factor_unit,
        scope=f"Scope {scope}",
    )
    entry = FootprintEntry(
        organisation=organisation,
        reporting_year=reporting_year,
        category=category,
        boundary=boundary,
        scope=scope,
        quantity=amount,
        unit=unit,
        factor=factor,
        tco2e=emissions_tco2e(quantity=amount, unit=unit, factor=factor),
        method=FootprintEntry.Method.CALCULATED,
        source=source,
        itemises=itemises,
    )
    entry.full_clean()
    entry.save()
    return entry
