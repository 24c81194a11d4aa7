"""The committee report's forms: its details, and which appendices a download carries."""

from __future__ import annotations

from typing import Any

from django import forms

from netzero.reports.models import HEADER_FIELDS, IMPLICATIONS, SECTIONS, ReportDetails

APPENDIX_CHOICES = [
    ("footprint", "Carbon footprint and targets"),
    ("indicators", "Indicators"),
]


class ReportDetailsForm(forms.ModelForm):
    """The paper's header block and sections. Saved through ``report_details_update``."""

    class Meta:
        model = ReportDetails
        fields = HEADER_FIELDS + [name for name, _ in SECTIONS] + [name for name, _ in IMPLICATIONS]

    def header_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HEADER_FIELDS]

    def section_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in SECTIONS]

    def implication_fields(self) -> list[forms.BoundField]:
        return [self[name] for name, _ in IMPLICATIONS]


class ReportDownloadForm(forms.Form):
    """The report's optional appendices, chosen on the dashboard page (a GET form)."""

    appendix = forms.MultipleChoiceField(
        label="Add to the report",
        choices=APPENDIX_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, available: list[str] | None = None, **kwargs: Any) -> None:
        """``available``: the appendices this period's report can carry (all when None)."""
        super().__init__(*args, **kwargs)
        if available is not None:
            field = self.fields["appendix"]
            field.choices = [(v, label) for v, label in APPENDIX_CHOICES if v in available]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["appendix"].choices)
