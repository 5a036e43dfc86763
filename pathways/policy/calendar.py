"""School days, half-terms and terms (case-file.md, "Semantics": School days, Recurring duties).

A school day is a Monday to Friday inside a half-term of the calendar and not a closure; days
before the first half-term, between half-terms and after the last one are not school days
(case-file.md, "Settled after the second review of the cases"). Without a calendar, every Monday to
Friday is a school day.

Counting ("N school days after X"): X is excluded and the Nth school day after it is the deadline.
"N school days before X": X is excluded and the Nth school day before it is the last day in time.
Only a count that must run past the calendar's last half-term (or, counting back, before its
first) goes on over Mondays to Fridays there; the calendar then records that it ran out, and
`ran_out()` says so in words for the result's `problems`. Build a per-case `view()` to keep
those notes apart from other cases that share the calendar.

Terms are pairs of half-terms of one school year (1 Sep - 31 Aug): half-terms 1-2, 3-4 and 5-6.

    cal = SchoolCalendar.from_case(case.calendar)
    cal.is_school_day(d)
    cal.school_days_after(d, 10)     # the 10th school day after d
    cal.school_days_before(d, 2)     # the 2nd school day before d
    cal.count_school_days(a, b)      # school days from a to b, both included
    cal.half_term_containing(d), cal.term_containing(d)   # a Period or None
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pathways.policy.casefile import Calendar, HalfTerm

_ONE = _dt.timedelta(days=1)


def school_year_of(day: _dt.date) -> int:
    """The school year (1 Sep - 31 Aug) containing `day`, named by the year it starts in."""
    return day.year if day.month >= 9 else day.year - 1


@dataclass(frozen=True, slots=True)
class Period:
    """A half-term or a term: a window for half-termly and termly duties."""

    name: str
    start: _dt.date
    end: _dt.date
    school_year: int
    number: int  # half-term 1-6 or term 1-3 within its school year

    def contains(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end


class SchoolCalendar:
    """A school's calendar of school days. Build one per case; lookups are cached."""

    __slots__ = ("_cache", "_closures", "_ht_ends", "_ht_starts", "_ran_out", "closures", "half_terms", "terms")

    def __init__(self, half_terms: Sequence[HalfTerm] = (), closures: Iterable[_dt.date] = ()) -> None:
        ordered = sorted(half_terms, key=lambda h: h.start)
        self.half_terms: tuple[Period, ...] = _number_half_terms(ordered)
        self.terms: tuple[Period, ...] = _pair_terms(self.half_terms)
        self.closures: frozenset[_dt.date] = frozenset(closures)
        self._closures = self.closures
        self._ht_starts = [h.start.toordinal() for h in self.half_terms]
        self._ht_ends = [h.end.toordinal() for h in self.half_terms]
        self._cache: dict[int, bool] = {}
        self._ran_out: list[str] = []

    def view(self) -> SchoolCalendar:
        """The same calendar (sharing its cached lookups) with its own record of counts that ran
        past its end: one per case judged."""
        other = SchoolCalendar.__new__(SchoolCalendar)
        for name in ("_cache", "_closures", "_ht_ends", "_ht_starts", "closures", "half_terms", "terms"):
            object.__setattr__(other, name, getattr(self, name))
        other._ran_out = []
        return other

    def ran_out(self) -> list[str]:
        """What the counts made on this calendar had to assume past its ends, in words (once each)."""
        return list(dict.fromkeys(self._ran_out))

    @classmethod
    def from_case(cls, calendar: Calendar | None) -> SchoolCalendar:
        if calendar is None:
            return cls()
        return cls(calendar.half_terms, calendar.closures)

    @property
    def has_half_terms(self) -> bool:
        return bool(self.half_terms)

    # ------------------------------------------------------------------ school days

    def is_school_day(self, day: _dt.date) -> bool:
        key = day.toordinal()
        hit = self._cache.get(key)
        if hit is None:
            hit = self._compute(day, key)
            self._cache[key] = hit
        return hit

    def _compute(self, day: _dt.date, key: int) -> bool:
        if day.weekday() >= 5 or day in self._closures:
            return False
        if not self._ht_starts:
            return True
        i = bisect_right(self._ht_starts, key) - 1
        return i >= 0 and key <= self._ht_ends[i]

    def _beyond(self, day: _dt.date) -> bool:
        """A Monday to Friday, not a closure, past the calendar's last half-term or before its first:
        counted as a school day only by a count that has to run there."""
        key = day.toordinal()
        outside = bool(self._ht_starts) and (key > self._ht_ends[-1] or key < self._ht_starts[0])
        return outside and day.weekday() < 5 and day not in self._closures

    def _note_ran_out(self, start: _dt.date, n: int, after: bool) -> None:
        if after:
            edge = self.half_terms[-1].end
            self._ran_out.append(
                f"The school calendar ends on {_fmt(edge)}: counting {n} school days after {_fmt(start)} ran "
                "past it, so Mondays to Fridays after it were counted as school days."
            )
        else:
            edge = self.half_terms[0].start
            self._ran_out.append(
                f"The school calendar begins on {_fmt(edge)}: counting {n} school days before {_fmt(start)} "
                "ran past it, so Mondays to Fridays before it were counted as school days."
            )

    def school_days_after(self, day: _dt.date, n: int) -> _dt.date:
        """The Nth school day after `day` (`day` itself excluded). n=0 gives `day`. Past the
        calendar's last half-term the count goes on over Mondays to Fridays and notes it ran out."""
        current, left, ran_out = day, n, False
        while left > 0:
            current += _ONE
            if self.is_school_day(current):
                left -= 1
            elif self._beyond(current) and current.toordinal() > self._ht_ends[-1]:
                left -= 1
                ran_out = True
        if ran_out:
            self._note_ran_out(day, n, after=True)
        return current

    def school_days_before(self, day: _dt.date, n: int) -> _dt.date:
        """The Nth school day before `day` (`day` itself excluded): the last day that is in time
        for an "N school days before" notice. n=0 gives `day`. Before the calendar's first
        half-term the count goes on over Mondays to Fridays and notes it ran out."""
        current, left, ran_out = day, n, False
        while left > 0:
            current -= _ONE
            if self.is_school_day(current):
                left -= 1
            elif self._beyond(current) and current.toordinal() < self._ht_starts[0]:
                left -= 1
                ran_out = True
        if ran_out:
            self._note_ran_out(day, n, after=False)
        return current

    def next_school_day(self, day: _dt.date) -> _dt.date:
        """The first school day after `day`."""
        return self.school_days_after(day, 1)

    def previous_school_day(self, day: _dt.date) -> _dt.date:
        return self.school_days_before(day, 1)

    def count_school_days(self, first: _dt.date, last: _dt.date) -> int:
        """School days from `first` to `last`, both included (0 when last < first)."""
        count = 0
        current = first
        while current <= last:
            if self.is_school_day(current):
                count += 1
            current += _ONE
        return count

    def school_days(self, first: _dt.date, last: _dt.date) -> list[_dt.date]:
        """The school days from `first` to `last`, both included, in order."""
        out = []
        current = first
        while current <= last:
            if self.is_school_day(current):
                out.append(current)
            current += _ONE
        return out

    # ------------------------------------------------------------------ half-terms and terms

    def half_term_containing(self, day: _dt.date) -> Period | None:
        """The half-term whose dates contain `day`, or None (a holiday, or no calendar)."""
        key = day.toordinal()
        i = bisect_right(self._ht_starts, key) - 1
        if i >= 0 and key <= self._ht_ends[i]:
            return self.half_terms[i]
        return None

    def term_containing(self, day: _dt.date) -> Period | None:
        """The term whose half-terms contain `day`; a day in the break between a term's two
        half-terms is in a holiday, so in no term."""
        half = self.half_term_containing(day)
        if half is None:
            return None
        for term in self.terms:
            if term.contains(day):
                return term
        return None

    def outside_half_terms(self, day: _dt.date) -> bool:
        """The calendar has half-terms and none contains `day` (a holiday, or before or after the
        calendar): a session that day is not a possible session and is coded #."""
        return bool(self._ht_starts) and self.half_term_containing(day) is None

    def in_holiday(self, day: _dt.date) -> bool:
        """Inside the calendar's span but between half-terms."""
        if not self._ht_starts:
            return False
        key = day.toordinal()
        return self._ht_starts[0] <= key <= self._ht_ends[-1] and self.half_term_containing(day) is None


