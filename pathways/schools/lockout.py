"""django-axes, counting wrong passwords two ways: per user name from one address, and per address.

`AXES_LOCKOUT_PARAMETERS` is `[["username", "ip_address"], "ip_address"]`, in that order:

- a user name is locked from an address after `AXES_FAILURE_LIMIT` (5) wrong passwords for it from
  there, as before;
- an address is locked for every user name after `PATHWAYS_ADDRESS_FAILURE_LIMIT` (20) wrong passwords
  from it across all user names, which stops one address guessing a few passwords at many accounts.

django-axes compares the larger of the two counts with one limit, so this handler gives the address its
own, higher limit (a school's staff share one address behind its network, and each mistypes now and
then). A successful sign-in clears only that user name's count from that address: signing in to one's
own account must not wipe the count of guesses at other people's.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # django-axes ships no type hints
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        """The user name's count from this address, or the lockout limit itself once the address as a
        whole has reached its own limit (django-axes locks when this reaches AXES_FAILURE_LIMIT)."""
        per_user, *per_address = self.get_user_attempts(request, credentials)
        failures = _failures(per_user)
        if per_address and _failures(per_address[0]) >= settings.PATHWAYS_ADDRESS_FAILURE_LIMIT:
            return max(failures, int(get_failure_limit(request, credentials)))
        return failures

    def reset_user_attempts(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        per_user = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_user.delete()
        return int(count)


def address_locked(request: Any) -> bool:
    """True when the request's address as a whole has reached its limit (what the lockout page says)."""
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        return False
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
    return _failures(attempts) >= settings.PATHWAYS_ADDRESS_FAILURE_LIMIT
