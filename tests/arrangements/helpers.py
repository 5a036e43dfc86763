"""Builders for arrangements and providers, made through the actions as real data is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.arrangements.actions import do_create_arrangement
from pathways.arrangements.models import Arrangement, Status
from pathways.pupils.models import Pupil
from tests.providers.helpers import make_provider

__all__ = ["MONDAY", "at_provider", "make_arrangement", "make_provider", "week"]

MONDAY = dt.date(2026, 1, 12)  # in Spring 1 of the default calendar


def week(**days: tuple[str, str]) -> dict[str, dict[str, str]]:
    """week(mon=("provider", "provider")) -> {"mon": {"am": "provider", "pm": "provider"}}."""
    return {day: {"am": am, "pm": pm} for day, (am, pm) in days.items()}


def at_provider(sessions: int) -> dict[str, dict[str, str]]:
    """A usual week with this many sessions at the provider, Monday morning onwards."""
    slots: dict[str, dict[str, str]] = {}
    for i in range(sessions):
        day = ("mon", "tue", "wed", "thu", "fri")[i // 2]
        slots.setdefault(day, {})["am" if i % 2 == 0 else "pm"] = "provider"
    return slots


def make_arrangement(
    pupil: Pupil, *, kind: str = "alternative_provision", start: dt.date = MONDAY, status: str = Status.DRAFT,
    **extra: Any,
) -> Arrangement:
    extra.setdefault("reason", "exclusion_risk")
    arrangement = do_create_arrangement(pupil=pupil, actor=None, kind=kind, start=start, **extra)
    if status != Status.DRAFT:
        # Tests about reading arrangements need them in a given state without the approval journey.
        Arrangement.objects.filter(pk=arrangement.pk).update(status=status)
        arrangement.refresh_from_db()
    return arrangement
