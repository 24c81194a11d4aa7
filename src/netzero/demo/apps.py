from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "netzero.demo"
    label = "demo"
