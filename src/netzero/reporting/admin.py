from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin
from netzero.core.permissions import Permission
from netzero.reporting.models import ActionUpdate, ReportingPeriod


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
    list_display = ["action", "period", "status", "state", "author", "updated_at"]
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
