"""``netzero serve``: the production server (gunicorn, pinned with the app).

Bind address, workers and timeouts come from options or the environment, so a service manager
(systemd, a container) sets them without changing the command. The command checks the setup
first (`check --deploy` in production, which includes the collected static files) and then
replaces itself with gunicorn, so signals from the service manager reach gunicorn directly.
"""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{name} must be a whole number, not {value!r}.") from None


def default_workers() -> int:
    """gunicorn's rule of thumb, 2 x cores + 1, capped at 8."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


class Command(BaseCommand):
    help = (
        "Serve the app with gunicorn. Environment: NETZERO_BIND (127.0.0.1:8001), "
        "NETZERO_WORKERS (2 x cores + 1, at most 8), NETZERO_TIMEOUT (seconds, 60), "
        "NETZERO_GRACEFUL_TIMEOUT (30), NETZERO_MAX_REQUESTS (2000; a worker is renewed after "
        "that many requests)."
    )
    requires_system_checks = []  # run below, with --deploy in production

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="host:port or unix:PATH (NETZERO_BIND).")
        parser.add_argument("--workers", type=int, help="Worker processes (NETZERO_WORKERS).")
        parser.add_argument("--timeout", type=int, help="Seconds per request (NETZERO_TIMEOUT).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and print the gunicorn command only."
        )

    def handle(self, *args, bind, workers, timeout, dry_run: bool, **options):
        call_command("check", deploy=settings.PRODUCTION, fail_level="ERROR")
        bind = bind or os.environ.get("NETZERO_BIND", "").strip() or "127.0.0.1:8001"
        workers = workers or _env_int("NETZERO_WORKERS", default_workers())
        timeout = timeout or _env_int("NETZERO_TIMEOUT", 60)
        if workers < 1 or timeout < 1:
            raise CommandError("Workers and timeout must be at least 1.")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "netzero.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
            "--graceful-timeout",
            str(_env_int("NETZERO_GRACEFUL_TIMEOUT", 30)),
            "--max-requests",
            str(_env_int("NETZERO_MAX_REQUESTS", 2000)),
            "--max-requests-jitter",
            "200",
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            # Django decides what forwarded headers to believe (NETZERO_TRUSTED_PROXIES).
            "--forwarded-allow-ips",
            ",".join(settings.NETZERO_TRUSTED_PROXIES) or "127.0.0.1,::1",
        ]
        self.stdout.write("Starting: " + " ".join(argv[1:]))
        if dry_run:
            return
        sys.stdout.flush()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netzero.settings")
        os.execv(sys.executable, argv)  # noqa: S606 - a fixed argument list, no shell
