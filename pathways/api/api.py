"""The provider reporting API (django-ninja), at /api/. A provider's MIS or app reports attendance
with a Bearer token the school created for it; it sees only the provider's own placements.

    GET  /api/v1/placements              the provider's active placements
    GET  /api/v1/sessions?date=YYYY-MM-DD the sessions expected with the provider that day
    POST /api/v1/marks                   report one session (attended, or absent with a reason)

A token is issued by one school and reaches only that school's placements with the provider. A
revoked, expired or unknown token is a 401; another provider's or another school's arrangement is a
404; bad input is a 422 whose `detail` names each field (`loc`) with its message (`msg`); too many
requests are a 429 (PATHWAYS_API_TOKEN_RATE a token, PATHWAYS_API_ANONYMOUS_RATE wrong tokens an
address). See docs/api.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router
from ninja.errors import AuthenticationError, Throttled
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from pathways.api import schemas
from pathways.arrangements.models import Status, timetable_in_force
from pathways.arrangements.vocabulary import SESSIONS, WEEKDAYS, slot
from pathways.audit.record import record_reads
from pathways.client_address import client_address
from pathways.portal.portal import REPORTABLE, placements_of, report_session, rows_for
from pathways.providers.actions import hash_token
from pathways.providers.models import ProviderToken


class _SettingRate(SimpleRateThrottle):
    """django-ninja's cache-counted throttle, its rate read from a setting at each request (so that a
    changed setting applies without a restart of the test or the process)."""

    setting = ""

    def __init__(self) -> None:
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        return client_address(request)  # through PATHWAYS_TRUSTED_PROXY_COUNT, as the sign-in lockout


class TokenRate(_SettingRate):
    """Requests a token may make: PATHWAYS_API_TOKEN_RATE, counted per token."""

    scope = "provider_token"
    setting = "PATHWAYS_API_TOKEN_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ProviderToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.token_hash}


class WrongTokenRate(_SettingRate):
    """Requests with a wrong, revoked or expired token an address may make: PATHWAYS_API_ANONYMOUS_RATE.
    Counted in the authentication itself, which runs before django-ninja's throttles."""

    scope = "provider_api_anonymous"
    setting = "PATHWAYS_API_ANONYMOUS_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ProviderTokenAuth(HttpBearer):
    """A provider's token: the request's `auth` is the ProviderToken, which carries the provider and
    the school that issued it. Unknown, revoked or expired: 401 (saying which, for an expired one);
    too many wrong tokens from one address: 429."""

    def authenticate(self, request: HttpRequest, token: str) -> ProviderToken | None:
        now = timezone.now()
        found = (
            ProviderToken.objects.select_related("provider", "school")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or found.expired(now):
            limit = WrongTokenRate()
            if not limit.allow_request(request):
                raise Throttled(wait=int(limit.wait() or 0))
            if found is not None:
                raise AuthenticationError(message=(
                    f"This token expired on {timezone.localtime(found.expires_at):%d %B %Y}: "
                    f"ask {found.school.name} for a new one."
                ))
            return None
        ProviderToken.objects.filter(pk=found.pk).update(last_used_at=now)
        found.last_used_at = now
        return found


api = NinjaAPI(
    title="Pathways provider reporting API",
    version="1",
    description=(
        "For providers of education away from school: list the pupils placed with you and report their "
        "attendance, session by session. Authenticate with the Bearer token the placing school gave you."
    ),
    urls_namespace="api",
    auth=ProviderTokenAuth(),
    throttle=[TokenRate()],
    docs_url="/docs",
)

# Every operation declares the errors it can answer with, besides its own (docs/api.md).
AUTH_ERRORS: dict[int, Any] = {401: schemas.Message, 429: schemas.Message}
INPUT_ERRORS: dict[int, Any] = {422: schemas.ValidationErrors}


def _loc_message(field: str, messages: list[str]) -> list[dict[str, Any]]:
    name = {"absence_reason": "reason", "arrangement": "arrangement_id", "__all__": "body"}.get(field, field)
    return [{"loc": ["body", "mark", name], "msg": m, "type": "value_error"} for m in messages]


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A rule the register enforces (the engine's, the date, the session): 422 naming the field."""
    if hasattr(exc, "error_dict"):
        detail = [item for field, msgs in exc.message_dict.items() for item in _loc_message(field, msgs)]
    else:
        detail = _loc_message("__all__", exc.messages)
    return api.create_response(request, {"detail": detail}, status=422)


def _pupil(first: str, last: str) -> str:
    return f"{first} {last[:1]}".strip()


v1 = Router(tags=["Attendance reporting"])


@v1.get("/placements", response={200: list[schemas.Placement], **AUTH_ERRORS}, url_name="api-placements")
def list_placements(request: HttpRequest) -> list[dict[str, Any]]:
    """The provider's active placements today, with the sessions a week each pupil is with you."""
    token: ProviderToken = request.auth  # type: ignore[attr-defined]
    today = timezone.localdate()
    out = []
    shown: list[Any] = []
    for a in (
        placements_of(token.provider, token.school, today).filter(status=Status.ACTIVE)
        .select_related("pupil", "school").prefetch_related("timetables")
        .order_by("pupil__last_name", "pupil__first_name", "id")
    ):
        version = timetable_in_force(list(a.timetables.all()), today)
        slots = version.slots if version is not None else {}
        out.append({
            "arrangement_id": a.pk, "pupil": _pupil(a.pupil.first_name, a.pupil.last_name),
            "year_group": a.pupil.year_group, "school": a.school.name, "start": a.start, "end": a.end,
            "slots": [{"day": d, "session": s, "where": slot(slots, d, s)}
                      for d in WEEKDAYS for s in SESSIONS if slot(slots, d, s) in REPORTABLE],
        })
        shown.append((a, a.pupil))
    _record_reads(token, "placements through the provider API", shown)
    return out


def _record_reads(token: ProviderToken, what: str, placements: list[tuple[Any, Any]]) -> None:
    """A read row for each pupil whose placement the answer holds, named as the token (audit.record_reads):
    the pupil's "who has looked" view shows which provider system read the record, and when."""
    seen = {a.pk: (a, pupil) for a, pupil in placements}
    record_reads(
        None, what,
        [(a, token.school_id, pupil.pk, f"{pupil.full_name}'s placement with {token.provider.name}")
         for a, pupil in seen.values()],
        actor_name=token_name(token),
    )


def token_name(token: ProviderToken) -> str:
    return f"API token {token.name} ({token.provider.name})"


@v1.get(
    "/sessions", response={200: list[schemas.ExpectedSession], **AUTH_ERRORS, **INPUT_ERRORS},
    url_name="api-sessions",
)
def list_sessions(request: HttpRequest, date: Query[dt.date]) -> list[dict[str, Any]]:
    """The sessions expected with you on `date` (YYYY-MM-DD), and what you have reported for each."""
    token: ProviderToken = request.auth  # type: ignore[attr-defined]
    rows, _schools = rows_for(token.provider, token.school, date)
    out = []
    shown: list[Any] = []
    for row in rows:
        if row.where not in REPORTABLE:
            continue
        mark = row.mark if row.reported_by_provider else None
        out.append({
            "arrangement_id": row.arrangement.pk, "pupil": _pupil(row.pupil.first_name, row.pupil.last_name),
            "year_group": row.pupil.year_group, "date": date, "session": row.session, "where": row.where,
            "deadline": str(row.expected.deadline) if row.expected.deadline is not None else None,
            "reported": mark is not None,
            "attended": mark.attended if mark is not None else None,
            "reason": (mark.absence_reason or None) if mark is not None else None,
            "code": (mark.code or None) if mark is not None else None,
            "reported_at": mark.reported_at if mark is not None else None,
        })
        shown.append((row.arrangement, row.pupil))
    _record_reads(token, f"sessions and reports for {date:%-d %b %Y} through the provider API", shown)
    return out


@v1.post(
    "/marks",
    response={200: schemas.MarkOut, 400: schemas.Message, 404: schemas.Message, **AUTH_ERRORS, **INPUT_ERRORS},
    url_name="api-marks",
)
def record_mark(request: HttpRequest, mark: schemas.MarkIn) -> dict[str, Any]:
    """Report one session: attended, or absent with a reason. Reporting a session again changes it.
    The time of the report is kept; an absence reported after the deadline comes back with `late: true`."""
    token: ProviderToken = request.auth  # type: ignore[attr-defined]
    reported = report_session(
        provider=token.provider, school=token.school, arrangement_id=mark.arrangement_id,
        day=mark.date, session=mark.session,
        attended=mark.attended, reason=mark.reason, comment=mark.comment,
        actor=token_name(token),
    )
    stored = reported.mark
    return {
        "arrangement_id": mark.arrangement_id, "date": stored.date, "session": stored.session,
        "attended": stored.attended, "reason": stored.absence_reason or None, "code": stored.code,
        "reported_at": stored.reported_at, "late": reported.late,
        "deadline": f"{reported.deadline:%H:%M}" if reported.deadline is not None else None,
    }


api.add_router("/v1", v1)
