"""Where a provider's due diligence stands: the latest check of each type, and whether it has expired
or expires within 30 days. A renewal is a new check, so only the latest of a type counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from pathways.providers.models import CheckType, ProviderCheck

EXPIRY_WARNING_DAYS = 30

# The checks the policy records with a form: they count only with the form complete.
WITH_FORMS = (CheckType.INITIAL_VISIT.value, CheckType.PROVIDER_CHECKLIST.value)


def counted_checks() -> Q:
    """The checks the rules read: an initial visit counts only with its complete Appendix 1b report, a
    provider checklist only with its complete Annex C (every answer with its evidence). A check of
    either type recorded with a date alone (by an older version, or imported from a case file) is kept
    and shown, and meets no duty."""
    return (~Q(type__in=WITH_FORMS)
            | Q(type=CheckType.INITIAL_VISIT, record__complete=True)
            | Q(type=CheckType.PROVIDER_CHECKLIST, checklist__complete=True))


def counts(check: ProviderCheck) -> bool:
    """`counted_checks` for one check already read (one query for a check of a type with a form)."""
    return check.type not in WITH_FORMS or ProviderCheck.objects.filter(counted_checks(), pk=check.pk).exists()


@dataclass(frozen=True)
class CheckState:
    type: str
    label: str
    latest: ProviderCheck | None
    today: dt.date

    @property
    def days_left(self) -> int | None:
        if self.latest is None or self.latest.expires is None:
            return None
        return (self.latest.expires - self.today).days

    @property
    def status(self) -> str:
        """missing, expired (on or after its expiry day), expiring (within 30 days) or current."""
        if self.latest is None:
            return "missing"
        left = self.days_left
        if left is None:
            return "current"
        if left <= 0:
            return "expired"
        if left <= EXPIRY_WARNING_DAYS:
            return "expiring"
        return "current"

    @property
    def needs_attention(self) -> bool:
        return self.status in ("expired", "expiring")


def latest_checks(checks: Iterable[ProviderCheck]) -> dict[str, ProviderCheck]:
    latest: dict[str, ProviderCheck] = {}
    for check in checks:
        held = latest.get(check.type)
        if held is None or (check.date, check.id) > (held.date, held.id):
            latest[check.type] = check
    return latest


def check_states(checks: Iterable[ProviderCheck], today: dt.date) -> list[CheckState]:
    """Every type of check, in the case file's order, with the latest of each (or none)."""
    latest = latest_checks(checks)
    return [CheckState(t.value, str(t.label), latest.get(t.value), today) for t in CheckType]


def attention(checks: Iterable[ProviderCheck], today: dt.date) -> list[CheckState]:
    """The recorded checks that have expired or expire within 30 days, soonest first."""
    states = [s for s in check_states(checks, today) if s.needs_attention]
    return sorted(states, key=lambda s: s.days_left or 0)
