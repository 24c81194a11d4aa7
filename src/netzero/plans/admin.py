from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin, ScopedInline
from netzero.core.narrative import narrative_plain_text
from netzero.plans.models import Action, DeliveryTheme, Plan, Theme


class ThemeInline(ScopedInline, admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["name", "parent", "position"]


class DeliveryThemeInline(ScopedInline, admin.TabularInline):
    model = DeliveryTheme
    extra = 0
    fields = ["name", "lead_name", "position"]


@admin.register(Plan)
class PlanAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "slug"]
    list_filter = ["organisation"]
    search_fields = ["name", "slug", "organisation__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ThemeInline, DeliveryThemeInline]


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
    search_fields = ["ref", "title", "text", "success_measure"]
    list_select_related = ["plan", "theme", "delivery_theme"]
    autocomplete_fields = ["reports_through"]
    ordering = ["plan", "kind", "position"]

    @admin.display(description="Action")
    def short_text(self, obj: Action) -> str:
        text = obj.title or narrative_plain_text(obj.text)
        return text if len(text) <= 90 else text[:87] + "..."
