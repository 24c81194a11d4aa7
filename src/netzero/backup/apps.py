from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "netzero.backup"
    verbose_name = "Backup and restore"
