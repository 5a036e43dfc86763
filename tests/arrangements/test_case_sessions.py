"""Register marks in the cases: every marked session on the arrangement page and in exports; in the
bulk cases of Today, the sessions of the days the pupil missed or spent away from school."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathways.cases.casefiles import case_for, cases_for, export_case_file
from pathways.policy import evaluate, load_case
from pathways.policy.calendar import SchoolCalendar
from pathways.register.actions import do_record_mark
from tests.attendance.helpers import MONDAY, at_provider

pytestmark = pytest.mark.django_db


def school_days(arrangement: Any, first: dt.date, n: int) -> list[dt.date]:
    calendar = SchoolCalendar.from_case(case_for(arrangement, first).calendar)
    days = [first]
    while len(days) < n:
        days.append(calendar.next_school_day(days[-1]))
    return days


def mark(arrangement: Any, day: dt.date, session: str, *, attended: bool, reason: str | None = None) -> None:
    do_record_mark(pupil=arrangement.pupil, arrangement=arrangement, day=day, session=session, attended=attended,
                   reason=reason, source="provider", actor=None)


def test_ten_school_days_of_unauthorised_absence_make_the_notice_to_the_local_authority_due(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    days = school_days(placement, MONDAY, 11)
    for day in days[:10]:
        for half in ("am", "pm"):
            mark(placement, day, half, attended=False, reason="unauthorised")
    for half in ("am", "pm"):
        mark(placement, days[10], half, attended=True)
    as_of = days[10]
    for case in (case_for(placement, as_of), cases_for([placement], as_of)[placement.pk]):
        result = evaluate(case).get("NAT-TEN-DAY-ABSENCE")
        assert result is not None and result.status == "due", result
        assert "10 consecutive school days of unauthorised absence" in result.message


def test_the_bulk_case_leaves_out_the_days_fully_attended_and_the_full_one_keeps_them(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    monday, tuesday = school_days(placement, MONDAY, 2)
    for half in ("am", "pm"):
        mark(placement, monday, half, attended=True)
    mark(placement, tuesday, "am", attended=False, reason="illness")
    mark(placement, tuesday, "pm", attended=True)
    full = case_for(placement, tuesday).sessions
    bulk = cases_for([placement], tuesday)[placement.pk].sessions
    assert [(s.date, s.session) for s in full] == [(monday, "am"), (monday, "pm"), (tuesday, "am"), (tuesday, "pm")]
    assert [(s.date, s.session, s.attended, s.reason) for s in bulk] == [
        (tuesday, "am", False, "illness"), (tuesday, "pm", True, None)]


def test_marked_sessions_are_exported_and_read_back_to_the_same_verdict(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    monday, tuesday = school_days(placement, MONDAY, 2)
    mark(placement, monday, "am", attended=False, reason="unknown")
    mark(placement, tuesday, "am", attended=True)
    text = export_case_file(placement, tuesday)
    assert "sessions:" in text
    again = load_case(text)
    assert [(s.date, s.session, s.attended) for s in again.sessions] == [(monday, "am", False), (tuesday, "am", True)]
    direct = [(r.id, r.status, r.due) for r in evaluate(case_for(placement, tuesday)).requirements]
    assert [(r.id, r.status, r.due) for r in evaluate(again).requirements] == direct


def test_sessions_before_the_arrangement_or_after_the_day_judged_are_not_listed(world: Any) -> None:
    placement = at_provider(world.pupil, world.school)
    monday, tuesday, wednesday = school_days(placement, MONDAY, 3)
    for day in (monday, tuesday, wednesday):
        mark(placement, day, "am", attended=False, reason="unknown")
    placement.start = tuesday
    placement.save(update_fields=["start"])
    assert [s.date for s in case_for(placement, tuesday).sessions] == [tuesday]
