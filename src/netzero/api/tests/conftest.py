from __future__ import annotations

import pytest
from django.core.cache import cache

from netzero.api.services import token_create


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The write limit is counted in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for():
    """A new token's secret for a user: ``token_for(user)``."""

    def make(user, name="Tests") -> str:
        return token_create(user=user, name=name)[1]

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
