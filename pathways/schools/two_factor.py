"""Who must pass a two-factor check, and the middleware that holds them at it.

Headteachers and DSLs see the most sensitive safeguarding records, so in every school that requires
it (School.require_two_factor, on by default) they must enter a code from an authenticator app
after their password. Until they have, every page except signing in and out, password reset and
the two-factor pages themselves sends them to the two-factor page, keeping where they were going
in `?next=`. Everyone else signs in with a password alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from pathways.schools.access import TRUST_LEAD, access_for
from pathways.schools.models import LEADERSHIP_ROLES, School

# URL names an unverified user may still open.
OPEN_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "two-factor",
        "two-factor-setup",
        "invitation",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def needs_two_factor(user: Any) -> bool:
    """True when the user is headteacher or DSL of, or trust lead over, a school that requires two factors.

    Starts from the user's roles, which every page works out anyway (access_for caches them), so
    for everyone but headteachers and DSLs the check costs no query of its own.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    cached: bool | None = getattr(user, "_pathways_needs_two_factor", None)
    if cached is None:
        access = access_for(user)
        # A trust lead sees every school of the trust: at least as much as any DSL.
        led = [
            school_id for school_id, roles in access.roles.items() if roles & LEADERSHIP_ROLES or TRUST_LEAD in roles
        ]
        cached = bool(led) and School.objects.filter(id__in=led, require_two_factor=True).exists()
        user._pathways_needs_two_factor = cached
    return cached


def is_verified(user: Any) -> bool:
    """True once this session has passed the two-factor check (django_otp's OTPMiddleware sets it)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def two_factor_url(next_url: str) -> str:
    return f"{reverse('two-factor')}?{urlencode({'next': next_url})}"


class TwoFactorMiddleware:
    """Sends a user who needs two factors and has not passed them yet to the two-factor page.

    Must come after AuthenticationMiddleware and django_otp's OTPMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        if (match is not None and match.url_name in OPEN_URL_NAMES) or request.path.startswith(
            settings.STATIC_URL
        ):
            return None
        if not needs_two_factor(user):
            return None
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        return HttpResponseRedirect(two_factor_url(next_url))
