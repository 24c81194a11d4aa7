from django.urls import path

from netzero.access import views

app_name = "access"
urlpatterns = [
    path("organisations/<slug:org_slug>/people/", views.people_view, name="people"),
    path(
        "organisations/<slug:org_slug>/people/invite/",
        views.person_invite_view,
        name="person_invite",
    ),
    path(
        "organisations/<slug:org_slug>/people/<int:membership_id>/",
        views.person_view,
        name="person",
    ),
    path(
        "organisations/<slug:org_slug>/people/<int:membership_id>/remove/",
        views.person_remove_view,
        name="person_remove",
    ),
    path(
        "organisations/<slug:org_slug>/people/<int:membership_id>/reinvite/",
        views.person_reinvite_view,
        name="person_reinvite",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.invitation_view,
        name="invitation",
    ),
]
