from __future__ import annotations

from django import forms

from netzero.reporting.periods import parse_quarter
from netzero.reporting.status import REPORTED_STATUSES


class UpdateForm(forms.Form):
    """An action's quarterly update, as a theme lead or contributor writes it. It only collects
    the input: the rules (a reason for Review or Action, ...) are the workflow service's."""

    status = forms.ChoiceField(
        label="Status",
        choices=[(s.value, s.label) for s in REPORTED_STATUSES],
        widget=forms.RadioSelect,
    )
    progress = forms.CharField(
        label="Summary of progress",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paragraphs and lists are kept (<p>, <ul>, <ol>, <li>); other markup is removed.",
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
        help_text="For example, 2023-02-13.",
    )
