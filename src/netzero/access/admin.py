"""Admin (data entry) scoped by the same rules as the pages: a programme manager or
administrator sees and changes only their own organisations' records."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from netzero.access.models import Membership
from netzero.access.rules import MANAGERS, memberships
from netzero.core.permissions import Permission
from netzero.core.users import full_name
from netzero.organisations.models import Organisation


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

    def get_list_filter(self, request):
        """Every filter offers only what the person may see: set here, so no admin can forget."""
        return [scoped_filter(self.model, entry) for entry in super().get_list_filter(request)]


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


# The plan a record belongs to, for labelling choices: "Planning (Climate Change Strategy)"
# tells two organisations' (or two plans') same-named themes apart.
_PLAN_PATHS = {
    "Theme": "plan",
    "DeliveryTheme": "plan",
    "Action": "plan",
    "ReportingPeriod": "plan",
    "ClassificationScheme": "plan",
    "Category": "scheme__plan",
}


def choice_label(obj) -> str:
    """A record as the admin's choices and filters show it: with its plan, where it has one."""
    path = _PLAN_PATHS.get(type(obj).__name__)
    if path is None:
        return str(obj)
    plan = obj
    for part in path.split("__"):
        plan = getattr(plan, part)
    return f"{obj} ({plan.name})"


def scoped(queryset, user):
    """The records of ``queryset`` the user may choose among: those of their managed
    organisations (superusers: all), with what their labels read fetched in the same query."""
    name = queryset.model.__name__
    lookup = _CHOICE_LOOKUPS.get(name)
    if lookup and not user.is_superuser:
        queryset = queryset.filter(**{lookup: managed_organisation_ids(user)})
    if name in _PLAN_PATHS:
        queryset = queryset.select_related(_PLAN_PATHS[name])
    return queryset


def scope_choices(field, request):
    """Limit a form field's choices to the records of the user's organisations, each labelled
    with its plan."""
    if field is None or not hasattr(field, "queryset"):
        return field
    field.queryset = scoped(field.queryset, request.user)
    if field.queryset.model.__name__ in _PLAN_PATHS:
        field.label_from_instance = choice_label
    return field


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter on a related record (``plan``, ``period__plan``, ``action__delivery_theme``):
    only the records the admin's own (scoped) list refers to, within the person's
    organisations, labelled with their plan."""

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.field_path}__isnull": True})
            .values_list(f"{self.field_path}__pk", flat=True)
            .distinct()
        )
        choices = scoped(field.related_model._default_manager.filter(pk__in=used), request.user)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            choices = choices.order_by(*ordering)
        return [(obj.pk, choice_label(obj)) for obj in choices]


class ScopedAllValuesFieldListFilter(admin.AllValuesFieldListFilter):
    """A filter on a plain value reached through a relation (``period__year``): its values come
    from the admin's own (scoped) list, not from every organisation's records."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )


def scoped_filter(model, entry):
    """``list_filter``'s entry with the scoped filter class its field needs. Entries that name
    their own filter class are left as they are."""
    if not isinstance(entry, str):
        return entry
    field = get_fields_from_path(model, entry)[-1]
    if field.is_relation:
        return (entry, ScopedRelatedFieldListFilter)
    default = next(
        (cls for test, cls in admin.FieldListFilter._field_list_filters if test(field)), None
    )
    if "__" in entry and default is admin.AllValuesFieldListFilter:
        return (entry, ScopedAllValuesFieldListFilter)
    return entry


def person_column(field: str, description: str):
    """A list column naming the person in ``field`` as the organisation's pages do: full name,
    else email, never username."""

    @admin.display(description=description, ordering=f"{field}__last_name")
    def column(obj) -> str:
        return full_name(getattr(obj, field), nobody="-")

    column.__name__ = f"{field}_person"
    return column


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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), request)


class MembershipForm(forms.ModelForm):
    """A membership names only the delivery themes and actions of its own organisation's plans
    (the database checks it too): the choices say so, and a choice from elsewhere is refused."""

    class Meta:
        model = Membership
        fields = [
            "user",
            "organisation",
            "role",
            "job_title",
            "name_published",
            "delivery_themes",
            "actions",
        ]

    _LINKS = {"delivery_themes": "delivery themes", "actions": "actions"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = self.instance.organisation_id
        if organisation_id is None:
            return
        for name in self._LINKS:
            if name in self.fields:
                field = self.fields[name]
                field.queryset = field.queryset.filter(plan__organisation_id=organisation_id)

    def clean(self):
        data = super().clean()
        organisation = data.get("organisation") or (
            self.instance.organisation if self.instance.organisation_id else None
        )
        if organisation is None:
            return data
        for name, words in self._LINKS.items():
            elsewhere = [
                choice_label(item)
                for item in data.get(name) or []
                if item.plan.organisation_id != organisation.pk
            ]
            if elsewhere:
                self.add_error(
                    name,
                    f"Choose only {words} of {organisation.name}'s plans; "
                    f"not {', '.join(elsewhere)}.",
                )
        return data


def people_pages(user) -> list[tuple[str, str]]:
    """(organisation name, its People page) for each organisation the user manages."""
    organisations = Organisation.objects.filter(pk__in=managed_organisation_ids(user))
    pages = []
    for organisation in organisations.order_by("name"):
        pages.append((organisation.name, reverse("access:people", args=[organisation.slug])))
    return pages


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin):
    """Read and, for a person already in the organisation, changed here; people are invited,
    given their role and removed on the organisation's People pages. Adding a membership here,
    which picks from every user of the site, is for superusers only."""

    form = MembershipForm
    object_rule = Permission.MANAGE_PEOPLE
    list_display = ["person", "email", "organisation", "role", "job_title"]
    list_select_related = ["user", "organisation"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    filter_horizontal = ["delivery_themes", "actions"]
    autocomplete_fields = ["user"]
    change_list_template = "admin/access/membership/change_list.html"
    change_form_template = "admin/access/membership/change_form.html"

    @admin.display(description="Person", ordering="user__last_name")
    def person(self, obj: Membership) -> str:
        return full_name(obj.user)

    @admin.display(description="Email", ordering="user__email")
    def email(self, obj: Membership) -> str:
        return obj.user.email

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def get_autocomplete_fields(self, request):
        """The user search lists every user of the site: for superusers only (the search
        itself refuses anyone for whom the field is not an autocomplete)."""
        return super().get_autocomplete_fields(request) if request.user.is_superuser else []

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return [*fields, "user", "organisation"]

    def _people_context(self, request, extra_context):
        return {
            **(extra_context or {}),
            "people_pages": people_pages(request.user),
            "people_can_change": self.has_change_permission(request),
        }

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, self._people_context(request, extra_context))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, self._people_context(request, extra_context)
        )


class SuperusersOnlyUserAdmin(UserAdmin):
    """The site's users span every organisation: only superusers list or change them here.
    An organisation's people are invited, changed and removed on its People pages, which show
    only its own; no role's rights open this list, whatever its group is given."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


_user_model = get_user_model()
if admin.site.is_registered(_user_model):
    admin.site.unregister(_user_model)
admin.site.register(_user_model, SuperusersOnlyUserAdmin)