def _number_half_terms(ordered: Sequence[HalfTerm]) -> tuple[Period, ...]:
    """Number each half-term 1-6 within its school year. A school year listed in full (six
    half-terms) is numbered by position; a partial one by the month each half-term starts in
    (Sep-Dec autumn, Jan-Mar spring, Apr-Aug summer), first or second of that term by order."""
    by_year: dict[int, list[HalfTerm]] = {}
    for h in ordered:
        by_year.setdefault(school_year_of(h.start), []).append(h)
    out: list[Period] = []
    for year, items in sorted(by_year.items()):
        if len(items) == 6:
            numbers = list(range(1, 7))
        else:
            numbers = []
            seen: dict[int, int] = {}
            for h in items:
                term = 1 if h.start.month >= 9 else (2 if h.start.month <= 3 else 3)
                seen[term] = seen.get(term, 0) + 1
                numbers.append(min(2 * term - 2 + seen[term], 2 * term))
        for h, n in zip(items, numbers, strict=True):
            out.append(Period(h.name or f"Half-term {n}", h.start, h.end, year, n))
    return tuple(out)


def _fmt(day: _dt.date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


_TERM_NAMES = {1: "Autumn term", 2: "Spring term", 3: "Summer term"}


def _pair_terms(half_terms: Sequence[Period]) -> tuple[Period, ...]:
    groups: dict[tuple[int, int], list[Period]] = {}
    for h in half_terms:
        groups.setdefault((h.school_year, (h.number + 1) // 2), []).append(h)
    out = []
    for (year, term), items in sorted(groups.items()):
        name = f"{_TERM_NAMES.get(term, f'Term {term}')} {year}-{(year + 1) % 100:02d}"
        out.append(Period(name, items[0].start, items[-1].end, year, term))
    return tuple(out)
