from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "netzero.web"
    label = "web"
