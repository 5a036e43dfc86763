"""Register codes through the policy engine, never re-implemented here.

    expected_code(arrangement, day, session, *, attended=None, reason=None, arrived=None, where=None,
                  recorded=None, reported_at=None)             -> Coded
    day_sheet(school, day, *, now=None)                         -> list[Row]   (fixed number of queries)
    day_sheets([(school, day), ...])                            -> {(school id, day): list[Row]}, the same
                                                                   queries for any number of schools and days
    arrangements_active_on(school, day)                         -> QuerySet[Arrangement]

Both build the arrangement's case with pathways.cases.casefiles (the timetable version in
force that day, the pupil's age, the calendar, the provider's arranged_by, the school's settings),
add the one session, and read what the engine derives for it: the code, its category, where the
pupil was expected, and for a recorded code whether it is valid, with the engine's problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from pathways.arrangements.models import Arrangement, Status
from pathways.cases.casefiles import NO_SESSIONS, case_for, cases_on
from pathways.cases.judging import CannotJudge, attempt
from pathways.policy import casefile as cf
from pathways.policy.clock import Time
from pathways.policy.engine import Context

if TYPE_CHECKING:
    from pathways.attendance.models import Mark
    from pathways.pupils.models import Pupil
    from pathways.schools.models import School


@dataclasses.dataclass(frozen=True)
class Coded:
    """What the engine says about one session."""

    day: dt.date
    session: str
    where: str                      # where the pupil was expected (the timetable in force, or the override)
    code: str | None                # the derived code (None before 19 Aug 2024, or when the case is wrong)
    category: str | None
    recorded: str | None            # the code given, if any
    recorded_valid: bool | None     # None when no code was given
    problems: tuple[str, ...]       # the engine's reasons, in its words
    deadline: Time | None           # for a provider session: when the provider must have reported it by
    register_opens: Time            # when the school's register opens for the session
    school_day: bool = True         # a school day of the school's calendar (a closure is not one)
    no_deadline: str = ""           # why a provider session has no reporting deadline (pathways.cases.judging)

    @property
    def right_code(self) -> str | None:
        return self.code

    @property
    def reason(self) -> str:
        """The engine's reason a recorded code is wrong, ending with the right code."""
        if not self.problems:
            return ""
        text = self.problems[0]
        if self.code is not None:
            tail = f"; the code should be {self.code}"
            if text.endswith(tail):
                text = text[: -len(tail)]
            return f"{text}; the right code is {self.code}"
        return text


def to_time(value: dt.time | dt.datetime | None) -> Time | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).time() if timezone.is_aware(value) else value.time()
    return Time(value.hour, value.minute)


def _session(
    day: dt.date, session: str, *, attended: bool | None, reason: str | None, arrived: dt.time | None,
    where: str | None, recorded: str | None, reported_at: dt.datetime | None,
) -> cf.Session:
    return cf.Session(
        date=day, session=session, attended=attended is not False, arrived=to_time(arrived),
        reason=reason or None, where=where or None, recorded=recorded or None,
        provider_reported_at=to_time(reported_at) if reported_at is not None and reported_at.date() == day else None,
    )


def _coded(case: cf.Case, session: cf.Session) -> Coded:
    ctx = Context(dataclasses.replace(case, sessions=(session,)))
    got = attempt(lambda: ctx.sessions[0])
    if isinstance(got, CannotJudge):  # no code set for the date: shown, and refused when recorded
        return Coded(
            day=session.date, session=session.session, where=session.where or ctx.slot(session.date, session.session),
            code=None, category=None, recorded=session.recorded, recorded_valid=None,
            problems=(f"Cannot be coded: {got.reason}",), deadline=None,
            register_opens=ctx.school.register.opens(session.session),
            school_day=ctx.calendar.is_school_day(session.date) and session.date not in ctx.calendar.closures,
        )
    deadline = None
    no_deadline = ""
    if got.where == "provider":
        if session.session == "am":
            found = attempt(ctx.param, "provider_absence_deadline", on=session.date)
            if isinstance(found, CannotJudge):  # no deadline to judge the provider's report by: say so
                no_deadline = f"The provider's reporting deadline cannot be judged: {found.reason}"
            else:
                deadline = found
        else:
            deadline = ctx.school.register.ends("pm")
    return Coded(
        day=session.date, session=session.session, where=got.where, code=got.code, category=got.category,
        recorded=got.recorded, recorded_valid=got.recorded_valid, problems=got.problems, deadline=deadline,
        no_deadline=no_deadline,
        register_opens=ctx.school.register.opens(session.session),
        school_day=ctx.calendar.is_school_day(session.date) and session.date not in ctx.calendar.closures,
    )


