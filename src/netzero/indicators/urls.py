from django.urls import path

from netzero.indicators import views

app_name = "indicators"
urlpatterns = [
    path("plans/<slug:plan_slug>/indicators/", views.plan_indicators, name="plan"),
    path(
        "organisations/<slug:org_slug>/indicators/",
        views.organisation_indicators,
        name="organisation",
    ),
    path("indicators/<int:pk>/", views.indicator_detail, name="detail"),
]
