from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import transaction

from netzero.access.admin import OrganisationScopedAdmin, person_column
from netzero.core.exceptions import Refused
from netzero.core.permissions import Permission
from netzero.reporting.models import ActionStateChange, ActionUpdate, PlanNote, ReportingPeriod
from netzero.reporting.services import action_state_record


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(OrganisationScopedAdmin):
    """Periods are opened, published and reopened on the period pages; here only notes change."""

    organisation_path = "plan__organisation_id"
    object_rule = Permission.MANAGE_PERIODS
    list_display = ["name", "plan", "state", "start", "end"]
    readonly_fields = ["plan", "year", "quarter", "state", "published_at", "published_by"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [*self.readonly_fields, "notes"]  # a published period no longer changes
        return self.readonly_fields

    list_filter = ["plan", "year"]
    search_fields = ["plan__name", "notes"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(OrganisationScopedAdmin):
    """Updates are written on the update pages; the admin reads them, and their history."""

    organisation_path = "period__plan__organisation_id"
    object_rule = Permission.REVIEW_UPDATES
    list_display = [
        "action",
        "period",
        "status",
        "state",
        person_column("author", "Author"),
        "updated_at",
    ]
    list_filter = [
        "period__plan",
        "period",
        "status",
        "state",
        "action__kind",
        "action__delivery_theme",
    ]
    search_fields = ["action__ref", "progress", "reason", "mitigation"]
    list_select_related = ["action", "period", "period__plan", "author"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class _DryRun(Exception):
    """Rolls back a rehearsal of the service inside the form's validation."""


class ActionStateChangeForm(forms.ModelForm):
    """The admin's form: the service's own rules (reason, the other action, published periods,
    one change per period, in order) show beside the fields before anything is saved."""

    user = None  # set by the admin for the request

    class Meta:
        model = ActionStateChange
        fields = ["action", "period", "kind", "other", "reason"]

    def clean(self):
        data = super().clean()
        if self.errors or not (data.get("action") and data.get("period") and data.get("kind")):
            return data
        try:
            with transaction.atomic():
                action_state_record(
                    action=data["action"],
                    period=data["period"],
                    kind=data["kind"],
                    reason=data.get("reason") or "",
                    other=data.get("other"),
                    user=self.user,
                )
                raise _DryRun
        except _DryRun:
            pass
        except PermissionDenied as exc:
            raise forms.ValidationError(str(exc)) from exc
        except Refused as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                raise forms.ValidationError(exc.messages) from exc
        return data

    def validate_unique(self):
        """One change per action and period: said by the service, in its words."""


@admin.register(ActionStateChange)
class ActionStateChangeAdmin(OrganisationScopedAdmin):
    """Record that an action is completed, retired, merged or superseded from a period on.
    Written through ``reporting.services.action_state_record``; never edited afterwards (undo
    the latest change with ``action_state_undo``)."""

    form = ActionStateChangeForm
    organisation_path = "action__plan__organisation_id"
    object_rule = Permission.MANAGE_PLAN
    list_display = [
        "action",
        "kind",
        "other",
        "period",
        "reason",
        person_column("recorded_by", "Recorded by"),
        "recorded_at",
    ]
    list_filter = ["action__plan", "kind", "period"]
    search_fields = ["action__ref", "reason"]
    list_select_related = ["action", "other", "period", "recorded_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        created = action_state_record(
            action=obj.action,
            period=obj.period,
            kind=obj.kind,
            reason=obj.reason,
            other=obj.other,
            user=request.user,
        )
        obj.pk = created.pk
        obj.recorded_by = created.recorded_by
        obj.recorded_at = created.recorded_at
        obj._state.adding = False

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanNote)
class PlanNoteAdmin(OrganisationScopedAdmin):
    """Notes shown on a part of the dashboards from a period on; read here (they are written
    with the period they start in, before it is published)."""

    organisation_path = "plan__organisation_id"
    object_rule = Permission.MANAGE_PLAN
    list_display = ["plan", "section", "from_period", "source"]
    list_filter = ["plan", "section"]
    readonly_fields = ["plan", "section", "from_period", "text", "source"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
