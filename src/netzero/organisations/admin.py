from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin
from netzero.core.permissions import Permission
from netzero.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_path = "pk"
    object_rule = Permission.MANAGE_PEOPLE
    list_display = ["name", "kind", "partnership", "partnership_role", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
