"""The ``netzero`` console script: Django's management commands under the product's name.

``netzero demo``, ``netzero dashboard --plan SLUG --period 2022-23-Q3`` and every Django command
(``netzero migrate``, ``netzero createsuperuser``, ...) run through here.
"""

from __future__ import annotations

import os
import sys

DEMO_NOT_INSTALLED = (
    "netzero demo is not available here: the demo is installed only outside production, and "
    "NETZERO_ENV is production. For a training site that runs the production profile with the "
    "demo's data, set NETZERO_DEMO=1."
)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["demo"] and "netzero.demo" not in settings.INSTALLED_APPS:
        sys.stderr.write(DEMO_NOT_INSTALLED + "\n")
        sys.exit(1)
    execute_from_command_line(["netzero", *args])


if __name__ == "__main__":
    main()
