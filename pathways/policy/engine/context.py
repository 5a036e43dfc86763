"""The Context a rule reads a case through: the pupil, the arrangement, events, provider checks,
parameters and coded sessions, precomputed once per case, with the timing primitives (timing.py) as
methods."""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar

from pathways.policy import parameters as _parameters
from pathways.policy.age import CompulsorySchoolAge
from pathways.policy.age import year_group as _year_group
from pathways.policy.calendar import SchoolCalendar
from pathways.policy.casefile import Arrangement, Calendar, Case, Event, Provider, ProviderCheck, Pupil, School
from pathways.policy.codes import CodedSession, Situation, code_session
from pathways.policy.engine import timing as _timing


@functools.lru_cache(maxsize=256)
def _calendar_for(calendar: Calendar | None) -> SchoolCalendar:
    """Schools share calendars across many cases; build each once (its day lookups are cached too)."""
    return SchoolCalendar.from_case(calendar)


EventFilter: TypeAlias = Callable[[Event], bool]
_T = TypeVar("_T")


class Context:
    """Everything a rule reads, precomputed once per case.

    Events dated after as_of "do not exist yet": every event accessor leaves them out unless
    asked with `until=`.
    """

    def __init__(self, case: Case) -> None:
        self.case: Case = case
        self.as_of: _dt.date = case.as_of
        self.pupil: Pupil = case.pupil
        self.arrangement: Arrangement = case.arrangement
        self.provider: Provider | None = case.provider
        self.school: School = case.school
        self.settings: Mapping[str, Any] = case.settings
        self.calendar: SchoolCalendar = _calendar_for(case.calendar).view()
        self.csa: CompulsorySchoolAge = CompulsorySchoolAge.for_birth(case.pupil.date_of_birth)
        by_type: dict[str, list[Event]] = {}
        for event in sorted(case.events, key=lambda e: e.date):
            by_type.setdefault(event.type, []).append(event)
        self._events: dict[str, list[Event]] = by_type
        self._sessions: tuple[CodedSession, ...] | None = None
        self._suspension_days: tuple[_dt.date, ...] | None = None
        self._suspension_lookup: frozenset[_dt.date] | None = None
        self._memo: dict[str, Any] = {}
        self.params_read: set[str] | None = None  # when a set, every ctx.param name is added to it

    def cached(self, key: str, compute: Callable[[], _T]) -> _T:
        """`compute()` once per case: for a value several rules derive from the same case (give the
        key a pack prefix, e.g. "national:day_codes")."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: _T = self._memo[key]
        return value

    # ------------------------------------------------------------------ the pupil

    @property
    def vulnerability(self) -> str:
        return self.pupil.effective_vulnerability

    def compulsory_age(self, on: _dt.date | None = None) -> bool:
        """Of compulsory school age on `on` (default as_of)."""
        return self.csa.on(on or self.as_of)

    def year_group(self, on: _dt.date | None = None) -> int | None:
        """The year group given in the case, else derived from the date of birth."""
        if self.pupil.year_group is not None:
            return self.pupil.year_group
        if self.pupil.date_of_birth is None:
            return None
        return _year_group(self.pupil.date_of_birth, on or self.as_of)

    # ------------------------------------------------------------------ the arrangement

    @property
    def kind(self) -> str:
        return self.arrangement.kind

    @property
    def start(self) -> _dt.date:
        return self.arrangement.start

    @property
    def end(self) -> _dt.date | None:
        return self.arrangement.end

    def is_active(self, day: _dt.date | None = None) -> bool:
        return self.arrangement.is_active(day or self.as_of)

    @property
    def has_ended(self) -> bool:
        """The arrangement has an end date on or before as_of."""
        return self.arrangement.end is not None and self.arrangement.end <= self.as_of

    def slot(self, day: _dt.date, session: str) -> str:
        """Where the timetable in force expects the pupil (school outside the arrangement's dates)."""
        if self.arrangement.is_active(day):
            return self.arrangement.timetable.where(day.weekday(), session)
        return "school"

    def weekly_hours(self, where: str) -> int:
        """Hours a week the usual timetable spends in `where` (a session counts as `hours_per_session`,
        3, on as_of)."""
        hours: int = self.param("hours_per_session")
        return hours * self.arrangement.timetable.count(where)

    @property
    def provider_hours_per_week(self) -> int:
        """Only `provider` slots count as hours at a provider; `online` slots do not."""
        return self.weekly_hours("provider")

    @property
    def suspension_days(self) -> tuple[_dt.date, ...]:
        """The listed days of suspension; for a suspension listing none, every school day from
        start to end."""
        if self._suspension_days is None:
            a = self.arrangement
            if a.kind != "suspension":
                days: tuple[_dt.date, ...] = ()
            elif a.suspension_days:
                days = a.suspension_days
            elif a.end is not None:
                days = tuple(self.calendar.school_days(a.start, a.end))
            else:
                days = ()
            self._suspension_days = days
        return self._suspension_days

    # ------------------------------------------------------------------ events

    def events(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> list[Event]:
        """Events of these types dated from `since` to `until` (default as_of), in date order."""
        last = until or self.as_of
        out: list[Event] = []
        for t in types:
            for e in self._events.get(t, ()):
                if e.date > last:
                    break
                if (since is None or e.date >= since) and (where is None or where(e)):
                    out.append(e)
        if len(types) > 1:
            out.sort(key=lambda e: e.date)
        return out

    def first(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> Event | None:
        found = self.events(*types, since=since, until=until, where=where)
        return found[0] if found else None

    def last(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> Event | None:
        found = self.events(*types, since=since, until=until, where=where)
        return found[-1] if found else None

    def dates(
        self,
        *types: str,
        since: _dt.date | None = None,
        until: _dt.date | None = None,
        where: EventFilter | None = None,
    ) -> list[_dt.date]:
        return [e.date for e in self.events(*types, since=since, until=until, where=where)]

    def seen_dates(self) -> list[_dt.date]:
        """Days the pupil was seen or spoken to by school staff: welfare checks, and attended
        `school` sessions (case-file.md, Vulnerability responses)."""
        days = set(self.dates("welfare_check"))
        for s in self.sessions:
            if s.where == "school" and s.session.attended and s.date <= self.as_of:
                days.add(s.date)
        return sorted(days)

    # ------------------------------------------------------------------ provider checks

    def checks(self, check_type: str) -> list[ProviderCheck]:
        """The provider's due-diligence records of this type, in date order (none without a provider)."""
        if self.provider is None:
            return []
        return sorted((c for c in self.provider.checks if c.type == check_type), key=lambda c: c.date)

    def check_in_force(self, check_type: str, on: _dt.date | None = None) -> ProviderCheck | None:
        """A record of this type dated on or before `on` (default as_of) that has not expired."""
        day = on or self.as_of
        for c in self.checks(check_type):
            if c.in_force_on(day):
                return c
        return None

    # ------------------------------------------------------------------ parameters

    def param(self, name: str, on: _dt.date | None = None) -> Any:
        """The pack parameter in force on `on` (default as_of), with the school's settings applied.
        Raises ParameterError when no value covers the date."""
        if self.params_read is not None:
            self.params_read.add(name)
        return _parameters.get(name, on or self.as_of, self.settings)

    def param_source(self, name: str, on: _dt.date | None = None) -> str:
        return _parameters.source(name, on or self.as_of, self.settings)

    # ------------------------------------------------------------------ sessions

    @property
    def sessions(self) -> tuple[CodedSession, ...]:
        """Every listed session with its derived code and the verdict on its recorded code."""
        if self._sessions is None:
            self._sessions = tuple(self._code(s) for s in self.case.sessions)
        return self._sessions

    def _code(self, session: Any) -> CodedSession:
        a = self.arrangement
        day = session.date
        where = session.where or self.slot(day, session.session)
        suspension_day = a.kind == "suspension" and day in self._suspension_set()
        situation = Situation(
            where=where,
            kind=a.kind,
            arranged_by=self.provider.arranged_by if self.provider is not None else "school",
            compulsory_age=self.csa.on(day),
            suspension_day=suspension_day,
            school_day=self.calendar.is_school_day(day),
            closure=day in self.calendar.closures or self.calendar.outside_half_terms(day),
            register=self.school.register,
        )
        return code_session(session, situation)

    def _suspension_set(self) -> frozenset[_dt.date]:
        if self._suspension_lookup is None:
            self._suspension_lookup = frozenset(self.suspension_days)
        return self._suspension_lookup

    # ------------------------------------------------------------------ timing primitives (timing.py)

    one_off = _timing.one_off
    one_off_event = _timing.one_off_event
    before_start = _timing.before_start
    school_days_after_start = _timing.school_days_after_start
    half_termly = _timing.half_termly
    termly = _timing.termly
    every = _timing.every
    whenever = _timing.whenever
