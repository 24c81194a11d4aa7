from django.urls import path

from netzero.territorial import views

app_name = "territorial"
urlpatterns = [path("areas/<str:code>/", views.area, name="area")]
