"""A default English school calendar, so that a new school has school days at once.

The dates follow the common pattern of English local authorities; every school edits its own.
Bank holidays come from the `holidays` package (England).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import holidays
from dateutil.easter import easter

from pathways.policy.calendar import SchoolCalendar

HALF_TERM_NAMES = ("Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2")


@dataclass(frozen=True)
class HalfTermDates:
    number: int
    name: str
    start: dt.date
    end: dt.date


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _last_monday(year: int, month: int) -> dt.date:
    day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


def _nth_monday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7 * (n - 1))


def default_half_terms(school_year: int) -> list[HalfTermDates]:
    """Six half-terms for the school year starting in September of `school_year`."""
    y0, y1 = school_year, school_year + 1
    oct_break = _last_monday(y0, 10)
    feb_break = _nth_monday(y1, 2, 3)
    easter_sunday = easter(y1)
    easter_start = _monday(easter_sunday)  # the week of Good Friday
    may_break = _last_monday(y1, 5)
    jan_first = dt.date(y1, 1, 2)
    spring_start = _weekday_on_or_after(jan_first) if jan_first.weekday() <= 2 else _monday(jan_first) + dt.timedelta(7)
    dates = [
        (_weekday_on_or_after(dt.date(y0, 9, 3)), oct_break - dt.timedelta(days=3)),
        (oct_break + dt.timedelta(days=7), _weekday_on_or_before(dt.date(y0, 12, 20))),
        (spring_start, feb_break - dt.timedelta(days=3)),
        (feb_break + dt.timedelta(days=7), easter_start - dt.timedelta(days=3)),
        (easter_start + dt.timedelta(days=14), may_break - dt.timedelta(days=3)),
        (may_break + dt.timedelta(days=7), _weekday_on_or_before(dt.date(y1, 7, 22))),
    ]
    return [HalfTermDates(n + 1, HALF_TERM_NAMES[n], s, e) for n, (s, e) in enumerate(dates)]


def bank_holidays_in_term(half_terms: list[HalfTermDates]) -> list[tuple[dt.date, str]]:
    """Bank holidays in England that fall on a weekday inside a half-term: closures."""
    years = {h.start.year for h in half_terms} | {h.end.year for h in half_terms}
    england = holidays.country_holidays("GB", subdiv="ENG", years=sorted(years))
    out = []
    for day, name in sorted(england.items()):
        if day.weekday() < 5 and any(h.start <= day <= h.end for h in half_terms):
            out.append((day, str(name)))
    return out


def school_calendars(school_ids: Iterable[int]) -> dict[int, SchoolCalendar]:
    """Each school's calendar (its half-terms and closure days) as the policy engine reads it: two
    queries whatever the number of schools. A school without half-terms gets an empty calendar
    (`has_half_terms` false)."""
    from pathways.policy import casefile as cf
    from pathways.schools.models import Closure, HalfTerm

    ids = set(school_ids)
    half_terms: dict[int, list[cf.HalfTerm]] = {i: [] for i in ids}
    closures: dict[int, list[dt.date]] = {i: [] for i in ids}
    for h in HalfTerm.objects.filter(school_id__in=ids).order_by("start"):
        half_terms[h.school_id].append(cf.HalfTerm(name=h.name, start=h.start, end=h.end))
    for school_id, day in Closure.objects.filter(school_id__in=ids).values_list("school_id", "date"):
        closures[school_id].append(day)
    return {i: SchoolCalendar(half_terms[i], closures[i]) for i in ids}


def school_calendar(school_id: int) -> SchoolCalendar:
    return school_calendars([school_id])[school_id]
