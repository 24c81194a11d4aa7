"""What the footprint pages print, worked out from the selectors' results: year links, the
partnership's table and its added-up row, and the activity page's messages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from netzero.core.users import full_name
from netzero.core.years import financial_year_label
from netzero.factors.sources import set_year_for_reporting_year
from netzero.footprints.charts import added_up_chart_spec, for_page
from netzero.footprints.models import Boundary, FootprintEntry, ImportBatch
from netzero.footprints.selectors import MemberRow
from netzero.footprints.units import to_factor_unit
from netzero.organisations.models import Organisation, PartnershipRole

ERRORS_SHOWN = 50  # problems listed on the activity page; the rest are counted


def factor_value_text(value: Decimal | None) -> str:
    """A conversion factor as printed: its significant digits only, never padded with the
    database's zeros nor in exponent form (0.182540000000000 -> "0.18254", 1790.0000 ->
    "1,790"). Every page that shows a factor prints it through this."""
    if value is None:
        return "not published"
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return f"{int(normal):,}"
    return f"{normal:,f}"


def entry_how(entry: FootprintEntry) -> str:
    """How a figure was arrived at, in words: "Reported total", or "Calculated from activity
    data: 100 miles (160.9344 km) x 0.16984 kg CO2e per km (Business travel- land / Cars (by
    size) / Average car / Diesel; 2024 factors, row 686, ID ...). Site or meter: Pool cars." The
    quantity is shown in the factor's unit too when it was converted, so the numbers shown
    multiply to the figure."""
    method = entry.get_method_display()
    if entry.factor_id is not None:
        factor = entry.factor
        where = f"{factor.factor_set.set_year} factors, row {factor.source_row}"
        if factor.source_id:
            where += f", ID {factor.source_id}"
        return (
            f"{method}: {_amount(entry, factor.unit)} \u00d7 "
            f"{factor_value_text(factor.value)} kg CO2e {per_unit(factor.unit)} "
            f"({factor_levels_text(factor)}; {where}).{_reference(entry)}"
        )
    if entry.supplementary_factor_id is not None:
        factor = entry.supplementary_factor
        return (
            f"{method}: {_amount(entry, factor.unit)} \u00d7 "
            f"{factor_value_text(factor.kg_co2e_per_unit)} kg CO2e {per_unit(factor.unit)} "
            f"({factor.citation}){_reference(entry)}"
        )
    return method


# A factor's unit as the government's files print it, after "per": singular, and a unit that
# already says "per" is not given a second one.
_PER_UNIT = {
    "litres": "litre",
    "Litres": "litre",
    "tonnes": "tonne",
    "cubic metres": "cubic metre",
    "miles": "mile",
    "Room per night": "room per night",
    "inhaler": "inhaler",
}


def per_unit(unit: str) -> str:
    """ "per litre", "per kWh (Gross CV)", "per FTE Working Hour" (never "per per ...")."""
    if unit.lower().startswith("per "):
        return unit
    return f"per {_PER_UNIT.get(unit, unit)}"


def _amount(entry: FootprintEntry, factor_unit: str) -> str:
    amount = f"{_quantity(entry.quantity)} {entry.unit}"
    if entry.quantity is None or factor_unit == "inhaler":
        return amount
    try:
        converted = to_factor_unit(entry.quantity, entry.unit, factor_unit)
    except ValidationError:
        return amount
    if converted == entry.quantity:
        return amount
    return f"{amount} ({factor_value_text(converted.normalize())} {factor_unit})"


def _reference(entry: FootprintEntry) -> str:
    return f" Site or meter: {entry.reference}." if entry.reference else ""


def factor_levels_text(factor) -> str:
    """A published row named by its levels and column text, as the file prints them."""
    parts = [factor.level_1, factor.level_2, factor.level_3, factor.level_4, factor.column_text]
    return " / ".join(p for p in parts if p)


def _quantity(value: Decimal | None) -> str:
    return "?" if value is None else factor_value_text(value)


def year_links(*, years: list[int], current: int) -> list[tuple[str, bool]]:
    """Each reporting year as written ("2019-20"), and whether it is the one shown."""
    return [(financial_year_label(y), y == current) for y in years]


@dataclass(frozen=True)
class AddedUp:
    """One boundary's itemised figures of the members, added up per year only where they are
    comparable: every member with figures on this boundary in any year has figures that year."""

    boundary: str  # its code, for the row's id
    label: str  # "NHS Carbon Footprint"
    values: list[Decimal | None]  # None: not added up (see gaps), or no member has figures
    members: list[str]  # the members with figures on this boundary in some year
    gaps: list[tuple[str, list[str], list[str]]]  # (year, members with figures, without)

    @property
    def complete_years(self) -> int:
        return sum(v is not None for v in self.values)


@dataclass(frozen=True)
class PartnershipTable:
    years: list[str]  # "2019-20", ...
    table: list[dict[str, Any]]  # one row per organisation, the partnership first
    rollup: list[AddedUp]  # the members' itemised figures added up, per boundary and year
    has_members: bool
    chart: dict[str, Any] | None = None  # the added-up rows as lines and points


def partnership_table(
    *, partnership: Organisation, years: list[int], rows: list[MemberRow]
) -> PartnershipTable:
    """The partnership page's table: each organisation's stated totals per year (or its itemised
    figures where it states no total), how it belongs to the partnership (member or partner),
    whether it has figures (every organisation has a footprint page; one without figures says
    so), and, per boundary, the members' itemised figures added up (leaving out the
    partnership's own, which include them) in the years every member reporting on that boundary
    has figures. Boundaries are never added together: an NHS Carbon Footprint and a Carbon
    Footprint Plus measure different things."""
    table = [
        {
            "organisation": row.organisation,
            "has_figures": bool(row.by_year or row.entries_total),
            "is_partnership": row.organisation.pk == partnership.pk,
            "is_partner": row.organisation.partnership_role == PartnershipRole.PARTNER
            and row.organisation.pk != partnership.pk,
            "cells": [
                {
                    "totals": row.by_year.get(y, []),
                    "itemised": row.entries_total.get(y),
                }
                for y in years
            ],
        }
        for row in rows
    ]
    # Added up: the members' figures only. A partner (a council working with an ICS) is listed
    # beside them but is not part of the partnership's footprint.
    members = [
        row
        for row in rows
        if row.organisation.pk != partnership.pk
        and row.organisation.partnership_role == PartnershipRole.MEMBER
    ]
    boundaries = {b for row in members for _, b in row.by_boundary}
    rollup = [
        _added_up(boundary=boundary, label=label, members=members, years=years)
        for boundary, label in Boundary.choices
        if boundary in boundaries
    ]
    labels = [financial_year_label(y) for y in years]
    series = {
        added.label: dict(zip(labels, added.values, strict=True))
        for added in rollup
        if added.complete_years >= 1  # one year is drawn as a point
    }
    chart = (
        for_page(  # the page's heading names the partnership: a short title, to fit a phone
            added_up_chart_spec(title="Members' figures added up", years=labels, series=series)
        )
        if series
        else None
    )
    return PartnershipTable(
        years=labels, table=table, rollup=rollup, has_members=bool(members), chart=chart
    )


def _added_up(*, boundary: str, label: str, members: list[MemberRow], years: list[int]) -> AddedUp:
    """A year is added up only when every member with figures on ``boundary`` in any year has
    figures on it that year; otherwise the year says which members have figures and which do
    not, and nothing is added (a sum of some members would not compare with a sum of all)."""
    reporting = [m for m in members if any(b == boundary for _, b in m.by_boundary)]
    values: list[Decimal | None] = []
    gaps = []
    for year in years:
        have = [m for m in reporting if (year, boundary) in m.by_boundary]
        if have and len(have) == len(reporting):
            values.append(sum((m.by_boundary[(year, boundary)] for m in have), Decimal(0)))
            continue
        values.append(None)
        if have:
            gaps.append(
                (
                    financial_year_label(year),
                    [m.organisation.name for m in have],
                    [m.organisation.name for m in reporting if m not in have],
                )
            )
    return AddedUp(
        boundary=boundary,
        label=label,
        values=values,
        members=[m.organisation.name for m in reporting],
        gaps=gaps,
    )


def errors_shown(errors: list[str]) -> tuple[list[str], int]:
    """The first ERRORS_SHOWN problems, and how many more there are."""
    return errors[:ERRORS_SHOWN], max(len(errors) - ERRORS_SHOWN, 0)


def import_saved_message(
    *, organisation: Organisation, batch: ImportBatch, replaced: ImportBatch | None
) -> str:
    replacing = f" It replaces import {replaced.pk}." if replaced else ""
    n = batch.figures_created
    return (
        f"Saved {n:,} figure{'' if n == 1 else 's'} for {organisation.name} (import {batch.pk})."
        + replacing
    )


@dataclass(frozen=True)
class ImportBatchRow:
    batch: ImportBatch
    who: str  # the person's full name, else the words recorded with the import
    undone_who: str


def import_batch_rows(batches: list[ImportBatch]) -> list[ImportBatchRow]:
    """The imports table's rows: people by their full name (the words kept with the batch when
    the account is gone or the import came from the command line)."""
    return [
        ImportBatchRow(
            batch=b,
            who=full_name(b.user, nobody=b.who),
            undone_who=full_name(b.undone_by, nobody=b.undone_by_who),
        )
        for b in batches
    ]


def import_undone_message(*, batch: ImportBatch) -> str:
    return f"Import {batch.pk} is undone: its {batch.figures_created:,} figures are removed."


# --- The figures pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    when: Any  # a datetime
    who: str
    what: str


_HISTORY_TYPES = {"+": "Added", "-": "Deleted"}
_HIDDEN_IN_HISTORY = {"id", "organisation", "method", "batch"}


def _history_value(value: Any) -> str:
    if value in (None, ""):
        return "blank"
    if isinstance(value, Decimal):
        return factor_value_text(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def history_rows(rows: list, *, shown: int) -> list[HistoryRow]:
    """A record's history (newest first) as who did what when: each change lists the fields it
    changed, from what to what; people by full name."""
    out = []
    for index, row in enumerate(rows[:shown]):
        older = rows[index + 1] if index + 1 < len(rows) else None
        what = _HISTORY_TYPES.get(row.history_type, "Changed")
        if row.history_type == "~" and older is not None:
            model = row.instance_type
            changes = [
                f"{model._meta.get_field(c.field).verbose_name}: {_history_value(c.old)} "
                f"\u2192 {_history_value(c.new)}"
                for c in row.diff_against(older).changes
                if c.field not in _HIDDEN_IN_HISTORY
            ]
            what = "Changed " + "; ".join(changes) if changes else "Saved without changes"
        out.append(
            HistoryRow(
                when=row.history_date,
                who=full_name(row.history_user, nobody="Not recorded"),
                what=what,
            )
        )
    return out


def figure_saved_message(*, what: str, year: int | None, verb: str) -> str:
    """The banner after a change: "Reported figure for 2022-23 saved."."""
    when = f" for {financial_year_label(year)}" if year is not None else ""
    return f"{what}{when} {verb}."


def set_year_choice_rows(choices: list) -> list[dict[str, Any]]:
    """Each reporting year's chosen factor set, as the figures page lists it (with the year its
    own set would be, for "Use the default set")."""
    return [
        {
            "year": financial_year_label(c.reporting_year),
            "set_year": c.set_year,
            "default": set_year_for_reporting_year(c.reporting_year),
            "reason": c.reason,
        }
        for c in choices
    ]


def set_year_history_rows(records: list) -> list[HistoryRow]:
    """The factor set choices' history: when, who (full name), and what was recorded."""
    return [
        HistoryRow(
            when=r.history_date,
            who=full_name(r.history_user, nobody="Not recorded"),
            what=r.history_change_reason
            or f"{r.set_year} factors for {financial_year_label(r.reporting_year)}",
        )
        for r in records
    ]


