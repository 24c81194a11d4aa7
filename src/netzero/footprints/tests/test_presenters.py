"""What the footprint pages print, from the presenters (exact texts and figures)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest

from netzero.demo.green_plan import green_plan_load
from netzero.footprints.presenters import (
    errors_shown,
    import_saved_message,
    import_undone_message,
    partnership_table,
    year_links,
)
from netzero.footprints.selectors import partnership_overview


def test_year_links_write_financial_years_and_mark_the_one_shown():
    assert year_links(years=[2019, 2020], current=2020) == [("2019-20", False), ("2020-21", True)]


@pytest.mark.django_db
def test_partnership_table_rows_and_the_members_added_up():
    orgs = green_plan_load()
    ics = orgs["jucd-ics"]
    years, rows = partnership_overview(partnership=ics)
    page = partnership_table(partnership=ics, years=years, rows=rows)
    assert page.years == ["2019-20", "2020-21"]
    assert page.has_members
    assert [row["organisation"].slug for row in page.table] == [
        "jucd-ics",
        "crhft",
        "dchs",
        "dhcft",
        "emas",
        "uhdb",
    ]
    by_slug = {row["organisation"].slug: row for row in page.table}
    assert by_slug["jucd-ics"]["has_figures"] and not by_slug["emas"]["has_figures"]
    assert by_slug["jucd-ics"]["is_partnership"] and not by_slug["crhft"]["is_partnership"]
    # Only the totals that are not part of another: DCHS's combined figure, as printed.
    assert [[t.label for t in c["totals"]] for c in by_slug["dchs"]["cells"]] == [
        [],
        ["Combined Carbon Footprint Plus"],
    ]
    assert [c["itemised"] for c in by_slug["crhft"]["cells"]] == [Decimal("9450.000"), None]
    # The ICS's own figures are left out: they already include its members'. Each boundary is
    # added up on its own (DCHS's and UHDB's Plus figures are not added to anyone's NHS CF), and
    # only in a year when every member itemising on it has figures: on the NHS Carbon Footprint,
    # Chesterfield itemises 2019-20 only and the others 2020-21 only, so no year adds up.
    assert [(r.boundary, r.label, r.values) for r in page.rollup] == [
        ("nhs_cf", "NHS Carbon Footprint", [None, None]),
        ("nhs_cf_plus", "NHS Carbon Footprint Plus", [None, Decimal("22300") + 125482]),
    ]
    nhs_cf = page.rollup[0]
    crhft, dchs, dhcft, uhdb = (
        by_slug[s]["organisation"].name for s in ("crhft", "dchs", "dhcft", "uhdb")
    )
    assert nhs_cf.members == [crhft, dchs, dhcft, uhdb]
    assert nhs_cf.gaps == [
        ("2019-20", [crhft], [dchs, dhcft, uhdb]),
        ("2020-21", [dchs, dhcft, uhdb], [crhft]),
    ]
    assert page.rollup[1].gaps == []
    # The Plus boundary adds up in one year only: the chart draws it as a point.
    assert page.chart["title"] == "Members' figures added up"
    assert [v for v in page.chart["data"]["values"] if v["tco2e"] is not None] == [
        {"year": "2020-21", "boundary": "NHS Carbon Footprint Plus", "tco2e": 147782.0}
    ]


@pytest.mark.django_db
def test_a_partnership_without_members_has_no_table():
    orgs = green_plan_load()
    years, rows = partnership_overview(partnership=orgs["dchs"])
    assert not partnership_table(partnership=orgs["dchs"], years=years, rows=rows).has_members


def test_errors_shown_lists_fifty_and_counts_the_rest():
    errors = [f"Row {n}: problem." for n in range(1, 53)]
    shown, more = errors_shown(errors)
    assert shown == errors[:50] and more == 2
    assert errors_shown(["Row 1: problem."]) == (["Row 1: problem."], 0)


def test_import_messages():
    organisation = SimpleNamespace(name="Derbyshire Community Health Services NHS Foundation Trust")
    batch = SimpleNamespace(pk=12, figures_created=1234)
    assert import_saved_message(organisation=organisation, batch=batch, replaced=None) == (
        "Saved 1,234 figures for Derbyshire Community Health Services NHS Foundation Trust "
        "(import 12)."
    )
    assert import_saved_message(
        organisation=organisation, batch=batch, replaced=SimpleNamespace(pk=9)
    ) == (
        "Saved 1,234 figures for Derbyshire Community Health Services NHS Foundation Trust "
        "(import 12). It replaces import 9."
    )
    one = SimpleNamespace(pk=13, figures_created=1)
    assert import_saved_message(organisation=organisation, batch=one, replaced=None) == (
        "Saved 1 figure for Derbyshire Community Health Services NHS Foundation Trust (import 13)."
    )
    assert import_undone_message(batch=batch) == (
        "Import 12 is undone: its 1,234 figures are removed."
    )
