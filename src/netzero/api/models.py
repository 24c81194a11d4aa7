"""A person's API tokens: the secret is shown once, when the token is made; only its sha256 is
kept, with the first characters (the prefix) so the person can tell their tokens apart."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, in your words.")
    prefix = models.CharField(max_length=16, help_text="The secret's first characters, shown.")
    secret_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # The write rate limit is counted per token by this text (ninja's AuthRateThrottle).
        return f"API token {self.pk} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
