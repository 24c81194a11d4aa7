from __future__ import annotations

from django import forms

from netzero.core.narrative import markdown_to_narrative, narrative_to_markdown
from netzero.reporting.models import ActionUpdate
from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import REPORTED_STATUSES, Status


class UpdateForm(forms.Form):
    """An action's quarterly update, as a theme lead or contributor writes it. It only collects
    the input: the rules (what a submission needs, the longest texts) are the workflow
    service's, so a draft keeps whatever was typed.

    The summary of progress is typed as a small Markdown subset (``core.narrative``) and cleaned
    to the narrative HTML that is stored; ``initial_from`` shows a stored update back as that
    Markdown."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[(s.value, s.label) for s in REPORTED_STATUSES],
        widget=forms.RadioSelect,
    )
    progress = forms.CharField(
        label="Summary of progress",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Leave a blank line between paragraphs. Start a line with “- ” or “* ” for a "
        "bulleted list, or “1. ” for a numbered list. Other formatting is kept as typed text.",
    )
    reason = forms.CharField(
        label="Reason for the status",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for Review or Action: what puts the timetable or outcomes at risk.",
    )
    mitigation = forms.CharField(
        label="Mitigation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for Action: what is being done to bring the action back on track.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_progress(self) -> str:
        return markdown_to_narrative(self.cleaned_data["progress"])

    @staticmethod
    def initial_from(update: ActionUpdate | None, *, version: int) -> dict:
        """The form's starting values from a stored update (None: an empty form)."""
        if update is None:
            return {
                "status": "",
                "progress": "",
                "reason": "",
                "mitigation": "",
                "version": version,
            }
        return {
            "status": update.status if update.status != Status.NOT_REPORTED else "",
            "progress": narrative_to_markdown(update.progress),
            "reason": update.reason,
            "mitigation": update.mitigation,
            "version": version,
        }


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label="What needs to change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when returning the update to its lead.",
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why reopen this published period?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for reopening a published period."},
    )


class PeriodOpenForm(forms.Form):
    name = forms.CharField(
        label="Reporting period",
        help_text="The financial year and quarter, for example 2023-24 Q1.",
    )

    def clean_name(self) -> str:
        return parse_quarter(self.cleaned_data["name"]).name


class DateInput(forms.DateInput):
    input_type = "date"


class PresentedForm(forms.Form):
    """The meeting a quarter's dashboard goes (or went) to. Both optional."""

    presented_to = forms.CharField(
        label="Presented to",
        required=False,
        max_length=300,
        help_text="The committee or board, as its papers name it.",
    )
    presented_on = forms.DateField(
        label="Date of the meeting",
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text="Choose it in the date picker, or type it as year-month-day, for example "
        "2023-02-13.",
    )


class ReturnUploadForm(forms.Form):
    """A filled return workbook (``workflow.returns``); what it holds is checked by the service."""

    file = forms.FileField(
        label="Return workbook",
        help_text="The return (.xlsx) downloaded from this quarter's pages, filled in. Nothing is "
        "saved until you have checked what each row will do.",
        error_messages={"required": "Choose the return workbook (.xlsx) to upload."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                "Choose the return workbook, an .xlsx file (save it as Excel Workbook)."
            )
        return upload