def target_rows(targets: list) -> list[dict[str, Any]]:
    """The figures page's targets: the baseline year as a reporting year (2021-22)."""
    return [
        {
            "target": t,
            "baseline": financial_year_label(t.baseline_year) if t.baseline_year else "",
        }
        for t in targets
    ]


@dataclass(frozen=True)
class FactorRow:
    pk: int
    levels: str  # "Fuels / Liquid fuels / Gas oil"
    column_text: str
    unit: str
    value: str  # "0.25677 kg CO2e per kWh (Net CV)"
    where: str  # "2023 set, ID ..." or "2019 set, row 123"
    scope: str


def factor_row(factor) -> FactorRow:
    """A published factor row as the activity page's search lists it."""
    levels = " / ".join(
        x for x in (factor.level_1, factor.level_2, factor.level_3, factor.level_4) if x
    )
    ident = f"ID {factor.source_id}" if factor.source_id else f"row {factor.source_row}"
    return FactorRow(
        pk=factor.pk,
        levels=levels,
        column_text=factor.column_text,
        unit=factor.unit,
        value=f"{factor_value_text(factor.value)} kg CO2e per {factor.unit}",
        where=f"{factor.factor_set.set_year} set, {ident}",
        scope=factor.scope,
    )


def factors_found_message(
    *, shown: int, matched: int, counted: int, set_year: int, reporting_year: int
) -> str:
    """What the search found, in words, naming the set searched (and, when it is another year's
    set, the reporting year that uses it); when it is capped, how to narrow it."""
    label = financial_year_label(reporting_year)
    own = set_year == set_year_for_reporting_year(reporting_year)
    in_set = f"the {set_year} set" + ("" if own else f" (the set {label} uses)")
    if not matched:
        return f"No conversion factor in {in_set} matches those words: try fewer or other words."
    if matched <= shown:
        rows = "row matches" if matched == 1 else "rows match"
        return f"{matched} published {rows} in {in_set}."
    of = f"more than {counted:,}" if matched > counted else f"{matched:,}"
    return f"Showing {shown} of {of} matching rows in {in_set}: add words to narrow the search."


def factors_unavailable_message(*, reporting_year: int, set_year: int) -> str:
    """Why the search has nothing for a year with no loaded set, in a manager's words (the
    page links to where a set is chosen)."""
    label = financial_year_label(reporting_year)
    return (
        f"No conversion factors are loaded for {label}: it uses the {set_year} set, which is "
        f"not loaded. Choose a loaded set for {label} on the Figures and targets page, or ask "
        f"whoever runs Net Zero Tracker to load the government's {set_year} file."
    )


def factor_choice_label(row: FactorRow) -> str:
    """One suggestion of the factor search as you type: levels, column, value and where from."""
    column = f", {row.column_text}" if row.column_text else ""
    return f"{row.levels}{column}: {row.value} ({row.where})"
