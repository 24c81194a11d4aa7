"""Behind the documented TLS proxy every request arrives from the proxy's address. The sign-in
lockout must still be per client: a stranger's wrong passwords lock the username out from the
stranger's address, never from everywhere."""

from __future__ import annotations

import pytest
from django.test import Client

PROXY = "127.0.0.1"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def behind_proxy(settings):
    settings.NETZERO_TRUSTED_PROXIES = [PROXY]


def _sign_in(client_address: str, password: str, *, remote: str = PROXY):
    client = Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=client_address)
    return client.post("/accounts/login/", {"username": "officer", "password": password})


@pytest.mark.django_db
def test_a_stranger_behind_the_proxy_cannot_lock_a_user_out_from_everywhere(
    behind_proxy, django_user_model
):
    django_user_model.objects.create_user("officer", password=PASSWORD)
    for _ in range(5):
        _sign_in("198.51.100.66", "guess")
    locked = _sign_in("198.51.100.66", PASSWORD)
    assert locked.status_code == 429  # the stranger is locked
    # The page says what to do: wait, or choose a new password (not "ask an administrator").
    assert 'href="/accounts/password-reset/">Forgotten your password?</a>' in locked.text
    # The officer, at another address, through the same proxy, signs in.
    assert _sign_in("203.0.113.10", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_client_cannot_dodge_the_lockout_by_writing_its_own_forwarded_for(
    behind_proxy, django_user_model
):
    django_user_model.objects.create_user("officer", password=PASSWORD)
    # Not through the proxy: X-Forwarded-For is the client's own words, so it is ignored and
    # every attempt counts against the real address, whatever it claims.
    for n in range(5):
        _sign_in(f"192.0.2.{n}", "guess", remote="198.51.100.66")
    assert _sign_in("192.0.2.99", PASSWORD, remote="198.51.100.66").status_code == 429
    # Through the proxy, a client prepending a made-up hop is still the address the proxy saw.
    for n in range(5):
        _sign_in(f"192.0.2.{n}, 198.51.100.77", "guess")
    assert _sign_in("192.0.2.99, 198.51.100.77", PASSWORD).status_code == 429
    assert _sign_in("203.0.113.10", PASSWORD).status_code == 302
