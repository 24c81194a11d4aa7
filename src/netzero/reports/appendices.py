"""The committee report's optional appendices: the plan owner's carbon footprint and targets, and
the plan's and its organisation's indicators.

Each chart is drawn on the server (SVG and PNG) from the very Vega-Lite spec its page draws, and
is followed by a table of the same figures, printed with the page's own presenters and rounding.

An open period's appendices are built from the records as they stand. A published period's are
the ones stored in its ``ReportDetails.frozen_appendices`` when it was published (by
``reports.receivers``), read back and never rebuilt: a published report does not change when the
records do.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format

from netzero.core.charts import spec_to_png, spec_to_svg
from netzero.core.exceptions import Refused
from netzero.footprints.charts import category_chart_spec, trajectory_chart_spec
from netzero.footprints.models import Target
from netzero.footprints.selectors import (
    FootprintSummary,
    footprint_summary,
    footprint_targets,
    footprint_years,
    target_recorded,
)
from netzero.footprints.trajectory import pathway_value
from netzero.indicators.models import IndicatorValue
from netzero.indicators.presenters import NO_GOALS_TEXT, NO_VALUES, indicator_page
from netzero.indicators.selectors import (
    IndicatorSummary,
    indicator_summary,
    indicators_for_organisation,
)
from netzero.organisations.models import Organisation
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.periods import parse_quarter
from netzero.reports.content import EN_DASH, Appendix
from netzero.reports.document import Block, Cell, Chart, Heading, PageBreak, Paragraph, Table
from netzero.reports.models import ReportDetails

FOOTPRINT_TITLE = "Carbon footprint and targets"
INDICATORS_TITLE = "Indicators"
SOURCES_LISTED = 12  # distinct sources named in the footprint's sentence; the rest are counted
NO_BASELINE_FIGURE = (
    "A pathway and an on-track verdict need the baseline figure; where the source does not give "
    "it, none is shown."
)

# Shared ------------------------------------------------------------------------------------


def chart_block(spec: dict[str, Any], table: Table) -> Chart:
    """A chart drawn from ``spec`` (SVG and PNG), titled as the spec is, with its table."""
    return Chart(title=spec["title"], svg=spec_to_svg(spec), png=spec_to_png(spec), table=table)


def tonnes(value: Decimal | None) -> str:
    """Tonnes as the footprint page prints them (``floatformat:"0g"``); a dash for none."""
    return EN_DASH if value is None else str(floatformat(value, "0g"))


def year_ends(year: int) -> date:
    """The last day of the financial year starting in ``year`` (2022: 31 March 2023)."""
    return date(year + 1, 3, 31)


def _long_date(day: date) -> str:
    return date_format(day, "j F Y")


# Footprint and targets ---------------------------------------------------------------------


def footprint_year_shown(*, years: list[int], period: ReportingPeriod) -> tuple[int, bool]:
    """The reporting year to show for ``period``: the latest that ended by the period's end, and
    True; or, when none had, the earliest, and False. ``years`` is sorted and not empty."""
    ended = [y for y in years if year_ends(y) <= period.end]
    return (ended[-1], True) if ended else (years[0], False)


def _year_sentence(summary: FootprintSummary, *, ended: bool, period: ReportingPeriod) -> str:
    end = _long_date(period.end)
    if ended:
        return (
            f"Figures for {summary.year_label}, the latest reporting year with figures that ended "
            f"by the end of {period.name} ({end})."
        )
    return (
        f"No reporting year with figures had ended by the end of {period.name} ({end}); the "
        f"earliest, {summary.year_label}, is shown."
    )


def _totals_table(summary: FootprintSummary) -> Table:
    """The page's stated totals: each as the source states it, checked against its parts."""
    rows = []
    for r in summary.reconciliations:
        total = r.total
        label = f"{total.label}\n{total.get_boundary_display()}. Source: {total.source}"
        check = ("Does not add up. " if r.flagged else "") + r.message
        if total.quality_note:
            check += f"\n{total.quality_note}"
        rows.append(
            [Cell(label, header=True), Cell(tonnes(total.tco2e), numeric=True), Cell(check)]
        )
    return Table(
        caption="Stated totals",
        headers=["Total", "tCO2e", "Check against its parts"],
        rows=rows,
        widths=[40, 15, 45],
        key="footprint-stated-totals",
    )


