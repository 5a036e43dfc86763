"""Compulsory school age and year group from a date of birth.

Compulsory school age (Education Act 1996 s8): a child becomes of compulsory school age on their
5th birthday if it falls on a prescribed day, otherwise on the next prescribed day after it; and stops
being of compulsory school age at the end of the school leaving date of the school year (1 Sep - 31 Aug)
in which they turn 16. The prescribed days (the Education (Start of Compulsory School Age) Order 1998)
and the school leaving date (the Education (School Leaving Date) Order 1997) are the dated parameters
`compulsory_school_age_prescribed_days` and `school_leaving_date` (parameters/national.yaml), read
on the birthday they apply to (a birthday before 1 August 1998: their first value, see _in_force).

Year group (England): a child is in Reception in the school year in which they turn 5, Year 1 in
the year they turn 6, and so on; so year group = age on 31 August at the end of the school year - 5.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from pathways.policy import parameters
from pathways.policy.calendar import school_year_of
from pathways.policy.clock import DayOfYear, LastWeekday

_STARTING_AGE = 5  # Education Act 1996 s8(2): "the age of five"
_LEAVING_AGE = 16  # s8(3): "the age of 16"


def birthday(date_of_birth: _dt.date, age: int) -> _dt.date:
    """The day a person attains `age`: a 29 February birthday falls on 1 March in other years."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return _dt.date(year, 3, 1)


def _in_force(name: str, on: _dt.date) -> Any:
    """The parameter's value in force on `on`; for a day before its first value (1 August 1998, when the
    prescribed days and the school leaving date replaced the term-based rules, which Pathways does not
    model) the first value: such a birthday is an adult's now, seen only by the retention purge."""
    p = parameters.parameter(name)
    return p.in_force(max(on, p.values[0].start)).value


def compulsory_school_age_starts(date_of_birth: _dt.date) -> _dt.date:
    """The fifth birthday if it is a prescribed day, otherwise the next prescribed day after it (the
    prescribed days in force on the fifth birthday)."""
    fifth = birthday(date_of_birth, _STARTING_AGE)
    prescribed: tuple[DayOfYear, ...] = _in_force("compulsory_school_age_prescribed_days", fifth)
    for day in prescribed:
        if day.in_year(fifth.year) >= fifth:
            return day.in_year(fifth.year)
    return prescribed[0].in_year(fifth.year + 1)


def school_leaving_date(year: int, on: _dt.date | None = None) -> _dt.date:
    """The school leaving date of `year` (the last Friday in June), by the rule in force on `on`
    (default: that date's own year's end of June)."""
    rule: LastWeekday = _in_force("school_leaving_date", on or _dt.date(year, 12, 31))
    return rule.in_year(year)


def last_friday_in_june(year: int) -> _dt.date:
    """The school leaving date of `year` (kept under its long-standing name)."""
    return school_leaving_date(year)


def compulsory_school_age_ends(date_of_birth: _dt.date) -> _dt.date:
    """The last day of compulsory school age: the school leaving date (the last Friday in June) of the
    school year in which the pupil turns 16, by the rule in force on the 16th birthday."""
    sixteenth = birthday(date_of_birth, _LEAVING_AGE)
    return school_leaving_date(school_year_of(sixteenth) + 1, on=sixteenth)


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
