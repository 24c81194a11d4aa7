from django.urls import path

from netzero.spreadsheets import views

app_name = "spreadsheets"
urlpatterns = [
    path(
        "plans/<slug:plan_slug>/setup/spreadsheet/",
        views.plan_spreadsheet_page,
        name="plan_spreadsheet",
    ),
    path(
        "plans/<slug:plan_slug>/setup/spreadsheet/download/",
        views.plan_download,
        name="plan_download",
    ),
    path(
        "plans/<slug:plan_slug>/setup/spreadsheet/template/",
        views.plan_template_download,
        name="plan_template",
    ),
    path(
        "plans/<slug:plan_slug>/setup/spreadsheet/imports/<int:pk>/",
        views.plan_import_page,
        name="plan_import",
    ),
]
