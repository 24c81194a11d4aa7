"""Finding factors."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from netzero.core.years import financial_year_label
from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.factors.sources import set_year_for_reporting_year


def factor_set_for(*, reporting_year: int, organisation=None) -> FactorSet:
    """The factor set for a reporting year: the organisation's own choice if it made one, else
    the default (the set of the calendar year the reporting year starts in)."""
    choice = (
        SetYearChoice.objects.filter(
            organisation=organisation, reporting_year=reporting_year
        ).first()
        if organisation is not None
        else None
    )
    set_year = choice.set_year if choice else set_year_for_reporting_year(reporting_year)
    factor_set = FactorSet.objects.filter(set_year=set_year).first()
    if factor_set is None:
        loaded = ", ".join(str(y) for y in FactorSet.objects.values_list("set_year", flat=True))
        label = financial_year_label(reporting_year)
        raise ValidationError(
            f"No conversion factors are loaded for {label} (set year {set_year}). "
            f"Loaded: {loaded or 'none'}. Run: netzero factors load --year {set_year}",
            code="no_factor_set",
        )
    return factor_set


def factor_get(
    *,
    factor_set: FactorSet,
    level_1: str,
    level_2: str,
    level_3: str,
    unit: str,
    gas: str = Factor.Gas.CO2E,
    scope: str | None = None,
) -> Factor:
    """The one published row for these levels and unit (and scope, where levels repeat)."""
    rows = Factor.objects.filter(
        factor_set=factor_set, level_1=level_1, level_2=level_2, level_3=level_3, unit=unit, gas=gas
    )
    if scope is not None:
        rows = rows.filter(scope=scope)
    found = list(rows[:2])
    if not found:
        raise ValidationError(
            f"No {factor_set.set_year} factor for {level_1} / {level_2} / {level_3} per {unit}.",
            code="no_factor",
        )
    if len(found) > 1:
        raise ValidationError(
            f"More than one {factor_set.set_year} factor matches {level_1} / {level_2} / {level_3} "
            f"per {unit}; give the scope.",
            code="ambiguous_factor",
        )
    factor = found[0]
    if factor.value is None:
        raise ValidationError(
            f"The {factor_set.set_year} factor for {level_3} per {unit} is not published "
            f"(blank{': ' + factor.value_text if factor.value_text else ''}).",
            code="factor_not_published",
        )
    return factor