def _breakdown_table(
    figures: list[tuple[str, Decimal]], *, by: str, caption: str, key: str
) -> Table:
    """One of the page's breakdowns (by category, scope or boundary), with the total of the
    itemised figures last."""
    rows = [[Cell(name, header=True), Cell(tonnes(value), numeric=True)] for name, value in figures]
    total = sum((value for _, value in figures), Decimal(0))
    rows.append(
        [
            Cell("Total itemised", header=True, strong=True),
            Cell(tonnes(total), numeric=True, strong=True),
        ]
    )
    return Table(caption=caption, headers=[by, "tCO2e"], rows=rows, widths=[70, 30], key=key)


def footprint_sources(summary: FootprintSummary) -> list[str]:
    """The sources the page names (stated totals', then each listed figure's), each once."""
    found = [r.total.source for r in summary.reconciliations] + [e.source for e in summary.entries]
    return list(dict.fromkeys(s.strip() for s in found if s.strip()))


def _sources_sentence(summary: FootprintSummary) -> str:
    sources = footprint_sources(summary)
    if not sources:
        return "The records name no source for these figures."
    named = "; ".join(sources[:SOURCES_LISTED])
    more = len(sources) - SOURCES_LISTED
    rest = f"; and {more} other sources" if more > 0 else ""
    return (
        f"Where the figures come from, as the footprint page lists them: {named}{rest}. The "
        f"footprint page for {summary.year_label} lists each figure with its source."
    )


def _itemised_blocks(summary: FootprintSummary) -> list[Block]:
    """The category chart and table, and the scope and boundary tables, as the page has them."""
    out: list[Block] = [Heading("Itemised figures", 2)]
    if not summary.by_category:
        return [*out, Paragraph(f"No figures are itemised for {summary.year_label}.")]
    category = _breakdown_table(
        summary.by_category, by="Category", caption="By category", key="footprint-category"
    )
    out.append(chart_block(category_chart_spec(summary), category))
    out.append(
        _breakdown_table(summary.by_scope, by="Scope", caption="By scope", key="footprint-scope")
    )
    out.append(
        _breakdown_table(
            summary.by_boundary, by="Boundary", caption="By boundary", key="footprint-boundary"
        )
    )
    return out


def target_baseline_text(target: Target) -> str:
    """The baseline as the page words it, or that the source gives no figure."""
    if target.baseline_year is None:
        return "No baseline year or figure"
    if target.baseline_tco2e is None:
        return f"From {target.baseline_year}; no baseline figure"
    return f"From {target.baseline_year}, {tonnes(target.baseline_tco2e)} tCO2e"


def _targets_table(targets: list[Target]) -> Table:
    return Table(
        caption="Targets",
        headers=["Target", "Baseline", "Source"],
        rows=[
            [Cell(t.description, header=True), Cell(target_baseline_text(t)), Cell(t.source)]
            for t in targets
        ],
        widths=[35, 25, 40],
        key="footprint-targets",
    )


def has_pathway(target: Target) -> bool:
    """A straight-line pathway needs the baseline's year and figure, before the target year."""
    return (
        target.baseline_year is not None
        and target.baseline_tco2e is not None
        and target.target_year > target.baseline_year
    )


def target_pathway(target: Target, *, years: Iterable[int]) -> dict[int, Decimal]:
    """The straight line from the baseline to the target, at the baseline's year, the target's
    and each of ``years`` between them."""
    if target.baseline_year is None or target.baseline_tco2e is None:
        raise ValueError(f"{target} has no baseline to draw a pathway from.")
    wanted = {target.baseline_year, target.target_year}
    wanted |= {y for y in years if target.baseline_year <= y <= target.target_year}
    return {
        y: pathway_value(
            baseline_year=target.baseline_year,
            baseline=target.baseline_tco2e,
            target_year=target.target_year,
            reduction_percent=target.reduction_percent,
            year=y,
        )
        for y in sorted(wanted)
    }


def _trajectory_chart(
    *, organisation: Organisation, target: Target, recorded: dict[int, Decimal]
) -> Chart:
    line = target_pathway(target, years=recorded)
    spec = trajectory_chart_spec(
        title=f"{organisation.name}: {target.description}",
        actual=recorded,
        pathway=line,
        unit="tCO2e",
    )
    table = Table(
        caption=(
            f"{target.description}: the chart's figures, tCO2e (a reporting year by the year it "
            "starts: 2019 for 2019-20; recorded: the itemised figures on the target's boundary)"
        ),
        headers=["Year", "Recorded", "Pathway"],
        rows=[
            [
                Cell(str(y), header=True),
                Cell(tonnes(recorded.get(y)), numeric=True),
                Cell(tonnes(line.get(y)), numeric=True),
            ]
            for y in sorted(set(recorded) | set(line))
        ],
        widths=[30, 35, 35],
        key="footprint-trajectory",
    )
    return chart_block(spec, table)


