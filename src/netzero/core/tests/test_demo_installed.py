"""The demo app is installed outside production only, unless NETZERO_DEMO=1 asks for it; in
production, `netzero demo` says how to enable it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

INSTALLED = "from django.conf import settings; print('netzero.demo' in settings.INSTALLED_APPS)"


def _env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="netzero.settings",
        DJANGO_SECRET_KEY="test-" + "x" * 40,
        NETZERO_DATA_DIR=str(tmp_path),
        **extra,
    )
    return env


def _run(env, *args):
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.mark.parametrize(
    ("extra", "installed"),
    [
        ({}, "True"),
        ({"NETZERO_ENV": "development"}, "True"),
        ({"NETZERO_ENV": "production"}, "False"),
        ({"NETZERO_ENV": "production", "NETZERO_DEMO": "0"}, "False"),
        ({"NETZERO_ENV": "production", "NETZERO_DEMO": "1"}, "True"),
    ],
)
def test_demo_installed_outside_production_or_when_asked(tmp_path, extra, installed):
    result = _run(_env(tmp_path, **extra), "-c", INSTALLED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == installed


def test_a_mistyped_netzero_demo_stops_the_app(tmp_path):
    result = _run(_env(tmp_path, NETZERO_DEMO="yes"), "-c", INSTALLED)
    assert result.returncode != 0
    assert "NETZERO_DEMO must be 1 or 0, not 'yes'." in result.stderr


def test_netzero_demo_in_production_says_how_to_enable_it(tmp_path):
    result = _run(_env(tmp_path, NETZERO_ENV="production"), "-m", "netzero.cli", "demo")
    assert result.returncode == 1
    assert result.stderr == (
        "netzero demo is not available here: the demo is installed only outside production, "
        "and NETZERO_ENV is production. For a training site that runs the production profile "
        "with the demo's data, set NETZERO_DEMO=1.\n"
    )
