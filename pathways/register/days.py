"""Which days a register mark may be written for: a school day of the pupil's school, not after today.

A mark for a Saturday, Christmas Day, a closure, a day in the holidays or outside the school's calendar, or
for a day still to come, is refused with the reason in the school's words. Every writer of marks asks
here: the register actions (the daily register, one session's mark, the provider API through them) and
the MIS import's check, which rejects such a row with the reason.
"""

from __future__ import annotations

import datetime as dt

from pathways.policy.calendar import SchoolCalendar
from pathways.schools.calendar import school_calendar


def _fmt(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%b %Y}"


def why_not_a_marking_day(calendar: SchoolCalendar, day: dt.date, today: dt.date) -> str | None:
    """None when a mark may be written for `day`, otherwise why not."""
    if day > today:
        return f"{_fmt(day)} is in the future: a mark is recorded on the day or after it."
    if day.weekday() >= 5:
        return f"{_fmt(day)} is a weekend day, not a school day."
    if day in calendar.closures:
        return f"{_fmt(day)} is a closure day in the school's calendar, not a school day."
    if calendar.is_school_day(day):
        return None
    if calendar.has_half_terms and calendar.half_terms[0].start <= day <= calendar.half_terms[-1].end:
        return f"{_fmt(day)} is in the school holidays, not a school day."
    return (f"{_fmt(day)} is outside the terms in the school's calendar: add the term on the calendar page "
            "before recording marks for it.")


def check_marking_day(school_id: int, day: dt.date, today: dt.date) -> str | None:
    """`why_not_a_marking_day` for one school, reading its calendar (two queries)."""
    return why_not_a_marking_day(school_calendar(school_id), day, today)
