"""Reads for footprints: totals aggregated in the database, reconciliation of stated totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Sum

from netzero.core.exceptions import NotFound
from netzero.core.years import financial_year_label
from netzero.factors.models import FactorSet, SetYearChoice
from netzero.factors.sources import set_year_for_reporting_year
from netzero.footprints.models import (
    Boundary,
    Category,
    FootprintEntry,
    ImportBatch,
    StatedTotal,
    Target,
)
from netzero.footprints.trajectory import (
    Change,
    Projection,
    RequiredRate,
    Verdict,
    change,
    pathway_value,
    project,
    required_rate,
    target_value,
    verdict,
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
        itemised = total.entries.aggregate(s=Sum("tco2e"))["s"]
        parts = itemised or Decimal(0)
        complete = total.parts_complete
        described = "its listed parts"
    difference = total.tco2e - parts
    label = f"{total.label} {_t(total.tco2e)} tCO2e"
    if not components and itemised is None:  # nothing recorded as its parts: nothing to check
        return Reconciliation(
            total, parts, difference, False, f"{label}: no parts of it are recorded."
        )
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
    factor_sets: list[FactorSetUsed] = field(default_factory=list)  # only where worth saying

    @property
    def year_label(self) -> str:
        return financial_year_label(self.reporting_year)

    @property
    def flags(self) -> list[Reconciliation]:
        return [r for r in self.reconciliations if r.flagged]


ENTRY_LIMIT = 500  # figures listed one by one; more are summed, not listed


@dataclass(frozen=True)
class FactorSetUsed:
    """A factor set a year's calculated figures use, where it is not simply the default shipped
    set: the organisation chose another year's set, or the set is a file it supplied."""

    reporting_year: int
    factor_set: FactorSet
    default_set_year: int
    choice: SetYearChoice | None  # the organisation's recorded choice for the year, if any

    @property
    def chosen(self) -> bool:
        return self.choice is not None and self.choice.set_year == self.factor_set.set_year

    @property
    def supplied(self) -> bool:
        return self.factor_set.origin == FactorSet.Origin.SUPPLIED

    @property
    def message(self) -> str:
        """ "2016-17's figures are calculated with the 2019 conversion factors, chosen by the
        organisation: <reason>." (a supplied set: "the 2016 factors from the file <name>
        supplied by the organisation")."""
        fs = self.factor_set
        label = financial_year_label(self.reporting_year)
        if self.supplied:
            which = f"the {fs.set_year} factors from the file {fs.source_file} supplied by the "
            which += "organisation"
        else:
            which = f"the {fs.set_year} conversion factors"
        text = f"{label}'s figures are calculated with {which}"
        if self.chosen:
            reason = self.choice.reason.strip().rstrip(".")
            text += ", chosen by the organisation"
            text += f": {reason}." if reason else "."
        elif fs.set_year != self.default_set_year:
            text += (
                f", not the {self.default_set_year} set the year would use by default; no choice "
                "of set is recorded for the year now."
            )
        else:
            text += "."
        return text


