"""The report's optional appendices: the owner's footprint and targets, and the indicators.

Their figures are the pages' own (compared with the rendered pages), every chart is drawn as SVG
and PNG, publishing freezes them in the period's report details (in the publishing transaction),
and a published period's appendices never change afterwards while an open period's do.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from netzero.access.models import Membership
from netzero.core.exceptions import Refused
from netzero.footprints.charts import category_chart_spec
from netzero.footprints.models import FootprintEntry, StatedTotal, Target
from netzero.footprints.selectors import footprint_summary
from netzero.footprints.services import entry_report, stated_total_record
from netzero.indicators.models import IndicatorValue
from netzero.indicators.presenters import indicator_page
from netzero.indicators.selectors import indicator_get
from netzero.indicators.services import indicator_create, indicator_goal_add, indicator_value_add
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.signals import period_published
from netzero.reports.appendices import (
    APPENDICES,
    FOOTPRINT_TITLE,
    INDICATORS_TITLE,
    NO_BASELINE_FIGURE,
    appendices_for,
    blocks_from_json,
    blocks_to_json,
    footprint_appendix,
    footprint_year_shown,
    indicators_appendix,
    summary_as_at,
)
from netzero.reports.document import (
    Cell,
    Chart,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    document_words,
)
from netzero.reports.models import ReportDetails
from netzero.reports.selectors import report_document
from netzero.testing.factories import (
    MembershipFactory,
    PlanFactory,
    ReportingPeriodFactory,
)
from netzero.workflow.models import PeriodEvent
from netzero.workflow.services import period_publish, period_reopen

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DASH = "\N{EN DASH}"


# Reading the pages' tables ------------------------------------------------------------------


class _Tables(HTMLParser):
    """Each table's body rows as the cells' text, by the table's id."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._in_body = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id") or ""
            self.tables[self._table] = []
        elif tag == "tbody" and self._table is not None:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._in_body:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            lines = [re.sub(r"\s+", " ", line).strip() for line in text.split("\n")]
            self.tables[self._table][-1].append("\n".join(line for line in lines if line))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(client, url: str) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def by_key(blocks, key: str) -> Table:
    """The one table (or chart's table) with ``key``."""
    found = [
        b.table if isinstance(b, Chart) else b
        for b in blocks
        if (isinstance(b, Table) and b.key == key) or (isinstance(b, Chart) and b.table.key == key)
    ]
    assert len(found) == 1, [getattr(b, "key", None) for b in blocks]
    return found[0]


def charts(blocks) -> list[Chart]:
    return [b for b in blocks if isinstance(b, Chart)]


