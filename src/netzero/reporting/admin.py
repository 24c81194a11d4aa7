from django.contrib import admin

from netzero.reporting.models import ActionUpdate, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "plan", "start", "end"]
    list_filter = ["plan", "year"]
    search_fields = ["plan__name", "notes"]


@admin.register(ActionUpdate)
class ActionUpdateAdmin(admin.ModelAdmin):
    list_display = ["action", "period", "status", "author", "updated_at"]
    list_filter = ["period__plan", "period", "status", "action__kind", "action__delivery_theme"]
    search_fields = ["action__ref", "progress", "reason", "mitigation"]
    list_select_related = ["action", "period", "period__plan", "author"]
    autocomplete_fields = ["action"]
    readonly_fields = ["author", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.author = request.user
        super().save_model(request, obj, form, change)
