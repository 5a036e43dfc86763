"""Builders for the notices' tests: a school with its local authority's address, arrangements of each kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.schools.actions import do_update_school

TODAY = dt.date(2026, 1, 21)           # a Wednesday of Spring 1
NOW = dt.datetime(2026, 1, 21, 10, 0)
LA_EMAIL = "attendance@northshire.gov.uk.example"


def with_la_email(school: Any, contact: str = "") -> Any:
    return do_update_school(school=school, actor=None, la_email=LA_EMAIL, la_contact=contact)


def marks(pupil: Any, arrangement: Any, days: list[dt.date], code: str) -> None:
    """Register marks as the MIS import leaves them: both sessions of each day with this code."""
    from pathways.attendance.models import Mark

    Mark.objects.bulk_create([
        Mark(school=pupil.school, pupil=pupil, arrangement=arrangement, date=d, session=s, code=code,
             attended=False, expected="school", source="import")
        for d in days for s in ("am", "pm")
    ])


def school_days(first: dt.date, n: int) -> list[dt.date]:
    out, day = [], first
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out
