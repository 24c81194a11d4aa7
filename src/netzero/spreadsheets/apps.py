from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "netzero.spreadsheets"
    label = "spreadsheets"
    verbose_name = "Plan spreadsheets"
