from django.contrib import admin

from netzero.access.admin import OrganisationScopedAdmin, ScopedInline
from netzero.classifications.models import (
    ActionCategory,
    Category,
    ClassificationScheme,
    ReportedCount,
)


class CategoryInline(ScopedInline, admin.TabularInline):
    model = Category
    extra = 0
    fields = ["name", "parent", "position"]


class ReportedCountInline(ScopedInline, admin.TabularInline):
    model = ReportedCount
    extra = 0
    fields = ["organisation", "count", "source"]


class ActionCategoryInline(ScopedInline, admin.TabularInline):
    model = ActionCategory
    extra = 0
    fields = ["action"]


@admin.register(ClassificationScheme)
class ClassificationSchemeAdmin(OrganisationScopedAdmin):
    organisation_path = "plan__organisation_id"
    list_display = ["name", "plan", "top_level_name", "second_level_name", "position"]
    list_filter = ["plan"]
    search_fields = ["name", "description", "source"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(OrganisationScopedAdmin):
    organisation_path = "scheme__plan__organisation_id"
    list_display = ["name", "level_name", "parent", "scheme", "position"]
    list_filter = ["scheme"]
    list_select_related = ["scheme", "parent"]
    search_fields = ["name"]
    inlines = [ReportedCountInline, ActionCategoryInline]


@admin.register(ActionCategory)
class ActionCategoryAdmin(OrganisationScopedAdmin):
    organisation_path = "category__scheme__plan__organisation_id"
    list_display = ["action", "category"]
    list_filter = ["category__scheme"]
    list_select_related = ["action", "category"]


@admin.register(ReportedCount)
class ReportedCountAdmin(OrganisationScopedAdmin):
    organisation_path = "category__scheme__plan__organisation_id"
    list_display = ["category", "organisation", "count", "source"]
    list_filter = ["category__scheme"]
    list_select_related = ["category", "organisation"]
