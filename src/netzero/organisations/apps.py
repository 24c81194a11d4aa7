from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "netzero.organisations"
    label = "organisations"
    verbose_name = "Organisations"
