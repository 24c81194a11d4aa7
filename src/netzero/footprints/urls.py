from django.urls import path

from netzero.footprints import trend_views, views

app_name = "footprints"
urlpatterns = [
    path(
        "organisations/<slug:org_slug>/footprint/",
        views.organisation_footprint_latest,
        name="latest",
    ),
    # The trend and figures pages come before <str:year>: neither is a reporting year.
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
        "organisations/<slug:org_slug>/footprint/figures/",
        views.figures_view,
        name="figures",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/figures/factor-sets/",
        views.factor_set_choose_view,
        name="factor_set_choose",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/figures/<str:kind>/new/",
        views.figure_edit_view,
        name="figure_new",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/figures/<str:kind>/<int:pk>/",
        views.figure_edit_view,
        name="figure_change",
    ),
    path(
        "organisations/<slug:org_slug>/footprint/figures/<str:kind>/<int:pk>/delete/",
        views.figure_delete_view,
        name="figure_delete",
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
    path(
        "organisations/<slug:org_slug>/activity-data/factors.json",
        views.factor_choices_json,
        name="factor_choices",
    ),
]
