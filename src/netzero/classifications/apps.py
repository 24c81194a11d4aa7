from django.apps import AppConfig


class ClassificationsConfig(AppConfig):
    name = "netzero.classifications"
    label = "classifications"
    verbose_name = "Classifications"
