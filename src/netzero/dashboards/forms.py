from __future__ import annotations

from django import forms

from netzero.dashboards.types import Dashboard, RowFilter
from netzero.plans.impact import Impact
from netzero.reporting.models import ReportingPeriod
from netzero.reporting.status import STATUSES_BEST_FIRST, Status


class DashboardFilterForm(forms.Form):
    """Narrow the dashboard's action tables. Choices come from the plan's own themes."""

    theme = forms.ChoiceField(label="Strategy theme", required=False)
    delivery_theme = forms.ChoiceField(label="Delivery theme", required=False)
    status = forms.MultipleChoiceField(
        label="Status",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(s.value, s.label) for s in STATUSES_BEST_FIRST],
    )
    impact = forms.ChoiceField(
        label="Impact if not achieved",
        required=False,
        choices=[("", "Any impact"), *Impact.choices],
    )

    def __init__(self, *args, dashboard: Dashboard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "All strategy themes")] + [
            (t.theme, t.theme) for t in dashboard.by_strategy_theme
        ]
        self.fields["delivery_theme"].choices = [("", "All delivery themes")] + [
            (t.theme, t.theme) for t in dashboard.by_delivery_theme
        ]

    def row_filter(self) -> RowFilter:
        """The filter from the fields that are valid; an unrecognised value drops only itself."""
        if not self.is_bound:
            return RowFilter()
        self.is_valid()
        data = self.cleaned_data  # holds only the fields that passed validation
        return RowFilter(
            theme=data.get("theme", ""),
            delivery_theme=data.get("delivery_theme", ""),
            statuses=frozenset(Status(s) for s in data.get("status", [])),
            impact=data.get("impact", ""),
        )

    @property
    def ignored_fields(self) -> list[str]:
        return [str(self.fields[name].label) for name in self.errors]


class PeriodSwitchForm(forms.Form):
    """The period switcher: the plan's periods this reader may see, the shown one selected."""

    period = forms.ChoiceField(label="Reporting period")

    def __init__(self, *, periods: list[ReportingPeriod], current: ReportingPeriod):
        super().__init__(initial={"period": current.slug}, auto_id="%s-switch")
        self.fields["period"].choices = [(p.slug, p.name) for p in periods]
