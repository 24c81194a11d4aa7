from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin, person_column
from netzero.core.permissions import Permission
from netzero.workflow.models import PeriodEvent


@admin.register(PeriodEvent)
class PeriodEventAdmin(OrganisationScopedAdmin):
    """The record of openings, publications and reopenings: read only."""

    organisation_path = "period__plan__organisation_id"
    object_rule = Permission.MANAGE_PERIODS
    list_display = ["period", "kind", person_column("user", "By"), "at", "reason"]
    list_select_related = ["period", "user"]
    list_filter = ["kind", "period__plan"]
    exclude = ["snapshot"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
