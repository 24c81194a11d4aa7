from django.urls import path

from netzero.classifications import views

app_name = "classifications"
urlpatterns = [
    path(
        "plans/<slug:plan_slug>/classifications/", views.classification_matrix_page, name="matrix"
    ),
]