def paragraphs(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


# A council with a footprint, targets and indicators (factories) -----------------------------


@pytest.fixture
def plan(db):
    return PlanFactory(organisation__name="Ashdale Borough Council")


@pytest.fixture
def footprint(plan):
    """2020-21: two figures; 2021-22: a stated total (its parts short of it) and four figures on
    two boundaries; 2023-24: one figure (not ended by 2022-23 Q4). Two targets: one from a 2019
    baseline of 5,000 tCO2e, one with no baseline."""
    org = plan.organisation
    net_zero = "council_net_zero"
    entry_report(
        organisation=org,
        reporting_year=2020,
        category="electricity",
        scope=2,
        boundary=net_zero,
        tco2e="1500",
        source="Annual report 2020-21, table 3",
    )
    entry_report(
        organisation=org,
        reporting_year=2020,
        category="gas",
        scope=1,
        boundary=net_zero,
        tco2e="2750.25",
        source="Annual report 2020-21, table 3",
    )
    total = stated_total_record(
        organisation=org,
        reporting_year=2021,
        label="Council emissions",
        boundary=net_zero,
        tco2e="4800",
        source="Annual report 2021-22, section 2",
        parts_complete=True,
    )
    for category, scope, boundary, tco2e, source in (
        ("electricity", 2, net_zero, "1234.5", "Annual report 2021-22, table 3"),
        ("gas", 1, net_zero, "2500.5", "Annual report 2021-22, table 3"),
        ("fleet", 1, net_zero, "987.4", "Fleet fuel cards 2021-22"),
        ("business_travel", 3, "custom", "150.25", "Expenses claims 2021-22"),
    ):
        entry_report(
            organisation=org,
            reporting_year=2021,
            category=category,
            scope=scope,
            boundary=boundary,
            tco2e=tco2e,
            source=source,
            itemises=total if boundary == net_zero else None,
        )
    entry_report(
        organisation=org,
        reporting_year=2023,
        category="electricity",
        scope=2,
        boundary=net_zero,
        tco2e="900",
        source="Annual report 2023-24, table 3",
    )
    Target.objects.create(
        organisation=org,
        description="Net zero council operations by 2030",
        boundary=net_zero,
        baseline_year=2019,
        baseline_tco2e=Decimal(5000),
        target_year=2030,
        reduction_percent=Decimal(100),
        source="Climate Change Strategy 2020, section 4",
    )
    Target.objects.create(
        organisation=org,
        description="Net zero borough by 2050",
        boundary="custom",
        target_year=2050,
        reduction_percent=Decimal(100),
        source="Council motion, July 2019",
    )
    return org


@pytest.fixture
def indicators(plan):
    """The plan's training sessions (one value after 2022-23 Q4), the council's own fleet
    indicator, and another plan's indicator (not in this plan's report)."""
    sessions = indicator_create(
        plan=plan,
        name="Training sessions held",
        unit="sessions a year",
        direction="up",
        baseline_year=2019,
        baseline_value=Decimal(2),
        source="Ref 9's success measure.",
    )
    indicator_goal_add(indicator=sessions, value=Decimal(12), year=2024, label="by March 2024")
    for year, label, value in (
        (2020, "2020-21 Q4", 4),
        (2021, "2021-22 Q4", 6),
        (2023, "2023-24 Q2", 9),
    ):
        indicator_value_add(
            indicator=sessions,
            year=year,
            period_label=label,
            value=Decimal(value),
            source="Quarterly report.",
        )
    fleet = indicator_create(
        organisation=plan.organisation,
        name="Fleet that is electric",
        unit="%",
        direction="up",
        baseline_year=2020,
        baseline_value=Decimal(5),
    )
    indicator_goal_add(indicator=fleet, value=Decimal(90), year=2028, label="by 2028")
    indicator_value_add(
        indicator=fleet, year=2021, value=Decimal("20.5"), source="Fleet list", note="Vans only."
    )
    other = PlanFactory(organisation=plan.organisation)
    indicator_create(plan=other, name="Another plan's indicator", unit="")
    return {"sessions": sessions, "fleet": fleet}


@pytest.fixture
def q4(plan):
    return ReportingPeriodFactory(plan=plan, name="2022-23 Q4")


def _footprint_blocks(plan, period):
    appendix = footprint_appendix(organisation=plan.organisation, period=period)
    assert appendix is not None and appendix[0] == FOOTPRINT_TITLE
    return appendix[1]()


def _indicator_blocks(plan, period):
    appendix = indicators_appendix(plan=plan, period=period)
    assert appendix is not None and appendix[0] == INDICATORS_TITLE
    return appendix[1]()


# The footprint appendix ---------------------------------------------------------------------


def test_the_footprint_appendix_prints_the_pages_figures(client, plan, footprint, q4):
    blocks = _footprint_blocks(plan, q4)
    assert paragraphs(blocks)[0] == (
        "Figures for 2021-22, the latest reporting year with figures that ended by the end of "
        "2022-23 Q4 (31 March 2023)."
    )
    page = page_tables(client, f"/organisations/{footprint.slug}/footprint/2021-22/")
    for key, table_id in (
        ("footprint-category", "by-category"),
        ("footprint-scope", "by-scope"),
        ("footprint-boundary", "by-boundary"),
    ):
        rows = texts(by_key(blocks, key))
        assert rows[:-1] == page[table_id]  # the page's rows, figures and order
        assert rows[-1][0] == "Total itemised"
    assert texts(by_key(blocks, "footprint-category"))[-1] == ["Total itemised", "4,873"]
    assert texts(by_key(blocks, "footprint-scope"))[:-1] == [
        ["Scope 1", "3,488"],
        ["Scope 2", "1,235"],  # 1234.5, half up, as the page rounds
        ["Scope 3", "150"],
    ]
    # The stated total, as the page states and checks it.
    stated = texts(by_key(blocks, "footprint-stated-totals"))
    assert [[cell.split("\n")[0] for cell in row[:2]] for row in stated] == [
        [row[0].split("\n")[0], row[1]] for row in page["stated-totals"]
    ]
    assert stated[0][1] == "4,800" and stated[0][2].startswith("Does not add up. ")
    assert "does not match" in page["stated-totals"][0][2]
    assert stated[0][2].removeprefix("Does not add up. ") in page["stated-totals"][0][2]
    assert any(
        p.startswith("The source's own figures disagree: Council emissions")
        for p in paragraphs(blocks)
    )
    sources = next(p for p in paragraphs(blocks) if p.startswith("Where the figures come from"))
    for source in (
        "Annual report 2021-22, section 2",
        "Annual report 2021-22, table 3",
        "Fleet fuel cards 2021-22",
        "Expenses claims 2021-22",
    ):
        assert source in sources
    assert "2020-21" not in sources and sources.count("table 3") == 1


def test_the_year_shown_is_the_latest_ended_by_the_periods_end_or_said(plan, footprint):
    years = [2020, 2021, 2023]
    ends_dec_2021 = ReportingPeriodFactory(plan=plan, name="2021-22 Q3")
    ends_mar_2022 = ReportingPeriodFactory(plan=plan, name="2021-22 Q4")
    assert footprint_year_shown(years=years, period=ends_dec_2021) == (2020, True)
    assert footprint_year_shown(years=years, period=ends_mar_2022) == (2021, True)  # the day
    early = ReportingPeriodFactory(plan=plan, name="2020-21 Q3")
    assert footprint_year_shown(years=years, period=early) == (2020, False)
    assert paragraphs(_footprint_blocks(plan, early))[0] == (
        "No reporting year with figures had ended by the end of 2020-21 Q3 (31 December 2020); "
        "the earliest, 2020-21, is shown."
    )
    assert texts(by_key(_footprint_blocks(plan, ends_dec_2021), "footprint-category"))[-1] == [
        "Total itemised",
        "4,250",  # 2020-21's 1,500 + 2,750.25
    ]


def test_targets_and_the_pathway_from_the_baseline(plan, footprint, q4):
    blocks = _footprint_blocks(plan, q4)
    assert texts(by_key(blocks, "footprint-targets")) == [
        [
            "Net zero council operations by 2030",
            "From 2019, 5,000 tCO2e",
            "Climate Change Strategy 2020, section 4",
        ],
        ["Net zero borough by 2050", "No baseline year or figure", "Council motion, July 2019"],
    ]
    (trajectory,) = [c for c in charts(blocks) if c.table.key == "footprint-trajectory"]
    assert trajectory.title == "Ashdale Borough Council: Net zero council operations by 2030"
    # Recorded: the years to the one shown, on the target's boundary (not the custom figure);
    # pathway: 5,000 down to 0 in a straight line over 2019-2030.
    assert texts(trajectory.table) == [
        ["2019", DASH, "5,000"],
        ["2020", "4,250", "4,545"],
        ["2021", "4,722", "4,091"],
        ["2030", DASH, "0"],
    ]
    assert NO_BASELINE_FIGURE in paragraphs(blocks)  # the second target has none


def test_the_trajectory_gives_the_trend_pages_figures(client, plan, footprint, q4):
    """The report's trajectory table and the trend page read the same recorded figures and
    pathway (``footprints.selectors.target_recorded`` and the trend's pathway): each year the
    report prints, the page prints the same itemised total and pathway value."""
    from netzero.core.years import financial_year_label

    (trajectory,) = [
        c for c in charts(_footprint_blocks(plan, q4)) if c.table.key == "footprint-trajectory"
    ]
    page = page_tables(client, f"/organisations/{footprint.slug}/footprint/trend/")
    rows = {row[0]: row for row in page["trend-council_net_zero"]}
    compared = 0
    for year, recorded, pathway in texts(trajectory.table):
        row = rows[financial_year_label(int(year))]
        # Columns: year, scope 1, scope 2, itemised total, stated total, the target's pathway.
        assert (row[3], row[-1]) == (recorded, pathway), year
        compared += 1
    assert compared == 4
    assert rows["2023-24"][3] == "900"  # after the year the report shows: on the page only


def test_every_chart_is_drawn_as_svg_and_png_from_the_pages_spec(
    client, plan, footprint, indicators, q4
):
    blocks = _footprint_blocks(plan, q4)
    page_svg = client.get(f"/organisations/{footprint.slug}/footprint/2021-22/chart.svg")
    category = charts(blocks)[0]
    assert category.svg == page_svg.content.decode()  # the page's own drawing
    summary = footprint_summary(organisation=footprint, reporting_year=2021)
    assert category.title == category_chart_spec(summary)["title"]
    for chart in charts(blocks) + charts(_indicator_blocks(plan, q4)):
        assert chart.svg.startswith("<svg") and chart.title in chart.svg
        assert chart.png.startswith(PNG_SIGNATURE) and len(chart.png) > 1000
    assert len(charts(blocks)) == 2


def test_an_organisation_with_no_footprint_or_indicators_has_no_such_appendix(plan, q4):
    Target.objects.create(
        organisation=plan.organisation,
        description="Net zero by 2040",
        target_year=2040,
        reduction_percent=Decimal(100),
        source="Strategy",
    )  # targets alone are not a footprint
    assert footprint_appendix(organisation=plan.organisation, period=q4) is None
    assert indicators_appendix(plan=plan, period=q4) is None
    assert appendices_for(plan=plan, period=q4, names=["footprint", "indicators"]) == []


# The indicators appendix --------------------------------------------------------------------


def test_indicators_up_to_the_periods_end_with_the_pages_figures(client, plan, indicators, q4):
    blocks = _indicator_blocks(plan, q4)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings == ["Fleet that is electric", "Training sessions held"]  # not other plans'
    assert paragraphs(blocks)[0] == (
        "Values observed by the end of 2022-23 Q4 (31 March 2023), and the goals as stated. "
        "1 value(s) recorded for later periods are not shown."
    )
    values = [b for b in blocks if isinstance(b, Table) and b.key == "indicator-values"]
    chart_tables = [c.table for c in charts(blocks)]
    # The fleet indicator has nothing after the period: its tables are its page's.
    fleet = page_tables(client, reverse("indicators:detail", kwargs={"pk": indicators["fleet"].pk}))
    assert texts(chart_tables[0]) == fleet["trajectory"]
    assert texts(values[0]) == [["2021", "20.5%", "Fleet list\nVans only."]] == fleet["values"]
    # The sessions' 2023-24 Q2 value is left out, and its pathway worked out without it.
    sessions = indicator_get(pk=indicators["sessions"].pk)
    as_at = indicator_page(summary_as_at(sessions, q4))
    assert texts(values[1]) == [
        ["2020-21 Q4", "4 sessions a year", "Quarterly report."],
        ["2021-22 Q4", "6 sessions a year", "Quarterly report."],
    ]
    assert [row[:2] for row in texts(chart_tables[1])] == [
        ["2019", DASH],
        ["2020", "4"],
        ["2021", "6"],
        ["2024", DASH],
    ]
    assert texts(chart_tables[1]) == [
        [str(y), *(t or DASH for t in rest)] for y, *rest in as_at["chart_rows"]
    ]
    assert "Goal: 12 sessions a year, by March 2024." in paragraphs(blocks)[5:]
    later = page_tables(client, reverse("indicators:detail", kwargs={"pk": sessions.indicator.pk}))
    assert ["2023", "9", "10", DASH] in later["trajectory"]  # on the page, not the report
    assert all(row[0] != "2023" for row in texts(chart_tables[1]))


# Publication ---------------------------------------------------------------------------------


@pytest.fixture
def manager(plan):
    return MembershipFactory(
        organisation=plan.organisation, role=Membership.Role.PROGRAMME_MANAGER
    ).user


def test_publishing_freezes_both_appendices_and_they_never_change(
    plan, footprint, indicators, q4, manager
):
    names = ["footprint", "indicators"]
    before = [(t, build()) for t, build in appendices_for(plan=plan, period=q4, names=names)]
    assert [t for t, _ in before] == [FOOTPRINT_TITLE, INDICATORS_TITLE]

    period_publish(period=q4, user=manager)
    q4.refresh_from_db()
    frozen = ReportDetails.objects.get(period=q4).frozen_appendices
    assert sorted(frozen) == ["footprint", "indicators"]
    assert json.loads(json.dumps(frozen)) == frozen  # stored as plain JSON
    published = [(t, build()) for t, build in appendices_for(plan=plan, period=q4, names=names)]
    assert published == before

    # The records change after publication.
    FootprintEntry.objects.filter(reporting_year=2021, category="gas").update(tco2e=Decimal(10))
    IndicatorValue.objects.filter(indicator=indicators["fleet"]).update(value=Decimal(60))
    next_quarter = ReportingPeriodFactory(plan=plan, name="2023-24 Q1")
    live = [
        (t, build()) for t, build in appendices_for(plan=plan, period=next_quarter, names=names)
    ]
    assert ["Gas", "10"] in texts(by_key(live[0][1], "footprint-category"))
    assert ["2021", "60%", "Fleet list\nVans only."] in [
        texts(t)[0] for t in live[1][1] if isinstance(t, Table) and t.key == "indicator-values"
    ]
    again = [(t, build()) for t, build in appendices_for(plan=plan, period=q4, names=names)]
    assert again == before  # the published report is as it was
    assert ["Gas", "2,501"] in texts(by_key(again[0][1], "footprint-category"))

    # Asked for one, a published period gives that one; its order follows the names.
    only = appendices_for(plan=plan, period=q4, names=["indicators"])
    assert [t for t, _ in only] == [INDICATORS_TITLE]
    document = report_document(
        plan=plan, period=q4, appendices=appendices_for(plan=plan, period=q4, names=names[::-1])
    )
    words = document_words(document)
    assert words.index("Indicators") < words.index(FOOTPRINT_TITLE)
    assert "Appendix 4" in words and "Fleet that is electric" in words


def test_republishing_a_reopened_period_freezes_the_appendices_anew(plan, footprint, q4, manager):
    period_publish(period=q4, user=manager)
    assert list(ReportDetails.objects.get(period=q4).frozen_appendices) == ["footprint"]
    period_reopen(period=q4, user=manager, reason="A figure was wrong.")
    FootprintEntry.objects.filter(reporting_year=2021, category="gas").update(tco2e=Decimal(10))
    q4.refresh_from_db()
    period_publish(period=q4, user=manager)
    q4.refresh_from_db()
    (footprint_part,) = appendices_for(plan=plan, period=q4, names=["footprint"])
    assert ["Gas", "10"] in texts(by_key(footprint_part[1](), "footprint-category"))
    # Republished with no footprint left, the report has none either.
    period_reopen(period=q4, user=manager, reason="The figures were withdrawn.")
    FootprintEntry.objects.filter(organisation=footprint).delete()
    StatedTotal.objects.filter(organisation=footprint).delete()
    period_publish(period=q4, user=manager)
    q4.refresh_from_db()
    assert ReportDetails.objects.get(period=q4).frozen_appendices == {}
    assert appendices_for(plan=plan, period=q4, names=["footprint"]) == []


def test_a_period_with_no_appendix_to_keep_gets_no_report_details(plan, q4, manager):
    period_publish(period=q4, user=manager)
    assert not ReportDetails.objects.filter(period=q4).exists()
    q4.refresh_from_db()
    assert appendices_for(plan=plan, period=q4, names=APPENDICES) == []


def test_publishing_fails_as_a_whole_when_freezing_fails(plan, footprint, q4, manager):
    def broken(sender, *, period, **kwargs):
        assert ReportDetails.objects.get(period=period).frozen_appendices  # stored by now
        raise RuntimeError("The appendices could not be stored.")

    period_published.connect(broken, dispatch_uid="test-broken-receiver")
    try:
        with pytest.raises(RuntimeError, match="could not be stored"):
            period_publish(period=q4, user=manager)
    finally:
        assert period_published.disconnect(dispatch_uid="test-broken-receiver")
    q4.refresh_from_db()
    assert q4.state == ReportingPeriod.State.OPEN and q4.snapshot is None
    assert not PeriodEvent.objects.filter(period=q4, kind=PeriodEvent.Kind.PUBLISHED).exists()
    assert not ReportDetails.objects.filter(period=q4).exists()  # the frozen appendices too
    period_publish(period=q4, user=manager)  # without the broken receiver, it publishes
    assert ReportDetails.objects.get(period=q4).frozen_appendices


# Names and JSON --------------------------------------------------------------------------------


def test_an_unknown_appendix_is_refused(plan, q4):
    with pytest.raises(Refused, match="Not an appendix: minutes") as refused:
        appendices_for(plan=plan, period=q4, names=["footprint", "minutes"])
    assert refused.value.code == "unknown_appendix"
    other = ReportingPeriodFactory(name="2022-23 Q4")
    with pytest.raises(Refused, match="is not a period of"):
        appendices_for(plan=plan, period=other, names=["footprint"])


def test_blocks_survive_json_exactly():
    blocks = [
        PageBreak(landscape=True),
        PageBreak(),
        Heading("Appendix 3", 3),
        Paragraph("2.1 text", number="2.1", bullet=True, bold=True, role="source"),
        Paragraph("Plain"),
        Table(
            caption="By scope",
            headers=["Scope", "tCO2e"],
            rows=[
                [Cell("Scope 1", header=True), Cell("3,488", numeric=True)],
                [Cell("Total", strong=True), Cell("Good\nMoved", status="good")],
            ],
            widths=[70, 30],
            key="footprint-scope",
        ),
        Table(caption="", headers=[], rows=[]),
        Chart(
            title="A chart",
            svg="<svg>é \N{EN DASH}</svg>",
            png=PNG_SIGNATURE + bytes(range(256)),
            table=Table(caption="c", headers=["Year"], rows=[[Cell("2020")]], key="k"),
        ),
    ]
    stored = json.loads(json.dumps(blocks_to_json(blocks)))
    back = blocks_from_json(stored)
    assert back == blocks
    assert [type(b) for b in back] == [type(b) for b in blocks]
    assert stored[-1]["png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature


def test_a_whole_appendix_survives_json_exactly(plan, footprint, indicators, q4):
    for blocks in (_footprint_blocks(plan, q4), _indicator_blocks(plan, q4)):
        assert blocks_from_json(json.loads(json.dumps(blocks_to_json(blocks)))) == blocks


# The demo --------------------------------------------------------------------------------------


def test_the_green_plans_report_carries_the_ics_footprint_and_indicators(client):
    from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
    from netzero.demo.indicators import demo_indicators_load
    from netzero.demo.services import demo_load
    from netzero.plans.models import Plan
    from netzero.reporting.selectors import period_get
    from netzero.testing.factories import period_published as publish

    demo_load()
    green_plan_load()
    green_plan = green_plan_actions_load()
    demo_indicators_load()
    period = period_get(plan=Plan.objects.get(slug="jucd-green-plan"), name="2022-23 Q4")
    footprint_blocks = _footprint_blocks(green_plan, period)
    assert paragraphs(footprint_blocks)[0].startswith("Figures for 2020-21")
    page = page_tables(client, "/organisations/jucd-ics/footprint/2020-21/")
    assert texts(by_key(footprint_blocks, "footprint-category"))[:-1] == page["by-category"]
    assert texts(by_key(footprint_blocks, "footprint-scope"))[:-1] == page["by-scope"]
    assert len(texts(by_key(footprint_blocks, "footprint-targets"))) == 4
    assert NO_BASELINE_FIGURE in paragraphs(footprint_blocks)  # the ICS's targets give none
    assert [c.table.key for c in charts(footprint_blocks)] == ["footprint-category"]
    indicator_blocks = _indicator_blocks(green_plan, period)
    headings = [b.text for b in indicator_blocks if isinstance(b, Heading)]
    assert len(headings) == 6 and headings[-1] == "Increasing access to a greener NHS estate"
    assert "Another" not in " ".join(headings)

    publish(period)
    period.refresh_from_db()
    frozen = ReportDetails.objects.get(period=period).frozen_appendices
    assert [frozen[n]["title"] for n in ("footprint", "indicators")] == [
        FOOTPRINT_TITLE,
        INDICATORS_TITLE,
    ]
    (footprint_part, indicator_part) = appendices_for(
        plan=green_plan, period=period, names=["footprint", "indicators"]
    )
    assert footprint_part[1]() == footprint_blocks and indicator_part[1]() == indicator_blocks


def test_the_report_command_adds_an_appendix_and_refuses_one_for_data(
    plan, footprint, q4, tmp_path
):
    from django.core.management import CommandError, call_command
    from docx import Document as read_docx

    target = tmp_path / "report.docx"
    args = ["report", "--plan", plan.slug, "--period", q4.slug, "--verbosity", "0"]
    call_command(*args, "--format", "docx", "--appendix", "footprint", "--output", str(target))
    text = [p.text for p in read_docx(str(target)).paragraphs]
    assert "Appendix 3" in text and FOOTPRINT_TITLE in text
    assert text.index("Appendix 3") == text.index(FOOTPRINT_TITLE) - 1
    call_command(*args, "--format", "docx", "--output", str(target))
    assert FOOTPRINT_TITLE not in [p.text for p in read_docx(str(target)).paragraphs]
    with pytest.raises(CommandError, match="Appendices belong to the report"):
        call_command(
            *args, "--format", "xlsx", "--appendix", "footprint", "--output", str(tmp_path)
        )
    with pytest.raises(CommandError, match="Not an appendix: minutes"):
        call_command(*args, "--format", "pdf", "--appendix", "minutes", "--output", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]
