"""The demo's dates: a school's calendar seen from `today`."""

from __future__ import annotations

import datetime as dt

from pathways.policy.calendar import Period, SchoolCalendar
from pathways.schools.models import Closure, HalfTerm, School

ONE_DAY = dt.timedelta(days=1)


class Calendar:
    """The school's calendar seen from `today`: half-terms counted back and forward from the one
    today is in (or, in a holiday, the last one that started), and school days counted from today."""

    def __init__(self, school: School, today: dt.date) -> None:
        from pathways.policy.casefile import HalfTerm as CaseHalfTerm

        rows = list(HalfTerm.objects.filter(school=school).order_by("start"))
        self.cal = SchoolCalendar(
            [CaseHalfTerm(name=h.name, start=h.start, end=h.end) for h in rows],
            Closure.objects.filter(school=school).values_list("date", flat=True),
        )
        self.today = today
        self.half_terms = self.cal.half_terms
        started = [i for i, h in enumerate(self.half_terms) if h.start <= today]
        self._now = started[-1] if started else 0

    def ht(self, k: int) -> Period:
        """Half-term k from now: 0 the current one (in a holiday, the last that started), -1 the one before."""
        return self.half_terms[self._now + k]

    def day_of(self, k: int, n: int) -> dt.date:
        """The nth school day (1 = the first) of half-term k."""
        return self.cal.school_days_after(self.ht(k).start - ONE_DAY, n)

    def last_day_of(self, k: int) -> dt.date:
        return self.cal.school_days_before(self.ht(k).end + ONE_DAY, 1)

    def sd(self, n: int, day: dt.date | None = None) -> dt.date:
        """n school days after `day` (before it when n < 0); n = 0: the day itself, or the school day before."""
        day = day or self.today
        if n > 0:
            return self.cal.school_days_after(day, n)
        if n < 0:
            return self.cal.school_days_before(day, -n)
        return day if self.cal.is_school_day(day) else self.cal.previous_school_day(day)

    def on_or_before(self, day: dt.date) -> dt.date:
        return self.sd(0, day)

    def each_half_term(self, start: dt.date, n: int, *, until: dt.date | None = None) -> list[dt.date]:
        """One school day in every half-term from the one `start` is in to the current one, for
        half-termly duties: the nth school day, or earlier when that is after `until` (default today),
        never before `start`."""
        until = until or self.today
        first = self.on_or_after(start)
        out: list[dt.date] = []
        for i in range(self._now + 1):
            h = self.half_terms[i]
            if h.end < start or h.start > until:
                continue
            last = self.on_or_before(min(h.end, until))
            opens = self.cal.school_days_after(h.start - ONE_DAY, 1)
            day = max(self.cal.school_days_after(h.start - ONE_DAY, n), first)
            if day > last:
                day = min(last, max(self.sd(-2, last), opens, first))
            if first <= day <= last and h.start <= day and (not out or day > out[-1]):
                out.append(day)
        return out

    def on_or_after(self, day: dt.date) -> dt.date:
        return day if self.cal.is_school_day(day) else self.cal.next_school_day(day)

    def every(self, start: dt.date, days: int, *, until: dt.date | None = None) -> list[dt.date]:
        """Weekdays at most `days` calendar days apart from `start` to `until` (default today); in a
        holiday too, as a phone call or a report may be."""
        until = until or self.today
        out, day = [], start
        while True:
            day = day + dt.timedelta(days=days)
            while day.weekday() >= 5:
                day -= ONE_DAY
            if day > until:
                break
            out.append(day)
        return out

    def every_school_days(self, start: dt.date, n: int, *, until: dt.date | None = None) -> list[dt.date]:
        """Every nth school day after `start` up to `until` (default today)."""
        until = until or self.today
        out, day = [], start
        while (day := self.sd(n, day)) <= until:
            out.append(day)
        return out
