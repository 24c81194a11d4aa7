"""A period's committee report: the paper's header block and its narrative sections.

The dashboard in the report's appendix is the period's own (frozen when the period is published);
these are the words around it, written by the programme manager while the period is open and
refused once it is published (``reports.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from netzero.reporting.models import ReportingPeriod


class ReportDetails(models.Model):
    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.CASCADE, related_name="report_details"
    )
    marking = models.CharField(
        max_length=100,
        blank=True,
        default="For publication",
        help_text="Printed above the header, as the council marks its papers.",
    )
    # The committee or board and the meeting date printed in the header are the period's
    # (``ReportingPeriod.presented_to`` and ``presented_on``): one fact, kept in one place.
    report_of = models.CharField(
        max_length=200,
        blank=True,
        help_text='Whose report it is, e.g. "Executive Director - Place".',
    )
    title = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=200, blank=True)
    contact = models.CharField(max_length=200, blank=True, help_text="An email address or phone.")

    # The paper's sections, as typed: paragraphs separated by a blank line; lines beginning
    # "- " are bullet points. Paragraphs are numbered in the report (1.1, 1.2 ...).
    purpose = models.TextField(blank=True)
    information = models.TextField("information and analysis", blank=True)
    consultation = models.TextField(blank=True)
    alternative_options = models.TextField("alternative options considered", blank=True)
    background_papers = models.TextField(blank=True)
    recommendation = models.TextField(blank=True, help_text="Printed as typed, not numbered.")
    reasons = models.TextField("reasons for the recommendation", blank=True)

    # Appendix: implications.
    financial = models.TextField("financial implications", blank=True)
    legal = models.TextField("legal implications", blank=True)
    human_resources = models.TextField("human resources implications", blank=True)
    information_technology = models.TextField("information technology implications", blank=True)
    equalities = models.TextField("equalities impact", blank=True)
    corporate_objectives = models.TextField("corporate objectives and priorities", blank=True)
    other = models.TextField("other implications", blank=True)

    # The optional appendices (footprint and targets, indicators) as they stood when the period
    # was published, so a published report never changes (``reports.appendices``).
    frozen_appendices = models.JSONField(null=True, blank=True, editable=False)

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "report details"
        verbose_name_plural = "report details"

    def __str__(self) -> str:
        return f"Report details for {self.period}"


# The narrative fields in the order the paper prints them, with their headings.
SECTIONS: list[tuple[str, str]] = [
    ("purpose", "Purpose"),
    ("information", "Information and Analysis"),
    ("consultation", "Consultation"),
    ("alternative_options", "Alternative Options Considered"),
    # "Implications" and "Appendices" are written by the report itself, in between.
    ("background_papers", "Background Papers"),
    ("recommendation", "Recommendation"),
    ("reasons", "Reasons for Recommendation"),
]
IMPLICATIONS: list[tuple[str, str]] = [
    ("financial", "Financial"),
    ("legal", "Legal"),
    ("human_resources", "Human Resources"),
    ("information_technology", "Information Technology"),
    ("equalities", "Equalities Impact"),
    ("corporate_objectives", "Corporate objectives and priorities for change"),
    (
        "other",
        "Other (for example, Health and Safety, Environmental, Sustainability, Property and Asset "
        "Management, Risk Management and Safeguarding)",
    ),
]
HEADER_FIELDS = [
    "marking",
    "report_of",
    "title",
    "author",
    "contact",
]
TEXT_FIELDS = [name for name, _ in SECTIONS] + [name for name, _ in IMPLICATIONS]
