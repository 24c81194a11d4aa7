from django.urls import path

from netzero.guidance import views

app_name = "guidance"
urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/<slug:slug>/", views.guide, name="guide"),
]
