"""Finding factors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

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
        raise ValidationError(
            _no_set_message(reporting_year, set_year, organisation), code="no_factor_set"
        )
    return factor_set


def _no_set_message(reporting_year: int, set_year: int, organisation=None) -> str:
    """Why there are no factors for a year, and the two real ways out, for a person on a page and
    for whoever runs the service."""
    from netzero.factors.sources import SOURCES

    label = financial_year_label(reporting_year)
    loaded = [str(y) for y in FactorSet.objects.values_list("set_year", flat=True)]
    shipped = ", ".join(str(y) for y in SOURCES)
    if set_year in SOURCES:
        return (
            f"No conversion factors are loaded for {label}: the {set_year} set ships with the "
            "product but is not loaded. Whoever runs the service loads it with: netzero factors "
            f"load --year {set_year}."
        )
    slug = getattr(organisation, "slug", "") or "SLUG"
    return (
        f"No conversion factors are loaded for {label} (set year {set_year}). The product ships "
        f"the {shipped} sets; loaded: {', '.join(loaded) or 'none'}. Either choose a loaded set "
        f"for {label} under 'Conversion factors for each reporting year' on the organisation's "
        f"figures page (or: netzero factors choose --org {slug} --year {label} --set-year YEAR "
        f"--reason TEXT), or have whoever runs the service load the government's {set_year} "
        f"flat file (netzero factors load --file PATH --year {set_year})."
    )


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


_SEARCHED = ("level_1", "level_2", "level_3", "level_4", "column_text", "unit")


def _published_totals(factor_set: FactorSet):
    return Factor.objects.filter(
        factor_set=factor_set, gas=Factor.Gas.CO2E, value__isnull=False
    ).select_related("factor_set")


def factor_search(*, factor_set: FactorSet, query: str, limit: int = 50) -> list[Factor]:
    """Rows of the set with a published kg CO2e value in which every word of ``query`` (any
    case) is found in level 1-4, the column text or the unit; in the file's own order.

    Plain ``icontains`` per word, ANDed: LIKE on SQLite, UPPER(...) LIKE on PostgreSQL. An empty
    query finds nothing (a search is for a row someone describes, not a listing of 8,000)."""
    words = str(query or "").split()
    if not words:
        return []
    rows = _published_totals(factor_set)
    for word in words:
        match = Q()
        for name in _SEARCHED:
            match |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(match)
    return list(rows.order_by("source_row")[: max(limit, 0)])


def _described(factor: Factor) -> str:
    levels = " / ".join(
        x for x in (factor.level_1, factor.level_2, factor.level_3, factor.level_4) if x
    )
    column = f", {factor.column_text}" if factor.column_text else ""
    return f"{levels}{column} per {factor.unit}"


def _published(factor: Factor, named: str) -> Factor:
    if factor.value is None:
        blank = f": {factor.value_text}" if factor.value_text else ""
        raise ValidationError(
            f"The {factor.factor_set.set_year} factor {named} ({_described(factor)}) is not "
            f"published (the cell is blank{blank}); it is never taken as zero.",
            code="factor_not_published",
        )
    return factor


def factor_by_id(*, factor_set: FactorSet, source_id: str) -> Factor:
    """The kg CO2e row the government's file gives this ID (the stable IDs start in 2023)."""
    wanted = str(source_id or "").strip()
    year = factor_set.set_year
    if not factor_set.factors.exclude(source_id="").exists():
        raise ValidationError(
            f"The {year} factors have no IDs (the government's files give each row an ID from "
            "2023 on): name the row by its levels and unit (level_1, level_2, level_3, "
            "factor_unit) instead.",
            code="no_ids_in_set",
        )
    factor = (
        Factor.objects.select_related("factor_set")
        .filter(factor_set=factor_set, source_id__iexact=wanted)
        .first()
        if wanted
        else None
    )
    if factor is None:
        raise ValidationError(
            f"No row of the {year} factors has the ID {wanted[:40]!r}.", code="unknown_factor_id"
        )
    if factor.gas != Factor.Gas.CO2E:
        total = (
            _published_totals(factor_set)
            .filter(
                scope=factor.scope,
                level_1=factor.level_1,
                level_2=factor.level_2,
                level_3=factor.level_3,
                level_4=factor.level_4,
                column_text=factor.column_text,
                unit=factor.unit,
            )
            .first()
        )
        hint = f"; the total's ID is {total.source_id}" if total and total.source_id else ""
        raise ValidationError(
            f"The {year} row {factor.source_id} is the {factor.get_gas_display()} part only, not "
            f"the kg CO2e total{hint}.",
            code="not_a_total",
        )
    return _published(factor, f"with ID {factor.source_id}")


def _same_text(value: str) -> str:
    return " ".join(str(value or "").split()).casefold()


def factor_by_levels(
    *,
    factor_set: FactorSet,
    level_1: str,
    level_2: str,
    level_3: str,
    level_4: str = "",
    column_text: str = "",
    unit: str,
    scope: str | None = None,
) -> Factor:
    """The one kg CO2e row with these levels, column text and unit (and scope, where they
    repeat), matched as published whatever the case and spacing ("gas  OIL" is "Gas oil")."""
    wanted = {
        "level_1": _same_text(level_1),
        "level_2": _same_text(level_2),
        "level_3": _same_text(level_3),
        "unit": _same_text(unit),
    }
    # Level 4 and the column text, when not given, match any (the 2019-21 files put "Energy -
    # Gross CV" in the column text that later files leave blank), preferring a blank one.
    optional = {"level_4": _same_text(level_4), "column_text": _same_text(column_text)}
    wanted.update({name: value for name, value in optional.items() if value})
    if scope is not None and str(scope).strip():
        scope_text = _same_text(scope)
        if scope_text.isdigit():
            scope_text = f"scope {scope_text}"
        wanted["scope"] = scope_text
    # Narrowed in the database by level 3's longest word, then compared exactly in Python.
    candidates = Factor.objects.select_related("factor_set").filter(
        factor_set=factor_set, gas=Factor.Gas.CO2E
    )
    words = sorted(wanted["level_3"].split(), key=len)
    if words:
        candidates = candidates.filter(level_3__icontains=words[-1])
    found = [
        f
        for f in candidates
        if all(_same_text(getattr(f, name)) == value for name, value in wanted.items())
    ]
    if not found:
        named = " / ".join(x for x in (level_1, level_2, level_3, level_4) if x)
        column = f", {column_text}" if column_text else ""
        raise ValidationError(
            f"No {factor_set.set_year} factor for {named}{column} per {unit}"
            f"{' in ' + scope if scope else ''}: give the levels, column text and unit as the "
            "government's file publishes them.",
            code="no_factor",
        )
    for name, value in optional.items():
        if not value and len(found) > 1:
            found = [f for f in found if not _same_text(getattr(f, name))] or found
    if len(found) > 1:
        scopes = sorted({f.scope for f in found})
        raise ValidationError(
            f"{len(found)} rows of the {factor_set.set_year} factors match {_described(found[0])}"
            f" ({', '.join(s or 'no scope' for s in scopes)}); give the level 4, column text or "
            "scope that tells them apart.",
            code="ambiguous_factor",
        )
    return _published(found[0], "named")
