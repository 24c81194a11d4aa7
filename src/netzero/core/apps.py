from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "netzero.core"
    label = "core"
