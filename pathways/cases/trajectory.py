"""The reintegration trajectory of an arrangement: week by week, the hours planned in school against
the hours the register shows the pupil attended in school, and what full time would have been.

    trajectory(arrangement, *, today) -> Trajectory        (five queries, whatever the number of weeks)
    trajectory_chart(trajectory)      -> pathways.charts.Chart, or None when there is nothing to draw

- The weeks run Monday to Friday from the week the arrangement starts to the week of its end or of
  `today`, whichever is earlier; a week with no school day (a holiday) is left out. Only the school days
  of the arrangement up to `today` count, so the current week is counted to date.
- **Planned**: with steps of a phased return, the hours a week of the step in force each school day (a
  fifth of the week's hours a day, so a week of four school days plans four fifths); without steps, the
  sessions the timetable version in force each day puts in school, 3 hours a session.
- **Attended**: 3 hours for each session marked with a code of the "present" category (/ \\ L, by the
  code set of its date) where the pupil was expected in school; no figure for a week in which the
  register holds no mark for the pupil at all (before the register was kept in Pathways). Late after
  the register closed (U) is an absence, and an approved educational activity elsewhere is not time in
  school.
- **Full time**: 10 sessions a week, 6 hours each school day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pathways.arrangements.models import Arrangement, Step, TimetableVersion, timetable_in_force
from pathways.arrangements.vocabulary import SESSIONS, hours_per_session, slot
from pathways.cases.rates import category_of
from pathways.charts import Chart, Series, line_chart
from pathways.policy.casefile import WEEKDAYS
from pathways.schools.calendar import school_calendar


@dataclass(frozen=True)
class Week:
    monday: dt.date
    school_days: int        # the arrangement's school days this week, up to today
    planned: float
    attended: float | None  # None when the register holds no mark for the pupil that week
    full_time: float
    to_date: bool = False   # the week is not over yet

    @property
    def short_by(self) -> float | None:
        return None if self.attended is None else max(self.planned - self.attended, 0.0)


@dataclass(frozen=True)
class Trajectory:
    arrangement: Arrangement
    weeks: list[Week]
    phased: bool            # planned from the steps of a phased return (else from the timetable)


def _step_in_force(steps: list[Step], day: dt.date) -> Decimal | None:
    chosen = None
    for step in steps:
        if step.from_date <= day:
            chosen = step.hours_in_school
    return chosen


def _round(value: float) -> float:
    return round(value + 1e-9, 1)


def trajectory(arrangement: Arrangement, *, today: dt.date) -> Trajectory:
    """See the module docstring. Five queries: the timetables, the steps, the half-terms, the closures and
    the marks, however many weeks the arrangement has run."""
    from pathways.attendance.models import Mark

    versions = list(TimetableVersion.objects.filter(arrangement=arrangement).order_by("effective_from"))
    steps = list(Step.objects.filter(arrangement=arrangement).order_by("from_date"))
    calendar = school_calendar(arrangement.school_id)
    last = min(arrangement.end or today, today)
    first = arrangement.start
    weeks: list[Week] = []
    if last < first:
        return Trajectory(arrangement, weeks, bool(steps))
    attended: dict[dt.date, int] = {}
    registered: set[dt.date] = set()
    for day, code, expected in Mark.objects.filter(
        pupil_id=arrangement.pupil_id, date__gte=first, date__lte=last,
    ).exclude(code="").values_list("date", "code", "expected"):
        registered.add(day)
        if expected == "school" and category_of(code, day) == "present":
            attended[day] = attended.get(day, 0) + 1
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        days = [d for d in (monday + dt.timedelta(days=i) for i in range(5))
                if first <= d <= last and calendar.is_school_day(d)]
        if days:
            planned = 0.0
            for d in days:
                hours = _step_in_force(steps, d) if steps else None
                if hours is not None:
                    planned += float(hours) / 5
                else:
                    version = timetable_in_force(versions, d)
                    slots = version.slots if version else {}
                    key = WEEKDAYS[d.weekday()]
                    planned += hours_per_session(d) * sum(1 for s in SESSIONS if slot(slots, key, s) == "school")
            friday = monday + dt.timedelta(days=4)
            weeks.append(Week(
                monday=monday, school_days=len(days), planned=_round(planned),
                attended=float(sum(hours_per_session(d) * attended.get(d, 0) for d in days))
                if registered.intersection(days) else None,
                full_time=float(sum(hours_per_session(d) * len(SESSIONS) for d in days)),
                to_date=today < friday and (arrangement.end is None or arrangement.end > today),
            ))
        monday += dt.timedelta(days=7)
    return Trajectory(arrangement, weeks, bool(steps))


def _label(w: Week) -> str:
    """The week's Monday; a week of fewer school days (the first, a bank holiday, the current one) says so,
    as its hours are fewer for that reason."""
    days = "1 day" if w.school_days == 1 else f"{w.school_days} days"
    if w.to_date:
        return f"{w.monday:%-d %b} ({days} so far)"
    return f"{w.monday:%-d %b}" + (f" ({days})" if w.school_days < 5 else "")


def trajectory_chart(t: Trajectory) -> Chart | None:
    """The trajectory as a line chart with its table, or None before the arrangement's first school day."""
    if not t.weeks:
        return None
    labels = [_label(w) for w in t.weeks]
    planned_from = "the steps of the phased return" if t.phased else "the timetable"
    latest = t.weeks[-1]
    pupil = t.arrangement.pupil
    description = (
        f"Hours a week in school for {pupil.first_name}, from the week beginning {t.weeks[0].monday:%-d %B %Y} "
        f"to the week beginning {latest.monday:%-d %B %Y}: planned from {planned_from}, attended from the "
        f"register's present marks in school, and full time for comparison. In the latest week, "
        f"{latest.planned:g} hours were planned and "
        + (f"{latest.attended:g} attended." if latest.attended is not None else "no register was kept.")
    )
    series = [
        Series("Full time", [w.full_time for w in t.weeks], label="Full time", colour="#505a5f", dash="2 4",
               marker="none", width=2),
        Series("Planned in school", [w.planned for w in t.weeks], label="Planned", colour="#0b0c0c", dash="9 5",
               marker="square"),
        Series("Attended in school", [w.attended for w in t.weeks], label="Attended", colour="#1d70b8", dash="",
               marker="circle", width=3),
    ]
    return line_chart(
        title="Hours in school each week: planned and attended", description=description, labels=labels,
        series=series, y_label="Hours in school", x_label="Week beginning", unit="h",
        y_max=float(max(hours_per_session(w.monday) for w in t.weeks) * len(SESSIONS) * 5), slug="trajectory",
    )


def chart_for(arrangement: Arrangement, *, today: dt.date) -> Chart | None:
    """The arrangement page's chart: for an arrangement that has run (active or ended) with a timetable
    that keeps the pupil out of school some of the week, or steps of a phased return; else None."""
    if arrangement.status not in ("active", "ended") or arrangement.start > today:
        return None
    t = trajectory(arrangement, today=today)
    if not t.phased and all(w.planned >= w.full_time for w in t.weeks):
        return None
    return trajectory_chart(t)
