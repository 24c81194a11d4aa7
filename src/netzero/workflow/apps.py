from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "netzero.workflow"
    label = "workflow"
    verbose_name = "Quarterly update workflow"

    def ready(self) -> None:
        from netzero.workflow import guards  # noqa: F401 - connects the published-period guards
