"""A member of staff's calendar feed: a secret URL a calendar app fetches without signing in.

Only a hash of the secret is stored: the URL is shown once, when the feed is made. Revoking the
feed makes the old URL answer 404 at once; a new feed (a new URL) can then be made.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CalendarFeed(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} made {self.created_at:%d %b %Y}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
