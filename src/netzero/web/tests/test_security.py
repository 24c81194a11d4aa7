"""Sign-in rate limiting, password rules, CSRF, and the production profile's deploy checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client


@pytest.fixture
def plan(council):
    """A council's plan: 2022-23 Q2 and Q3 published, Q4 open (netzero.testing.council)."""
    return council.plan


@pytest.fixture
def q4(council):
    return council.q4


@pytest.fixture
def people(council):
    return council.people


def test_production_profile_passes_djangos_deploy_checks(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NETZERO_"))},
        "NETZERO_ENV": "production",
        "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only-" + "k" * 30,
        "DJANGO_ALLOWED_HOSTS": "netzero.example.gov.uk",
        "NETZERO_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}",
    }

    def netzero(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "netzero.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )

    # Before collectstatic every page would fail for want of the static manifest: the check says so.
    result = netzero("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "netzero.E001" in result.stderr, result.stderr
    collected = netzero("collectstatic", "--noinput")
    assert collected.returncode == 0, collected.stderr  # every shipped file's references resolve
    result = netzero("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account_out(django_user_model):
    django_user_model.objects.create_user("lead", password="correct-horse-battery-staple")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "lead", "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    fifth = client.post("/accounts/login/", {"username": "lead", "password": "wrong"})
    assert fifth.status_code == 429  # the fifth failure locks the account from this address
    locked = client.post(
        "/accounts/login/", {"username": "lead", "password": "correct-horse-battery-staple"}
    )
    assert locked.status_code == 429
    assert b"Too many failed sign-in attempts" in locked.content
    # Another address is not locked out.
    other = Client(REMOTE_ADDR="203.0.113.8")
    response = other.post(
        "/accounts/login/", {"username": "lead", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_sign_in_works_and_shows_errors_accessibly(django_user_model):
    django_user_model.objects.create_user("viewer", password="correct-horse-battery-staple")
    client = Client()
    bad = client.post("/accounts/login/", {"username": "viewer", "password": "nope"})
    assert b"govuk-error-summary" in bad.content and b"<title>Error: " in bad.content
    good = client.post(
        "/accounts/login/", {"username": "viewer", "password": "correct-horse-battery-staple"}
    )
    assert good.status_code == 302


@pytest.mark.parametrize("password", ["password1234", "12345678901234", "short", "netzero"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_forms_refuse_posts_without_a_csrf_token(people, plan, q4):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["planning"])
    url = f"/plans/{plan.slug}/periods/2022-23-Q4/actions/16/update/"
    form = client.get(url)
    assert form.status_code == 200 and b"csrfmiddlewaretoken" in form.content
    response = client.post(url, {"status": "good", "version": "0", "intent": "submit"})
    assert response.status_code == 403
    assert not q4.updates.exists()
    # The refusal is the service's own page, not Django's bare one.
    assert b"Your form could not be sent" in response.content
    assert b"govuk-template" in response.content
