"""Sign-ins, failed sign-ins and failed two-factor checks in the audit trail.

A row for each school the account holds a role in (so the school's headteacher and DSL see their own
staff's sign-ins), or one row with no school for an account with none (a trust lead, provider staff, a
user name that does not exist), which the administrator sees. The user name typed on a failed sign-in is
kept, existing or not: which accounts were tried, from which address, is what an investigation needs.
No password and no code is ever written (Django hands the failed-sign-in signal its credentials with the
password already masked, and only the user name is read from them).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from pathways.audit.record import record_sign_in
from pathways.client_address import client_address
from pathways.schools.models import School, StaffRole

NOT_SIGNED_IN = "not signed in"


def _schools(account: Any) -> list[School | None]:
    if account is None:
        return [None]
    schools: list[School | None] = list(School.objects.filter(
        id__in=StaffRole.objects.filter(user=account).values("school_id")).order_by("id"))
    return schools or [None]


def _address(request: Any) -> str | None:
    return client_address(request) if request is not None else None


def record_for_schools(action: str, *, actor: Any, account: Any, tried: str = "", request: Any = None) -> None:
    for school in _schools(account):
        record_sign_in(action, actor=actor, account=account, tried=tried, school=school, address=_address(request))


def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_for_schools("signed in", actor=user, account=user, request=request)


def sign_in_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    user_model = get_user_model()
    tried = str(credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    account = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: tried}).first() \
        if tried else None
    record_for_schools("sign-in failed", actor=NOT_SIGNED_IN, account=account, tried=tried or "(none)",
                       request=request)


def two_factor_failed(request: Any, reason: str) -> None:
    """The password was right, the code was not (or too many were wrong): `reason` says which."""
    user = request.user
    record_for_schools(f"two-factor check failed: {reason}", actor=user, account=user, request=request)


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="pathways-audit-signed-in")
    user_login_failed.connect(sign_in_failed, dispatch_uid="pathways-audit-sign-in-failed")
