"""What a signed-in session keeps to itself: no copy in a browser's or a proxy's cache, and an end after
a spell without use.

- `NoStoreMiddleware`: every response Pathways makes (pages, PDFs, CSVs, YAML exports, the API) carries
  `Cache-Control: no-store` (with Django's other never-cache headers), so a shared computer's browser
  cache or a proxy keeps no copy of a child's record. Static files are served before it (WhiteNoise)
  and keep their long caching.
- `IdleTimeoutMiddleware`: a signed-in session unused for `SESSION_IDLE_TIMEOUT` seconds (30 minutes
  by default) is signed out at its next request, which goes to the sign-in page with a message saying
  why; `SESSION_COOKIE_AGE` (8 hours) still ends every session however busy. The last use is written to
  the session at most once a minute, so a busy page does not write the session on every request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

LAST_SEEN = "pathways_last_seen"
_WRITE_EVERY = 60  # seconds: how stale the stored last use may be before it is written again

IDLE_MESSAGE = "You were signed out because Pathways was not used for {minutes} minutes. Sign in again."


def _stamp_sign_in(sender: object, request: HttpRequest | None = None, **kwargs: object) -> None:
    """The idle clock starts at sign-in, written with the session the sign-in saves anyway."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN] = int(time.time())


def connect() -> None:
    """Called once from the app's ready()."""
    user_logged_in.connect(_stamp_sign_in, dispatch_uid="pathways-idle-timeout")


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)
        return response


class IdleTimeoutMiddleware:
    """Must come after SessionMiddleware, AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_SEEN)
            limit = settings.SESSION_IDLE_TIMEOUT
            if isinstance(last, int) and now - last > limit:
                logout(request)
                messages.info(request, IDLE_MESSAGE.format(minutes=max(limit // 60, 1)))
                next_url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
                return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
            if not isinstance(last, int) or now - last >= _WRITE_EVERY:
                request.session[LAST_SEEN] = now
        return self.get_response(request)
