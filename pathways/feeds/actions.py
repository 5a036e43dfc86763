"""The only writers of calendar feeds, each audited (the secret never reaches the audit trail)."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathways.audit.record import record
from pathways.feeds.models import CalendarFeed, hash_token
from pathways.schools.permissions import OWN_ACCOUNT, permission


def live_feed_of(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


@permission(OWN_ACCOUNT)
def do_create_feed(*, actor: Any) -> tuple[CalendarFeed, str]:
    """Make the actor's own feed, revoking any live one; returns the feed and its secret (shown once)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _revoke_live(actor)
        feed = CalendarFeed.objects.create(user=actor, token_hash=hash_token(token))
        record(actor=actor, action="calendar_feed.create", obj=feed)
    return feed, token


@permission(OWN_ACCOUNT)
def do_revoke_feed(*, actor: Any) -> int:
    """Revoke the actor's own live feed: its URL answers 404 from now on."""
    with transaction.atomic():
        return _revoke_live(actor)


def revoke_feeds_of_leaver(sender: Any, *, user: Any, actor: Any, **kwargs: Any) -> dict[str, int]:
    """A leaver's live feeds stop answering (the schools app's staff_deactivated signal)."""
    count = 0
    for feed in CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record(actor=actor, action="calendar_feed.revoke", obj=feed, label=f"Calendar feed of {user} (left)")
        count += 1
    return {"calendar_feeds_revoked": count}


def _revoke_live(actor: Any) -> int:
    count = 0
    for feed in CalendarFeed.objects.select_for_update().filter(user=actor, revoked_at__isnull=True):
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        record(actor=actor, action="calendar_feed.revoke", obj=feed)
        count += 1
    return count


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed with this secret, noting when it was fetched; None for an unknown or revoked one."""
    feed = (CalendarFeed.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True).first())
    if feed is None or not feed.user.is_active:
        return None
    now = timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    feed.last_used_at = now
    return feed
