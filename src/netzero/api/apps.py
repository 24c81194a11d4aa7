from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "netzero.api"
    label = "api"
    verbose_name = "JSON API"