def _targets_blocks(
    *, organisation: Organisation, targets: list[Target], years: list[int]
) -> list[Block]:
    out: list[Block] = [Heading("Targets", 2)]
    if not targets:
        return [*out, Paragraph(f"{organisation.name} has no targets recorded.")]
    out.append(_targets_table(targets))
    for target in targets:
        if has_pathway(target):
            recorded = target_recorded(organisation=organisation, target=target, years=years)
            out.append(
                _trajectory_chart(organisation=organisation, target=target, recorded=recorded)
            )
    if not all(has_pathway(t) for t in targets):
        out.append(Paragraph(NO_BASELINE_FIGURE))
    return out


def footprint_blocks(*, organisation: Organisation, period: ReportingPeriod) -> list[Block]:
    """The appendix's blocks: the year shown, its stated totals, its itemised figures by
    category (with the chart), scope and boundary, where they come from, and the targets, each
    with a baseline figure drawn as a pathway against the years recorded up to the one shown."""
    years = footprint_years(organisation=organisation)
    year, ended = footprint_year_shown(years=years, period=period)
    summary = footprint_summary(organisation=organisation, reporting_year=year)
    out: list[Block] = [Paragraph(_year_sentence(summary, ended=ended, period=period))]
    if summary.flags:
        disagree = " ".join(r.message for r in summary.flags)
        out.append(Paragraph(f"The source's own figures disagree: {disagree}", bold=True))
    out.append(Heading("Stated totals", 2))
    if summary.reconciliations:
        out.append(_totals_table(summary))
    else:
        out.append(Paragraph("No totals stated."))
    out += _itemised_blocks(summary)
    out.append(Paragraph(_sources_sentence(summary), role="source"))
    out += _targets_blocks(
        organisation=organisation,
        targets=footprint_targets(organisation=organisation),
        years=[y for y in years if y <= year],
    )
    return out


def footprint_appendix(*, organisation: Organisation, period: ReportingPeriod) -> Appendix | None:
    """The organisation's footprint and targets as of ``period``; None when it has no footprint
    figures (its blocks are built when the report asks for them)."""
    if not footprint_years(organisation=organisation):
        return None
    return (
        FOOTPRINT_TITLE,
        functools.partial(footprint_blocks, organisation=organisation, period=period),
    )


# Indicators --------------------------------------------------------------------------------


def value_by_period_end(value: IndicatorValue, period: ReportingPeriod) -> bool:
    """Was ``value`` observed by the end of ``period``? A value for a quarter ("2022-23 Q3")
    counts from that quarter; any other, once its financial year (``value.year``) has ended."""
    try:
        quarter = parse_quarter(value.period_label)
    except ValidationError:
        return year_ends(value.year) <= period.end
    return quarter.end <= period.end


def summary_as_at(summary: IndicatorSummary, period: ReportingPeriod) -> IndicatorSummary:
    """The indicator as it stood at the end of ``period``: its values observed by then, and the
    track and pathway worked out from those (as ``indicator_summary`` works them out); goals are
    kept, being what the plan states."""
    kept = [v for v in summary.values if value_by_period_end(v, period)]
    if len(kept) == len(summary.values):
        return summary
    return indicator_summary(summary.indicator, values=kept)


def indicators_in_report(*, plan: Plan) -> list[IndicatorSummary]:
    """The organisation's own indicators, then the plan's (not its other plans')."""
    return [
        s
        for s in indicators_for_organisation(organisation=plan.organisation)
        if s.indicator.plan_id in (None, plan.pk)
    ]


def _chart_table(page: dict[str, Any]) -> Table:
    """The indicator page's table of the chart's figures (a dash where a year has none)."""
    return Table(
        caption=f"The chart's figures, {page['unit']}",
        headers=["Year", "Observed", "Pathway", "Goal"],
        rows=[
            [Cell(str(year), header=True)]
            + [Cell(text or EN_DASH, numeric=True) for text in (observed, line, goal)]
            for year, observed, line, goal in page["chart_rows"]
        ],
        widths=[25, 25, 25, 25],
        key="indicator-chart",
    )


