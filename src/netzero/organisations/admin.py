from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "pk"
    object_rule = Permission.MANAGE_PEOPLE
    list_display = ["name", "kind", "ods_code", "partnership", "partnership_role", "slug"]
    search_fields = ["name", "slug", "ods_code"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
