from django import forms
from django.contrib import admin
from django.db.models import Q

from netzero.access.admin import (
    OrganisationScopedAdmin,
    ScopedInline,
    managed_organisation_ids,
)
from netzero.indicators.models import Indicator, IndicatorGoal, IndicatorValue


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "organisation",
            "plan",
            "name",
            "unit",
            "direction",
            "baseline_year",
            "baseline_value",
            "description",
            "source",
            "position",
            "actions",
        ]

    def clean(self):
        """The actions it measures must be the plan's own, or the organisation's plans'."""
        data = super().clean()
        owner = Indicator(organisation=data.get("organisation"), plan=data.get("plan"))
        for action in data.get("actions") or []:
            refusal = owner.action_refusal(action) if (owner.plan or owner.organisation) else ""
            if refusal:
                self.add_error("actions", refusal)
        return data


class GoalInline(ScopedInline, admin.TabularInline):
    model = IndicatorGoal
    extra = 0
    fields = ["value", "year", "label", "source"]


class ValueInline(ScopedInline, admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["year", "period_label", "value", "source", "note"]


@admin.register(Indicator)
class IndicatorAdmin(OrganisationScopedAdmin):
    """An indicator belongs to an organisation or to a plan: both are scoped to the person's
    organisations."""

    form = IndicatorForm
    list_display = ["name", "unit", "direction", "organisation", "plan"]
    list_filter = ["direction"]
    search_fields = ["name"]
    filter_horizontal = ["actions"]
    inlines = [GoalInline, ValueInline]

    def get_queryset(self, request):
        qs = super(OrganisationScopedAdmin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        ids = managed_organisation_ids(request.user)
        return qs.filter(Q(organisation_id__in=ids) | Q(plan__organisation_id__in=ids))

    def _allowed(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        owner = obj.plan if obj.plan_id else obj.organisation
        return request.user.has_perm(self.object_rule, owner)
