from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from netzero.access import views as access_views
from netzero.access.forms import SignInForm
from netzero.api.urls import api_urlpatterns

admin.site.site_header = "Net Zero Tracker administration"
admin.site.site_title = "Net Zero Tracker"

handler403 = "netzero.web.errors.permission_denied"

urlpatterns = [
    path("admin/", admin.site.urls),
    # The JSON API and its documents (netzero.api; its own table of who may do what).
    path("api/v1/", include((api_urlpatterns, "api"), namespace="api")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # "Forgotten your password?" (Django's password reset, in the service's words and style).
    path(
        "accounts/password-reset/",
        access_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        access_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        access_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        access_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("netzero.access.urls")),
    path("", include("netzero.web.urls")),
    path("", include("netzero.plans.urls")),
    path("", include("netzero.classifications.urls")),
    path("", include("netzero.dashboards.urls")),
    path("", include("netzero.workflow.urls")),
    path("", include("netzero.footprints.urls")),
    path("", include("netzero.territorial.urls")),
    path("", include("netzero.indicators.urls")),
    path("", include("netzero.reports.urls")),
    path("", include("netzero.spreadsheets.urls")),
    path("", include("netzero.guidance.urls")),
    path("", include("netzero.api.urls")),
]
