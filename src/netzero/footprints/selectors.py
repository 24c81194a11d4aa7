"""Reads for footprints: totals aggregated in the database, reconciliation of stated totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Sum

from netzero.core.exceptions import NotFound
from netzero.core.years import financial_year_label
from netzero.footprints.models import (
    Boundary,
    Category,
    FootprintEntry,
    ImportBatch,
    StatedTotal,
    Target,
)
from netzero.organisations.models import Organisation


@dataclass(frozen=True)
class Reconciliation:
    total: StatedTotal
    parts: Decimal
    difference: Decimal  # stated minus parts
    flagged: bool
    message: str


def _t(value: Decimal) -> str:
    """Tonnes as printed: whole tonnes when whole, else to the tonne's tenth."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"


def reconcile(total: StatedTotal) -> Reconciliation:
    """Does a stated total agree with its parts? Parts are its component totals if it has any,
    else the entries that itemise it. Where the source lists only the main parts, a remainder
    is expected (reported as not itemised); where it says the parts are the whole, any
    difference is flagged."""
    components = list(total.components.all())
    if components:
        parts = sum((c.tco2e for c in components), Decimal(0))
        complete = True
        described = " + ".join(_t(c.tco2e) for c in components)
    else:
        parts = total.entries.aggregate(s=Sum("tco2e"))["s"] or Decimal(0)
        complete = total.parts_complete
        described = "its listed parts"
    difference = total.tco2e - parts
    label = f"{total.label} {_t(total.tco2e)} tCO2e"
    if difference == 0:
        return Reconciliation(total, parts, difference, False, f"{label} equals {described}.")
    if complete or difference < 0:
        return Reconciliation(
            total,
            parts,
            difference,
            True,
            f"{label} does not match {described} = {_t(parts)} tCO2e "
            f"(difference {'+' if difference > 0 else ''}{_t(difference)}).",
        )
    return Reconciliation(
        total,
        parts,
        difference,
        False,
        f"{label}: {_t(difference)} tCO2e is not itemised in the source.",
    )


@dataclass(frozen=True)
class FootprintSummary:
    organisation: Organisation
    reporting_year: int
    by_scope: list[tuple[str, Decimal]]
    by_category: list[tuple[str, Decimal]]
    by_boundary: list[tuple[str, Decimal]]
    entries: list[FootprintEntry]  # the first ENTRY_LIMIT
    entry_count: int
    reconciliations: list[Reconciliation]

    @property
    def year_label(self) -> str:
        return financial_year_label(self.reporting_year)

    @property
    def flags(self) -> list[Reconciliation]:
        return [r for r in self.reconciliations if r.flagged]


ENTRY_LIMIT = 500  # figures listed one by one; more are summed, not listed


@dataclass(frozen=True)
class FootprintTotals:
    by_scope: list[tuple[str, Decimal]]
    by_category: list[tuple[str, Decimal]]
    by_boundary: list[tuple[str, Decimal]]
    count: int


def footprint_totals(*, organisation: Organisation, reporting_year: int) -> FootprintTotals:
    """Sums by scope, category and boundary, and the number of figures: GROUP BY queries in the
    database, however many figures there are."""
    entries = FootprintEntry.objects.filter(
        organisation=organisation, reporting_year=reporting_year
    )

    def grouped(field: str, labels: dict) -> list[tuple[str, Decimal]]:
        # "Not stated" (a blank scope) last on every database: SQLite would put it first.
        rows = (
            entries.values(field).annotate(t=Sum("tco2e")).order_by(F(field).asc(nulls_last=True))
        )
        return [(labels.get(r[field], "Not stated"), r["t"]) for r in rows]

    return FootprintTotals(
        by_scope=grouped("scope", {1: "Scope 1", 2: "Scope 2", 3: "Scope 3"}),
        by_category=grouped("category", dict(Category.choices)),
        by_boundary=grouped("boundary", dict(Boundary.choices)),
        count=entries.count(),
    )


def footprint_summary(*, organisation: Organisation, reporting_year: int) -> FootprintSummary:
    """The totals (summed by the database), the first ENTRY_LIMIT figures with their sources and
    data-quality notes, and every stated total reconciled."""
    sums = footprint_totals(organisation=organisation, reporting_year=reporting_year)
    entries = FootprintEntry.objects.filter(
        organisation=organisation, reporting_year=reporting_year
    )
    totals = list(
        StatedTotal.objects.filter(organisation=organisation, reporting_year=reporting_year)
        .prefetch_related("components")
        .order_by("id")
    )
    return FootprintSummary(
        organisation=organisation,
        reporting_year=reporting_year,
        by_scope=sums.by_scope,
        by_category=sums.by_category,
        by_boundary=sums.by_boundary,
        entries=list(
            entries.select_related("factor__factor_set", "supplementary_factor").order_by(
                F("scope").asc(nulls_last=True), "category", "id"
            )[:ENTRY_LIMIT]
        ),
        entry_count=sums.count,
        reconciliations=[reconcile(t) for t in totals],
    )


def footprint_years(*, organisation: Organisation) -> list[int]:
    """The reporting years with figures: two DISTINCT queries, not a read of every row."""
    entries = FootprintEntry.objects.filter(organisation=organisation).order_by()
    totals = StatedTotal.objects.filter(organisation=organisation).order_by()
    years = set(entries.values_list("reporting_year", flat=True).distinct()) | set(
        totals.values_list("reporting_year", flat=True).distinct()
    )
    return sorted(years)


