"""The reintegration trajectory: hours planned in school each week against hours attended, from the
steps of a phased return (or the timetable) and the register's present marks, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from pathways.arrangements.actions import do_add_step, do_set_timetable
from pathways.arrangements.models import Arrangement, Status
from pathways.cases.trajectory import chart_for, trajectory
from pathways.policy import SchoolCalendar
from pathways.policy import casefile as cf
from pathways.register.actions import do_record_mark
from tests.arrangements.helpers import make_arrangement, week
from tests.conftest import make_pupil

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 12)  # Spring 1 of the default calendar
DAYS = ("mon", "tue", "wed", "thu", "fri")


def mornings_in_school() -> dict[str, dict[str, str]]:
    return week(**dict.fromkeys(DAYS, ("school", "home")))


def phased_return(
    pupil: Any, *, weeks: int = 2, steps: tuple[tuple[int, int], ...] = ((0, 10), (1, 15))
) -> Arrangement:
    arrangement = make_arrangement(pupil, kind="return_to_learn", reason="ebsa", start=MONDAY, status=Status.ACTIVE,
                                   end=MONDAY + dt.timedelta(weeks=weeks, days=-3), slots=mornings_in_school())
    for n, hours in steps:
        do_add_step(arrangement=arrangement, from_date=MONDAY + dt.timedelta(weeks=n), hours_in_school=hours,
                    actor=None)
    return arrangement


def mark(arrangement: Arrangement, day: dt.date, session: str, *, attended: bool = True,
         reason: str | None = None) -> None:
    do_record_mark(pupil=arrangement.pupil, arrangement=arrangement, day=day, session=session, attended=attended,
                   reason=reason, source="school", actor=None)


def test_a_two_week_phased_return_plans_its_steps_and_counts_the_mornings_attended_in_school(world: Any) -> None:
    arrangement = phased_return(world.pupil)
    for i in range(5):  # week 1: three mornings in school, then two days ill
        mark(arrangement, MONDAY + dt.timedelta(days=i), "am", attended=i < 3, reason=None if i < 3 else "illness")
        mark(arrangement, MONDAY + dt.timedelta(days=i), "pm")  # at home: C2, not time in school
    for i in range(7, 12):  # week 2: every morning, one of them late before the register closed
        mark(arrangement, MONDAY + dt.timedelta(days=i), "am")
    got = trajectory(arrangement, today=MONDAY + dt.timedelta(days=30))
    assert [(w.monday, w.planned, w.attended, w.full_time) for w in got.weeks] == [
        (MONDAY, 10.0, 9.0, 30.0), (MONDAY + dt.timedelta(days=7), 15.0, 15.0, 30.0)]
    assert got.weeks[0].short_by == 1.0 and got.phased


def test_without_steps_the_plan_is_the_timetable_in_force_each_week_and_a_short_week_counts_its_days(
    world: Any
) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="medical", start=MONDAY,
                                   status=Status.ACTIVE, slots=mornings_in_school())
    do_set_timetable(arrangement=arrangement, slots={}, effective_from=MONDAY + dt.timedelta(days=7), actor=None)
    got = trajectory(arrangement, today=MONDAY + dt.timedelta(days=9))  # the Wednesday of the second week
    assert [(w.planned, w.full_time, w.to_date) for w in got.weeks] == [(15.0, 30.0, False), (18.0, 18.0, True)]
    assert not got.phased


def test_a_holiday_week_is_left_out(world: Any) -> None:
    half_term = dt.date(2026, 2, 16)  # the February half-term holiday of the default calendar
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="medical",
                                   start=half_term - dt.timedelta(days=7), status=Status.ACTIVE,
                                   slots=mornings_in_school())
    got = trajectory(arrangement, today=half_term + dt.timedelta(days=10))
    assert [w.monday for w in got.weeks] == [half_term - dt.timedelta(days=7), half_term + dt.timedelta(days=7)]


@pytest.mark.parametrize("weeks", [4, 20])
def test_the_trajectory_takes_five_queries_however_many_weeks_it_covers(
    world: Any, weeks: int, django_assert_num_queries: Any
) -> None:
    arrangement = phased_return(world.pupil, weeks=weeks, steps=tuple((n, 6 + n) for n in range(0, weeks, 2)))
    # The school's closures too: no mark is recorded on a day the school is closed (the May bank holiday).
    calendar = SchoolCalendar([cf.HalfTerm(name=h.name, start=h.start, end=h.end)
                               for h in world.school.half_terms.all()],
                              [c.date for c in world.school.closures.all()])
    for day in calendar.school_days(MONDAY, arrangement.end):
        mark(arrangement, day, "am")
    with django_assert_num_queries(5):
        got = trajectory(arrangement, today=arrangement.end)
    school_weeks = {d - dt.timedelta(days=d.weekday()) for d in calendar.school_days(MONDAY, arrangement.end)}
    assert [w.monday for w in got.weeks] == sorted(school_weeks)


def test_the_arrangement_page_draws_the_trajectory_with_its_figures(world: Any, as_user: Any) -> None:
    arrangement = phased_return(world.pupil)
    for i in range(3):
        mark(arrangement, MONDAY + dt.timedelta(days=i), "am")
    url = reverse("arrangement-detail", args=[world.school.id, arrangement.id])
    with time_machine.travel(dt.datetime(2026, 1, 30, 12, 0), tick=False):
        body = as_user(world.staff["dsl"]).get(url).content.decode()
    assert 'data-testid="chart-trajectory"' in body and "<svg" in body and "Show the figures" in body
    assert "<th scope=\"row\" class=\"govuk-table__header\">12 Jan</th>" in body
    assert "10 h" in body and "9 h" in body


def test_a_full_time_arrangement_with_no_steps_and_a_draft_have_no_trajectory(world: Any) -> None:
    at_school = make_arrangement(world.pupil, kind="part_time_timetable", reason="medical", start=MONDAY,
                                 status=Status.ACTIVE, slots={})
    assert chart_for(at_school, today=MONDAY + dt.timedelta(days=10)) is None
    draft = make_arrangement(make_pupil(world.school, "Bo", "Draft"), kind="part_time_timetable",
                             reason="medical", start=MONDAY, slots=mornings_in_school())
    assert chart_for(draft, today=MONDAY + dt.timedelta(days=10)) is None


def test_the_trajectory_is_not_shown_to_another_schools_staff(world: Any, as_user: Any) -> None:
    arrangement = phased_return(world.pupil)
    url = reverse("arrangement-detail", args=[world.school.id, arrangement.id])
    assert as_user(world.outsider).get(url).status_code == 404
    assert as_user(world.sister_dsl).get(url).status_code == 404


def test_a_week_with_no_register_kept_has_no_attended_figure_rather_than_none_attended(world: Any) -> None:
    arrangement = phased_return(world.pupil)
    mark(arrangement, MONDAY + dt.timedelta(days=7), "pm")  # only the second week has a mark: at home
    got = trajectory(arrangement, today=MONDAY + dt.timedelta(days=30))
    assert [w.attended for w in got.weeks] == [None, 0.0]
    chart = chart_for(arrangement, today=MONDAY + dt.timedelta(days=30))
    assert chart is not None and chart.rows[0][-1] == "–" and chart.rows[1][-1] == "0 h"


def test_a_week_of_fewer_school_days_says_so_on_its_label(world: Any) -> None:
    arrangement = make_arrangement(world.pupil, kind="part_time_timetable", reason="medical",
                                   start=MONDAY + dt.timedelta(days=3), status=Status.ACTIVE,
                                   slots=mornings_in_school())
    chart = chart_for(arrangement, today=MONDAY + dt.timedelta(days=9))
    assert chart is not None
    assert [row[0] for row in chart.rows] == ["12 Jan (2 days)", "19 Jan (3 days so far)"]
