"""Times of day ("HH:MM", 24-hour, school local time), as the case file writes them, and the days of
every year the law prescribes ("31 March", "last Friday in June")."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_TIME_RE = re.compile(r"\A(\d{2}):(\d{2})\Z")


@dataclass(frozen=True, slots=True, order=True)
class Time:
    """A time of day. Ordered, so `arrived > register.closes(session)` reads as it should."""

    hour: int
    minute: int

    @property
    def minutes(self) -> int:
        return self.hour * 60 + self.minute

    def __str__(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @classmethod
    def parse(cls, text: str) -> Time:
        """Read "HH:MM"; raises ValueError for anything else (including "9:00" and "24:00")."""
        match = _TIME_RE.match(text)
        if not match:
            raise ValueError(text)
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise ValueError(text)
        return cls(hour, minute)


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DAY_OF_YEAR_RE = re.compile(r"\A(\d{1,2}) ([A-Z][a-z]+)\Z")
_LAST_WEEKDAY_RE = re.compile(r"\Alast ([A-Z][a-z]+) in ([A-Z][a-z]+)\Z")


@dataclass(frozen=True, slots=True, order=True)
class DayOfYear:
    """A day of every year ("31 March"), as the law prescribes one; ordered through the year."""

    month: int
    day: int

    def __str__(self) -> str:
        return f"{self.day} {_MONTHS[self.month - 1]}"

    def in_year(self, year: int) -> _dt.date:
        return _dt.date(year, self.month, self.day)

    @classmethod
    def parse(cls, text: str) -> DayOfYear:
        """Read "31 March"; raises ValueError for anything else (29 February is not a day of every year)."""
        match = _DAY_OF_YEAR_RE.match(text)
        if not match or match.group(2) not in _MONTHS:
            raise ValueError(text)
        month, day = _MONTHS.index(match.group(2)) + 1, int(match.group(1))
        _dt.date(2001, month, day)  # a common year: raises ValueError for 30 February or 29 February
        return cls(month, day)


@dataclass(frozen=True, slots=True)
class LastWeekday:
    """The last given weekday of a month of every year ("last Friday in June")."""

    weekday: int  # Monday is 0, as datetime counts
    month: int

    def __str__(self) -> str:
        return f"last {_WEEKDAYS[self.weekday]} in {_MONTHS[self.month - 1]}"

    def in_year(self, year: int) -> _dt.date:
        after = _dt.date(year + self.month // len(_MONTHS), self.month % len(_MONTHS) + 1, 1)
        last = after - _dt.timedelta(days=1)
        return last - _dt.timedelta(days=(last.weekday() - self.weekday) % len(_WEEKDAYS))

    @classmethod
    def parse(cls, text: str) -> LastWeekday:
        """Read "last Friday in June"; raises ValueError for anything else."""
        match = _LAST_WEEKDAY_RE.match(text)
        if not match or match.group(1) not in _WEEKDAYS or match.group(2) not in _MONTHS:
            raise ValueError(text)
        return cls(_WEEKDAYS.index(match.group(1)), _MONTHS.index(match.group(2)) + 1)