def _values_table(page: dict[str, Any]) -> Table:
    return Table(
        caption="Values",
        headers=["Period", "Value", "Source and note"],
        rows=[
            [
                Cell(period, header=True),
                Cell(value, numeric=True),
                Cell("\n".join(t for t in (source, note) if t)),
            ]
            for period, value, source, note in page["values"]
        ],
        widths=[20, 20, 60],
        key="indicator-values",
    )


def indicator_blocks(summary: IndicatorSummary) -> list[Block]:
    """One indicator as its page shows it: definition, verdict, goals, the chart with its table
    and the values."""
    page = indicator_page(summary)
    out: list[Block] = [
        Heading(summary.indicator.name, 2),
        Paragraph(
            f"{page['owner']}. Unit: {page['unit']}. {page['direction']}. "
            f"Baseline: {page['baseline']}."
        ),
        Paragraph(page["reason"]),
        Paragraph(f"Still needed: {page['rate']}"),
    ]
    if page["goals"]:
        out += [
            Paragraph(f"Goal: {text}." + (f" Source: {source}" if source else ""), bullet=True)
            for text, source in page["goals"]
        ]
    else:
        out.append(Paragraph(f"{NO_GOALS_TEXT}."))
    if page["chart"] is not None:
        out.append(chart_block(page["chart"], _chart_table(page)))
    out.append(_values_table(page) if page["values"] else Paragraph(NO_VALUES))
    return out


def indicators_blocks(*, plan: Plan, period: ReportingPeriod) -> list[Block]:
    """Every indicator of the plan and its organisation, as it stood at the period's end."""
    summaries = indicators_in_report(plan=plan)
    as_at = [summary_as_at(s, period) for s in summaries]
    later = sum(len(s.values) - len(a.values) for s, a in zip(summaries, as_at, strict=True))
    intro = (
        f"Values observed by the end of {period.name} ({_long_date(period.end)}), and the goals "
        "as stated."
    )
    if later:
        intro += f" {later} value(s) recorded for later periods are not shown."
    out: list[Block] = [Paragraph(intro)]
    for summary in as_at:
        out += indicator_blocks(summary)
    return out


def indicators_appendix(*, plan: Plan, period: ReportingPeriod) -> Appendix | None:
    """The plan's and its organisation's indicators as of ``period``; None when there are none."""
    if not indicators_in_report(plan=plan):
        return None
    return (INDICATORS_TITLE, functools.partial(indicators_blocks, plan=plan, period=period))


# Which appendices, live or frozen ----------------------------------------------------------


def _footprint_of_plan(*, plan: Plan, period: ReportingPeriod) -> Appendix | None:
    return footprint_appendix(organisation=plan.organisation, period=period)


APPENDICES: dict[str, Callable[..., Appendix | None]] = {
    "footprint": _footprint_of_plan,
    "indicators": indicators_appendix,
}


def _names_checked(names: Iterable[str]) -> list[str]:
    """``names`` in order, each once; Refused if one is not an appendix."""
    wanted = list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in APPENDICES]
    if unknown:
        raise Refused(
            f"Not an appendix: {', '.join(unknown)}. The appendices are {', '.join(APPENDICES)}.",
            code="unknown_appendix",
        )
    return wanted


def live_appendices(
    *, plan: Plan, period: ReportingPeriod, names: Iterable[str]
) -> list[tuple[str, Appendix]]:
    """The named appendices that exist, built from the records as they stand, by name."""
    out = []
    for name in _names_checked(names):
        appendix = APPENDICES[name](plan=plan, period=period)
        if appendix is not None:
            out.append((name, appendix))
    return out


def frozen_appendices(*, period: ReportingPeriod, names: Iterable[str]) -> list[Appendix]:
    """The named appendices as stored when ``period`` was published (those that existed)."""
    wanted = _names_checked(names)
    stored = (
        ReportDetails.objects.filter(period=period)
        .values_list("frozen_appendices", flat=True)
        .first()
    ) or {}
    return [
        (stored[name]["title"], functools.partial(blocks_from_json, stored[name]["blocks"]))
        for name in wanted
        if name in stored
    ]


