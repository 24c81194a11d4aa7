from django.urls import path

from netzero.footprints import trend_views, views

app_name = "footprints"
urlpatterns = [
    path(
        "organisations/<slug:org_slug>/footprint/",
        views.organisation_footprint_latest,
        name="latest",
    ),
    # Before the year's page, whose <str:year> would otherwise take "trend".
    path(
        "organisations/<slug:org_slug>/footprint/trend/",
        trend_views.footprint_trend_page,
        name="trend",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/trend/<slug:boundary>.svg",
        trend_views.footprint_trend_svg,
        name="trend_svg",
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
