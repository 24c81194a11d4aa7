"""An authority's territorial trend by sector, and how it tracks a net zero target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from netzero.footprints.trajectory import (
    Projection,
    RequiredRate,
    Verdict,
    pathway_value,
    project,
    required_rate,
    verdict,
)
from netzero.territorial.models import AreaDataset, AreaEmission, AreaYear


@dataclass(frozen=True)
class AreaTrend:
    code: str
    name: str
    years: list[int]
    sectors: list[str]
    by_sector: dict[str, dict[int, Decimal]]  # sector -> year -> kt CO2 (the sector totals)
    totals: dict[int, Decimal]
    target_year: int
    baseline_year: int
    pathway: dict[int, Decimal]
    rate: RequiredRate
    projection: Projection | None
    verdict: Verdict
    attribution: str


def area_trend(*, code: str, target_year: int = 2050) -> AreaTrend | None:
    """Two queries: the authority's years, and its sector totals."""
    dataset = AreaDataset.objects.order_by("-loaded_at", "-id").first()
    years = list(
        AreaYear.objects.filter(dataset=dataset, authority_code=code)
        .select_related("dataset")
        .order_by("year")
    )
    if not years:
        return None
    by_sector: dict[str, dict[int, Decimal]] = {}
    for e in AreaEmission.objects.filter(area_year__in=years, is_sector_total=True).select_related(
        "area_year"
    ):
        by_sector.setdefault(e.sector, {})[e.area_year.year] = e.kt_co2
    totals = {y.year: y.total_kt_co2 for y in years}
    first, last = years[0].year, years[-1].year
    baseline = totals[first]
    pathway = {
        y: pathway_value(
            baseline_year=first,
            baseline=baseline,
            target_year=target_year,
            reduction_percent=Decimal(100),
            year=y,
        ).quantize(Decimal("0.1"), ROUND_HALF_UP)
        for y in totals
    }
    projection = project(list(totals.items()), target_year)
    return AreaTrend(
        code=code,
        name=years[0].authority_name,
        years=[y.year for y in years],
        sectors=sorted(by_sector),
        by_sector=by_sector,
        totals=totals,
        target_year=target_year,
        baseline_year=first,
        pathway=pathway,
        rate=required_rate(
            current_year=last, current=totals[last], target_year=target_year, target=Decimal(0)
        ),
        projection=projection,
        verdict=verdict(
            projection=projection, target=Decimal(0), target_year=target_year, unit="kt CO2"
        ),
        attribution=f"{years[0].dataset.attribution} ({years[0].dataset.licence})",
    )


def featured_areas() -> list[tuple[str, str]]:
    """The areas of public organisations in the tracker, by the area statistics code each
    states (``Organisation.local_authority_code``), that the loaded statistics have: for the
    home page."""
    from netzero.organisations.models import Organisation

    codes = (
        Organisation.objects.filter(is_public=True)
        .exclude(local_authority_code="")
        .values("local_authority_code")
    )
    return list(  # one query: the codes are a subquery
        AreaYear.objects.filter(authority_code__in=codes)
        .values_list("authority_code", "authority_name")
        .distinct()
        .order_by("authority_name")
    )


def area_has_statistics(*, code: str) -> bool:
    """Do the loaded statistics have figures for the area with this code (DBY)?"""
    return bool(code) and AreaYear.objects.filter(authority_code=code).exists()