def appendices_available(*, plan: Plan, period: ReportingPeriod) -> list[str]:
    """The appendices ``period``'s report can carry: a published period's, those frozen with
    it; an open period's, those with records now (without building them)."""
    if period.is_published:
        stored = (
            ReportDetails.objects.filter(period=period)
            .values_list("frozen_appendices", flat=True)
            .first()
        ) or {}
        return [name for name in APPENDICES if name in stored]
    return [name for name in APPENDICES if APPENDICES[name](plan=plan, period=period) is not None]


def appendices_for(*, plan: Plan, period: ReportingPeriod, names: Iterable[str]) -> list[Appendix]:
    """The named appendices of ``period``'s report, in the order named: an open period's built
    now; a published period's as frozen when it was published, never rebuilt."""
    if period.plan_id != plan.pk:
        raise Refused(f"{period.name} is not a period of {plan.name}.", code="wrong_plan")
    if period.is_published:
        return frozen_appendices(period=period, names=names)
    return [appendix for _, appendix in live_appendices(plan=plan, period=period, names=names)]


def appendices_freeze(*, period: ReportingPeriod) -> dict[str, Any]:
    """Store every appendix ``period``'s report can have, built now, in its report details
    (replacing any stored before: a republished period's are its latest). Returns what was
    stored. No report details are created for a period with no appendix to keep."""
    frozen = {
        name: {"title": title, "blocks": blocks_to_json(build())}
        for name, (title, build) in live_appendices(
            plan=period.plan, period=period, names=APPENDICES
        )
    }
    if frozen or ReportDetails.objects.filter(period=period).exists():
        ReportDetails.objects.update_or_create(
            period=period, defaults={"frozen_appendices": frozen}
        )
    return frozen


# Blocks as JSON ----------------------------------------------------------------------------


def _table_to_json(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "headers": list(table.headers),
        "rows": [
            [
                {
                    "text": c.text,
                    "status": c.status,
                    "numeric": c.numeric,
                    "header": c.header,
                    "strong": c.strong,
                }
                for c in row
            ]
            for row in table.rows
        ],
        "widths": list(table.widths),
        "key": table.key,
    }


def _table_from_json(data: dict[str, Any]) -> Table:
    return Table(
        caption=data["caption"],
        headers=list(data["headers"]),
        rows=[[Cell(**cell) for cell in row] for row in data["rows"]],
        widths=list(data["widths"]),
        key=data["key"],
    )


def block_to_json(block: Block) -> dict[str, Any]:
    """One block as JSON-ready data, named by its kind; a chart's PNG as base64."""
    if isinstance(block, Heading):
        return {"kind": "heading", "text": block.text, "level": block.level}
    if isinstance(block, Paragraph):
        return {
            "kind": "paragraph",
            "text": block.text,
            "number": block.number,
            "bullet": block.bullet,
            "bold": block.bold,
            "role": block.role,
        }
    if isinstance(block, Table):
        return {"kind": "table", **_table_to_json(block)}
    if isinstance(block, Chart):
        return {
            "kind": "chart",
            "title": block.title,
            "svg": block.svg,
            "png": base64.b64encode(block.png).decode("ascii"),
            "table": _table_to_json(block.table),
        }
    if isinstance(block, PageBreak):
        return {"kind": "page-break", "landscape": block.landscape}
    raise TypeError(f"Not a report block: {block!r}")


def block_from_json(data: dict[str, Any]) -> Block:
    """The block ``block_to_json`` wrote."""
    kind = data["kind"]
    if kind == "heading":
        return Heading(text=data["text"], level=data["level"])
    if kind == "paragraph":
        fields = ("text", "number", "bullet", "bold", "role")
        return Paragraph(**{f: data[f] for f in fields})
    if kind == "table":
        return _table_from_json(data)
    if kind == "chart":
        return Chart(
            title=data["title"],
            svg=data["svg"],
            png=base64.b64decode(data["png"], validate=True),
            table=_table_from_json(data["table"]),
        )
    if kind == "page-break":
        return PageBreak(landscape=data["landscape"])
    raise ValueError(f"Not a report block: {kind!r}")


def blocks_to_json(blocks: Iterable[Block]) -> list[dict[str, Any]]:
    """Blocks as JSON-ready data (for ``ReportDetails.frozen_appendices``)."""
    return [block_to_json(b) for b in blocks]


def blocks_from_json(data: Iterable[dict[str, Any]]) -> list[Block]:
    """The blocks ``blocks_to_json`` wrote, equal to them."""
    return [block_from_json(d) for d in data]
