"""The ``netzero`` console script: Django's management commands under the product's name.

``netzero demo``, ``netzero dashboard --plan SLUG --period 2022-23-Q3`` and every Django command
(``netzero migrate``, ``netzero createsuperuser``, ...) run through here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["netzero", *args])


if __name__ == "__main__":
    main()
