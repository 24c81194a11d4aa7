from django.urls import path

from netzero.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("organisations/<slug:org_slug>/", views.organisation, name="organisation"),
    path(
        "organisations/<slug:org_slug>/details/",
        views.organisation_details,
        name="organisation_details",
    ),
    path("organisations/<slug:org_slug>/partnership/", views.partnership, name="partnership"),
]
