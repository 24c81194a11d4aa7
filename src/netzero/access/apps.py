from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "netzero.access"
    label = "access"
    verbose_name = "Roles and access"
