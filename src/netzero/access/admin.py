"""Admin (data entry) scoped by the same rules as the pages: a programme manager or
administrator sees and changes only their own organisations' records."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from netzero.access.models import Membership
from netzero.access.rules import MANAGERS, memberships
from netzero.core.permissions import Permission


def managed_organisation_ids(user) -> list[int]:
    return [org_id for org_id, m in memberships(user).items() if m.role in MANAGERS]


class OrganisationScopedAdmin(SimpleHistoryAdmin):
    """Filters the admin's lists and choices to the user's organisations.

    ``organisation_path`` is the lookup from the model to its organisation's id.
    ``object_rule`` is the rule that must hold for changing or deleting one object.
    """

    organisation_path = "organisation_id"
    object_rule = Permission.MANAGE_PLAN

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(
            **{f"{self.organisation_path}__in": managed_organisation_ids(request.user)}
        )

    def _allowed(self, request, obj) -> bool:
        return (
            obj is None or request.user.is_superuser or request.user.has_perm(self.object_rule, obj)
        )

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allowed(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """History is for reading. Reverting would bypass the workflow (approvals, reasons,
        published state), so a POST here is refused whatever the settings say."""
        if request.method == "POST":
            raise PermissionDenied("History cannot be reverted from the admin.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), request)


_CHOICE_LOOKUPS = {
    "Organisation": "pk__in",
    "Plan": "organisation_id__in",
    "Theme": "plan__organisation_id__in",
    "DeliveryTheme": "plan__organisation_id__in",
    "Action": "plan__organisation_id__in",
    "ReportingPeriod": "plan__organisation_id__in",
    "ClassificationScheme": "plan__organisation_id__in",
    "Category": "scheme__plan__organisation_id__in",
}


def scope_choices(field, request):
    """Limit a form field's choices to the records of the user's organisations."""
    if field is None or request.user.is_superuser or not hasattr(field, "queryset"):
        return field
    lookup = _CHOICE_LOOKUPS.get(field.queryset.model.__name__)
    if lookup:
        field.queryset = field.queryset.filter(**{lookup: managed_organisation_ids(request.user)})
    return field


def partner_choices(field, request):
    """An organisation field that may name the user's organisations or their partnerships'
    members (a trust delivering its ICS's actions); the model checks the pairing itself."""
    if field is None or request.user.is_superuser:
        return field
    ids = managed_organisation_ids(request.user)
    field.queryset = field.queryset.model.objects.filter(
        Q(pk__in=ids) | Q(partnership_id__in=ids)
    ).order_by("name")
    return field


class ScopedInline:
    """For inlines: the same choice scoping as OrganisationScopedAdmin."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), request)


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin):
    object_rule = Permission.MANAGE_PEOPLE
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    filter_horizontal = ["delivery_themes", "actions"]
    autocomplete_fields = ["user"]
