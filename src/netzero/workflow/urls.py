from django.urls import path

from netzero.workflow import views

app_name = "workflow"
P = "plans/<slug:plan_slug>/periods/<str:period_slug>/"
urlpatterns = [
    path("plans/<slug:plan_slug>/open-period/", views.period_new, name="period_new"),
    path(P + "manage/", views.period_detail, name="period"),
    path(P + "publish/", views.period_publish_view, name="period_publish"),
    path(P + "reopen/", views.period_reopen_view, name="period_reopen"),
    path(P + "presented/", views.period_presented_view, name="period_presented"),
    path(P + "remind/", views.period_remind_view, name="period_remind"),
    path(P + "updates/", views.my_updates, name="my_updates"),
    path(P + "returns/upload/", views.return_upload, name="return_upload"),
    path(P + "returns/<int:person>/", views.return_download, name="return_download"),
    path(P + "actions/<str:ref>/update/", views.update_edit, name="update_edit"),
    path(P + "actions/<str:ref>/review/", views.update_review, name="update_review"),
]
