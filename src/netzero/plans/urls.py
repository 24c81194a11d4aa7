from django.urls import path

from netzero.plans import views

app_name = "plans"
urlpatterns = [
    path("plans/<slug:plan_slug>/actions/", views.plan_outline_page, name="outline"),
    path("plans/<slug:plan_slug>/timeline/", views.plan_timeline_page, name="timeline"),
]
