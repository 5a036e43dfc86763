"""Compulsory school age and year group from a date of birth.

Compulsory school age (Education Act 1996 s8; the Education (Start of Compulsory School Age) Order
1998 prescribes 31 August, 31 December and 31 March; the Education (School Leaving Date) Order 1997):
a child becomes of compulsory school age on their 5th birthday if it falls on a prescribed day,
otherwise on the next prescribed day after it; and stops being of compulsory school age after the
last Friday in June of the school year (1 Sep - 31 Aug) in which they turn 16.

Year group (England): a child is in Reception in the school year in which they turn 5, Year 1 in
the year they turn 6, and so on; so year group = age on 31 August at the end of the school year - 5.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from pathways.policy.calendar import school_year_of

_PRESCRIBED = ((3, 31), (8, 31), (12, 31))


def birthday(date_of_birth: _dt.date, age: int) -> _dt.date:
    """The day a person attains `age`: a 29 February birthday falls on 1 March in other years."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return _dt.date(year, 3, 1)


def compulsory_school_age_starts(date_of_birth: _dt.date) -> _dt.date:
    fifth = birthday(date_of_birth, 5)
    for month, day in _PRESCRIBED:
        prescribed = _dt.date(fifth.year, month, day)
        if prescribed >= fifth:
            return prescribed
    return _dt.date(fifth.year + 1, 3, 31)


def last_friday_in_june(year: int) -> _dt.date:
    day = _dt.date(year, 6, 30)
    return day - _dt.timedelta(days=(day.weekday() - 4) % 7)


def compulsory_school_age_ends(date_of_birth: _dt.date) -> _dt.date:
    """The last day of compulsory school age: the last Friday in June of the school year in which
    the pupil turns 16."""
    return last_friday_in_june(school_year_of(birthday(date_of_birth, 16)) + 1)


@dataclass(frozen=True, slots=True)
class CompulsorySchoolAge:
    """The span of compulsory school age; unknown date of birth means the pupil is taken to be of
    compulsory school age throughout (an arrangement's pupil almost always is)."""

    starts: _dt.date | None
    ends: _dt.date | None

    @classmethod
    def for_birth(cls, date_of_birth: _dt.date | None) -> CompulsorySchoolAge:
        if date_of_birth is None:
            return cls(None, None)
        return cls(compulsory_school_age_starts(date_of_birth), compulsory_school_age_ends(date_of_birth))

    def on(self, day: _dt.date) -> bool:
        if self.starts is None or self.ends is None:
            return True
        return self.starts <= day <= self.ends


def is_compulsory_school_age(date_of_birth: _dt.date, on: _dt.date) -> bool:
    return CompulsorySchoolAge.for_birth(date_of_birth).on(on)


def year_group(date_of_birth: _dt.date, on: _dt.date) -> int:
    """The national curriculum year group on `on` (0 is Reception; negative is below Reception)."""
    end_of_year = _dt.date(school_year_of(on) + 1, 8, 31)
    age = end_of_year.year - date_of_birth.year
    if (end_of_year.month, end_of_year.day) < (date_of_birth.month, date_of_birth.day):
        age -= 1
    return age - 5


def key_stage(year: int) -> str | None:
    """ks1 (Years 1-2), ks2 (3-6), ks3 (7-9), ks4 (10-11); None for Reception and sixth form."""
    if 1 <= year <= 2:
        return "ks1"
    if 3 <= year <= 6:
        return "ks2"
    if 7 <= year <= 9:
        return "ks3"
    if 10 <= year <= 11:
        return "ks4"
    return None
