from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "netzero.plans"
    label = "plans"