@dataclass(frozen=True)
class MemberRow:
    organisation: Organisation
    by_year: dict[int, list[StatedTotal]]
    entries_total: dict[int, Decimal]
    # The same itemised figures by (year, boundary), for the added-up rows.
    by_boundary: dict[tuple[int, str], Decimal] = field(default_factory=dict)


def partnership_overview(*, partnership: Organisation) -> tuple[list[int], list[MemberRow]]:
    """Each member's stated totals and itemised figures by year (and by boundary), side by
    side (3 queries)."""
    members = [partnership, *partnership.members.order_by("name")]
    ids = [m.pk for m in members]
    totals = StatedTotal.objects.filter(organisation_id__in=ids, parent__isnull=True).order_by("id")
    sums = list(
        FootprintEntry.objects.filter(organisation_id__in=ids)
        .values("organisation_id", "reporting_year", "boundary")
        .annotate(t=Sum("tco2e"))
        .order_by()
    )
    years = sorted({t.reporting_year for t in totals} | {s["reporting_year"] for s in sums})
    rows = []
    for member in members:
        by_year: dict[int, list[StatedTotal]] = {}
        for t in totals:
            if t.organisation_id == member.pk:
                by_year.setdefault(t.reporting_year, []).append(t)
        entries_total: dict[int, Decimal] = {}
        by_boundary: dict[tuple[int, str], Decimal] = {}
        for s in sums:
            if s["organisation_id"] == member.pk:
                year = s["reporting_year"]
                entries_total[year] = entries_total.get(year, Decimal(0)) + s["t"]
                by_boundary[(year, s["boundary"])] = s["t"]
        rows.append(MemberRow(member, by_year, entries_total, by_boundary))
    return years, rows


def footprint_organisations() -> list[Organisation]:
    """The organisations the home page lists under carbon footprints: those with figures or
    targets, and every member or partner of a partnership listed (so a member whose figures
    its partnership reports, or that has none yet, is not left out). Each carries
    ``has_figures``; partnerships first, then by name."""
    totals = StatedTotal.objects.filter(organisation=OuterRef("pk"))
    entries = FootprintEntry.objects.filter(organisation=OuterRef("pk"))
    targets = Target.objects.filter(organisation=OuterRef("pk"))
    orgs = list(
        Organisation.objects.annotate(
            has_figures=Exists(totals) | Exists(entries), has_targets=Exists(targets)
        ).select_related("partnership")
    )
    listed = {o.pk for o in orgs if o.has_figures or o.has_targets}
    partnerships = {o.partnership_id for o in orgs if o.pk in listed and o.partnership_id}
    partnerships |= {o.pk for o in orgs if o.pk in listed}
    chosen = [o for o in orgs if o.pk in listed or o.partnership_id in partnerships]
    with_members = {o.partnership_id for o in chosen if o.partnership_id}
    return sorted(
        chosen, key=lambda o: (o.pk not in with_members, o.partnership_id is not None, o.name)
    )


def footprint_default_year(*, organisation: Organisation, years: list[int]) -> int | None:
    """The year a footprint link opens: the latest year with a total the organisation states
    as a whole (not one that is only part of another total), where its data is fullest;
    else the latest year with figures; None when it has none. (The ICS states its footprint
    for 2019-20; its 2020-21 holds only the fleet figure that total adds in.)"""
    stated = (
        StatedTotal.objects.filter(organisation=organisation, parent__isnull=True)
        .order_by("-reporting_year")
        .values_list("reporting_year", flat=True)
        .first()
    )
    if stated is not None:
        return stated
    return years[-1] if years else None


def import_batches(*, organisation: Organisation, limit: int = 100) -> list[ImportBatch]:
    """The organisation's latest imports, newest first (who, when, file, rows, figures, state)."""
    return list(
        ImportBatch.objects.filter(organisation=organisation)
        .select_related("user", "undone_by", "replaced_by")
        .order_by("-imported_at", "-id")[:limit]
    )


def footprint_organisation_get(*, slug: str) -> Organisation:
    """The organisation at a footprint page's address (with its partnership)."""
    organisation = Organisation.objects.select_related("partnership").filter(slug=slug).first()
    if organisation is None:
        raise NotFound("No organisation at that address.")
    return organisation


def organisation_has_members(*, organisation: Organisation) -> bool:
    """Is this organisation a partnership with members (so it has a partnership page)?"""
    return organisation.members.exists()


def footprint_year_get(
    *, organisation: Organisation, label: str, years: list[int] | None = None
) -> int:
    """The reporting year written as in a page's address ("2019-20"), if it has figures.
    ``years``: the organisation's ``footprint_years`` when the caller has them already."""
    if years is None:
        years = footprint_years(organisation=organisation)
    wanted = next((y for y in years if financial_year_label(y) == label), None)
    if wanted is None:
        raise NotFound("No footprint for that year.")
    return wanted


def footprint_targets(*, organisation: Organisation) -> list[Target]:
    """The organisation's targets, soonest first."""
    return list(Target.objects.filter(organisation=organisation))


def import_batch_get(*, pk: int, organisation: Organisation | None = None) -> ImportBatch:
    """An import by its number (its organisation read with it), or, given ``organisation``,
    one of that organisation's imports; NotFound if there is none."""
    batches = ImportBatch.objects.select_related("organisation").filter(pk=pk)
    if organisation is not None:
        batch = batches.filter(organisation=organisation).first()
        if batch is None:
            raise NotFound("No import with that number for this organisation.")
        return batch
    batch = batches.first()
    if batch is None:
        raise NotFound(f"No import {pk}.", code="unknown_import")
    return batch


def import_batch_replaced(*, batch: ImportBatch) -> ImportBatch | None:
    """The import this one replaced, if any."""
    return batch.replaces.first()
