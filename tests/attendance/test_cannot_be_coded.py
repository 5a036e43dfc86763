"""A session whose code cannot be derived for its date (no register code set is held for it) is said to be
so: "Cannot be coded: <why>", an MIS import's row on that date is rejected with that reason, and recording
it is refused naming it. Never skipped in silence."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from pathways.cases.coding import expected_code
from pathways.cases.rates import category_of, meaning_of, rates_of
from pathways.register import mis
from pathways.register.actions import do_record_mark
from tests.attendance.helpers import every_day, running
from tests.attendance.test_mis import HEADER, with_upn

pytestmark = pytest.mark.django_db

OLD = dt.date(2005, 7, 4)  # a Monday before the first register code set (Sep 2006)


@pytest.fixture(autouse=True)
def a_calendar_holding_the_day(world: Any) -> None:
    """The school's calendar reaches back to the summer of 2005, so the day is a school day: marks are
    refused outside the school's calendar before the engine is asked (tests/attendance/test_marking_days.py)."""
    from pathways.schools.models import HalfTerm

    HalfTerm.objects.create(school=world.school, school_year=2004, number=6, name="Summer 2",
                            start=dt.date(2005, 6, 6), end=dt.date(2005, 7, 22))


WHY = ("Cannot be coded: no register code set is held for 4 Jul 2005 (the earliest starts on 1 Sep 2006), "
       "so its sessions cannot be coded")


def test_an_mis_row_on_a_date_no_code_set_covers_is_rejected_with_the_reason(world: Any) -> None:
    ava = with_upn(world.pupil, 1)
    checked = mis.validate(world.school, HEADER + f"{ava.upn},{OLD.isoformat()},AM,/,,\n")
    [row] = checked.rejected
    assert row[0] == 2 and row[-1] == WHY + "."


def test_the_register_says_the_session_cannot_be_coded_and_recording_it_names_why(world: Any) -> None:
    arrangement = running(world.pupil, "part_time_timetable", every_day("school", "home"), reason="mental_health")
    coded = expected_code(arrangement, OLD, "am")
    assert coded.code is None and coded.problems == (WHY,)
    with pytest.raises(ValidationError, match="Cannot be coded: no register code set is held for 4 Jul 2005"):
        do_record_mark(pupil=world.pupil, arrangement=arrangement, day=OLD, session="am", source="school",
                       actor=None)


def test_rates_count_a_code_of_such_a_date_as_unknown() -> None:
    assert category_of("/", OLD) is None and meaning_of("/", OLD) == ""
    assert rates_of([(OLD, "/")]).unknown == 1
