"""Data entry in the admin, scoped like every other admin to the person's organisations, and
saved through the same services as the figures pages (so the same rules and history)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from netzero.access.admin import OrganisationScopedAdmin, managed_organisation_ids
from netzero.core.forms import add_service_errors
from netzero.factors.models import SetYearChoice
from netzero.footprints.models import FootprintEntry, ImportBatch, StatedTotal, Target
from netzero.footprints.services import (
    REPORTED_FIGURE_FIELDS,
    STATED_TOTAL_FIELDS,
    TARGET_FIELDS,
    entry_delete,
    entry_report,
    entry_reported_check,
    entry_reported_update,
    stated_total_check,
    stated_total_delete,
    stated_total_record,
    stated_total_update,
    target_check,
    target_delete,
    target_record,
    target_update,
)


class _ServiceForm(forms.ModelForm):
    """Checks with the service's own rules (``check``), beside the fields they name."""

    check = None  # the service's check, a staticmethod
    service_fields: list[str] = []
    record_name = ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        record = self.instance
        if record.pk is None:
            record = type(record)(organisation=data.get("organisation"))
        fields = {name: data.get(name) for name in self.service_fields}
        try:
            type(self).check(**{self.record_name: record}, **fields)
        except ValidationError as exc:
            add_service_errors(self, exc)
        return data


class _ServiceAdmin(OrganisationScopedAdmin):
    """Saves and deletes through the services, with the signed-in person."""

    record = delete = update = None  # services, as staticmethods
    record_name = ""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organisation"] if obj is not None else fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            field is not None
            and field.queryset.model is StatedTotal
            and not request.user.is_superuser
        ):
            field.queryset = field.queryset.filter(
                organisation_id__in=managed_organisation_ids(request.user)
            )
        return field

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data.get(name) for name in form.service_fields}
        if change:
            saved = type(self).update(**{self.record_name: obj}, user=request.user, **fields)
        else:
            saved = type(self).record(
                organisation=form.cleaned_data["organisation"], user=request.user, **fields
            )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        type(self).delete(**{self.record_name: obj}, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class FootprintEntryForm(_ServiceForm):
    check = staticmethod(entry_reported_check)
    service_fields = REPORTED_FIGURE_FIELDS
    record_name = "entry"

    class Meta:
        model = FootprintEntry
        fields = ["organisation", *REPORTED_FIGURE_FIELDS]


@admin.register(FootprintEntry)
class FootprintEntryAdmin(_ServiceAdmin):
    """Reported figures are entered and corrected here; calculated ones are shown only (they
    belong to their import, undone on the activity data page)."""

    form = FootprintEntryForm
    record = staticmethod(entry_report)
    update = staticmethod(entry_reported_update)
    delete = staticmethod(entry_delete)
    record_name = "entry"
    list_display = ["organisation", "reporting_year", "category", "scope", "tco2e", "method"]
    list_filter = ["method", "reporting_year", "category", "boundary"]
    search_fields = ["organisation__name", "source"]
    list_select_related = ["organisation"]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.method == FootprintEntry.Method.CALCULATED:
            return [
                "organisation",
                *REPORTED_FIGURE_FIELDS,
                "method",
                "quantity",
                "unit",
                "factor",
                "supplementary_factor",
                "activity",
                "reference",
                "batch",
            ]
        return super().get_fields(request, obj)

    def _reported(self, obj) -> bool:
        return obj is None or obj.method == FootprintEntry.Method.REPORTED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._reported(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._reported(obj)


class StatedTotalForm(_ServiceForm):
    check = staticmethod(stated_total_check)
    service_fields = STATED_TOTAL_FIELDS
    record_name = "total"

    class Meta:
        model = StatedTotal
        fields = ["organisation", *STATED_TOTAL_FIELDS]


@admin.register(StatedTotal)
class StatedTotalAdmin(_ServiceAdmin):
    form = StatedTotalForm
    record = staticmethod(stated_total_record)
    update = staticmethod(stated_total_update)
    delete = staticmethod(stated_total_delete)
    record_name = "total"
    list_display = ["label", "organisation", "reporting_year", "boundary", "tco2e"]
    list_filter = ["reporting_year", "boundary"]
    search_fields = ["label", "organisation__name", "source"]
    list_select_related = ["organisation"]


class TargetForm(_ServiceForm):
    check = staticmethod(target_check)
    service_fields = TARGET_FIELDS
    record_name = "target"

    class Meta:
        model = Target
        fields = ["organisation", *TARGET_FIELDS]


@admin.register(Target)
class TargetAdmin(_ServiceAdmin):
    form = TargetForm
    record = staticmethod(target_record)
    update = staticmethod(target_update)
    delete = staticmethod(target_delete)
    record_name = "target"
    list_display = ["description", "organisation", "baseline_year", "target_year"]
    search_fields = ["description", "organisation__name"]
    list_select_related = ["organisation"]


@admin.register(ImportBatch)
class ImportBatchAdmin(OrganisationScopedAdmin):
    """Imports are read here; they are undone or replaced on the activity data page."""

    list_display = ["pk", "organisation", "imported_at", "who", "channel", "state"]
    list_filter = ["state", "channel"]
    search_fields = ["organisation__name", "file_name", "who"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SetYearChoice)
class SetYearChoiceAdmin(OrganisationScopedAdmin):
    """Read only: a choice is made on the organisation's figures page or with
    ``netzero factors choose``, which refuse a choice that would mix two sets in one year."""

    list_display = ["organisation", "reporting_year", "set_year", "reason"]
    search_fields = ["organisation__name", "reason"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