def expected_code(
    arrangement: Arrangement, day: dt.date, session: str, *, attended: bool | None = None, reason: str | None = None,
    arrived: dt.time | None = None, where: str | None = None, recorded: str | None = None,
    reported_at: dt.datetime | None = None,
) -> Coded:
    """The engine's code for one session of the arrangement's pupil (attended unless told otherwise)."""
    case = case_for(arrangement, as_of=day, register=NO_SESSIONS)
    return _coded(case, _session(day, session, attended=attended, reason=reason, arrived=arrived, where=where,
                                 recorded=recorded, reported_at=reported_at))


def arrangements_active_on(school: School, day: dt.date) -> QuerySet[Arrangement]:
    """The school's arrangements running on `day`: active (or since ended) and within their dates."""
    return (
        Arrangement.objects.filter(school=school, status__in=(Status.ACTIVE, Status.ENDED), start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id", "-start", "-id")
    )


def arrangement_of(pupil: Pupil, day: dt.date) -> Arrangement | None:
    """The pupil's arrangement running on `day` (the latest started), if any."""
    return (
        arrangements_active_on(pupil.school, day).filter(pupil=pupil).order_by("-start", "-id").first()
    )


@dataclasses.dataclass(frozen=True)
class Row:
    """One session of the day's register for a pupil on an arrangement."""

    pupil: Pupil
    arrangement: Arrangement
    session: str
    expected: Coded          # the engine's code for the session as recorded (attended unless a mark says not)
    mark: Mark | None        # what is recorded, by the school, the provider or an import

    @property
    def where(self) -> str:
        return self.expected.where

    @property
    def code(self) -> str | None:
        """The code to pre-fill: the recorded one, else the engine's."""
        return (self.mark.code if self.mark is not None and self.mark.code else None) or self.expected.code

    @property
    def at_provider(self) -> bool:
        return self.expected.where == "provider"

    @property
    def reported_by_provider(self) -> bool:
        return self.mark is not None and self.mark.source == "provider"

    @property
    def reported_late(self) -> bool:
        """A provider's report of an absence that came at or after its deadline (the provider must tell
        the school *before* it: 004 §3.6, AP-PROVIDER-ABSENCE-DEADLINE), or on a later day."""
        mark = self.mark
        if not self.reported_by_provider or mark is None or mark.attended is not False:
            return False
        if mark.reported_at is None or self.expected.deadline is None:
            return False
        local = timezone.localtime(mark.reported_at)
        if local.date() != self.expected.day:
            return local.date() > self.expected.day
        return Time(local.hour, local.minute) >= self.expected.deadline

    def overdue(self, now: dt.datetime) -> bool:
        """A provider session the provider has not reported by its deadline (on the day, or any later day)."""
        if not self.at_provider or self.reported_by_provider or self.expected.deadline is None:
            return False
        if self.mark is not None and self.mark.code:
            return False  # the school has recorded it itself
        local = timezone.localtime(now) if timezone.is_aware(now) else now
        if local.date() != self.expected.day:
            return local.date() > self.expected.day
        return Time(local.hour, local.minute) >= self.expected.deadline


def day_sheet(school: School, day: dt.date) -> list[Row]:
    """Both sessions of `day` for every pupil on an arrangement running that day, with the engine's
    code for each, in a fixed number of queries however many pupils there are."""
    return day_sheets([(school, day)])[(school.id, day)]


def day_sheets(wanted: Iterable[tuple[School, dt.date]]) -> dict[tuple[int, dt.date], list[Row]]:
    """`day_sheet` for several schools and days from one read: {(school id, day): rows}. The queries
    are the same however many schools, days and pupils (the providers' pupils once per distinct day)."""
    wanted = list(wanted)
    school_ids = {school.id for school, _ in wanted}
    days = {day for _, day in wanted}
    running = arrangements_running(school_ids, days)
    on = {(school.id, day): running_on(running, school.id, day) for school, day in wanted}
    ids: dict[dt.date, set[int]] = {day: set() for day in days}
    for (_, day), arrangements in on.items():
        ids[day].update(a.pk for a in arrangements)
    cases = cases_on(running, ids, register=NO_SESSIONS) if running else {day: {} for day in days}
    marks = marks_on(school_ids, days)
    return {key: sheet_rows(arrangements, key[1], cases[key[1]], marks) for key, arrangements in on.items()}


def arrangements_running(school_ids: Collection[int], days: Collection[dt.date]) -> list[Arrangement]:
    """The arrangements of these schools running on any of these days (active, or since ended, and
    within their dates), with pupil and provider, in the register's order. One query."""
    if not school_ids or not days:
        return []
    return list(
        Arrangement.objects.filter(
            school_id__in=school_ids, status__in=(Status.ACTIVE, Status.ENDED), start__lte=max(days)
        )
        .filter(Q(end__isnull=True) | Q(end__gte=min(days)))
        .select_related("pupil", "provider")
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id", "-start", "-id")
    )


def running_on(running: list[Arrangement], school_id: int, day: dt.date) -> list[Arrangement]:
    """Of `arrangements_running`, those of the school running on `day`, as `arrangements_active_on` gives them."""
    return [a for a in running if a.school_id == school_id and a.start <= day and (a.end is None or a.end >= day)]


def marks_on(school_ids: Collection[int], days: Collection[dt.date], *, recorded_by: bool = True,
             pupils: Collection[int] | None = None) -> dict[tuple[int, dt.date, str], Mark]:
    """The register marks of these schools on these days, by (pupil id, day, session), of every pupil or
    of `pupils`. One query, even for no pupils; with `recorded_by`, with who recorded each."""
    from pathways.attendance.models import Mark

    if not school_ids or not days:
        return {}
    marks = Mark.objects.filter(school_id__in=school_ids, date__in=days)
    if pupils is not None:  # [0], no pupil: an empty list would skip the query, and the count would vary
        marks = marks.filter(pupil_id__in=list(pupils) or [0])
    if recorded_by:
        marks = marks.select_related("recorded_by")
    return {(m.pupil_id, m.date, m.session): m for m in marks}


def sheet_rows(arrangements: list[Arrangement], day: dt.date, cases: dict[int, cf.Case],
               marks: dict[tuple[int, dt.date, str], Mark], *, where: str | None = None) -> list[Row]:
    """The register lines of `day` for these arrangements (in the register's order), coded by the engine.
    With `where`, only the sessions the timetable in force puts there (the engine's slot for a session
    with no override), which spares coding the others."""
    rows: list[Row] = []
    seen: set[int] = set()
    weekday = cf.WEEKDAYS[day.weekday()] if day.weekday() < 5 else None
    for a in arrangements:
        if a.pupil_id in seen:  # one register line per pupil: the arrangement started last
            continue
        seen.add(a.pupil_id)
        case = cases[a.pk]
        for half in cf.SESSIONS:
            if where is not None:
                slots = getattr(case.arrangement.timetable, weekday) if weekday is not None else None
                if slots is None or getattr(slots, half) != where:
                    continue
            mark = marks.get((a.pupil_id, day, half))
            session = _session(
                day, half,
                attended=mark.attended if mark is not None else None,
                reason=mark.absence_reason if mark is not None else None,
                arrived=mark.arrived if mark is not None else None,
                where=None, recorded=None,
                reported_at=mark.reported_at if mark is not None else None,
            )
            rows.append(Row(pupil=a.pupil, arrangement=a, session=half, expected=_coded(case, session), mark=mark))
    return rows
