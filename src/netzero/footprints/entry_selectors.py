"""Reads for the pages where an organisation's managers keep its reported figures, stated
totals, targets and factor set choices."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from netzero.core.exceptions import NotFound
from netzero.core.years import financial_year_label
from netzero.factors import selectors as factor_selectors
from netzero.factors.models import Factor, FactorSet, SetYearChoice
from netzero.factors.sources import set_year_for_reporting_year
from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.organisations.models import Organisation

HISTORY_SHOWN = 20


@dataclass
class YearFigures:
    year: int
    label: str
    totals: list[StatedTotal] = field(default_factory=list)
    reported: list[FootprintEntry] = field(default_factory=list)
    calculated: int = 0  # figures from activity data imports, kept on the activity data page


def figures_by_year(*, organisation: Organisation) -> list[YearFigures]:
    """Each reporting year's stated totals and reported figures (newest year first), with how
    many calculated figures it also has: three queries."""
    years: dict[int, YearFigures] = {}

    def year(y: int) -> YearFigures:
        return years.setdefault(y, YearFigures(year=y, label=financial_year_label(y)))

    for total in StatedTotal.objects.filter(organisation=organisation).select_related("parent"):
        year(total.reporting_year).totals.append(total)
    reported = FootprintEntry.objects.filter(
        organisation=organisation, method=FootprintEntry.Method.REPORTED
    ).select_related("itemises")
    for entry in reported:
        year(entry.reporting_year).reported.append(entry)
    calculated = (
        FootprintEntry.objects.filter(
            organisation=organisation, method=FootprintEntry.Method.CALCULATED
        )
        .order_by()
        .values("reporting_year")
        .annotate(n=Count("id"))
    )
    for row in calculated:
        year(row["reporting_year"]).calculated = row["n"]
    return [years[y] for y in sorted(years, reverse=True)]


def _one(rows, pk: int, what: str):
    found = rows.filter(pk=pk).first()
    if found is None:
        raise NotFound(f"No {what} with that number for this organisation.")
    return found


def reported_entry_get(*, organisation: Organisation, pk: int) -> FootprintEntry:
    """One of the organisation's figures (reported or calculated: the service says which it may
    change)."""
    return _one(FootprintEntry.objects.filter(organisation=organisation), pk, "figure")


def stated_total_get(*, organisation: Organisation, pk: int) -> StatedTotal:
    return _one(StatedTotal.objects.filter(organisation=organisation), pk, "stated total")


def target_get(*, organisation: Organisation, pk: int) -> Target:
    return _one(Target.objects.filter(organisation=organisation), pk, "target")


def stated_total_choices(
    *, organisation: Organisation, leave_out: StatedTotal | None = None
) -> list[tuple[int, str]]:
    """The organisation's stated totals as a form's choices: "2022-23: label (tCO2e)"."""
    rows = StatedTotal.objects.filter(organisation=organisation)
    if leave_out is not None:
        rows = rows.exclude(Q(pk=leave_out.pk) | Q(parent=leave_out))
    return [
        (t.pk, f"{financial_year_label(t.reporting_year)}: {t.label} ({t.tco2e:,f} tCO2e)")
        for t in rows.order_by("-reporting_year", "label")
    ]


def stated_total_by_pk(*, organisation: Organisation, pk: int | None) -> StatedTotal | None:
    """The total a form's choice names (None for none), within the organisation."""
    if pk is None:
        return None
    return stated_total_get(organisation=organisation, pk=pk)


def factor_set_options() -> list[FactorSet]:
    """The conversion factor sets loaded, oldest first (year, shipped or supplied, file)."""
    return list(FactorSet.objects.order_by("set_year").only("set_year", "origin", "source_file"))


def set_year_choices(*, organisation: Organisation) -> list[SetYearChoice]:
    """The organisation's factor set choices, by reporting year (oldest first)."""
    return list(SetYearChoice.objects.filter(organisation=organisation).order_by("reporting_year"))


def set_year_choice_history(*, organisation: Organisation) -> list:
    """The latest changes to the organisation's factor set choices, newest first, including
    choices since undone (who, when, and the reason recorded)."""
    return list(
        SetYearChoice.history.filter(organisation=organisation)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:HISTORY_SHOWN]
    )


def record_history(*, record) -> list:
    """The latest changes to a record (newest first), each with the one before it for the
    difference, and the person who made it."""
    rows = list(
        record.history.select_related("history_user").order_by("-history_id")[: HISTORY_SHOWN + 1]
    )
    return rows


# --- The activity page's search over a factor set's published rows ------------------------

FACTORS_SHOWN = 50
FACTORS_COUNTED = 500
FACTOR_CHOICES = 20  # suggestions as you type


@dataclass(frozen=True)
class FactorsFound:
    set_year: int  # the set that applies to the reporting year (chosen, or the year's own)
    rows: list  # the first ``shown`` matching Factor rows, in the file's order
    matched: int  # how many match, up to FACTORS_COUNTED + 1 ("more than 500")
    loaded: bool = True  # False: that set is not loaded, so nothing could be searched


def factors_find(
    *, organisation: Organisation, reporting_year: int, query: str, shown: int = FACTORS_SHOWN
) -> FactorsFound:
    """The published rows of the set that applies to this organisation's reporting year whose
    levels, column text or unit hold every word of ``query`` (the factors app's search); when
    that set is not loaded, none (``loaded`` False) with the set's year."""
    try:
        factor_set = factor_selectors.factor_set_for(
            reporting_year=reporting_year, organisation=organisation
        )
    except ValidationError:
        choice = SetYearChoice.objects.filter(
            organisation=organisation, reporting_year=reporting_year
        ).first()
        set_year = choice.set_year if choice else set_year_for_reporting_year(reporting_year)
        return FactorsFound(set_year=set_year, rows=[], matched=0, loaded=False)
    rows = factor_selectors.factor_search(
        factor_set=factor_set, query=query, limit=FACTORS_COUNTED + 1
    )
    return FactorsFound(set_year=factor_set.set_year, rows=list(rows[:shown]), matched=len(rows))


def factor_chosen(*, pk: int) -> Factor:
    """A factor row chosen from the search, with its set; NotFound if there is none."""
    factor = Factor.objects.select_related("factor_set").filter(pk=pk).first()
    if factor is None:
        raise NotFound("No conversion factor with that number.")
    return factor
