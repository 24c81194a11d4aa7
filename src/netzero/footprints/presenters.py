"""What the footprint pages print, worked out from the selectors' results: year links, the
partnership's table and its added-up row, and the activity page's messages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from netzero.core.years import financial_year_label
from netzero.footprints.models import ImportBatch
from netzero.footprints.selectors import MemberRow
from netzero.organisations.models import Organisation

ERRORS_SHOWN = 50  # problems listed on the activity page; the rest are counted


def year_links(*, years: list[int], current: int) -> list[tuple[str, bool]]:
    """Each reporting year as written ("2019-20"), and whether it is the one shown."""
    return [(financial_year_label(y), y == current) for y in years]


@dataclass(frozen=True)
class PartnershipTable:
    years: list[str]  # "2019-20", ...
    table: list[dict[str, Any]]  # one row per organisation, the partnership first
    rollup: list[Decimal | int]  # the members' itemised figures added up, per year
    has_members: bool


def partnership_table(
    *, partnership: Organisation, years: list[int], rows: list[MemberRow]
) -> PartnershipTable:
    """The partnership page's table: each organisation's stated totals per year (or its itemised
    figures where it states no total), whether it has a footprint page, and the last row adding
    up the members' itemised figures (leaving out the partnership's own, which include them)."""
    table = [
        {
            "organisation": row.organisation,
            # A member with no figures yet (a council with only targets) has no footprint page.
            "has_page": bool(row.by_year or row.entries_total)
            or row.organisation.pk == partnership.pk,
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
    members = [row for row in rows if row.organisation.pk != partnership.pk]
    rollup = [sum((row.entries_total.get(y, 0) for row in members), 0) for y in years]
    return PartnershipTable(
        years=[financial_year_label(y) for y in years],
        table=table,
        rollup=rollup,
        has_members=bool(members),
    )


def errors_shown(errors: list[str]) -> tuple[list[str], int]:
    """The first ERRORS_SHOWN problems, and how many more there are."""
    return errors[:ERRORS_SHOWN], max(len(errors) - ERRORS_SHOWN, 0)


def import_saved_message(
    *, organisation: Organisation, batch: ImportBatch, replaced: ImportBatch | None
) -> str:
    replacing = f" It replaces import {replaced.pk}." if replaced else ""
    return (
        f"Saved {batch.figures_created:,} figures for {organisation.name} (import {batch.pk})."
        + replacing
    )


def import_undone_message(*, batch: ImportBatch) -> str:
    return f"Import {batch.pk} is undone: its {batch.figures_created:,} figures are removed."
