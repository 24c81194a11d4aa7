"""System checks for a production setup that Django's own `check --deploy` does not cover."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.staticfiles, deploy=True)
def static_manifest_collected(app_configs, **kwargs):
    """In production every page links hashed static files through a manifest that only
    `collectstatic` writes; without it each page would be an error."""
    if not settings.PRODUCTION:
        return []
    root = settings.STATIC_ROOT
    if root is None or not (root / "staticfiles.json").is_file():
        return [
            Error(
                f"The static files have not been collected into {root}: every page would fail.",
                hint="Run: netzero collectstatic --noinput",
                id="netzero.E001",
            )
        ]
    return []