def factor_sets_used(*, organisation: Organisation, reporting_year: int) -> list[FactorSetUsed]:
    """The factor sets the year's calculated figures use, where worth saying: a set other than
    the year's default (the organisation chose it, or chose it once), or a set loaded from a file
    the organisation supplied rather than shipped. Empty for a year with no calculated figures
    or calculated with the default shipped set. Two queries."""
    sets = list(
        FactorSet.objects.filter(
            factors__entries__organisation=organisation,
            factors__entries__reporting_year=reporting_year,
        )
        .distinct()
        .order_by("set_year")
    )
    default = set_year_for_reporting_year(reporting_year)
    notable = [
        fs for fs in sets if fs.set_year != default or fs.origin == FactorSet.Origin.SUPPLIED
    ]
    if not notable:
        return []
    choice = SetYearChoice.objects.filter(
        organisation=organisation, reporting_year=reporting_year
    ).first()
    return [
        FactorSetUsed(
            reporting_year=reporting_year, factor_set=fs, default_set_year=default, choice=choice
        )
        for fs in notable
    ]


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
    data-quality notes, every stated total reconciled, and the factor sets worth naming
    (``factor_sets_used``)."""
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
        factor_sets=factor_sets_used(organisation=organisation, reporting_year=reporting_year),
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


def footprint_organisations(*, words: str = "") -> list[Organisation]:
    """The organisations the home page lists under carbon footprints: those with figures or
    targets, and every member or partner of a partnership listed (so a member whose figures
    its partnership reports, or that has none yet, is not left out). Each carries
    ``has_figures``; partnerships first, then by name. With ``words``, only those whose name
    holds every word typed."""
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
    for word in words.casefold().split():
        chosen = [o for o in chosen if word in o.name.casefold()]
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


# Trend and trajectory ----------------------------------------------------------------------

SCOPES: tuple[int | None, ...] = (1, 2, 3, None)  # None: the source does not state the scope
ALL_BOUNDARIES = ""  # a target that names no boundary is compared with every figure

NO_BASELINE_REASON = "The source gives no baseline figure, so no pathway is drawn."


@dataclass(frozen=True)
class TrendYear:
    """One reporting year on one boundary: the itemised figures by scope (None: not stated) and
    in total (None: no figures itemised), and the totals the organisation states as a whole."""

    year: int
    by_scope: dict[int | None, Decimal]
    itemised: Decimal | None
    stated: list[StatedTotal]

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


@dataclass(frozen=True)
class BoundaryTrend:
    boundary: str  # Boundary value, or ALL_BOUNDARIES
    label: str
    years: list[TrendYear]  # the years with figures or a stated total on this boundary


@dataclass(frozen=True)
class LeftOut:
    """A year whose itemised figures do not cover what the target is compared with."""

    year: int
    reason: str  # a sentence: "2024-25 is left out: it has figures for ... only, ..."

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


@dataclass(frozen=True)
class TargetTrend:
    """A target against the itemised figures on its boundary. Where something cannot be worked
    out, it is None and ``reason`` says why (``verdict.reason`` too)."""

    target: Target
    recorded: dict[int, Decimal]  # itemised figures on the target's boundary, by year
    compared: dict[int, Decimal]  # the complete years of ``recorded``: what is compared
    left_out: list[LeftOut]  # the years of ``recorded`` left out, each with why
    target_tco2e: Decimal | None  # the figure the target means (None: no baseline figure)
    pathway: dict[int, Decimal]  # from the baseline's year to the target's, each year
    latest: tuple[int, Decimal] | None  # the latest complete year and its figure
    change: Change | None  # the latest complete year's figure against the baseline figure
    rate: RequiredRate | None  # still needed each year from the latest year
    projection: Projection | None
    verdict: Verdict
    reason: str  # "" when everything could be worked out

    @property
    def boundary(self) -> str:
        return self.target.boundary or ALL_BOUNDARIES


@dataclass(frozen=True)
class Trend:
    organisation: Organisation
    years: list[int]  # every year with itemised figures or a stated total
    boundaries: list[BoundaryTrend]
    targets: list[TargetTrend]


def _scope_sums(organisation: Organisation) -> list[dict]:
    """Itemised figures summed by year, scope, boundary and category: one GROUP BY query,
    whatever the number of years or figures."""
    return list(
        FootprintEntry.objects.filter(organisation=organisation)
        .values("reporting_year", "scope", "boundary", "category")
        .annotate(t=Sum("tco2e"))
        .order_by()
    )


def _recorded(sums: list[dict], boundary: str) -> dict[int, Decimal]:
    """Each year's itemised figures on ``boundary`` (every figure for ALL_BOUNDARIES): a year is
    present when it has at least one figure there."""
    recorded: dict[int, Decimal] = {}
    for s in sums:
        if boundary == ALL_BOUNDARIES or s["boundary"] == boundary:
            year = s["reporting_year"]
            recorded[year] = recorded.get(year, Decimal(0)) + s["t"]
    return dict(sorted(recorded.items()))


def target_recorded(
    *, organisation: Organisation, target: Target, years: list[int] | None = None
) -> dict[int, Decimal]:
    """Each year's itemised figures on the target's boundary (all of them, for a target with no
    boundary), limited to ``years`` when given: what the trend page and the report's appendix
    compare a target with (one query)."""
    recorded = _recorded(_scope_sums(organisation), target.boundary or ALL_BOUNDARIES)
    if years is None:
        return recorded
    wanted = set(years)
    return {y: v for y, v in recorded.items() if y in wanted}


def _boundary_trend(
    *, boundary: str, label: str, sums: list[dict], stated: list[StatedTotal]
) -> BoundaryTrend:
    mine = [s for s in sums if boundary == ALL_BOUNDARIES or s["boundary"] == boundary]
    totals = [t for t in stated if boundary == ALL_BOUNDARIES or t.boundary == boundary]
    years = sorted({s["reporting_year"] for s in mine} | {t.reporting_year for t in totals})
    rows = []
    for year in years:
        by_scope: dict[int | None, Decimal] = {}
        for s in mine:
            if s["reporting_year"] == year:
                by_scope[s["scope"]] = by_scope.get(s["scope"], Decimal(0)) + s["t"]
        rows.append(
            TrendYear(
                year=year,
                by_scope={k: by_scope[k] for k in SCOPES if k in by_scope},
                itemised=sum(by_scope.values(), Decimal(0)) if by_scope else None,
                stated=[t for t in totals if t.reporting_year == year],
            )
        )
    return BoundaryTrend(boundary=boundary, label=label, years=rows)


SHORTFALL_ALLOWED = Decimal("0.5")  # itemised figures this far below a stated total still cover it


def _names(categories: set[str]) -> str:
    """Categories in the order the page lists them: "Electricity and Gas"."""
    labels = [label for value, label in Category.choices if value in categories]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"


def years_left_out(
    *, sums: list[dict], stated: list[StatedTotal], boundary: str, baseline_year: int | None
) -> list[LeftOut]:
    """The years on ``boundary`` (every boundary for ALL_BOUNDARIES) whose itemised figures are
    not like for like with the rest, so a change, rate, projection or verdict drawn from them
    would mislead. ``sums`` are ``_scope_sums`` rows, ``stated`` the organisation's top-level
    stated totals: no query here, whatever the number of years.

    The rule. A year with itemised figures is left out when either
    1. it lacks a category the reference has. The reference is the baseline year's categories
       when the baseline year has itemised figures on the boundary (a target is measured against
       its baseline, so a later year must cover at least what the baseline covered); otherwise
       the categories that more than half of the years with figures have (with no baseline year
       to go by, what most years cover is what a year is expected to cover; a category only one
       of two years has is required of neither). A year with more categories than the reference
       is kept: extra coverage can only make a cut look smaller, never larger; or
    2. its itemised figures on a boundary fall short of a total the organisation states for that
       year and boundary by more than SHORTFALL_ALLOWED (half a tonne: stated totals are
       printed in whole tonnes), whether or not the source says its parts are the whole: the
       stated total is the year's footprint, and the itemised part of it would flatter the year.
    A year with only a stated total has no itemised figures and is not compared in any case.
    Years left out stay in the table and the chart; each comes with a sentence saying why."""
    mine = [s for s in sums if boundary == ALL_BOUNDARIES or s["boundary"] == boundary]
    categories: dict[int, set[str]] = {}
    itemised: dict[tuple[int, str], Decimal] = {}
    for s in mine:
        year = s["reporting_year"]
        categories.setdefault(year, set()).add(s["category"])
        key = (year, s["boundary"])
        itemised[key] = itemised.get(key, Decimal(0)) + s["t"]
    years = sorted(categories)
    if baseline_year in categories:
        required = categories[baseline_year]
        having = f"as {financial_year_label(baseline_year)}, the baseline year, has"
    else:
        counts: dict[str, int] = {}
        for year in years:
            for c in categories[year]:
                counts[c] = counts.get(c, 0) + 1
        required = {c for c, n in counts.items() if n * 2 > len(years)}
        having = "as most years have"
    several = boundary == ALL_BOUNDARIES
    left: list[LeftOut] = []
    for year in years:
        label = financial_year_label(year)
        missing = required - categories[year]
        if missing:
            left.append(
                LeftOut(
                    year,
                    f"{label} is left out: it has figures for {_names(categories[year])} only, "
                    f"not {_names(missing)} {having}.",
                )
            )
            continue
        for total in stated:
            if total.reporting_year != year or not (several or total.boundary == boundary):
                continue
            parts = itemised.get((year, total.boundary), Decimal(0))
            if parts < total.tco2e - SHORTFALL_ALLOWED:
                where = f" ({total.get_boundary_display()})" if several else ""
                left.append(
                    LeftOut(
                        year,
                        f"{label} is left out: its itemised figures{where}, {_t(parts)} tCO2e, "
                        f"fall short of the total it states for that year, {total.label} "
                        f"{_t(total.tco2e)} tCO2e, so part of that year is missing.",
                    )
                )
                break
    return left


def target_trend(
    *, target: Target, recorded: dict[int, Decimal], left_out: list[LeftOut] | None = None
) -> TargetTrend:
    """The target's pathway, the change since its baseline, the rate still needed from the
    latest complete year, the projection and the verdict, from ``recorded`` (year -> tCO2e)
    less the years in ``left_out`` (see ``years_left_out``): only complete years are compared."""
    left_out = list(left_out or [])
    dropped = {y.year for y in left_out}
    compared = {y: v for y, v in recorded.items() if y not in dropped}
    latest = max(compared.items()) if compared else None
    nothing = {"pathway": {}, "change": None, "rate": None, "projection": None}
    seen = {"recorded": recorded, "compared": compared, "left_out": left_out}
    if (
        target.baseline_year is None
        or target.baseline_tco2e is None
        or target.target_year <= target.baseline_year
    ):
        return TargetTrend(
            target=target,
            target_tco2e=None,
            **seen,
            latest=latest,
            verdict=Verdict(None, NO_BASELINE_REASON),
            reason=NO_BASELINE_REASON,
            **nothing,
        )
    baseline, goal = (
        target.baseline_tco2e,
        target_value(target.baseline_tco2e, target.reduction_percent),
    )
    pathway = {
        y: pathway_value(
            baseline_year=target.baseline_year,
            baseline=baseline,
            target_year=target.target_year,
            reduction_percent=target.reduction_percent,
            year=y,
        )
        for y in range(target.baseline_year, target.target_year + 1)
    }
    common = {"target": target, "target_tco2e": goal, "pathway": pathway, **seen}
    if latest is None:
        reason = (
            "No year's figures on the target's boundary are complete: see the years left out."
            if recorded
            else "No figures are recorded on the target's boundary yet."
        )
        return TargetTrend(
            **common,
            latest=None,
            change=None,
            rate=None,
            projection=None,
            verdict=Verdict(None, reason),
            reason=reason,
        )
    moved = change(latest[1], baseline)
    if latest[0] >= target.target_year:
        at_target = compared.get(target.target_year)
        if at_target is None:
            reason = (
                f"The target year, {target.target_year}, has passed and no complete figure is "
                "recorded for it, so there is no verdict."
            )
            result = Verdict(None, reason)
        else:
            met = at_target <= goal
            reason = f"The target year, {target.target_year}, has passed: nothing is projected."
            result = Verdict(
                met,
                f"{'Met' if met else 'Missed'}: {target.target_year}'s figure, "
                f"{_t(at_target)} tCO2e, is {'at or below' if met else 'above'} the target of "
                f"{_t(goal)} tCO2e.",
            )
        return TargetTrend(
            **common,
            latest=latest,
            change=moved,
            rate=None,
            projection=None,
            verdict=result,
            reason=reason,
        )
    rate = required_rate(
        current_year=latest[0], current=latest[1], target_year=target.target_year, target=goal
    )
    projection = project(list(compared.items()), target.target_year)
    result = verdict(projection=projection, target=goal, target_year=target.target_year)
    return TargetTrend(
        **common,
        latest=latest,
        change=moved,
        rate=rate,
        projection=projection,
        verdict=result,
        reason="" if projection is not None else result.reason,
    )


def footprint_trend(*, organisation: Organisation) -> Trend:
    """The organisation's footprint year by year, per boundary (itemised figures by scope and in
    total, and the totals it states as a whole), and each target against the complete years'
    figures on its boundary (``years_left_out`` says which are not, and why). Three queries
    however many years."""
    sums = _scope_sums(organisation)
    stated = list(
        StatedTotal.objects.filter(organisation=organisation, parent__isnull=True).order_by(
            "reporting_year", "id"
        )
    )
    targets = footprint_targets(organisation=organisation)
    used = {s["boundary"] for s in sums} | {t.boundary for t in stated}
    # A target's boundary is shown with its pathway even before any figure is recorded on it.
    used |= {t.boundary for t in targets if t.boundary and t.baseline_tco2e is not None}
    boundaries = [
        _boundary_trend(boundary=value, label=label, sums=sums, stated=stated)
        for value, label in Boundary.choices
        if value in used
    ]
    if len(boundaries) > 1 and any(not t.boundary for t in targets):
        boundaries.append(
            _boundary_trend(boundary=ALL_BOUNDARIES, label="All boundaries", sums=sums, stated=[])
        )
    return Trend(
        organisation=organisation,
        years=sorted({s["reporting_year"] for s in sums} | {t.reporting_year for t in stated}),
        boundaries=boundaries,
        targets=[
            target_trend(
                target=t,
                recorded=_recorded(sums, t.boundary or ALL_BOUNDARIES),
                left_out=years_left_out(
                    sums=sums,
                    stated=stated,
                    boundary=t.boundary or ALL_BOUNDARIES,
                    baseline_year=t.baseline_year,
                ),
            )
            for t in targets
        ],
    )
