from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "netzero.guidance"
    verbose_name = "Help and guides"
