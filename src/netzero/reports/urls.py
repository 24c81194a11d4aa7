from django.urls import path

from netzero.reports import views

app_name = "reports"
_period = "plans/<slug:plan_slug>/periods/<str:period_slug>/"
urlpatterns = [
    path(_period + "report/", views.details, name="details"),
    path(_period + "report.docx", views.download, {"fmt": "docx"}, name="report_docx"),
    path(_period + "report.pdf", views.download, {"fmt": "pdf"}, name="report_pdf"),
    path(_period + "dashboard.xlsx", views.download, {"fmt": "xlsx"}, name="dashboard_xlsx"),
    path(_period + "dashboard.csv", views.download, {"fmt": "csv"}, name="dashboard_csv"),
    path(_period + "dashboard.json", views.download, {"fmt": "json"}, name="dashboard_json"),
]
