from django.urls import path

from netzero.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/<slug:plan_slug>/actions/", views.plan_outline_page, name="outline"),
    path("plans/<slug:plan_slug>/timeline/", views.plan_timeline_page, name="timeline"),
    path("organisations/<slug:org_slug>/plans/new/", views.plan_new, name="new"),
    path("plans/<slug:plan_slug>/setup/", views.plan_setup, name="setup"),
    path("plans/<slug:plan_slug>/setup/themes/", views.plan_setup_themes, name="setup_themes"),
    path(
        "plans/<slug:plan_slug>/setup/delivery-themes/",
        views.plan_setup_delivery_themes,
        name="setup_delivery_themes",
    ),
    path("plans/<slug:plan_slug>/setup/actions/", views.plan_setup_actions, name="setup_actions"),
]
