"""Marks only for the school days of the pupil's school, and never for a day still to come.

The finding: marks were accepted for 31 Dec 9999, Christmas Day, a Saturday and six weeks ahead. Every
writer refuses them with the reason: the register actions (and so the daily register and the provider
API) and the MIS import, which rejects the row and says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pathways.attendance.models import Mark
from pathways.register.actions import do_record_day, do_record_mark
from pathways.register.days import why_not_a_marking_day
from pathways.schools.calendar import school_calendar
from pathways.schools.models import Closure
from tests.attendance.helpers import MONDAY, ptt_at_home
from tests.attendance.test_mis import HEADER, reasons, upload, with_upn

pytestmark = pytest.mark.django_db

WEDNESDAY = MONDAY + dt.timedelta(days=2)   # "today" in these tests: 14 Jan 2026
REFUSED = {
    dt.date(9999, 12, 31): "Friday 31 Dec 9999 is in the future",
    dt.date(2025, 12, 25): "Thursday 25 Dec 2025 is in the school holidays, not a school day.",
    dt.date(2026, 1, 10): "Saturday 10 Jan 2026 is a weekend day, not a school day.",
    WEDNESDAY + dt.timedelta(weeks=6): "Wednesday 25 Feb 2026 is in the future",
    dt.date(2026, 1, 13): "Tuesday 13 Jan 2026 is a closure day in the school's calendar",
    dt.date(2031, 1, 14): "is in the future",
}


@pytest.fixture
def pupil(world: Any) -> Any:
    pupil = with_upn(world.pupil, 1)
    ptt_at_home(pupil)
    Closure.objects.create(school=world.school, date=dt.date(2026, 1, 13), reason="INSET day")
    return pupil


@pytest.fixture(autouse=True)
def on_wednesday() -> Any:
    with time_machine.travel(dt.datetime(2026, 1, 14, 15, 0), tick=False):
        yield


@pytest.mark.parametrize("day", list(REFUSED))
def test_a_mark_is_refused_for_a_day_that_is_not_a_school_day_or_is_to_come(pupil: Any, day: dt.date) -> None:
    with pytest.raises(ValidationError) as refused:
        do_record_mark(pupil=pupil, arrangement=None, day=day, session="am", source="school", actor=None)
    assert REFUSED[day] in refused.value.message_dict["date"][0]
    assert not Mark.objects.exists()


def test_a_school_day_up_to_today_is_accepted(pupil: Any) -> None:
    for day in (MONDAY, WEDNESDAY):
        do_record_mark(pupil=pupil, arrangement=None, day=day, session="am", source="school", actor=None)
    assert Mark.objects.count() == 2


def test_the_day_register_is_refused_for_a_saturday(world: Any, pupil: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        do_record_day(school=world.school, day=dt.date(2026, 1, 10), rows=[{"pupil": pupil, "session": "am"}],
                      actor=None)
    assert "weekend day" in refused.value.message_dict["date"][0]


def test_a_day_outside_the_schools_calendar_names_the_calendar(world: Any) -> None:
    calendar = school_calendar(world.school.pk)
    last = calendar.half_terms[-1].end
    after = last + dt.timedelta(days=(7 - last.weekday()) % 7 or 7)   # a Monday after the last half-term
    why = why_not_a_marking_day(calendar, after, today=after)
    assert why is not None and "outside the terms in the school's calendar" in why


def test_the_mis_import_rejects_each_such_row_with_its_reason(world: Any, as_user: Any, pupil: Any) -> None:
    text = HEADER + "".join(f"{pupil.upn},{day.isoformat()},AM,/,,\n" for day in REFUSED) + \
        f"{pupil.upn},{MONDAY.isoformat()},AM,/,,\n"
    client = as_user(world.staff["attendance_officer"])
    response = upload(client, world, text, mode="valid")
    body = client.get(response["Location"]).content.decode()
    table = reasons(body)
    for reason in REFUSED.values():
        assert reason.replace("'", "&#x27;") in table
    assert Mark.objects.filter(date=MONDAY).count() == 1
