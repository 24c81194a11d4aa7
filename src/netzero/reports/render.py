"""A period's report or dashboard data as one downloadable file, in any of ``FORMATS``.

Word and PDF are the committee report (``report_document``, laid out by ``reports.word`` and
``reports.pdf``); Excel, CSV and JSON are the dashboard's data (``reports.exports``). Every one
reads ``dashboard_for_period``, so a published period's files show its frozen figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from netzero.core.exceptions import Refused
from netzero.dashboards.selectors import dashboard_for_period
from netzero.plans.models import Plan
from netzero.reporting.models import ReportingPeriod
from netzero.reports.content import Appendix
from netzero.reports.document import Document
from netzero.reports.exports import (
    dashboard_csv,
    dashboard_filename,
    dashboard_json,
    dashboard_xlsx,
    plan_short_name,
    slug_filename,
)
from netzero.reports.selectors import report_document

# Format name -> content type, in the order a page or ``--help`` offers them.
FORMATS: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
DOCUMENT_FORMATS = frozenset({"docx", "pdf"})  # the committee report; the rest are data
TEXT_FORMATS = frozenset({"csv", "json"})

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def format_content_type(format: str) -> str:
    """The content type of ``format``; Refused, naming the formats, if it is not one."""
    try:
        return FORMATS[format]
    except KeyError:
        raise Refused(
            f"{format!r} is not a report format. Formats: {', '.join(FORMATS)}.",
            code="unknown_format",
        ) from None


def report_file(
    *,
    plan: Plan,
    period: ReportingPeriod,
    format: str,
    appendices: Iterable[Appendix] = (),
    progress: Progress | None = None,
) -> ReportFile:
    """``period``'s committee report (docx, pdf, with ``appendices``) or dashboard data (xlsx,
    csv, json) as a file. ``progress`` is told what is being done, for a long plan's wait."""
    content_type = format_content_type(format)
    say = progress or (lambda message: None)
    if format in DOCUMENT_FORMATS:
        say("Building the report\N{HORIZONTAL ELLIPSIS}")
        document = report_document(plan=plan, period=period, appendices=appendices)
        say("Writing the report\N{HORIZONTAL ELLIPSIS}")
        content = _document_bytes(document, format)
        filename = slug_filename(
            [document.organisation, plan_short_name(plan.name), period.slug, "report"], format
        )
        return ReportFile(content, content_type, filename)
    say("Building the dashboard\N{HORIZONTAL ELLIPSIS}")
    dashboard = dashboard_for_period(plan=plan, period=period)
    say("Writing the report\N{HORIZONTAL ELLIPSIS}")
    if format == "xlsx":
        content = dashboard_xlsx(dashboard, licence=plan.organisation.open_data_licence)
    elif format == "csv":
        content = dashboard_csv(dashboard)
    else:
        content = dashboard_json(dashboard)
    return ReportFile(content, content_type, dashboard_filename(dashboard, format))


def _document_bytes(document: Document, format: str) -> bytes:
    """The committee report laid out as Word or PDF. The writers are imported here, when asked
    for: each brings a heavy library (python-docx, WeasyPrint) the data formats do not need."""
    if format == "docx":
        from netzero.reports.word import document_to_docx

        return document_to_docx(document)
    from netzero.reports.pdf import document_to_pdf

    return document_to_pdf(document)
