from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin, ScopedInline, partner_choices
from netzero.core.narrative import narrative_plain_text
from netzero.plans.models import Action, Delivery, DeliveryTheme, Plan, Theme


class ThemeInline(ScopedInline, admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["name", "parent", "position"]


class DeliveryThemeInline(ScopedInline, admin.TabularInline):
    model = DeliveryTheme
    extra = 0
    fields = ["name", "lead_name", "position"]


class DeliveryInline(ScopedInline, admin.TabularInline):
    """The organisations that deliver the action: the plan's owner or its partners (checked)."""

    model = Delivery
    extra = 0
    fields = ["organisation", "role", "note"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return partner_choices(field, request) if db_field.name == "organisation" else field


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["name", "slug", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline, DeliveryThemeInline]

    def _slug_fixed(self, obj: Plan | None) -> bool:
        return obj is not None and obj.has_published_periods

    def get_readonly_fields(self, request, obj=None):
        """Published pages and links use the slug: once a period is published it is shown, not
        edited (the model refuses the change too)."""
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if self._slug_fixed(obj) else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self._slug_fixed(obj) else super().get_prepopulated_fields(request, obj)


@admin.register(Theme)
class ThemeAdmin(OrganisationScopedAdmin):
    organisation_path = "plan__organisation_id"
    list_display = ["name", "plan", "parent", "position"]
    list_filter = ["plan"]
    search_fields = ["name", "description"]


@admin.register(DeliveryTheme)
class DeliveryThemeAdmin(OrganisationScopedAdmin):
    organisation_path = "plan__organisation_id"
    list_display = ["name", "lead_display", "plan", "position"]
    list_filter = ["plan"]
    search_fields = ["name", "lead_name"]


@admin.register(Action)
class ActionAdmin(OrganisationScopedAdmin):
    organisation_path = "plan__organisation_id"
    list_display = [
        "ref",
        "kind",
        "short_text",
        "theme",
        "delivery_theme",
        "target",
        "impact",
        "plan",
    ]
    list_filter = ["plan", "kind", "impact", "theme", "delivery_theme"]
    search_fields = ["ref", "title", "text", "success_measure", "role"]
    list_select_related = ["plan", "theme", "delivery_theme"]
    inlines = [DeliveryInline]
    # A plain select: its label names it (the autocomplete widget left the box unnamed).
    ordering = ["plan", "ref_sort"]

    @admin.display(description="Action")
    def short_text(self, obj: Action) -> str:
        text = obj.title or narrative_plain_text(obj.text)
        return text if len(text) <= 90 else text[:87] + "..."
