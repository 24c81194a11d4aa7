from django.urls import path

from netzero.dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("plans/<slug:plan_slug>/", views.plan_latest, name="plan"),
    path("plans/<slug:plan_slug>/periods/", views.period_switch, name="period_switch"),
    path("plans/<slug:plan_slug>/periods/<str:period_slug>/", views.dashboard, name="dashboard"),
    path("plans/<slug:plan_slug>/actions/<str:ref>/", views.action_detail, name="action"),
    path("plans/<slug:plan_slug>/search/", views.search, name="search"),
    path("plans/<slug:plan_slug>/trend/", views.trend, name="trend"),
]
