from django.urls import path

from netzero.footprints import views

app_name = "footprints"
urlpatterns = [
    path(
        "organisations/<slug:org_slug>/footprint/",
        views.organisation_footprint_latest,
        name="latest",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/<str:year>/",
        views.organisation_footprint,
        name="organisation",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/<str:year>/chart.svg",
        views.organisation_footprint_svg,
        name="chart_svg",
    ),
    path(
        "organisations/<slug:org_slug>/activity-data/",
        views.activity_import_view,
        name="activity_import",
    ),
]
