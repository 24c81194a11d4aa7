"""`netzero serve`: gunicorn with bind, workers and timeouts from options or the environment."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from netzero.web.management.commands.serve import default_workers


def _argv(**options) -> list[str]:
    out = StringIO()
    call_command("serve", dry_run=True, stdout=out, **options)
    return out.getvalue().removeprefix("Starting: ").split()


def _option(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_defaults_and_environment(monkeypatch, settings):
    monkeypatch.delenv("NETZERO_BIND", raising=False)
    monkeypatch.delenv("NETZERO_WORKERS", raising=False)
    settings.NETZERO_TRUSTED_PROXIES = []
    argv = _argv()
    assert argv[:3] == ["-m", "gunicorn", "netzero.wsgi:application"]
    assert _option(argv, "--bind") == "127.0.0.1:8001"
    assert _option(argv, "--workers") == str(default_workers())
    assert 3 <= default_workers() <= 8
    assert _option(argv, "--timeout") == "60"
    assert _option(argv, "--forwarded-allow-ips") == "127.0.0.1,::1"

    monkeypatch.setenv("NETZERO_BIND", "unix:/run/netzero.sock")
    monkeypatch.setenv("NETZERO_WORKERS", "4")
    monkeypatch.setenv("NETZERO_TIMEOUT", "120")
    settings.NETZERO_TRUSTED_PROXIES = ["10.0.0.2"]
    argv = _argv()
    assert _option(argv, "--bind") == "unix:/run/netzero.sock"
    assert _option(argv, "--workers") == "4"
    assert _option(argv, "--timeout") == "120"
    assert _option(argv, "--forwarded-allow-ips") == "10.0.0.2"
    # Options win over the environment.
    assert _option(_argv(bind="127.0.0.1:9000", workers=2), "--workers") == "2"


def test_a_bad_setting_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("NETZERO_WORKERS", "lots")
    with pytest.raises(CommandError, match="NETZERO_WORKERS must be a whole number"):
        _argv()
    monkeypatch.delenv("NETZERO_WORKERS")
    with pytest.raises(CommandError, match="at least 1"):
        _argv(timeout=-5)
